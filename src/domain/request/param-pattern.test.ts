import { describe, expect, it } from 'vitest';
import { matchesParamPattern, paramPatternProblem } from './param-pattern.js';
import { checkParamValue } from './params.js';

describe('param patterns run on a linear-time engine', () => {
  // On V8's backtracking engine this check does not return: 30 characters took ~5 s here, and each
  // extra character doubles it (see /work/notes/holes.md for the measurement).
  it('checks a catastrophic-backtracking pattern against a long non-matching value', () => {
    const spec = { pattern: '([a-z0-9]+-?)+' };
    const value = `${'a'.repeat(255)}!`;
    expect(checkParamValue('app', spec, value)).toBe(
      `param 'app' value ${JSON.stringify(value)} does not match pattern ([a-z0-9]+-?)+`,
    );
    expect(checkParamValue('app', spec, 'a1-b2-c3')).toBeUndefined();
  });

  it('matches the whole value, with or without ^…$', () => {
    expect(matchesParamPattern('[a-z]+', 'abc')).toBe(true);
    expect(matchesParamPattern('[a-z]+', 'abc1')).toBe(false);
    expect(matchesParamPattern('^[a-z]+$', 'abc')).toBe(true);
    // Leftmost-first would stop at `a`; the whole value must still be tried.
    expect(matchesParamPattern('a|ab', 'ab')).toBe(true);
    expect(matchesParamPattern('^a|b$', 'a')).toBe(true);
    expect(matchesParamPattern('^a|b$', 'ab')).toBe(false);
    expect(matchesParamPattern('\\p{L}+', 'déjà')).toBe(true);
    expect(matchesParamPattern('.', '😀')).toBe(true); // code points, as with the u flag
  });

  it.each([
    ['^(?!-)[a-z-]+$', '(?!'],
    ['^(?=x)x$', '(?='],
    ['^(?<!a)b$', '(?<'],
    ['^(a)\\1$', '\\1'],
    ['^(?<n>a)\\k<n>$', '\\k'],
  ])('refuses %s, which needs backtracking', (pattern, what) => {
    const problem = paramPatternProblem(pattern);
    expect(problem).toContain('for the linear-time engine (RE2)');
    expect(problem).toContain(what);
    expect(problem).toContain('lookahead, lookbehind or backreferences');
  });

  it('refuses what JavaScript refuses, so editors and the bot agree', () => {
    expect(paramPatternProblem('(')).toBe('invalid regular expression /(/u: Unterminated group');
    expect(paramPatternProblem('[[:alpha:]]')).toMatch(/^invalid regular expression \/\[\[:alpha:\]\]\/u/);
  });

  it('takes the patterns the catalog examples use', () => {
    for (const p of [
      '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
      '^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$',
      '^v[0-9]+\\.[0-9]+\\.[0-9]+$',
      '^[a-z][a-z0-9-]{0,30}$',
    ]) {
      expect(paramPatternProblem(p)).toBeUndefined();
    }
  });
});
