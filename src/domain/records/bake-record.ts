import { bakeSchedule, statusOfVerdict } from '../detect/bake.js';
import { detect } from '../detect/detect.js';
import type { PlannedRule } from '../plan/plan.js';
import { targetOf } from '../request/target.js';
import type { ExecutionRecord, Observation, UnsignedRecord } from '../schemas/record.js';
import { executionId, formatSeconds } from './record.js';

// The follow-up record of a bake. The execution record was written when the run ended and is never
// rewritten; this one names it (`observation_of`), joins the digest chain, and carries what the
// rules need to give the same verdict on replay: the run's view, with the latest snapshot as `after`.

export interface FollowUpInput {
  execution: ExecutionRecord;
  observation: Observation;
  rules: readonly PlannedRule[];
  toolVersion: string;
  catalogDigest: string;
  prevDigest: string | null;
  /** Where the bake ran (a local `observe`, the bake job): not necessarily where the run did. */
  origin?: ExecutionRecord['origin'];
}

/** `exec-<bake end>-<intent>-bake-<target>-<hash>`: sorts by the time it was written, like every record. */
export function followUpId(
  execution: Pick<ExecutionRecord, 'id' | 'intent' | 'params'>,
  ended: Date,
): string {
  const target = targetOf(execution.params);
  return executionId({
    at: ended,
    intent: `${execution.intent}-bake`,
    ...(target ? { target } : {}),
    unique: `observation\u0000${execution.id}`,
  });
}

/**
 * What every follow-up id of this execution ends with (`-<intent>-bake-<target>-<hash>`, the part
 * after the time): a follow-up is found by file name, without reading records.
 */
export function followUpSuffix(execution: Pick<ExecutionRecord, 'id' | 'intent' | 'params'>): string {
  return followUpId(execution, new Date(0)).split('-').slice(3).join('-');
}

/**
 * The observation of a bake that could not look at all (the bake job lacks the credentials the
 * execution's environment declares): no snapshot, inconclusive, and why. Its follow-up record is
 * written like any other, so the audit and the learning loop find the verdict where they find every
 * verdict; replay agrees (no snapshot is inconclusive).
 */
export function unobservedObservation(o: {
  bake: { forMs: number; intervalMs: number };
  runStatus: Observation['run_status'];
  at: Date;
  reason: string;
}): Observation {
  return {
    verdict: 'inconclusive',
    reason: o.reason,
    for: formatSeconds(o.bake.forMs),
    interval: formatSeconds(o.bake.intervalMs),
    expected_samples: bakeSchedule(o.bake.forMs, o.bake.intervalMs).length,
    run_status: o.runStatus,
    started: o.at.toISOString(),
    ended: o.at.toISOString(),
    samples: [],
    first_seen: [],
  };
}

export function followUpRecord(input: FollowUpInput): Omit<UnsignedRecord, 'drafts'> {
  const { execution: x, observation: o } = input;
  const after = o.samples.at(-1)?.snapshot ?? x.after;
  const status = statusOfVerdict(o.verdict);
  const base = {
    id: followUpId(x, new Date(o.ended)),
    timestamp: o.ended,
    intent: x.intent,
    params: x.params,
    ...(x.environment !== undefined ? { environment: x.environment } : {}),
    request: x.request,
    ...(x.run ? { run: x.run } : {}),
    ...(input.origin ? { origin: input.origin } : {}),
    observation_of: x.id,
    observation: o,
    before: x.before,
    commands_run: [],
    after,
    outcome_checks: x.outcome_checks,
    checks: [],
    failure_indicators: o.samples.flatMap((s) => s.indicators),
    policy: x.policy,
    status,
    status_reason: `bake ${o.verdict}: ${o.reason}`,
    duration: x.duration,
    ...(x.expected_duration ? { expected_duration: x.expected_duration } : {}),
    ...(x.queries ? { queries: x.queries } : {}),
    tool: { name: 'intentops' as const, version: input.toolVersion },
    catalog_digest: input.catalogDigest,
    prev_digest: input.prevDigest,
  };
  // As replay does: a superseded or cancelled bake has no verdict of its own to detect on.
  const detection =
    status === 'cancelled'
      ? { anomalies: [], notEvaluated: [], evaluated: [] }
      : detect(input.rules, { ...base, status: o.run_status });
  return {
    ...base,
    anomalies: detection.anomalies,
    rules_not_evaluated: detection.notEvaluated,
    rules_evaluated: detection.evaluated,
  };
}
