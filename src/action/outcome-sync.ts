import * as core from '../adapters/actions-runner.js';
import { RecordStore } from '../adapters/record-store.js';
import { type Attempt, mergeAttempts } from '../app/records/merge-attempts.js';
import { recentRecords } from '../app/records/recent-records.js';
import { allOf, type GitHubPort } from '../app/shared/github-port.js';
import { trailerMarkers } from '../domain/bot/bot-markers.js';
import type { ExecutionRecord } from '../domain/schemas/record.js';
import type { ActionInputs } from './inputs.js';
import {
  OUTCOME_MARKER,
  outcomeKey,
  outcomeRow,
  renderOutcomeComment,
  rowOfExecution,
  rowsOf,
  withNextAction,
} from './outcome-comment.js';
import { type StickyResult, upsertStickyComment } from './sticky-comment.js';
import { recordLink } from './summary.js';

// The request PR's one outcome comment is written by several jobs — the execute job, a `/retry`
// job, the `/rollback` job, the bake — that share no concurrency group, and GitHub cannot edit a
// comment only if it is unchanged: two jobs that read it, then write it, drop each other's rows.
// A shared concurrency group per PR is no fix: GitHub keeps one pending run per group and cancels
// the older pending one, so a third job in the queue would cancel the bake or the execute run
// itself, not only its comment. So the comment is a view of what is committed: its rows are
// rendered from the records pushed to the branch (read from the remote now, app/records/
// merge-attempts.ts), each writer re-reads both after writing and writes again while its change,
// or a row of a committed record, is missing. The last writer's re-read comes after every other
// write and every record pushed before it, so the last body holds every row; a writer that gives
// up after a few rounds, or is killed after its push, leaves a row the next reconcile repairs
// (repairOutcomes below).

/** One job's change: rows by request (each with the record it shows), or one row's next action. */
export interface OutcomeChange {
  rows?: { key: string; row: string; record: ExecutionRecord }[];
  next?: { of: string; text: string };
}

export interface OutcomeTarget {
  pr: number;
  /** The merge whose requests the PR's rows show: its commit and time, from any of its records. */
  merge?: { commit: string; mergedAt: Date };
  branch: string;
}

const ROUNDS = 4;

/** The change has no row to land on, and there is no row to write. */
class NoRow extends Error {}

/** The comment's body from what it had, the committed attempts and this job's change. */
export function renderSynced(
  inputs: Pick<ActionInputs, 'serverUrl' | 'owner' | 'repo' | 'runUrl'>,
  existing: string | undefined,
  committed: readonly Attempt[],
  change: OutcomeChange,
): string | undefined {
  const rows = rowsOf(existing);
  const mine = new Map((change.rows ?? []).map((r) => [r.key, r]));
  for (const r of mine.values()) rows.set(r.key, r.row);
  for (const a of committed) {
    const key = outcomeKey(a.path);
    const own = mine.get(key);
    // This job's row stands unless a newer attempt was pushed since (a retry in another job).
    if (
      own &&
      (own.record.id === a.record.id || Date.parse(own.record.timestamp) >= Date.parse(a.record.timestamp))
    )
      continue;
    const line = rows.get(key);
    if (line && rowOfExecution(line) === a.record.id) continue;
    // A row lost to a concurrent write, or never written (its job was killed after the push): made
    // again from the record. What the job that ran it did next (a rollback offer) is not in it.
    rows.set(
      key,
      outcomeRow(
        {
          path: a.path,
          record: a.record,
          recordUrl: recordLink(inputs, a.recordPath),
          followed: { kind: 'none' },
        },
        inputs,
      ),
    );
  }
  // No row at all (nothing committed, nothing of this job's): no comment to write.
  if (rows.size === 0) return undefined;
  const body = renderOutcomeComment(
    undefined,
    [...rows].map(([key, row]) => ({ key, row })),
    inputs.runUrl,
  );
  return change.next ? withNextAction(body, change.next.of, change.next.text) : body;
}

/** Whether `body` holds the change and a row for every committed attempt. */
function holds(body: string | undefined, committed: readonly Attempt[], change: OutcomeChange): boolean {
  if (body === undefined) return false;
  const rows = rowsOf(body);
  for (const r of change.rows ?? []) {
    const newer = committed.find(
      (a) =>
        outcomeKey(a.path) === r.key &&
        a.record.id !== r.record.id &&
        Date.parse(a.record.timestamp) > Date.parse(r.record.timestamp),
    );
    if (!newer && rowOfExecution(rows.get(r.key) ?? '') !== r.record.id) return false;
  }
  for (const a of committed) {
    const own = (change.rows ?? []).find((r) => r.key === outcomeKey(a.path));
    const shown = rowOfExecution(rows.get(outcomeKey(a.path)) ?? '');
    if (shown !== a.record.id && shown !== own?.record.id) return false;
  }
  return !change.next || withNextAction(body, change.next.of, change.next.text) === body;
}

async function outcomeBody(
  github: GitHubPort,
  inputs: ActionInputs,
  pr: number,
): Promise<string | undefined> {
  const comments = await allOf(github.comments.list({ owner: inputs.owner, repo: inputs.repo }, pr));
  return comments.find(
    (c) =>
      (c.user?.type === 'Bot' || (c.user?.login.toLowerCase().endsWith('[bot]') ?? false)) &&
      trailerMarkers(c.body).get('outcome') === '',
  )?.body;
}

