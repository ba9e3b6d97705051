import { durationSeconds } from '../schemas/common.js';
import type { Policy } from '../schemas/policy.js';

// The promotion gate: a request in a later environment runs only after the same change (intent and
// params; the environment aside) succeeded in the earlier one and its bake passed, recently enough.
// Pure over the record history, so plan and execute decide alike (execute decides again: a bake
// that passes at plan time can fail before the merge).

/** One earlier execution, as the promotion gate reads it. */
export interface PromotionRun {
  id: string;
  intent: string;
  params: Readonly<Record<string, unknown>>;
  environment?: string;
  timestamp: string;
  status: string;
  /** The Actions run that wrote it, when on GitHub: the link the plan gives. */
  url?: string;
  /** The verdict of its bake (follow-up record); absent while none is recorded. */
  bake?: string;
  /** A rollback record names it: what it changed was undone. */
  rolledBack?: boolean;
}

export interface PromotionSubject {
  intent: string;
  params: Readonly<Record<string, unknown>>;
  environment?: string;
  /** The intent has a bake window, so the earlier run's bake must have passed too. */
  bakes: boolean;
}

export interface PromotionVerdict {
  outcome: 'pass' | 'hold';
  reason: string;
  /** The qualifying execution in `from`, when there is one. */
  execution?: string;
}

/** Params as one comparable text: key order never makes two changes differ. */
export function sameChangeKey(intent: string, params: Readonly<Record<string, unknown>>): string {
  const sorted = Object.keys(params)
    .sort()
    .map((k) => [k, params[k]]);
  return JSON.stringify([intent, sorted]);
}

function named(r: PromotionRun): string {
  return r.url ? `${r.id} (${r.url})` : r.id;
}

export function decidePromotion(
  promotion: NonNullable<Policy['promotion']>,
  subject: PromotionSubject,
  runs: readonly PromotionRun[],
  now: Date,
): PromotionVerdict | undefined {
  const { from, within } = promotion;
  // The gate guards the environments after `from`; a request in `from` itself is what it waits for.
  if (subject.environment === from) return undefined;
  const change = sameChangeKey(subject.intent, subject.params);
  const earlier = runs
    .filter((r) => r.environment === from && sameChangeKey(r.intent, r.params) === change)
    .sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
  const since = now.getTime() - durationSeconds(within) * 1000;
  const recent = earlier.filter((r) => Date.parse(r.timestamp) > since);
  const good = recent.find(
    (r) => r.status === 'success' && !r.rolledBack && (!subject.bakes || r.bake === 'pass'),
  );
  if (good) {
    return {
      outcome: 'pass',
      execution: good.id,
      reason: `the same change succeeded in ${from}: ${named(good)} at ${good.timestamp}${subject.bakes ? ', its bake passed' : ''}`,
    };
  }
  const hold = (reason: string): PromotionVerdict => ({
    outcome: 'hold',
    reason: `waits for ${from}: ${reason}`,
  });
  const what = `${subject.intent} with these params`;
  if (earlier.length === 0) return hold(`no run of ${what} in ${from}`);
  const latest = recent[0];
  if (!latest) {
    const newest = earlier[0] as PromotionRun;
    return hold(
      `the latest run of ${what} in ${from}, ${named(newest)} at ${newest.timestamp}, is older than ${within}`,
    );
  }
  if (latest.status !== 'success')
    return hold(`its latest run in ${from}, ${named(latest)}, ended ${latest.status}`);
  if (latest.rolledBack) return hold(`its latest run in ${from}, ${named(latest)}, was rolled back`);
  if (latest.bake === undefined)
    return hold(`the bake of ${named(latest)} in ${from} is still running (or has not started)`);
  return hold(`the bake of ${named(latest)} in ${from} ended ${latest.bake}`);
}
