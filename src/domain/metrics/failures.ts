import type { Change, FailureReason, FailureSignal, IncidentClose, IncidentOpen } from './facts.js';

// Which changes failed, when each failure started, and when service was restored: from the signals
// facts.ts reads out of the records. Pure.

export interface Failure {
  reasons: Set<FailureReason>;
  /** When the failure started: its first sign, else the change's end (see failureStart). */
  at: number;
  /** When each reason first became known (a rollback: when it started). */
  known: Map<FailureReason, number>;
}

/**
 * Each change's failure: the signals about it that came within the window after it ended — after
 * the retry's end for a retry's own (a failed status and a rollback count whenever they came: they
 * are about the run itself).
 */
export function failuresOf(
  changes: ReadonlyMap<string, Change>,
  signals: readonly FailureSignal[],
  windowMs: number,
): Map<string, Failure> {
  const about = new Map<string, FailureSignal[]>();
  for (const s of signals) {
    const c = changes.get(s.execution);
    if (!c) continue;
    const late = s.at - (s.after ?? c.ended) > windowMs;
    if (late && (s.reason === 'incident' || s.reason === 'bake_failed')) continue;
    about.set(c.id, [...(about.get(c.id) ?? []), s]);
  }
  const out = new Map<string, Failure>();
  for (const [id, list] of about) {
    const known = new Map<FailureReason, number>();
    for (const s of list) known.set(s.reason, Math.min(known.get(s.reason) ?? s.at, s.at));
    out.set(id, {
      reasons: new Set(known.keys()),
      at: failureStart(changes.get(id) as Change, known),
      known,
    });
  }
  return out;
}

/**
 * The failure starts at its first sign: the failed run's end, the bake's failing snapshot, the
 * incident. A rollback is no sign of when: it says only that the change had failed by the time
 * someone undid it. With no sign before the rollback, the failure is taken to start when the change
 * ended — not when the rollback started, which would make time to restore the rollback's duration.
 */
function failureStart(c: Change, known: ReadonlyMap<FailureReason, number>): number {
  const signs = [...known].filter(([reason]) => reason !== 'rolled_back').map(([, at]) => at);
  const first = signs.length ? Math.min(...signs) : undefined;
  const rollback = known.get('rolled_back');
  if (rollback === undefined) return first ?? c.ended;
  return first !== undefined && first <= rollback ? first : c.ended;
}

/** Incident episodes per fingerprint: opens until the next close are one incident. */
export function restoredByClose(
  opens: readonly IncidentOpen[],
  closes: readonly IncidentClose[],
): Map<string, number> {
  const closing = new Map<string, number[]>();
  for (const c of closes) {
    const list = closing.get(c.fingerprint) ?? [];
    list.push(c.at);
    closing.set(c.fingerprint, list);
  }
  for (const list of closing.values()) list.sort((a, b) => a - b);
  /** execution → when its incident closed. */
  const closedAt = new Map<string, number>();
  for (const o of opens) {
    const at = closing.get(o.fingerprint)?.find((c) => c >= o.at);
    if (at !== undefined && o.execution) {
      const key = o.execution;
      const prev = closedAt.get(key);
      // A change that opened several incidents is restored when the last of them closed.
      closedAt.set(key, prev === undefined ? at : Math.max(prev, at));
    }
  }
  return closedAt;
}
