import { describe, expect, it } from 'vitest';
import type { ContainerState } from '../observe/kube-state.js';
import type { BakeSample, Snapshot } from '../schemas/record.js';
import {
  bakeIndicators,
  bakeProgress,
  bakeSchedule,
  bakeVerdict,
  formatAfter,
  statusOfVerdict,
} from './bake.js';

const ok = (at: string): BakeSample => ({ at, snapshot: { pod_restarts: 0 }, indicators: [], anomalies: [] });

describe('bake verdict', () => {
  it('says when something appeared in minutes and seconds', () => {
    expect(formatAfter(460_000)).toBe('7 m 40 s');
    expect(formatAfter(12_300)).toBe('12 s');
    expect(formatAfter(0)).toBe('0 s');
    expect(formatAfter(3_780_000)).toBe('1 h 3 m');
  });

  it('passes only when every snapshot was taken and nothing failed', () => {
    expect(bakeVerdict([ok('a'), ok('b')], { expected: 2 }).verdict).toBe('pass');
    expect(bakeVerdict([ok('a')], { expected: 2 }).verdict).toBe('inconclusive');
    expect(bakeVerdict([], { expected: 2 }).verdict).toBe('inconclusive');
  });

  it('a provider down is inconclusive; a failure outranks missing data', () => {
    const down: BakeSample = {
      ...ok('a'),
      snapshot: { unavailable: [{ source: 'loki', reason: 'refused' }] },
    };
    expect(bakeVerdict([down, ok('b')], { expected: 2 })).toEqual({
      verdict: 'inconclusive',
      reason: 'data missing: loki: refused',
    });
    const p1: BakeSample = {
      ...ok('b'),
      indicators: [{ pattern: 'OOMKilled', severity: 'P1', source: 'kubernetes:a/b', line: 'x' }],
    };
    expect(bakeVerdict([down, p1], { expected: 2 }).verdict).toBe('fail');
  });

  it('a warning-only anomaly does not fail the bake; an incident-drafting one does', () => {
    const warn = {
      ...ok('a'),
      anomalies: [{ rule: 'slow', severity: 'P3' as const, action: 'log_warning' as const }],
    };
    expect(bakeVerdict([warn], { expected: 1 }).verdict).toBe('pass');
    const bad = {
      ...ok('a'),
      anomalies: [{ rule: 'spike', severity: 'P2' as const, action: 'create_incident_draft' as const }],
    };
    expect(bakeVerdict([bad], { expected: 1 }).verdict).toBe('fail');
  });

  it('superseded without a failure; statuses and progress line', () => {
    expect(bakeVerdict([ok('a')], { expected: 4, stopped: 'superseded' }).verdict).toBe('superseded');
    const cancelled = bakeVerdict([ok('a')], { expected: 4, stopped: 'cancelled' });
    expect(cancelled).toEqual({
      verdict: 'cancelled',
      reason: 'the bake was cancelled (SIGINT/SIGTERM) after 1 of 4 snapshots',
    });
    expect(statusOfVerdict('cancelled')).toBe('cancelled');
    expect(statusOfVerdict('superseded')).toBe('cancelled');
    expect(statusOfVerdict('inconclusive')).toBe('inconclusive');
    expect(bakeProgress({ elapsedMs: 240_000, forMs: 600_000, anomalies: 0 })).toBe(
      'baking: 4 of 10 min, no anomalies so far',
    );
  });
});

describe('bake schedule', () => {
  it('takes its last snapshot at the end of the window: for 40s every 3s is 3, 6, … 39 and 40 s', () => {
    const at = bakeSchedule(40_000, 3_000);
    expect(at).toHaveLength(14);
    expect(at.slice(0, 2)).toEqual([3_000, 6_000]);
    expect(at.slice(-2)).toEqual([39_000, 40_000]);
  });

  it('a window the interval divides is unchanged; an interval longer than the window looks once, at its end', () => {
    expect(bakeSchedule(3_000, 500)).toEqual([500, 1_000, 1_500, 2_000, 2_500, 3_000]);
    expect(bakeSchedule(600_000, 60_000)).toHaveLength(10);
    expect(bakeSchedule(10_000, 30_000)).toEqual([10_000]);
    expect(bakeSchedule(10_000, 0)).toEqual([10_000]);
  });
});

describe("bake indicators: what is new since the run's after-snapshot", () => {
  const OOM = [{ pattern: 'OOMKilled', severity: 'P1' as const }];
  const runEnded = new Date('2026-01-04T12:00:00Z');
  const threeDaysAgo = '2026-01-01T12:00:00Z';
  const snap = (c: Partial<ContainerState>): Snapshot =>
    ({
      kubernetes: {
        pods: [
          {
            name: 'web-5d8f7c9b6-4xv2m',
            phase: 'Running',
            ready: true,
            restarts: c.restarts ?? 0,
            containers: [{ name: 'web', image: 'web:1', ready: true, restarts: 0, ...c }],
          },
        ],
      },
    }) as Snapshot;
  const oldOom = snap({ restarts: 1, lastTerminated: 'OOMKilled', lastTerminatedAt: threeDaysAgo });

  it('a fresh OOMKill counts though the after-snapshot held an old one of the same container', () => {
    const fresh = snap({
      restarts: 2,
      lastTerminated: 'OOMKilled',
      lastTerminatedAt: '2026-01-04T12:00:12Z',
    });
    expect(bakeIndicators(fresh, oldOom, OOM, runEnded)).toEqual([
      {
        pattern: 'OOMKilled',
        severity: 'P1',
        source: 'kubernetes:web-5d8f7c9b6-4xv2m/web',
        line: 'lastTerminated: OOMKilled (finished 2026-01-04T12:00:12Z)',
      },
    ]);
  });

  it('the same old OOMKill, unchanged, is not new', () => {
    expect(bakeIndicators(oldOom, oldOom, OOM, runEnded)).toEqual([]);
  });

  it('without finishedAt, a higher restart count says it happened again', () => {
    const before = snap({ restarts: 1, lastTerminated: 'OOMKilled' });
    expect(bakeIndicators(snap({ restarts: 1, lastTerminated: 'OOMKilled' }), before, OOM, runEnded)).toEqual(
      [],
    );
    expect(
      bakeIndicators(snap({ restarts: 2, lastTerminated: 'OOMKilled' }), before, OOM, runEnded).map(
        (i) => i.line,
      ),
    ).toEqual(['lastTerminated: OOMKilled']);
  });

  it('an OOMKill in the current state counts while lastState still holds the old one', () => {
    const now = snap({
      restarts: 1,
      terminated: 'OOMKilled',
      terminatedAt: '2026-01-04T12:00:05Z',
      lastTerminated: 'OOMKilled',
      lastTerminatedAt: threeDaysAgo,
    });
    expect(bakeIndicators(now, oldOom, OOM, runEnded).map((i) => i.line)).toEqual([
      'terminated: OOMKilled (finished 2026-01-04T12:00:05Z)',
    ]);
  });

  it('without an after-snapshot of the container, a termination from before the run ended is history', () => {
    expect(bakeIndicators(oldOom, null, OOM, runEnded)).toEqual([]);
    const fresh = snap({
      restarts: 2,
      lastTerminated: 'OOMKilled',
      lastTerminatedAt: '2026-01-04T12:00:12Z',
    });
    expect(bakeIndicators(fresh, null, OOM, runEnded)).toHaveLength(1);
  });
});
