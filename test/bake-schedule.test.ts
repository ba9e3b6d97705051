import { describe, expect, it } from 'vitest';
import type { KubeReader } from '../src/adapters/kubernetes.js';
import { bake } from '../src/app/observe/bake.js';
import type { ExecPorts } from '../src/app/shared/ports.js';
import type { Observers } from '../src/app/shared/providers.js';
import type { PodState } from '../src/domain/observe/kube-state.js';
import type { Plan } from '../src/domain/plan/plan.js';
import { makeRecord } from './helpers/record-fixture.js';

// The bake loop on a fake clock: the window is watched to its end, not to the last whole interval
// before it (issue 24, item 3b: `for: 40s, interval: 3s` stopped at 39 s).

/** A clock that moves only when the bake sleeps; `events` happen at their offset, during a sleep. */
function fakeClock(
  start: number,
  events: { at: number; happen: () => void }[] = [],
): Pick<ExecPorts, 'now' | 'sleep'> {
  let t = start;
  return {
    now: () => new Date(t),
    sleep: async (ms, signal) => {
      const until = t + ms;
      for (const e of events.splice(0).sort((a, b) => a.at - b.at)) {
        if (start + e.at > until || signal?.aborted) {
          events.push(e);
          continue;
        }
        t = start + e.at;
        e.happen();
      }
      // A sleep given an aborted signal returns at once, as abortableSleep does.
      if (!signal?.aborted) t = until;
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

async function bakeOnFakeClock(
  forMs: number,
  intervalMs: number,
  o: { plan?: Partial<Plan>; observers?: Observers; events?: { at: number; happen: () => void }[] } = {},
) {
  const start = Date.parse('2026-01-01T12:00:30.000Z');
  const ports: ExecPorts = {
    ...fakeClock(start, o.events),
    runProcess: async () => {
      throw new Error('the bake runs no process here');
    },
    log: () => {},
    observers: o.observers ?? ({} as Observers),
  };
  const plan = { ...bakePlan(forMs, intervalMs), ...o.plan };
  const obs = await bake({ plan, record: makeRecord(), runEnded: new Date(start), cwd: '.', env: {} }, ports);
  return { o: obs, offsets: obs.samples.map((s) => Date.parse(s.at) - start) };
}

const pod = (waiting?: string): PodState => ({
  name: 'web-5d8f7c9b6-4xv2m',
  phase: 'Running',
  ready: !waiting,
  restarts: waiting ? 1 : 0,
  containers: [
    {
      name: 'web',
      image: 'web:1',
      ready: !waiting,
      restarts: waiting ? 1 : 0,
      ...(waiting ? { waiting } : {}),
    },
  ],
});

/** A cluster whose pod watch tells `onChange` about a crash loop, while a list would show the pods healthy. */
function flickeringCluster(crashedAtStart = false): { observers: Observers; crash: () => void } {
  let onChange: ((pods: PodState[]) => void) | undefined;
  const reader: KubeReader = {
    pods: async () => [pod()],
    deployments: async () => [],
    warningEvents: async () => [],
    backups: async () => [],
    watchPods: async (_ns, _selector, opts) => {
      onChange = opts.onChange;
      if (crashedAtStart) onChange?.([pod('CrashLoopBackOff')]);
      return { mode: 'watch', pods: () => [pod()], unreadable: () => undefined, close: () => {} };
    },
  };
  return {
    observers: { kube: async () => reader } as unknown as Observers,
    crash: () => onChange?.([pod('CrashLoopBackOff')]),
  };
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

  it('a crash the watch saw and the snapshot no longer shows wakes one snapshot, then the schedule goes on to the end', async () => {
    const cluster = flickeringCluster();
    const { offsets } = await bakeOnFakeClock(40_000, 3_000, {
      plan: {
        indicators: [{ pattern: 'CrashLoopBackOff', severity: 'P1', regex: false }],
        observe: { timeoutMs: 5_000, kubernetes: { namespace: 'shop', selector: 'app=web' } },
      },
      observers: cluster.observers,
      events: [{ at: 1_500, happen: cluster.crash }],
    });
    // Woken at 1.5 s by the watch's alarm; the rest of the window is not rushed through at 1.5 s.
    expect(offsets.slice(0, 3)).toEqual([1_500, 6_000, 9_000]);
    expect(offsets.at(-1)).toBe(40_000);
  });

  it('a crash the watch shows as the bake starts is looked at at once, then the schedule goes on', async () => {
    const cluster = flickeringCluster(true);
    const { offsets } = await bakeOnFakeClock(40_000, 3_000, {
      plan: {
        indicators: [{ pattern: 'CrashLoopBackOff', severity: 'P1', regex: false }],
        observe: { timeoutMs: 5_000, kubernetes: { namespace: 'shop', selector: 'app=web' } },
      },
      observers: cluster.observers,
    });
    expect(offsets.slice(0, 3)).toEqual([0, 6_000, 9_000]);
    expect(offsets.at(-1)).toBe(40_000);
  });
});
