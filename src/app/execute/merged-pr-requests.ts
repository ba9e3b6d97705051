import { RecordStore } from '../../adapters/record-store.js';
import { requestsAddedBy } from '../../adapters/request-history.js';
import { keyOfRequest } from '../../domain/reconcile/request-id.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import { indexRecords } from '../records/record-index.js';
import type { GitHubPort, Repo } from '../shared/github-port.js';

// The requests a merged pull request added, each with the record of its run when there is one:
// what `/retry` and `/rollback` on a request's PR act on.

export interface MergedRequest {
  path: string;
  record?: ExecutionRecord;
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
  const requests: MergedRequest[] = [];
  for (const path of paths) {
    const recordPath = index.records.get(keyOfRequest({ path, commit, mergedAt: at }));
    // A path with ':' names a record on another ref (the records' own branch), not in this checkout.
    const record = recordPath && !recordPath.includes(':') ? await store.read(recordPath) : undefined;
    requests.push({ path, ...(record ? { record } : {}) });
  }
  return { commit, mergedAt: at, requests };
}
