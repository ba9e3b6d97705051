import type { RollupEntry } from '../schemas/rollup.js';
import { linkedRuns } from './linked-runs.js';
import { type AnomalyFact, type ExecutionFact, ROLLED_BACK_RULE } from './types.js';

// Pruned records live on as rollup entries: their runs count for durations, and their anomalies
// when the anomaly log no longer has them (the log's lines carry the inputs, so they come first).
// A follow-up's entry is part of the run it observed, a rollback's entry a run but no request.

/** Adds the trusted `entries` to the facts read from records and the log (`anomalies` by key). */
export function addRolledUp(
  entries: readonly RollupEntry[],
  executions: ExecutionFact[],
  anomalies: Map<string, AnomalyFact>,
): void {
  // Entries keep no observation_of or rollback_of: the ids say which run each belongs to.
  const link = linkedRuns([...executions, ...entries]);
  const add = (key: string, fact: AnomalyFact) => {
    if (!anomalies.has(key)) anomalies.set(key, fact);
  };
  for (const e of entries) {
    const { observationOf, rollbackOf } = link(e.id);
    const where = e.target ? { target: e.target } : {};
    if (!observationOf)
      executions.push({
        id: e.id,
        at: e.timestamp,
        intent: e.intent,
        status: e.status,
        durationS: e.duration_s,
        ...where,
        ...(e.expected_duration_s !== undefined ? { expectedS: e.expected_duration_s } : {}),
        ...(rollbackOf ? { rollbackOf } : {}),
      });
    if (rollbackOf)
      add(`${rollbackOf}\u0000${ROLLED_BACK_RULE}`, {
        at: e.timestamp,
        execution: rollbackOf,
        intent: e.intent,
        rule: ROLLED_BACK_RULE,
        severity: 'P2',
        inputs: { rollback: e.id },
        ...where,
      });
    const run = observationOf ?? e.id;
    for (const a of e.anomalies)
      add(`${run}\u0000${a.rule}`, {
        at: e.timestamp,
        execution: run,
        intent: e.intent,
        rule: a.rule,
        severity: a.severity,
        inputs: {},
        ...where,
      });
  }
}
