import { describe, expect, it } from 'vitest';
import { bake } from '../src/app/observe/bake.js';
import type { Observers } from '../src/app/observe/providers.js';
import type { ExecPorts } from '../src/app/ports.js';
import type { Plan } from '../src/domain/plan.js';
import { makeRecord } from './helpers/record-fixture.js';

// The bake loop on a fake clock: the window is watched to its end, not to the last whole interval
// before it (issue 24, item 3b: `for: 40s, interval: 3s` stopped at 39 s).

function fakeClock(start: number): Pick<ExecPorts, 'now' | 'sleep'> {
  let t = start;
  return {
    now: () => new Date(t),
    sleep: async (ms) => {
      t += ms;
    },
  };
}

function bakePlan(forMs: number, intervalMs: number): Plan & { bake: { forMs: number; intervalMs: number } } {
  return {
    intent: 'work',
    risk: 'low',
    params: { app: 'web' },
    prechecks: [],
    steps: [],
    checks: [],
    indicators: [],
    captures: [],
    rules: [],
    policy: { verdict: 'allow', results: [], matched: [] },
    bake: { forMs, intervalMs },
  } as unknown as Plan & { bake: { forMs: number; intervalMs: number } };
}

async function bakeOnFakeClock(forMs: number, intervalMs: number) {
  const start = Date.parse('2026-01-01T12:00:30.000Z');
  const ports: ExecPorts = {
    ...fakeClock(start),
    runProcess: async () => {
      throw new Error('the bake runs no process here');
    },
    log: () => {},
    observers: {} as Observers,
  };
  const o = await bake(
    { plan: bakePlan(forMs, intervalMs), record: makeRecord(), runEnded: new Date(start), cwd: '.', env: {} },
    ports,
  );
  return { o, offsets: o.samples.map((s) => Date.parse(s.at) - start) };
}

describe('the bake schedule on a fake clock', () => {
  it('for: 40s, interval: 3s takes its last snapshot at the end of the window, not at 39 s', async () => {
    const { o, offsets } = await bakeOnFakeClock(40_000, 3_000);
    expect(offsets.at(-1)).toBe(40_000);
    expect(offsets.slice(0, 3)).toEqual([3_000, 6_000, 9_000]);
    expect(offsets).toHaveLength(14);
    expect(o.expected_samples).toBe(14);
    expect(Date.parse(o.ended) - Date.parse(o.started)).toBe(40_000);
    expect(o.verdict).toBe('pass');
  });

  it('a window the interval divides keeps its snapshots: for: 3s, interval: 500ms takes 6, the last at 3 s', async () => {
    const { o, offsets } = await bakeOnFakeClock(3_000, 500);
    expect(offsets).toEqual([500, 1_000, 1_500, 2_000, 2_500, 3_000]);
    expect(o.expected_samples).toBe(6);
  });
});
