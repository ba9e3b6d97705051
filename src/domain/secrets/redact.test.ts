import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64Forms,
  collectNeedles,
  isSecretEnv,
  isSecretName,
  joinForScan,
  jsonForms,
  literalMatcher,
  literalReplacer,
  mapStringsDeep,
  replaceSpans,
  StreamScrubber,
  secretForms,
  splitSpans,
  urlForms,
} from './redact.js';

describe('isSecretName', () => {
  it('matches secret-looking names case-insensitively', () => {
    for (const n of [
      'GITHUB_TOKEN',
      'db_password',
      'PGPASSWD',
      'SMTP_PASS',
      'OPENAI_API_KEY',
      'mailgun_apikey',
      'SSH_PRIVATE_KEY',
      'AWS_SECRET_ACCESS_KEY',
      'GOOGLE_CREDENTIALS',
      'BASIC_AUTH',
      'SESSION_ID',
      'Cookie',
      'SENTRY_DSN',
      'STRIPE_KEY',
      'AZURE_CONNECTION_STRING',
      'SLACK_WEBHOOK_URL',
      'teams_webhook',
    ]) {
      expect(isSecretName(n), n).toBe(true);
    }
  });
  it('leaves ordinary and path-holding names alone', () => {
    for (const n of [
      'HOME',
      'PATH',
      'PWD',
      'USER',
      'KEYBOARD',
      'XDG_SESSION_TYPE',
      'DESKTOP_SESSION',
      'SSH_AUTH_SOCK',
      'XAUTHORITY',
      'TOKEN_FILE',
      'PASSPORT',
    ]) {
      expect(isSecretName(n), n).toBe(false);
    }
  });
});

describe('base64Forms', () => {
  it('includes whole encodings in both alphabets, padded and not', () => {
    const forms = base64Forms('sec>>>ret~~');
    const std = Buffer.from('sec>>>ret~~').toString('base64');
    expect(std).toMatch(/[+/]/);
    expect(forms).toContain(std);
    expect(forms).toContain(std.replace(/=+$/, ''));
    expect(forms).toContain(Buffer.from('sec>>>ret~~').toString('base64url'));
  });

  it('finds the secret inside any longer base64 blob, at any alignment (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.string({ unit: 'grapheme', minLength: 6, maxLength: 40 }),
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.boolean(),
        (prefix, secret, suffix, urlSafe) => {
          // From 7 bytes on, every alignment leaves >= 8 characters that depend on the secret only.
          fc.pre(Buffer.byteLength(secret) >= 7);
          const blob = Buffer.from(prefix + secret + suffix).toString(urlSafe ? 'base64url' : 'base64');
          const forms = base64Forms(secret);
          return forms.some((f) => blob.includes(f));
        },
      ),
    );
  });

  it('catches the token in a Basic auth header', () => {
    const header = Buffer.from('deploy-bot:hunter2hunter2').toString('base64');
    const replace = literalReplacer(base64Forms('hunter2hunter2').map((text) => ({ text, label: 'PASS' })));
    expect(replace(`Authorization: Basic ${header}`)).toContain('[REDACTED:PASS]');
  });
});

describe('isSecretEnv', () => {
  it('takes the names configuration gives as secret, whatever they look like', () => {
    expect(isSecretEnv('ALERTS_URL')).toBe(false);
    expect(isSecretEnv('ALERTS_URL', new Set(['ALERTS_URL']))).toBe(true);
    expect(isSecretEnv('INPUT_COMMAND')).toBe(false);
  });
});

describe('jsonForms / urlForms', () => {
  it('writes a value as JSON encoders and URL encoders do', () => {
    expect(jsonForms('a/b"é<&')).toEqual([
      'a/b\\"é<&',
      'a\\/b\\"é<&',
      'a/b\\"\\u00e9<&',
      'a/b\\"é\\u003c\\u0026',
    ]);
    expect(urlForms('a b/é!')).toEqual(['a%20b%2F%C3%A9!', 'a%20b%2f%c3%a9!', 'a+b%2F%C3%A9%21']);
  });
});

describe('secretForms / collectNeedles', () => {
  it('covers raw, trimmed, per-line, JSON- and URL-escaped forms', () => {
    const forms = secretForms('p@ss "word"\nline-two-part\n');
    expect(forms).toEqual(
      expect.arrayContaining([
        'p@ss "word"\nline-two-part\n',
        'p@ss "word"\nline-two-part',
        'p@ss "word"',
        'line-two-part',
        'p@ss \\"word\\"\\nline-two-part',
        encodeURIComponent('p@ss "word"\nline-two-part'),
      ]),
    );
  });

  it('takes secret env values of 6+ chars and extras, nothing else', () => {
    const needles = collectNeedles(
      { API_TOKEN: 'abcdef123', DB_PASSWORD: 'short', HOME: '/home/someone', EMPTY_SECRET: undefined },
      ['extra-secret-1', 'tiny'],
    );
    const labels = new Set(needles.map((n) => n.label));
    expect(labels).toEqual(new Set(['API_TOKEN', 'SECRET']));
    expect(needles).toContainEqual({ text: 'abcdef123', label: 'API_TOKEN' });
    expect(needles).toContainEqual({ text: 'extra-secret-1', label: 'SECRET' });
    expect(needles.some((n) => n.text === 'short' || n.text === 'tiny')).toBe(false);
  });
});

