import { Environment } from '@marcbachmann/cel-js';
import { describe, expect, it } from 'vitest';
import { registerMixedArithmetic } from './arithmetic.js';

const env = registerMixedArithmetic(new Environment().registerVariable('x', 'double'));

describe('registerMixedArithmetic', () => {
  it('promotes int and uint to double next to a double', () => {
    expect(env.evaluate('x * 2', { x: 1.5 })).toBe(3);
    expect(env.evaluate('2 * x', { x: 1.5 })).toBe(3);
    expect(env.evaluate('x - 1u', { x: 1.5 })).toBe(0.5);
    expect(env.evaluate('3 / x', { x: 2 })).toBe(1.5);
    expect(env.check('x + 1').type).toBe('double');
  });

  it('keeps int with uint an int', () => {
    expect(env.evaluate('2 * 3u')).toBe(6n);
    expect(env.check('2 - 3u').type).toBe('int');
    expect(env.evaluate('2 - 3u')).toBe(-1n);
  });

  it('compares across numeric types', () => {
    expect(env.evaluate('2 == 2.0')).toBe(true);
    expect(env.evaluate('2.0 != 2u')).toBe(false);
    expect(env.evaluate('2u == 2')).toBe(true);
    expect(env.evaluate('2 < 2.5 && 3u >= 2.5')).toBe(true);
  });

  it('raises errors instead of Infinity or wrapped integers', () => {
    expect(() => env.evaluate('x / 0', { x: 1 })).toThrow(/division by zero/);
    expect(() => env.evaluate('1 / 0u')).toThrow(/division by zero/);
    expect(() => env.evaluate('9223372036854775807 + 1u')).toThrow(/integer overflow/);
  });
});
