import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/domain/records/record.js';
import { auditHistory } from './helpers/audit-history.js';

// The digest of every record ever written depends on canonicalJson: it must give byte for byte
// what JSON.stringify with a key-sorting replacer (its first form) gives.
function reference(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
      );
    }
    return v;
  });
}

describe('canonicalJson', () => {
  it('matches the replacer form on records and on awkward values', () => {
    for (const r of auditHistory(300, new Date('2026-11-01T00:00:00Z'), 10)) {
      expect(canonicalJson(r)).toBe(reference(r));
    }
    const awkward = {
      z: [undefined, () => 1, Number.NaN, -0, Number.POSITIVE_INFINITY, null, { b: 1, a: [{}] }],
      a: { skip: undefined, fn: () => 2, d: new Date('2026-01-02T03:04:05.000Z'), s: 'é"\\n\u2028' },
      m: new Map([['k', 1]]),
      '': 'empty key',
      __proto__x: 1,
    };
    expect(canonicalJson(awkward)).toBe(reference(awkward));
    expect(canonicalJson([1, 'x', true])).toBe(reference([1, 'x', true]));
    const proto = JSON.parse('{"b": 1, "__proto__": {"x": 1}, "a": 2}');
    expect(canonicalJson(proto)).toBe(reference(proto));
    expect(canonicalJson(proto)).toContain('"__proto__":{"x":1}');
    expect(canonicalJson('plain')).toBe(reference('plain'));
  });
});
