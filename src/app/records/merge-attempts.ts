import { Git } from '../../adapters/git.js';
import { parseRecordText } from '../../adapters/record-scan.js';
import { fileAt } from '../../adapters/request-history.js';
import { keyOfId } from '../../domain/reconcile/request-id.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';

// What the records pushed so far say of one merge's requests: for each request it added, its newest
// attempt (its own run, or the newest `/retry` of it). Read from the remote branch as it is now,
// not from the job's checkout, so a job sees the records other jobs pushed since it started: the
// outcome comment on the request's PR is rendered from this (action/outcome-sync.ts).
//
// Cheap by construction: every attempt of a merge's request has an id stamped with the merge's
// time (domain/reconcile/request-id.ts), so one fetch and one tree listing (names only) find them,
// and only those few files are read.

export interface Attempt {
  path: string;
  record: ExecutionRecord;
  recordPath: string;
}

const RECORD = /^executions\/\d{4}-\d{2}-\d{2}\/(exec-[^/]+)\.yaml$/;

/** `2026-12-06T07:01:28.000Z` → `20261206-070128`, the stamp of the merge's execution ids. */
function stampOf(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
}

export async function mergeAttempts(
  repoDir: string,
  at: { remote?: string; branch: string },
  merge: { commit: string; mergedAt: Date },
): Promise<Attempt[]> {
  const git = new Git(repoDir);
  const remote = at.remote ?? 'origin';
  await git.fetch(remote, at.branch);
  const ref = `${remote}/${at.branch}`;
  const stamp = `${stampOf(merge.mergedAt)}/`;
  const paths = (await git.treeFiles('executions', ref)).filter((p) => {
    const id = RECORD.exec(p)?.[1];
    return id !== undefined && (keyOfId(id) ?? '').startsWith(stamp);
  });
  const newest = new Map<string, Attempt>();
  for (const recordPath of paths) {
    let record: ExecutionRecord;
    try {
      record = parseRecordText((await fileAt(repoDir, ref, recordPath)) ?? '', recordPath) as ExecutionRecord;
    } catch {
      continue; // unreadable: audit verify says so; its row stays as it is
    }
    if (!record?.request) continue;
    // Another merge in the same second, a bake's follow-up or a rollback: not an attempt of this one.
    if (record.request.commit !== merge.commit || record.rollback_of || record.observation_of) continue;
    const known = newest.get(record.request.path);
    if (!known || Date.parse(record.timestamp) > Date.parse(known.record.timestamp))
      newest.set(record.request.path, { path: record.request.path, record, recordPath });
  }
  return [...newest.values()].sort((a, b) => a.path.localeCompare(b.path));
}
