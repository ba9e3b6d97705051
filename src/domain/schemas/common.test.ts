import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  Command,
  Duration,
  described,
  durationSeconds,
  Expected,
  IDENTIFIER,
  KEBAB_NAME,
  regexProblem,
  SNAKE_NAME,
} from './common.js';

describe('Duration', () => {
  it.each([
    ['300s', 300],
    ['5m', 300],
    ['1h30m', 5400],
    ['500ms', 0.5],
    ['7d', 604_800],
    ['1.5h', 5400],
    ['1d2h3m4s5ms', 93_784.005],
  ])('%s is %d seconds', (text, seconds) => {
    expect(Duration.parse(text)).toBe(text);
    expect(durationSeconds(text)).toBeCloseTo(seconds, 9);
  });

  it('takes a bare number as seconds and normalises it to a string', () => {
    expect(Duration.parse(90)).toBe('90s');
    expect(durationSeconds(90)).toBe(90);
    expect(durationSeconds(Duration.parse(2.5))).toBe(2.5);
  });

  it.each(['', '5', '5 m', '5min', 'm', '30m1h', '1h1h', '-5s', 's5', '5S'])('refuses %j', (text) => {
    const r = Duration.safeParse(text);
    expect(r.success).toBe(false);
    expect(() => durationSeconds(text)).toThrow(RangeError);
  });

  it('refuses a number JavaScript writes with an exponent: every duration it gives is read back (fuzzer)', () => {
    for (const v of [1e21, 1e-7]) {
      const r = Duration.safeParse(v);
      expect(r.success, String(v)).toBe(false);
      expect(JSON.stringify(r.error?.issues)).toMatch(/expected a number of seconds in plain digits/);
    }
    expect(durationSeconds(Duration.parse(123456789))).toBe(123456789);
  });

  it('refuses a duration longer than ten years: a window of 1e20 days made an invalid Date (fuzzer)', () => {
    for (const v of ['99999999999999999999d', '3651d', 1e15]) {
      const r = Duration.safeParse(v);
      expect(r.success, String(v)).toBe(false);
      expect(JSON.stringify(r.error?.issues)).toMatch(/expected a duration of at most 3650d \(ten years\)/);
    }
    expect(Duration.parse('3650d')).toBe('3650d');
  });

  it('refuses zero and negative durations', () => {
    for (const v of [0, -1, '0s', '0m0s']) {
      const r = Duration.safeParse(v);
      expect(r.success, String(v)).toBe(false);
      // The union's branch that fits the type says why (checkSchema reports that branch).
      expect(JSON.stringify(r.error?.issues)).toMatch(/expected a duration greater than zero/);
    }
  });
});

describe('Expected', () => {
  it('accepts text, numbers, {regex} and {op, value}', () => {
    expect(Expected.parse('0')).toBe('0');
    expect(Expected.parse(200)).toBe(200);
    expect(Expected.parse({ regex: '^ok' })).toEqual({ regex: '^ok' });
    expect(Expected.parse({ op: '<=', value: 3 })).toEqual({ op: '<=', value: 3 });
  });

  it('refuses a regex that does not compile with the u flag, and unknown ops', () => {
    expect(Expected.safeParse({ regex: '\\p{Nope}' }).success).toBe(false);
    expect(Expected.safeParse({ regex: '\\-' }).success).toBe(false); // fine without u, not with it
    expect(Expected.safeParse({ op: '=~', value: 1 }).success).toBe(false);
    expect(Expected.safeParse({ op: '<', value: '1' }).success).toBe(false);
    expect(Expected.safeParse({ regex: 'a', op: '<', value: 1 }).success).toBe(false);
  });
});

describe('Command', () => {
  it('is a non-empty shell string or a non-empty argv list', () => {
    expect(Command.parse('ls -l')).toBe('ls -l');
    expect(Command.parse(['ls', '-l'])).toEqual(['ls', '-l']);
    expect(Command.safeParse('').success).toBe(false);
    expect(Command.safeParse([]).success).toBe(false);
    expect(Command.safeParse(['ls', 1]).success).toBe(false);
  });
});

describe('names', () => {
  it('kebab, snake and identifiers say what they allow', () => {
    expect(['deploy-app', 'a1', 'x-2-y'].every((n) => KEBAB_NAME.test(n))).toBe(true);
    expect(['Deploy', 'a--b', '-a', 'a-', '1a', 'a_b'].some((n) => KEBAB_NAME.test(n))).toBe(false);
    expect(['app', '_x', 'memory_usage'].every((n) => SNAKE_NAME.test(n))).toBe(true);
    expect(['App', 'a-b', '1a'].some((n) => SNAKE_NAME.test(n))).toBe(false);
    expect(['pods_ready', 'set-image', 'a1'].every((n) => IDENTIFIER.test(n))).toBe(true);
    expect(['_a', 'A', 'a__b', 'a-'].some((n) => IDENTIFIER.test(n))).toBe(false);
  });

  it('regexProblem explains a broken pattern', () => {
    expect(regexProblem('^a+$')).toBeUndefined();
    expect(regexProblem('(')).toBe('invalid regular expression /(/u: Unterminated group');
  });
});

describe('described', () => {
  it('registers the schema itself, no clone', () => {
    const schema = z.optional(z.string());
    expect(schema.apply(described, 'shown in plans')).toBe(schema);
    expect(z.globalRegistry.get(schema)).toEqual({ description: 'shown in plans' });
  });

  it('refuses a schema that has a description: a shared one would carry it everywhere', () => {
    const shared = z.string().apply(described, 'a step name');
    expect(() => shared.apply(described, 'a rule name')).toThrow(
      'a schema is described twice: "a rule name"',
    );
    expect(z.globalRegistry.get(shared)).toEqual({ description: 'a step name' });
  });
});
