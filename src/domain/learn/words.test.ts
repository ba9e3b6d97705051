import { describe, expect, it } from 'vitest';
import { onTargets } from './words.js';

describe('onTargets', () => {
  it('names one, two or three targets and counts more', () => {
    expect(onTargets(['shop'], 'app')).toBe('on shop');
    expect(onTargets(['shop', 'shop', 'billing'], 'app')).toBe('on shop and billing');
    expect(onTargets(['a', 'b', 'c'], 'app')).toBe('on a, b and c');
    expect(onTargets(['a', 'b', 'c', 'd'], 'app')).toBe('on 4 apps (a, b, c, …)');
    expect(onTargets([], 'app')).toBe('');
  });
});
