import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TemplateError } from '../input/errors.js';
import { matchesExpected } from '../observe/outcome-match.js';
import {
  regexTemplateProblem,
  renderExpected,
  renderIndicatorPattern,
  renderRegex,
} from './expected-template.js';

describe('renderExpected', () => {
  const values = { replicas: '3', tag: 'v1.2', ratio: '0.5', name: 'web' };

  it('puts the value into text as it is, and leaves numbers alone', () => {
    expect(renderExpected('{{replicas}}', values)).toBe('3');
    expect(renderExpected('{{ name }}-ok', values)).toBe('web-ok');
    expect(renderExpected(200, values)).toBe(200);
    // Single pass: a value holding a placeholder stays literal.
    expect(renderExpected('{{a}}', { a: '{{name}}' })).toBe('{{name}}');
  });

  it('escapes the value in a regex, so a dot is a dot', () => {
    const expected = renderExpected({ regex: '^{{tag}}$' }, values);
    expect(expected).toEqual({ regex: '^v1\\.2$' });
    expect(matchesExpected('v1.2', expected)).toBe(true);
    expect(matchesExpected('v1x2', expected)).toBe(false);
  });

  it('groups the value when a quantifier follows it', () => {
    expect(renderRegex('^({{name}})+$', { name: 'ab' })).toBe('^(ab)+$');
    expect(renderRegex('^{{name}}+$', { name: 'ab' })).toBe('^(?:ab)+$');
    expect(renderRegex('^{{name}}{2}$', { name: 'a.' })).toBe('^(?:a\\.){2}$');
  });

  it('takes the number of a comparison from a param, and refuses a value that is no number', () => {
    expect(renderExpected({ op: '>=', value: '{{replicas}}' }, values)).toEqual({ op: '>=', value: 3 });
    expect(renderExpected({ op: '<', value: '{{ratio}}' }, values)).toEqual({ op: '<', value: 0.5 });
    expect(() => renderExpected({ op: '<', value: '{{name}}' }, values)).toThrow(
      'value of {{name}} is "web", not a number to compare with',
    );
    expect(() => renderExpected({ op: '<', value: '{{tag}}' }, values)).toThrow(TemplateError);
  });

  it('refuses a name that is not a param, including Object.prototype names', () => {
    for (const e of ['{{nope}}', { regex: '{{nope}}' }, { op: '==' as const, value: '{{constructor}}' }])
      expect(() => renderExpected(e, values)).toThrow(/undeclared placeholder/);
  });
});

describe('regexTemplateProblem (what the schema refuses)', () => {
  it('accepts a placeholder where text goes', () => {
    expect(regexTemplateProblem('^{{tag}}$')).toBeUndefined();
    expect(regexTemplateProblem('^{{tag}}+-[a-z]{2}$')).toBeUndefined();
    expect(regexTemplateProblem('^ok$')).toBeUndefined();
  });

  it('refuses one inside a character class, and a template that cannot compile', () => {
    expect(regexTemplateProblem('^[{{tag}}]$')).toMatch(/^\{\{tag\}\} stands inside \[…\]/);
    expect(regexTemplateProblem('^[a\\]{{tag}}]$')).toMatch(/stands inside/);
    expect(regexTemplateProblem('({{tag}}')).toMatch(/^invalid regular expression/);
  });
});

describe('renderIndicatorPattern', () => {
  it('is plain text, or an escaped regex with regex: true', () => {
    expect(renderIndicatorPattern('{{app}} crashed', false, { app: 'a.b' })).toBe('a.b crashed');
    expect(renderIndicatorPattern('^{{app}} crashed$', true, { app: 'a.b' })).toBe('^a\\.b crashed$');
  });
});

describe('a value in a regex is literal text, whatever it holds', () => {
  it('matches itself and no other string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 40 }), (v, other) => {
        const re = new RegExp(renderRegex('^{{v}}$', { v }), 'u');
        expect(re.test(v)).toBe(true);
        if (other !== v) expect(re.test(other)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