/**
 * Writes `change` into the PR's outcome comment, with a row for every record of its merge pushed
 * so far; re-reads and writes again until both hold (at most a few rounds). 'no-row': the change
 * names a next action for an execution the comment has no row for (nothing written).
 */
export async function syncOutcome(
  github: GitHubPort,
  inputs: ActionInputs,
  at: OutcomeTarget,
  change: OutcomeChange,
): Promise<{ result: 'synced' | 'unsettled' | 'no-row'; action?: StickyResult['action'] }> {
  // Unreadable (the remote unreachable), the rows are merged with the comment as before, not lost.
  const committedNow = async (): Promise<Attempt[]> =>
    at.merge
      ? mergeAttempts(inputs.repoPath, { branch: at.branch }, at.merge).catch((err: unknown) => {
          core.warning(`the records of #${at.pr}'s merge could not be read: ${(err as Error).message}`);
          return [];
        })
      : [];
  const where = { owner: inputs.owner, repo: inputs.repo, issue_number: at.pr };
  for (let round = 1; round <= ROUNDS; round++) {
    const committed = await committedNow();
    let action: StickyResult['action'];
    try {
      ({ action } = await upsertStickyComment(github, where, OUTCOME_MARKER, (existing) => {
        const body = renderSynced(inputs, existing, committed, change);
        // Thrown, so nothing is written (an empty comment, or ours edited for nothing).
        if (body === undefined) throw new NoRow();
        return body;
      }));
    } catch (err) {
      if (err instanceof NoRow) return { result: 'no-row' };
      throw err;
    }
    // Nothing written, nothing stale put back: whoever writes next renders from the records too.
    if (action === 'unchanged') return { result: 'synced', action };
    // The re-read: records and comment as they are now, after this write.
    const [after, body] = await Promise.all([committedNow(), outcomeBody(github, inputs, at.pr)]);
    if (holds(body, after, change)) return { result: 'synced', action };
    core.info(`the outcome comment on #${at.pr} changed under this write (round ${round}): writing it again`);
  }
  return { result: 'unsettled' };
}

/** The merge a record belongs to, as syncOutcome takes it. */
export function mergeOf(record: ExecutionRecord): OutcomeTarget['merge'] {
  return record.request.commit && record.request.merged_at
    ? { commit: record.request.commit, mergedAt: new Date(record.request.merged_at) }
    : undefined;
}

/** The merge of execution `id`, from its record in the checkout (undefined when not there). */
export async function mergeOfId(repoDir: string, id: string): Promise<OutcomeTarget['merge']> {
  const store = new RecordStore(repoDir);
  const path = await store.findById(id).catch(() => null);
  return path ? mergeOf(await store.read(path)) : undefined;
}

/** How far back the execute job looks for a record without its row: a few schedule periods. */
export const REPAIR_WINDOW_MS = 60 * 60_000;
/** Pull requests looked at per run, newest first: the API cost of the repair is bounded by this. */
export const REPAIR_MAX_PRS = 5;

/**
 * A job killed after its record's push and before its outcome row leaves the PR without that row:
 * the next execute run (a push, the schedule) notices it and writes it. It looks at the records
 * that ended within the last hour, not run by this job, that name their PR (`approvals.pr`), at
 * most REPAIR_MAX_PRS pull requests: one comment listing each (one call for a PR of fewer than 100
 * comments) — at most 5 calls a run, 30 an hour with the 10-minute schedule — and, only for a PR
 * whose comment lacks a row, one sync (a listing, an edit, a listing). Returns the PRs repaired.
 */
export async function repairOutcomes(
  github: GitHubPort,
  inputs: ActionInputs,
  branch: string,
  o: { now: Date; skip: ReadonlySet<string> },
): Promise<number[]> {
  const byPr = new Map<number, ExecutionRecord[]>();
  for (const { record } of await recentRecords(inputs.repoPath, o.now, REPAIR_WINDOW_MS)) {
    const pr = record.approvals?.pr;
    if (pr === undefined || o.skip.has(record.id)) continue;
    byPr.set(pr, [...(byPr.get(pr) ?? []), record]);
  }
  const newest = (rs: ExecutionRecord[]) => Math.max(...rs.map((r) => Date.parse(r.timestamp)));
  const prs = [...byPr].sort((a, b) => newest(b[1]) - newest(a[1])).slice(0, REPAIR_MAX_PRS);
  const repaired: number[] = [];
  for (const [pr, records] of prs) {
    const rows = rowsOf(await outcomeBody(github, inputs, pr));
    const latest = new Map<string, ExecutionRecord>();
    for (const r of records) {
      const known = latest.get(r.request.path);
      if (!known || Date.parse(r.timestamp) > Date.parse(known.timestamp)) latest.set(r.request.path, r);
    }
    const missing = [...latest.values()].filter(
      (r) => rowOfExecution(rows.get(outcomeKey(r.request.path)) ?? '') !== r.id,
    );
    const merge = missing[0] ? mergeOf(missing[0]) : undefined;
    if (!merge) continue;
    core.info(
      `#${pr}: the outcome comment has no row for ${missing.map((r) => r.id).join(', ')}: writing it`,
    );
    await syncOutcome(github, inputs, { pr, branch, merge }, {});
    repaired.push(pr);
  }
  return repaired;
}
