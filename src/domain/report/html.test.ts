import { describe, expect, it } from 'vitest';
import { escapeHtml, html, jsonForScript, SafeHtml, safeHref } from './html.js';

describe('html escaping', () => {
  it('escapes every interpolated string, keeps the literal markup and nested html', () => {
    const evil = `<script>alert("x")</script>' onload='x' \``;
    const out = html`<p title="${evil}">${evil}${html`<b>${'&'}</b>`}</p>`.value;
    expect(out).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;x&#39; &#96;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;x&#39; &#96;<b>&amp;</b></p>',
    );
    expect(out).not.toContain('<script>');
  });

  it('renders arrays, numbers and drops null/undefined/false', () => {
    expect(html`${[1, '<', null, undefined, false, new SafeHtml('<i>')]}`.value).toBe('1&lt;<i>');
    expect(escapeHtml('a&b')).toBe('a&amp;b');
  });

  it('puts JSON in a script block that no value can close, and reads back the same', () => {
    const value = { s: '</script><script>alert(1)</script>', t: '<!--', u: '\u2028&' };
    const text = jsonForScript(value).value;
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('encodes link segments', () => {
    expect(safeHref('executions/a b"c.html')).toBe('executions/a%20b%22c.html');
  });
});
