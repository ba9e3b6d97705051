import { describe, expect, it } from 'vitest';
import {
  describeExpected,
  type Expected,
  findIndicators,
  InvalidPatternError,
  matchesExpected,
} from './outcome-match.js';

describe('matchesExpected', () => {
  it.each<[string, Expected, boolean]>([
    ['0\n', '0', true],
    ['  0  ', '0', true],
    ['1', '0', false],
    ['00', '0', false],
    ['200', 200, true],
    ['200\n', 200, true],
    ['200.0', 200, false],
    ['204', { regex: '^2\\d\\d$' }, true],
    ['504', { regex: '^2\\d\\d$' }, false],
    ['Running Running', { regex: '^(Running\\s*)+$' }, true],
    ['é', { regex: '^\\p{L}$' }, true],
    ['3', { op: '<=', value: 5 }, true],
    ['5', { op: '<=', value: 5 }, true],
    ['6', { op: '<=', value: 5 }, false],
    [' 0.5 ', { op: '<', value: 1 }, true],
    ['1e3', { op: '>', value: 999 }, true],
    ['-2', { op: '<', value: 0 }, true],
    ['7', { op: '==', value: 7 }, true],
    ['7', { op: '!=', value: 7 }, false],
    ['8', { op: '>=', value: 8 }, true],
    ['8', { op: '>', value: 8 }, false],
    ['', { op: '<', value: 1 }, false],
    ['abc', { op: '!=', value: 1 }, false],
    ['0x10', { op: '>', value: 1 }, false],
    ['3 pods', { op: '>', value: 1 }, false],
  ])('%j vs %j → %s', (output, expected, result) => {
    expect(matchesExpected(output, expected)).toBe(result);
  });

  it('throws a typed error for an invalid regex', () => {
    expect(() => matchesExpected('x', { regex: '(' })).toThrow(InvalidPatternError);
  });
});

describe('describeExpected', () => {
  it('renders each form', () => {
    expect(describeExpected('0')).toBe('"0"');
    expect(describeExpected(200)).toBe('200');
    expect(describeExpected({ regex: '^2\\d\\d$' })).toBe('/^2\\d\\d$/');
    expect(describeExpected({ op: '<=', value: 5 })).toBe('<= 5');
  });
});

describe('findIndicators', () => {
  const indicators = [
    { pattern: 'CrashLoopBackOff', severity: 'P1' },
    { pattern: 'ImagePullBackOff', severity: 'P2' },
    { pattern: 'OOMKilled', severity: 'P1' },
    { pattern: 'restarts=[1-9]\\d*', severity: 'P3', regex: true },
  ] as const;

  it('returns the first matching line per indicator, trimmed, in indicator order', () => {
    const text = [
      'NAME   READY  STATUS',
      '  web-1  0/1  OOMKilled  ',
      'web-2  0/1  CrashLoopBackOff',
      'web-3  0/1  CrashLoopBackOff again',
      'web-4 restarts=0',
      'web-5 restarts=12\r',
    ].join('\n');
    expect(findIndicators(text, indicators)).toEqual([
      { pattern: 'CrashLoopBackOff', severity: 'P1', line: 'web-2  0/1  CrashLoopBackOff' },
      { pattern: 'OOMKilled', severity: 'P1', line: 'web-1  0/1  OOMKilled' },
      { pattern: 'restarts=[1-9]\\d*', severity: 'P3', line: 'web-5 restarts=12' },
    ]);
  });

  it('treats patterns as plain text unless regex is set', () => {
    expect(
      findIndicators('restarts=[1-9]\\d*', [{ pattern: 'restarts=[1-9]\\d*', severity: 'P3' }]),
    ).toHaveLength(1);
    expect(findIndicators('restarts=5', [{ pattern: 'restarts=[1-9]\\d*', severity: 'P3' }])).toEqual([]);
    expect(findIndicators('crashloopbackoff', indicators)).toEqual([]);
  });

  it('clips long lines to 300 characters', () => {
    const [hit] = findIndicators(`OOMKilled ${'x'.repeat(1000)}`, indicators);
    expect(hit?.line).toHaveLength(300);
    expect(hit?.line.startsWith('OOMKilled x')).toBe(true);
  });

  it('ignores an empty pattern and throws on an invalid regex', () => {
    expect(findIndicators('anything', [{ pattern: '', severity: 'P4' }])).toEqual([]);
    expect(() => findIndicators('x', [{ pattern: '[', severity: 'P4', regex: true }])).toThrow(
      InvalidPatternError,
    );
  });
});
