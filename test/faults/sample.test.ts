import { describe, expect, it } from 'vitest';
import { ciSample, runAll } from './sweep.js';

// The fault harness's fixed sample, run with the suite: a crash at each kind of boundary followed
// by each kind of next job, a lost GitHub answer, a push storm. The full sweep is bench/faults.ts.

describe('the fault harness sample', { timeout: 300_000 }, () => {
  it('holds every invariant after each scenario', async () => {
    const outcomes = await runAll(ciSample(), 2);
    const broken = outcomes
      .filter((o) => o.violations.length > 0)
      .map((o) => `${o.scenario.id}:\n  ${o.violations.join('\n  ')}`);
    expect(outcomes.length).toBe(ciSample().length);
    expect(broken).toEqual([]);
  });
});
