import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import * as core from '../adapters/actions-runner.js';
import { approvedSeen, liveNow } from '../app/execute/drift-guard.js';
import { mergedPrRequests } from '../app/execute/merged-pr-requests.js';
import type { ReconcileItem } from '../app/execute/reconcile.js';
import type { RecordPublisher } from '../app/records/record-publisher.js';
import type { GitHubPort } from '../app/shared/github-port.js';
import type { Observers } from '../app/shared/providers.js';
import { hasWriteAccess } from '../app/shared/write-access.js';
import { describeWorkload } from '../domain/plan/live-state.js';
import {
  grantPath,
  isRetryCommand,
  type RetryGrant,
  retryable,
  retryGrants,
} from '../domain/reconcile/retry-grant.js';
import type { ActionInputs } from './inputs.js';
import { upsertStickyComment } from './sticky-comment.js';

// `/retry` on a request's pull request: running an interrupted request again is a human decision,
// taken only by someone with write access. So is running one the drift guard denied (`on_drift:
// deny`, the cluster moved since the approval): the `/retry` is the fresh approval, so the grant
// re-reads the request's workloads and keeps them as the plan approved now — the retry's own drift
// guard compares with that, and a second move before it runs denies it again. The grant is committed and pushed before anything runs,
// so a dropped or cancelled run cannot lose it, and it names the comment, so a re-delivery of the
// same comment grants nothing twice. The reconcile that follows runs it like any merged request,
// with every other pending one in merge order, and the reply then names each request the job ran.
// A `/retry` that grants nothing (refused, not merged, nothing interrupted) runs nothing at all —
// no reconcile — and its reply says so.

export interface CommentEvent {
  issue?: { number: number; pull_request?: unknown };
  comment?: {
    id: number;
    body?: string | null;
    html_url?: string;
    user?: { login: string; type?: string } | null;
  };
}

async function reply(github: GitHubPort, inputs: ActionInputs, pr: number, commentId: number, text: string) {
  const where = { owner: inputs.owner, repo: inputs.repo, issue_number: pr };
  await upsertStickyComment(
    github,
    where,
    `<!-- intentops:retry=${commentId} -->`,
    `${text}\n\n<!-- intentops:retry=${commentId} -->\n`,
  ).catch((err: unknown) => core.warning(`could not answer /retry on #${pr}: ${(err as Error).message}`));
}

/** A `/retry` that granted something: the reconcile runs, then `reportRetry` answers. */
export interface GrantedRetry {
  pr: number;
  commentId: number;
  login: string;
  grants: RetryGrant[];
}

/**
 * Grants the retries a `/retry` comment asks for, pushed before anything runs; undefined when it
 * grants nothing, and then the job must run nothing (the reply has said so).
 */
export async function grantRetries(
  github: GitHubPort | undefined,
  inputs: ActionInputs,
  event: CommentEvent,
  publisher: RecordPublisher,
  observers?: Pick<Observers, 'kube'>,
): Promise<GrantedRetry | undefined> {
  const comment = event.comment;
  const pr = event.issue?.number;
  if (!comment || pr === undefined || !event.issue?.pull_request || !isRetryCommand(comment.body)) {
    core.info('not a /retry comment on a pull request: nothing to grant, nothing run');
    return undefined;
  }
  if (!github) throw new Error('/retry needs a token to check the commenter and the pull request');
  const login = comment.user?.login ?? '';
  if (!login || !(await hasWriteAccess(github, { owner: inputs.owner, repo: inputs.repo }, login))) {
    core.warning(
      `/retry by ${login || 'an unknown user'} refused: only people with write access may run a request again; nothing run`,
    );
    await reply(
      github,
      inputs,
      pr,
      comment.id,
      `\`/retry\` refused: only people with write access to this repository can run a request again, and ${login ? `\`${login}\`` : 'the commenter'} has none. Nothing was run.`,
    );
    return undefined;
  }
  const merged = await mergedPrRequests(github, {
    owner: inputs.owner,
    repo: inputs.repo,
    repoDir: inputs.repoPath,
    pr,
  });
  if (!merged) {
    await reply(
      github,
      inputs,
      pr,
      comment.id,
      '`/retry` runs a merged request again: this pull request is not merged. Nothing was run.',
    );
    return undefined;
  }
  const { grants: asked, refused } = retryGrants(merged.requests, {
    commit: merged.commit,
    mergedAt: merged.mergedAt,
    by: login,
    comment,
    now: new Date(),
  });
  const grants: RetryGrant[] = [];
  for (const g of asked) {
    const request = merged.requests.find((r) => r.path === g.request);
    if (retryable(request?.lastRetry?.record ?? request?.record) !== 'drift') {
      grants.push(g);
      continue;
    }
    const fresh = await freshPlan(github, inputs, pr, g.request, observers);
    if (typeof fresh === 'string') refused.push(`\`${g.request}\`: ${fresh}`);
    else grants.push({ ...g, seen: fresh });
  }
  if (grants.length === 0) {
    await reply(
      github,
      inputs,
      pr,
      comment.id,
      `Nothing to retry: only an interrupted request, or one denied because the cluster moved since its approval, can be retried. Nothing was run.\n\n${refused.map((r) => `- ${r}`).join('\n')}`,
    );
    return undefined;
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
    github,
    inputs,
    pr,
    comment.id,
    [`${askedBy({ login, grants })}: granted, running now.`, ...replanned(grants)].join('\n'),
  );
  return { pr, commentId: comment.id, login, grants };
}

