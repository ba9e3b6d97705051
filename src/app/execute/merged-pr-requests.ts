import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { RecordStore } from '../../adapters/record-store.js';
import { requestsAddedBy } from '../../adapters/request-history.js';
import { keyOfRequest } from '../../domain/reconcile/request-id.js';
import {
  RETRIES_DIR,
  type RetryGrant,
  RetryGrantSchema,
  retryTag,
} from '../../domain/reconcile/retry-grant.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import { indexRecords } from '../records/record-index.js';
import type { GitHubPort, Repo } from '../shared/github-port.js';

// The requests a merged pull request added, each with the record of its run when there is one:
// what `/retry` and `/rollback` on a request's PR act on.

export interface MergedRequest {
  path: string;
  record?: ExecutionRecord;
  /**
   * Its newest `/retry`, when it has one: the grant and that retry's record (none yet: the retry is
   * pending or running). What a new `/retry` judges, so a retry that succeeded is not run again.
   */
  lastRetry?: { grant: RetryGrant; record?: ExecutionRecord };
}

/** Undefined when the PR is not merged. One API call; the rest is read from the checkout. */
export async function mergedPrRequests(
  github: GitHubPort,
  where: Repo & { repoDir: string; pr: number },
): Promise<{ commit: string; mergedAt: Date; requests: MergedRequest[] } | undefined> {
  const pull = await github.pulls.get({ owner: where.owner, repo: where.repo }, where.pr);
  const commit = pull.merge_commit_sha;
  if (!pull.merged_at || !commit) return undefined;
  const { paths, at } = await requestsAddedBy(where.repoDir, commit);
  const index = await indexRecords(where.repoDir);
  const store = new RecordStore(where.repoDir);
  const grants = await retryGrantsIn(where.repoDir);
  const requests: MergedRequest[] = [];
  const read = async (key: string) => {
    const recordPath = index.records.get(key);
    // A path with ':' names a record on another ref (the records' own branch), not in this checkout.
    return recordPath && !recordPath.includes(':') ? await store.read(recordPath) : undefined;
  };
  for (const path of paths) {
    const ref = { path, commit, mergedAt: at };
    const record = await read(keyOfRequest(ref));
    const grant = record
      ? grants.filter((g) => g.of === record.id && g.request === path && g.commit === commit).at(-1)
      : undefined;
    const retried = grant ? await read(keyOfRequest(ref, retryTag(grant))) : undefined;
    requests.push({
      path,
      ...(record ? { record } : {}),
      ...(grant ? { lastRetry: { grant, ...(retried ? { record: retried } : {}) } } : {}),
    });
  }
  return { commit, mergedAt: at, requests };
}

/** The `/retry` grants in the checkout, oldest first. */
async function retryGrantsIn(repoDir: string): Promise<RetryGrant[]> {
  const out: RetryGrant[] = [];
  for (const f of await readdir(join(repoDir, RETRIES_DIR)).catch(() => [] as string[])) {
    if (!f.endsWith('.yaml')) continue;
    const g = RetryGrantSchema.safeParse(parse(await readFile(join(repoDir, RETRIES_DIR, f), 'utf8')));
    if (g.success) out.push(g.data);
  }
  return out.sort((a, b) => a.granted_at.localeCompare(b.granted_at));
}
