import { describe, expect, it } from 'vitest';
import { headroomLimit, roundBetween } from './headroom.js';

const fired = (before: number, after: number) => ({
  at: '2026-01-01T00:00:00Z',
  inputs: { 'before.metrics.m': before, 'after.metrics.m': after },
});

describe('headroom limit', () => {
  it('lies between the other runs and the lowest start where the rule fired, as a round number', () => {
    expect(roundBetween(46, 60)).toBe(50);
    expect(roundBetween(40, 50)).toBe(45);
    expect(roundBetween(36, 40)).toBe(38);
    expect(roundBetween(0.41, 0.43)).toBe(0.42);
    const l = headroomLimit([fired(50, 80), fired(60, 90), fired(70, 100)], 'm', [30, 40]);
    expect(l).toMatchObject({ limit: 45, lowest: 50, ordinary: 40, separates: true, rise: 30, highest: 100 });
  });

  it('says when no limit separates them, and stays under the lowest start without other runs', () => {
    expect(headroomLimit([fired(50, 80), fired(70, 100)], 'm', [40, 80])).toMatchObject({
      separates: false,
      ordinary: 80,
    });
    const alone = headroomLimit([fired(40, 75), fired(40, 80)], 'm', []);
    expect(alone).toMatchObject({ limit: 38, separates: true });
    expect(alone?.ordinary).toBeUndefined();
  });
});