/**
 * A drift-denied request's workloads as they are now (what this `/retry` approves), or why they
 * cannot be read: then nothing is granted, since running it would approve a state nobody saw.
 */
async function freshPlan(
  github: GitHubPort,
  inputs: ActionInputs,
  pr: number,
  path: string,
  observers: Pick<Observers, 'kube'> | undefined,
): Promise<RetryGrant['seen'] | string> {
  const cannot =
    'the cluster moved since its approval and its live state cannot be read now for a fresh plan';
  const seen = await approvedSeen(github, { owner: inputs.owner, repo: inputs.repo }, pr, path);
  if (!seen?.length || !observers) return `${cannot} (no plan noted its workloads, or no kubeconfig)`;
  try {
    const now = await liveNow(seen, observers);
    return now ?? `${cannot} (the kubeconfig may not list every kind of its workloads)`;
  } catch (err) {
    // The error may name the API server: the log has it, the public reply does not.
    core.warning(`${path}: the live state for /retry could not be read: ${(err as Error).message}`);
    return `${cannot} (the cluster could not be listed: see the job's log)`;
  }
}

/** What the grants of drift-denied requests approved: their workloads as read for the `/retry`. */
function replanned(grants: readonly RetryGrant[]): string[] {
  const lines = grants.flatMap((g) =>
    g.seen ? g.seen.map((w) => `- \`${g.request}\`: ${describeWorkload(w).replace(/[<>`]/g, '')}`) : [],
  );
  return lines.length
    ? [
        '',
        'Re-planned against the live state now (the run compares with this; if the cluster moves again before it runs, it is denied again):',
        '',
        ...lines,
      ]
    : [];
}

const askedBy = (r: Pick<GrantedRetry, 'login' | 'grants'>) =>
  `\`${r.login}\` asked to run ${r.grants.map((g) => `\`${g.request}\``).join(', ')} again`;

/**
 * The answer once the job is done: each request it ran (the retry, and every other pending request
 * the reconcile ran before or after it) with its outcome and record, and what still waits.
 */
export function renderRetryOutcome(
  retry: Pick<GrantedRetry, 'login' | 'grants'>,
  items: readonly ReconcileItem[],
  link: (recordPath: string) => string,
  rollbacks = 0,
): string {
  const retried = new Set(retry.grants.map((g) => g.request));
  const line = (i: ReconcileItem) => {
    const what = `\`${i.path}\` (${retried.has(i.path) ? 'the retry' : 'pending'})`;
    if (!i.record) return `- ${what}: not run, still waiting — ${i.reason ?? 'see the job'}`;
    const record = i.recordPath ? ` ([record](${link(i.recordPath)}))` : '';
    // An interrupted record lists no step, yet its lost run may have run some: never "no step ran".
    const steps = i.record.commands_run.length
      ? ''
      : i.record.status === 'interrupted'
        ? ', its run was lost and its steps may have run in part'
        : ', no step ran';
    return `- ${what}: \`${i.id}\` **${i.record.status}**${steps}${record}`;
  };
  const missing = retry.grants
    .filter((g) => !items.some((i) => i.path === g.request))
    .map(
      (g) => `- \`${g.request}\` (the retry): not run by this job — another run has it, or it already ran`,
    );
  const others = items.some((i) => !retried.has(i.path))
    ? ' — the retry job reconciles, so it also runs every other merged request still pending, in merge order'
    : '';
  const recorded = items.filter((i) => i.record).length;
  return [
    `${askedBy(retry)}: granted.`,
    '',
    recorded ? `This job ran ${recorded} request(s)${others}:` : `This job ran no request${others}:`,
    '',
    ...items.map(line),
    ...missing,
    ...(rollbacks
      ? ['', `It also ran ${rollbacks} rollback(s) a failed bake asked for (see their records).`]
      : []),
  ].join('\n');
}

/** Replaces the "running now" reply with what the job ran. */
export async function reportRetry(
  github: GitHubPort,
  inputs: ActionInputs,
  retry: GrantedRetry,
  text: string,
): Promise<void> {
  await reply(github, inputs, retry.pr, retry.commentId, text);
}