describe('literalReplacer', () => {
  it('prefers the longer secret where two overlap and escapes regex syntax', () => {
    const replace = literalReplacer([
      { text: 'abc.def', label: 'SHORT' },
      { text: 'abc.def.ghi', label: 'LONG' },
    ]);
    expect(replace('x abc.def.ghi y abc.def z abcXdef')).toBe(
      'x [REDACTED:LONG] y [REDACTED:SHORT] z abcXdef',
    );
    expect(literalReplacer([])('unchanged')).toBe('unchanged');
  });
});

describe('replaceSpans', () => {
  it('replaces spans, merging overlaps, and clamps to the text', () => {
    const text = '0123456789';
    expect(
      replaceSpans(text, [
        { start: 6, end: 8, label: 'b' },
        { start: 1, end: 3, label: 'a' },
        { start: 2, end: 4, label: 'c' },
        { start: 9, end: 50, label: 'd' },
      ]),
    ).toBe('0[REDACTED:a]45[REDACTED:b]8[REDACTED:d]');
    expect(replaceSpans(text, [])).toBe(text);
  });
});

describe('joinForScan / splitSpans', () => {
  it('maps spans back to each part, cutting one that crosses the separator', () => {
    const parts = ['aaaa', 'bbbbbb', '', 'cc'];
    const { text, starts } = joinForScan(parts);
    parts.forEach((p, i) => {
      expect(text.slice(starts[i], (starts[i] as number) + p.length)).toBe(p);
    });
    const b = text.indexOf('bb');
    const c = text.indexOf('cc');
    const per = splitSpans(
      [
        { start: b + 1, end: b + 3, label: 'x' },
        { start: b + 4, end: c + 1, label: 'y' },
      ],
      parts,
      starts,
    );
    expect(per).toEqual([
      [],
      [
        { start: 1, end: 3, label: 'x' },
        { start: 4, end: 6, label: 'y' },
      ],
      [],
      [{ start: 0, end: 1, label: 'y' }],
    ]);
  });
});

describe('mapStringsDeep', () => {
  const upper = (s: string): string => s.toUpperCase();

  it('maps strings in values and keys, keeps other primitives and dates, copies', () => {
    const when = new Date(0);
    const input = { a: 'x', list: ['y', 1, null, true, { deep: 'z' }], when, map: new Map([['k', 'v']]) };
    const out = mapStringsDeep(input, upper);
    expect(out).toEqual({
      A: 'X',
      LIST: ['Y', 1, null, true, { DEEP: 'Z' }],
      WHEN: when,
      MAP: new Map([['K', 'V']]),
    });
    expect(input.a).toBe('x');
  });

  it('keeps entries whose keys collide after mapping', () => {
    const out = mapStringsDeep({ tok1: 1, tok2: 2, R: 3 }, () => 'R');
    expect(Object.values(out as object)).toHaveLength(3);
    expect(Object.keys(out as object)).toEqual(['R', 'R~2', 'R~3']);
  });

  it('keeps __proto__ as a plain key', () => {
    const input = JSON.parse('{"__proto__": {"polluted": "yes"}}') as object;
    const out = mapStringsDeep(input, (s) => s) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect((out as { polluted?: string }).polluted).toBeUndefined();
  });

  it('refuses cycles and objects whose strings it cannot reach, without naming keys', () => {
    const cyclic: Record<string, unknown> = { 'ghp-secret-key': 1 };
    cyclic.self = cyclic;
    expect(() => mapStringsDeep(cyclic, upper)).toThrow(/cyclic value \(at \$<1>\)/);
    expect(() => mapStringsDeep({ e: new Error('token inside') }, upper)).toThrow(/cannot redact a Error/);
    // The same object twice (not a cycle) is fine.
    const shared = { s: 'a' };
    expect(mapStringsDeep([shared, shared], upper)).toEqual([{ S: 'A' }, { S: 'A' }]);
  });
});

describe('StreamScrubber', () => {
  const matcher = literalMatcher(
    collectNeedles({ API_TOKEN: 'tok-8f7e6d5c4b3a', DB_PASSWORD: 'pw-12345678' }),
  );

  it('redacts a secret split across chunks at any position (property)', () => {
    const text = 'start tok-8f7e6d5c4b3a middle pw-12345678 end tok-8f7e6d5c4b3a';
    const whole = literalReplacer(
      collectNeedles({ API_TOKEN: 'tok-8f7e6d5c4b3a', DB_PASSWORD: 'pw-12345678' }),
    )(text);
    fc.assert(
      fc.property(fc.array(fc.nat(text.length), { maxLength: 6 }), (cuts) => {
        const points = [...new Set([0, ...cuts, text.length])].sort((a, b) => a - b);
        const s = new StreamScrubber(matcher);
        let out = '';
        for (let i = 1; i < points.length; i++) out += s.push(text.slice(points[i - 1], points[i]));
        out += s.end();
        expect(out).toBe(whole);
      }),
    );
  });

  it('holds back only what could begin a secret', () => {
    const s = new StreamScrubber(matcher);
    const text = 'line one\nline two, and more, and a little more than the longest secret form';
    const first = s.push(text);
    expect(first).toBe(text.slice(0, text.length - (matcher.longest - 1)));
    expect(first + s.end()).toBe(text);
  });
});
