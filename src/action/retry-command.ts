import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as core from '@actions/core';
import { stringify } from 'yaml';
import type { GitHubClient } from '../adapters/github-client.js';
import { RecordStore } from '../adapters/record-store.js';
import { requestsAddedBy } from '../adapters/request-history.js';
import { indexRecords } from '../app/execute/record-index.js';
import type { RecordPublisher } from '../app/execute/record-publisher.js';
import { hasWriteAccess } from '../app/validate/write-access.js';
import { keyOfRequest } from '../domain/reconcile/request-id.js';
import { grantPath, isRetryCommand, type RetryGrant } from '../domain/reconcile/retry-grant.js';
import type { ActionInputs } from './inputs.js';
import { upsertStickyComment } from './sticky-comment.js';

// `/retry` on a request's pull request: running an interrupted request again is a human decision,
// taken only by someone with write access. The grant is committed and pushed before anything runs,
// so a dropped or cancelled run cannot lose it, and it names the comment, so a re-delivery of the
// same comment grants nothing twice. The reconcile that follows runs it like any merged request.

export interface CommentEvent {
  issue?: { number: number; pull_request?: unknown };
  comment?: {
    id: number;
    body?: string | null;
    html_url?: string;
    user?: { login: string; type?: string } | null;
  };
}

async function reply(
  octokit: GitHubClient,
  inputs: ActionInputs,
  pr: number,
  commentId: number,
  text: string,
) {
  const where = { owner: inputs.owner, repo: inputs.repo, issue_number: pr };
  await upsertStickyComment(
    octokit,
    where,
    `<!-- intentops:retry=${commentId} -->`,
    `${text}\n\n<!-- intentops:retry=${commentId} -->\n`,
  ).catch((err: unknown) => core.warning(`could not answer /retry on #${pr}: ${(err as Error).message}`));
}

/** Grants the retries a `/retry` comment asks for; returns how many were granted. */
export async function grantRetries(
  octokit: GitHubClient | undefined,
  inputs: ActionInputs,
  event: CommentEvent,
  publisher: RecordPublisher,
): Promise<number> {
  const comment = event.comment;
  const pr = event.issue?.number;
  if (!comment || pr === undefined || !event.issue?.pull_request || !isRetryCommand(comment.body)) {
    core.info('not a /retry comment on a pull request: nothing to grant');
    return 0;
  }
  if (!octokit) throw new Error('/retry needs a token to check the commenter and the pull request');
  const login = comment.user?.login ?? '';
  if (!login || !(await hasWriteAccess(octokit, { owner: inputs.owner, repo: inputs.repo }, login))) {
    core.warning(
      `/retry by ${login || 'an unknown user'} ignored: only people with write access may run a request again`,
    );
    await reply(
      octokit,
      inputs,
      pr,
      comment.id,
      `@${login} only people with write access to this repository can \`/retry\` a request: nothing was run.`,
    );
    return 0;
  }
  const { data: pull } = await octokit.rest.pulls.get({
    owner: inputs.owner,
    repo: inputs.repo,
    pull_number: pr,
  });
  const sha = pull.merge_commit_sha;
  if (!pull.merged_at || !sha) {
    await reply(
      octokit,
      inputs,
      pr,
      comment.id,
      '`/retry` runs a merged request again: this pull request is not merged.',
    );
    return 0;
  }
  const { paths: added, at: merged } = await requestsAddedBy(inputs.repoPath, sha);
  const index = await indexRecords(inputs.repoPath);
  const store = new RecordStore(inputs.repoPath);
  const grants: RetryGrant[] = [];
  const refused: string[] = [];
  for (const path of added) {
    const recordPath = index.records.get(keyOfRequest({ path, commit: sha, mergedAt: merged }));
    const record = recordPath && !recordPath.includes(':') ? await store.read(recordPath) : undefined;
    if (record?.status !== 'interrupted') {
      refused.push(
        `\`${path}\`: ${record ? `its run ended as ${record.status}` : 'it has no interrupted record'}`,
      );
      continue;
    }
    grants.push({
      of: record.id,
      request: path,
      commit: sha,
      merged_at: merged.toISOString(),
      by: login,
      comment_id: comment.id,
      ...(comment.html_url ? { comment_url: comment.html_url } : {}),
      granted_at: new Date().toISOString(),
    });
  }
  if (grants.length === 0) {
    await reply(
      octokit,
      inputs,
      pr,
      comment.id,
      `Nothing to retry: only an interrupted request can be retried.\n\n${refused.map((r) => `- ${r}`).join('\n')}`,
    );
    return 0;
  }
  const paths: string[] = [];
  for (const g of grants) {
    const rel = grantPath(g);
    await mkdir(dirname(join(inputs.repoPath, rel)), { recursive: true });
    // A re-delivered comment finds its grant already written: `wx` keeps the first.
    await writeFile(join(inputs.repoPath, rel), stringify(g), { flag: 'wx' }).catch(() => {});
    paths.push(rel);
  }
  const out = await publisher.publish(
    paths,
    `intentops: retry ${grants.map((g) => g.of).join(', ')} granted by ${login}`,
  );
  if (!out.pushed) throw new Error(`the /retry grant could not be pushed: ${out.error}`);
  await reply(
    octokit,
    inputs,
    pr,
    comment.id,
    `@${login} asked to run ${grants.map((g) => `\`${g.request}\``).join(', ')} again: granted, running now.`,
  );
  return grants.length;
}
