import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TemplateError } from '../input/errors.js';
import { renderKubeName, renderLabelSelector, renderQuery, renderUrl } from './query-template.js';

describe('renderQuery (PromQL / LogQL)', () => {
  it('escapes values inside "…" strings', () => {
    expect(
      renderQuery('sum(container_memory_working_set_bytes{namespace="{{app}}"})', { app: 'home-portal' }),
    ).toBe('sum(container_memory_working_set_bytes{namespace="home-portal"})');
    expect(renderQuery('up{job="{{j}}"}', { j: 'x"} or vector(1) or {a="' })).toBe(
      'up{job="x\\"} or vector(1) or {a=\\""}',
    );
  });

  it('escapes regex metacharacters after =~, !~ and |~', () => {
    expect(renderQuery('up{pod=~"{{p}}-.*"}', { p: 'a.b*' })).toBe('up{pod=~"a\\\\.b\\\\*-.*"}');
    expect(renderQuery('{app="x"} |~ "{{e}}"', { e: '(error' })).toBe('{app="x"} |~ "\\\\(error"');
  });

  it('refuses placeholders outside a "…" string', () => {
    expect(() => renderQuery('rate(x[{{w}}])', { w: '5m' })).toThrow(TemplateError);
    expect(() => renderQuery("up{a='{{v}}'}", { v: 'x' })).toThrow(/inside a "…" string/);
    expect(() => renderQuery('up{a=`{{v}}`}', { v: 'x' })).toThrow(/inside a "…" string/);
    expect(() => renderQuery('up{a="{{v}}', { v: 'x' })).toThrow(/unterminated/);
  });

  it('no value can leave its string: the rendered query has the template structure', () => {
    // Stripping the string literals from the rendered query gives the template's skeleton.
    const skeleton = (q: string) => q.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    const template = 'sum(rate(x{ns="{{v}}", pod=~"{{v}}.*"}[5m])) by (pod)';
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (v) => {
        const out = renderQuery(template, { v });
        expect(skeleton(out)).toBe(skeleton(template.replace(/\{\{v\}\}/g, '')));
      }),
      { numRuns: 500 },
    );
  });
});

describe('renderKubeName / renderLabelSelector', () => {
  it('accepts valid names and selectors', () => {
    expect(renderKubeName('{{app}}', { app: 'home-portal' }, 'namespace')).toBe('home-portal');
    expect(renderLabelSelector('app={{app}},tier=web', { app: 'home-portal' })).toBe(
      'app=home-portal,tier=web',
    );
  });

  it('refuses values that would change the selector or name', () => {
    expect(() => renderLabelSelector('app={{app}}', { app: 'x,env!=prod' })).toThrow(TemplateError);
    expect(() => renderLabelSelector('app={{app}}', { app: 'a&watch=true' })).toThrow(
      /not a valid label value/,
    );
    expect(() => renderKubeName('{{ns}}', { ns: '../kube-system' }, 'namespace')).toThrow(TemplateError);
    expect(() => renderKubeName('{{ns}}', { ns: 'Kube' }, 'namespace')).toThrow(TemplateError);
  });
});

describe('renderUrl', () => {
  it("renders the seed's health URL and encodes path values", () => {
    expect(renderUrl('https://{{app}}.bogocat.com/health', { app: 'home-portal' })).toBe(
      'https://home-portal.bogocat.com/health',
    );
    expect(
      renderUrl('http://127.0.0.1:8080/apps/{{app}}/health?q={{q}}', { app: 'a/../b', q: 'x&y=1' }),
    ).toBe('http://127.0.0.1:8080/apps/a%2F..%2Fb/health?q=x%26y%3D1');
  });

  it('refuses a host value that is not one DNS label, and non-http schemes', () => {
    expect(() => renderUrl('https://{{app}}.bogocat.com/health', { app: 'evil.com/x?' })).toThrow(
      /host name label/,
    );
    expect(() => renderUrl('https://{{app}}.bogocat.com/', { app: 'a@evil' })).toThrow(TemplateError);
    expect(() => renderUrl('file:///etc/{{f}}', { f: 'passwd' })).toThrow(/only http and https/);
    expect(() => renderUrl('http://x/{{p}}', { p: '..' })).toThrow(/climb/);
  });
});
