import { sha256 } from '../records/record.js';
import type { LedgerEntry } from '../schemas/ledger.js';
import type { Suggestion } from './types.js';

// What to do with a suggestion given what the ledger and GitHub know about it. Pure: the caller
// fetched the PR's state, this decides; a rejected suggestion stays closed unless its evidence at
// least doubled or the cooldown passed since the rejection.

export const LEDGER_PATH = 'learning/ledger.yaml';
export const BRANCH_PREFIX = 'intentops/learn/';

export const branchOf = (id: string) => `${BRANCH_PREFIX}${id}`;
export const idOfBranch = (branch: string) =>
  branch.startsWith(BRANCH_PREFIX) ? branch.slice(BRANCH_PREFIX.length) : null;

export function contentDigest(s: Suggestion): string {
  return sha256(JSON.stringify(s.changes.map((c) => [c.path, c.after])));
}

export interface PrState {
  number: number;
  url: string;
  open: boolean;
  merged: boolean;
  closedAt: string | null;
  mergedAt: string | null;
  body: string | null;
  title: string;
}

export type Decision =
  | { kind: 'open' }
  | { kind: 'reopen'; why: string }
  | { kind: 'update' }
  | { kind: 'unchanged' }
  | { kind: 'keep-closed'; why: string };

export function decide(
  s: Suggestion,
  entry: LedgerEntry | undefined,
  pr: PrState | null,
  now: Date,
  cooldownS: number,
): Decision {
  if (pr?.open) return entry?.content === contentDigest(s) ? { kind: 'unchanged' } : { kind: 'update' };
  const merged = pr?.merged || (!pr && entry?.state === 'accepted');
  if (merged && entry?.content === contentDigest(s)) {
    return { kind: 'keep-closed', why: 'merged already; the change has not reached this checkout yet' };
  }
  const rejectedAt = pr && !pr.merged ? pr.closedAt : entry?.state === 'rejected' ? entry.decided_at : null;
  if (rejectedAt) {
    const before = entry?.evidence_at_decision ?? entry?.evidence ?? 0;
    const n = s.evidence.length;
    if (before > 0 && n >= 2 * before) return { kind: 'reopen', why: `evidence grew from ${before} to ${n}` };
    const waited = (now.getTime() - Date.parse(rejectedAt)) / 1000;
    if (waited >= cooldownS)
      return {
        kind: 'reopen',
        why: `the cooldown passed since it was rejected on ${rejectedAt.slice(0, 10)}`,
      };
    return {
      kind: 'keep-closed',
      why: `rejected on ${rejectedAt.slice(0, 10)} with ${before} occurrence(s); now ${n}`,
    };
  }
  return { kind: 'open' };
}

/** The ledger entry after a PR's fate is known (merged → accepted, closed → rejected). */
export function settle(entry: LedgerEntry, pr: PrState): LedgerEntry {
  if (pr.open || entry.state === 'accepted' || (entry.state === 'rejected' && entry.pr === pr.number))
    return entry;
  if (entry.pr !== undefined && entry.pr !== pr.number) return entry;
  const decidedAt = (pr.merged ? pr.mergedAt : pr.closedAt) ?? entry.updated_at;
  return {
    ...entry,
    state: pr.merged ? 'accepted' : 'rejected',
    pr: pr.number,
    decided_at: decidedAt,
    evidence_at_decision: entry.evidence,
  };
}

/** The entry once a PR or branch holds the suggestion's current content. */
export function opened(
  s: Suggestion,
  entry: LedgerEntry | undefined,
  at: Date,
  where: { state: 'open' | 'local'; pr?: number; url?: string },
): LedgerEntry {
  const history = [...(entry?.history ?? [])];
  const fresh = !entry || entry.state === 'accepted' || entry.state === 'rejected';
  if (entry && fresh && (entry.state === 'accepted' || entry.state === 'rejected') && entry.decided_at) {
    history.push({
      state: entry.state,
      ...(entry.pr !== undefined ? { pr: entry.pr } : {}),
      opened_at: entry.opened_at,
      first_evidence: entry.first_evidence,
      decided_at: entry.decided_at,
      evidence: entry.evidence_at_decision ?? entry.evidence,
    });
  }
  const now = at.toISOString();
  // Set when a round opens, never rewritten: the window slides every week, and the oldest
  // occurrence it still holds is not when the pattern was first seen.
  const first = (!fresh && entry?.first_evidence) || (s.evidence[0]?.at ?? now);
  return {
    id: s.id,
    trigger: s.trigger,
    action: s.action,
    title: s.title,
    state: where.state,
    branch: branchOf(s.id),
    ...(where.pr !== undefined ? { pr: where.pr } : {}),
    ...(where.url ? { url: where.url } : {}),
    first_evidence: first,
    last_evidence: s.evidence.at(-1)?.at ?? now,
    evidence: s.evidence.length,
    content: contentDigest(s),
    opened_at: fresh ? now : (entry?.opened_at ?? now),
    updated_at: now,
    ...(history.length ? { history } : {}),
  };
}

export interface Velocity {
  /** Suggestion PRs decided: merged (accepted) or closed (rejected). */
  decided: number;
  accepted: number;
  /** Days from the suggestion's PR opened to its decision: the seed's "within 1 week". */
  medianDays: number | null;
  maxDays: number | null;
  /** Decided within 7 days of being opened. */
  withinWeek: number;
  /** Days from the first evidence to the PR opened: how long a pattern waited to be suggested. */
  firstEvidenceMedianDays: number | null;
}

const median = (sorted: readonly number[]) =>
  sorted.length ? Math.round((sorted[Math.floor((sorted.length - 1) / 2)] as number) * 10) / 10 : null;
const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

/**
 * Learning velocity over every decided round, the current one and those in `history` (a round
 * written before rounds kept their opening is left out): PR opened → merged or closed.
 */
export function velocity(entries: readonly LedgerEntry[]): Velocity {
  const rounds = entries.flatMap((e) => [
    ...(e.history ?? []),
    ...((e.state === 'accepted' || e.state === 'rejected') && e.decided_at
      ? [
          {
            state: e.state,
            opened_at: e.opened_at,
            first_evidence: e.first_evidence,
            decided_at: e.decided_at,
          },
        ]
      : []),
  ]);
  const timed = rounds.filter((r) => r.opened_at !== undefined);
  const days = timed.map((r) => daysBetween(r.opened_at as string, r.decided_at)).sort((a, b) => a - b);
  const waited = timed
    .filter((r) => r.first_evidence !== undefined)
    .map((r) => daysBetween(r.first_evidence as string, r.opened_at as string))
    .sort((a, b) => a - b);
  return {
    decided: days.length,
    accepted: timed.filter((r) => r.state === 'accepted').length,
    medianDays: median(days),
    maxDays: days.length ? Math.round((days.at(-1) as number) * 10) / 10 : null,
    withinWeek: days.filter((d) => d <= 7).length,
    firstEvidenceMedianDays: median(waited),
  };
}
