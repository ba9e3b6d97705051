import { bakeVerdict, statusOfVerdict } from '../detect/bake.js';
import { detect } from '../detect/detect.js';
import type { PlannedRule } from '../plan/plan.js';
import type { Anomaly, ExecutionRecord, RuleEvaluation } from '../schemas/record.js';
import { canonicalJson } from './record.js';

// Replay: the verdict of a run recomputed from its record alone — the status from the steps, checks
// and indicators it lists, the anomalies by re-running detection with the rules it says it ran.
// A record written before `rules_evaluated` existed names only the rules that fired; those are
// re-checked and the replay says so.

export const CANCELLED_REASON = 'the run was cancelled (SIGINT/SIGTERM)';

type Status = ExecutionRecord['status'];

/** The status the run's own evidence gives, in the order execute decides it. */
export function deriveStatus(r: ExecutionRecord): Status {
  // A bake's follow-up record: the verdict again from the snapshots it lists.
  if (r.observation) {
    const o = r.observation;
    if (o.verdict === 'superseded' || o.verdict === 'cancelled') return statusOfVerdict(o.verdict);
    return statusOfVerdict(bakeVerdict(o.samples, { expected: o.expected_samples }).verdict);
  }
  // Settled without running: the status is the reconcile's decision, stated in `not_run`.
  if (r.not_run) return r.status;
  if (r.policy.verdict !== 'allow') return 'denied';
  if (r.status_reason === CANCELLED_REASON || r.commands_run.some((c) => c.cancelled)) return 'cancelled';
  if ((r.prechecks ?? []).some((c) => c.result !== 'pass')) return 'failed';
  const stepFailed = r.commands_run.some(
    (c) => (c.exit_code !== 0 || c.timed_out === true) && !c.continue_on_error,
  );
  if (stepFailed) return 'failed';
  if (r.failure_indicators.some((i) => i.severity === 'P1')) return 'failed';
  if (r.checks.some((c) => c.result !== 'pass')) return 'failed';
  return 'success';
}

/** What the rules saw: for a follow-up record, the observed run's status with the bake's latest snapshot. */
export function detectionView(r: ExecutionRecord): ExecutionRecord {
  return r.observation ? { ...r, status: r.observation.run_status } : r;
}

export type RulesSource = 'record' | 'fired-only';

/** The rules the run evaluated, as the record states them. */
export function recordedRules(r: ExecutionRecord): { rules: PlannedRule[]; source: RulesSource } {
  const from = (x: Pick<Anomaly, 'rule' | 'severity' | 'action' | 'condition' | 'rules_file'>) => ({
    name: x.rule,
    severity: x.severity,
    action: x.action,
    condition: x.condition,
    file: x.rules_file,
  });
  if (r.rules_evaluated) return { rules: r.rules_evaluated.map(from), source: 'record' };
  return { rules: r.anomalies.map(from), source: 'fired-only' };
}

export interface ReplayOutcome {
  id: string;
  rulesSource: RulesSource;
  recorded: { status: Status; anomalies: string[] };
  replayed: { status: Status; anomalies: string[] };
  evaluated: RuleEvaluation[];
  /** Empty when the replay gives the verdict the run gave. */
  differences: string[];
}

function anomalyKey(a: Anomaly): string {
  return canonicalJson({
    rule: a.rule,
    severity: a.severity,
    action: a.action,
    condition: a.condition,
    rules_file: a.rules_file,
    inputs: a.inputs,
  });
}

function byRule<T extends { rule: string }>(xs: readonly T[]): T[] {
  return [...xs].sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}

export function replayRecord(r: ExecutionRecord): ReplayOutcome {
  const status = deriveStatus(r);
  const { rules, source } = recordedRules(r);
  // Detection does not run for a denied run (nothing ran) or a cancelled one (no time left).
  const detection =
    status === 'denied' || status === 'cancelled'
      ? { anomalies: [], notEvaluated: [], evaluated: [] }
      : detect(rules, detectionView(r));
  const differences: string[] = [];
  if (status !== r.status) differences.push(`status: recorded ${r.status}, replay gives ${status}`);

  const recorded = new Map(r.anomalies.map((a) => [a.rule, anomalyKey(a)]));
  const replayed = new Map(detection.anomalies.map((a) => [a.rule, anomalyKey(a)]));
  for (const [rule, key] of recorded) {
    const again = replayed.get(rule);
    if (again === undefined) differences.push(`anomaly ${rule}: recorded, does not fire on replay`);
    else if (again !== key)
      differences.push(`anomaly ${rule}: fires on replay with other inputs or settings`);
  }
  for (const rule of replayed.keys()) {
    if (!recorded.has(rule)) differences.push(`anomaly ${rule}: fires on replay, not recorded`);
  }
  if (source === 'record') {
    const was = canonicalJson(byRule(r.rules_not_evaluated));
    const now = canonicalJson(byRule(detection.notEvaluated));
    if (was !== now) differences.push('rules_not_evaluated: differ on replay');
    const results = new Map((r.rules_evaluated ?? []).map((e) => [e.rule, e.result]));
    for (const e of detection.evaluated) {
      const before = results.get(e.rule);
      if (before !== undefined && before !== e.result)
        differences.push(`rule ${e.rule}: recorded ${before}, replay gives ${e.result}`);
    }
  }
  return {
    id: r.id,
    rulesSource: source,
    recorded: { status: r.status, anomalies: [...recorded.keys()].sort() },
    replayed: { status, anomalies: [...replayed.keys()].sort() },
    evaluated: detection.evaluated,
    differences,
  };
}
