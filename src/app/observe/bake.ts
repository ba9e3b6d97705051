import { bakeIndicators, bakeSchedule, bakeVerdict, firstSeen } from '../../domain/detect/bake.js';
import { detect } from '../../domain/detect/detect.js';
import type { Plan } from '../../domain/plan/plan.js';
import { formatSeconds } from '../../domain/records/record.js';
import type { BakeSample, ExecutionRecord, FirstSeen, Observation } from '../../domain/schemas/record.js';
import type { ExecPorts } from '../shared/ports.js';
import { bakeKube } from './bake-kube.js';
import { sampleObservers } from './bake-queries.js';
import { snapshot } from './capture.js';
import { probeOnce } from './probes.js';

// The bake loop: after a run, take a snapshot at each interval and judge it as the run's own
// after-snapshot was judged (the rules see it as `after`), plus the pods' new failure indicators and
// one answer of each metric check. Each snapshot costs one call per provider, nothing more
// (bake-kube.ts for Kubernetes, bake-queries.ts for Prometheus and Loki).

export interface BakeInput {
  plan: Plan & { bake: NonNullable<Plan['bake']> };
  /** The execution being observed: its after-snapshot is the baseline, its record the rules' view. */
  record: ExecutionRecord;
  /** When the run ended; "appeared 7 m 40 s after the run ended" is measured from here. */
  runEnded: Date;
  cwd: string;
  env: Record<string, string>;
  /**
   * Aborted when the bake must stop: with a `BakeSuperseded` reason when a newer execution for the
   * same target ended it, with any other reason (a signal) when someone cancelled it.
   */
  signal?: AbortSignal;
  /** After each snapshot: the progress line, and whatever appeared for the first time at it. */
  onSample?: (s: { sample: BakeSample; elapsedMs: number; newlySeen: FirstSeen[] }) => Promise<void>;
}

/** The abort reason that says a newer execution for the target ended the bake. */
export class BakeSuperseded extends Error {
  override readonly name = 'BakeSuperseded';
}

function stoppedBy(signal: AbortSignal | undefined): 'superseded' | 'cancelled' | undefined {
  if (!signal?.aborted) return undefined;
  return signal.reason instanceof BakeSuperseded ? 'superseded' : 'cancelled';
}

async function metricChecks(input: BakeInput, ports: ExecPorts): Promise<NonNullable<BakeSample['checks']>> {
  const out: NonNullable<BakeSample['checks']> = [];
  for (const c of input.plan.checks) {
    if (c.probe?.kind !== 'prometheus') continue;
    const r = await probeOnce(c.probe, c.expected, ports.observers, {
      timeoutMs: input.plan.observe?.timeoutMs ?? 10_000,
      now: ports.now(),
      ...(input.signal ? { signal: input.signal } : {}),
    });
    const result = r.matched ? 'pass' : r.exitCode === null ? 'unavailable' : 'fail';
    out.push({ name: c.name, result, output: r.output });
  }
  return out;
}

async function sampleOnce(input: BakeInput, ports: ExecPorts): Promise<BakeSample> {
  const now = ports.now();
  const ctx = { cwd: input.cwd, env: input.env, ...(input.signal ? { signal: input.signal } : {}) };
  // One Prometheus request for all of the interval's queries, one Loki call (bake-queries.ts).
  const observers = await sampleObservers(input.plan, ports.observers, {
    now,
    ...(input.signal ? { signal: input.signal } : {}),
  });
  const samplePorts = { ...ports, observers };
  const [snap, checks] = await Promise.all([
    snapshot(input.plan, samplePorts, ctx, { phase: 'after', runStart: input.runEnded, now }),
    metricChecks(input, samplePorts),
  ]);
  // The rules see what replay will see: the run's record with this snapshot as `after`.
  const detection = detect(input.plan.rules, { ...input.record, after: snap });
  // Data missing means data the run had: a rule the run itself could not evaluate (nothing captures
  // its input) leaves the bake as it left the run.
  const runMissed = new Set(input.record.rules_not_evaluated.map((n) => n.rule));
  const missing = detection.notEvaluated.map((n) => n.rule).filter((r) => !runMissed.has(r));
  return {
    at: now.toISOString(),
    snapshot: snap,
    indicators: bakeIndicators(snap, input.record.after, input.plan.indicators, input.runEnded),
    anomalies: detection.anomalies.map((a) => ({ rule: a.rule, severity: a.severity, action: a.action })),
    ...(missing.length ? { not_evaluated: missing } : {}),
    ...(checks.length ? { checks } : {}),
  };
}

/** Runs the bake to its end (or until superseded, or a failure shows) and returns the observation. */
export async function bake(input: BakeInput, ports: ExecPorts): Promise<Observation> {
  const { forMs, intervalMs } = input.plan.bake;
  const started = ports.now();
  const schedule = bakeSchedule(forMs, intervalMs);
  const expected = schedule.length;
  const samples: BakeSample[] = [];
  let known = 0;
  // The pods through one watch; its alarm (a P1 indicator) wakes the wait at once.
  const kube = await bakeKube(input.plan, ports.observers, {
    since: input.runEnded,
    intervalMs,
    ...(input.signal ? { signal: input.signal } : {}),
    log: ports.log,
  });
  const alarmed =
    kube.alarm && input.signal ? AbortSignal.any([input.signal, kube.alarm]) : (kube.alarm ?? input.signal);
  // The alarm wakes one snapshot. If that snapshot does not fail (the crash was gone by then), the
  // rest of the window keeps its schedule instead of being taken all at once.
  let alarmHeard = false;
  const samplePorts = { ...ports, observers: kube.observers };
  try {
    for (const offset of schedule) {
      // Sample at fixed offsets from the start, so a slow provider does not stretch the bake.
      const due = started.getTime() + offset;
      const wait = due - ports.now().getTime();
      if (wait > 0) await ports.sleep(wait, alarmHeard ? input.signal : alarmed);
      alarmHeard ||= kube.alarm?.aborted === true;
      if (input.signal?.aborted) break;
      const sample = await sampleOnce(input, samplePorts);
      if (input.signal?.aborted) break;
      samples.push(sample);
      const seen = firstSeen(samples, input.runEnded);
      const newlySeen = seen.slice(known);
      known = seen.length;
      await input.onSample?.({ sample, elapsedMs: ports.now().getTime() - started.getTime(), newlySeen });
      // A failure is final: the rest of the window cannot undo it, and a rollback should not wait.
      if (bakeVerdict(samples, { expected }).verdict === 'fail') break;
    }
  } finally {
    kube.close();
  }
  const stopped = stoppedBy(input.signal);
  const { verdict, reason } = bakeVerdict(samples, { expected, ...(stopped ? { stopped } : {}) });
  return {
    verdict,
    reason,
    for: formatSeconds(forMs),
    interval: formatSeconds(intervalMs),
    expected_samples: expected,
    run_status: input.record.status,
    started: started.toISOString(),
    ended: ports.now().toISOString(),
    samples,
    first_seen: firstSeen(samples, input.runEnded),
  };
}
