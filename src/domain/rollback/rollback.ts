import type { Plan } from '../plan/plan.js';
import { executionId } from '../records/record.js';
import { targetOf } from '../request/target.js';
import type { ExecutionRecord } from '../schemas/record.js';

// Rollback: an intent's `rollback:` steps, run as an execution of their own that names the one it
// undoes (`rollback_of`). What triggers it, what the policy says, and what a human reads — pure.

/** What the policy allows for a failed run: `none` when the intent has no rollback steps. */
export type RollbackDecision = 'auto' | 'ask' | 'never' | 'none';

/**
 * Why a record calls for a rollback, or undefined: an outcome check that did not pass, a P1
 * indicator, or a failed bake. A failed step is not a trigger: the change may not have happened.
 */
export function rollbackTrigger(record: ExecutionRecord): string | undefined {
  if (record.observation_of) {
    return record.observation?.verdict === 'fail'
      ? `the bake of ${record.observation_of} failed: ${record.observation.reason}`
      : undefined;
  }
  if (record.status !== 'failed') return undefined;
  const p1 = record.failure_indicators.find((i) => i.severity === 'P1');
  if (p1) return `P1 failure indicator '${p1.pattern}' in ${p1.source} (${record.id})`;
  const check = record.checks.find((c) => c.result !== 'pass');
  if (check) return `check '${check.name}' ${check.result} (${record.id})`;
  return undefined;
}

/** The rollback as a plan of its own: the rollback steps, the intent's checks and bake; no prechecks. */
export function rollbackPlan(plan: Plan): Plan | undefined {
  if (!plan.rollback) return undefined;
  const { rollback, ...rest } = plan;
  return { ...rest, steps: rollback.steps, prechecks: [] };
}

/** `exec-<start>-<intent>-rollback-<target>-<hash>`: sorts by time like every record. */
export function rollbackId(of: Pick<ExecutionRecord, 'id' | 'intent' | 'params'>, at: Date): string {
  const target = targetOf(of.params);
  return executionId({
    at,
    intent: `${of.intent}-rollback`,
    ...(target ? { target } : {}),
    unique: `rollback\u0000${of.id}`,
  });
}

/** What a human reads on the incident draft and the request PR when the policy asks. */
export function askText(of: string, trigger: string): string {
  return [
    `**Rollback available** (policy: ask). ${trigger}.`,
    '',
    `To roll back \`${of}\`, someone with write access comments \`/rollback ${of}\` on the request's pull request or on this incident issue; locally: \`intentops rollback ${of}\`.`,
  ].join('\n');
}

/** Said when the bake job hands an automatic rollback to the execute workflow (GitHub). */
export function requestedText(of: string, trigger: string, workflow: string): string {
  return [
    `**Rolling back** \`${of}\` automatically (policy: auto). ${trigger}.`,
    '',
    `The rollback runs in the \`${workflow}\` workflow, where executions run (its environment and credentials); its record and the result follow here.`,
  ].join('\n');
}

export function neverText(of: string, policy: string | undefined): string {
  return `**No automatic rollback**: the policy${policy ? ` \`${policy}\`` : ''} says \`rollback: never\` for \`${of}\` (e.g. an irreversible change). A human decides how to repair it.`;
}

export function doneText(
  r: Pick<ExecutionRecord, 'id' | 'timestamp' | 'status' | 'rollback_of' | 'rollback'>,
) {
  const who = r.rollback?.mode === 'auto' ? 'automatically (policy: auto)' : `by ${r.rollback?.by ?? '?'}`;
  // "Rolled back … ended failed" contradicted itself: only a rollback that passed rolled back.
  const head =
    r.status === 'success'
      ? `**Rolled back** \`${r.rollback_of}\` ${who} at ${r.timestamp}: rollback execution \`${r.id}\` ended ${r.status}.`
      : `**Rollback of \`${r.rollback_of}\` ${r.status}** (${who} at ${r.timestamp}): rollback execution \`${r.id}\` ended ${r.status}.`;
  const why = r.rollback?.trigger ? `\n\nWhy: ${r.rollback.trigger}.` : '';
  return r.status === 'success' ? `${head}${why}` : `${head}${why}\n\n${failedText(r.id)}`;
}

/** A failed rollback is never rolled back: a human is asked. */
export function failedText(id: string): string {
  return `**The rollback \`${id}\` did not succeed: a human is needed.** A rollback is never rolled back again; see its record for the failed step or check.`;
}
