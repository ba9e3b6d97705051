import type { ChangedFile } from '../adapters/git-diff.js';
import type { GitHubClient } from '../adapters/github-client.js';
import { classifyRequestPath } from '../domain/request/request-path.js';
import type { PlannedRequest } from './plan-comment.js';

// An agent's request that the policies let proceed without a human: GitHub's auto-merge (GraphQL
// only) merges the PR once its required checks pass, and the merge's execute run judges it again.
// The policies judge the requests only: auto-merge must not carry anything else into the branch
// (an app's manifests, the notify config, the bot's own logs and records), so a PR gets it only
// when each of its changes is a new request file.

/** The agent and whether its PR may merge alone; `others` are the changes that need a human's eye. */
export interface AutoMergeVerdict {
  agent: string;
  /** Changes besides new request files, as `path (what happened)`: any one of them needs a human. */
  others: string[];
}

const WHAT: Record<ChangedFile['status'], string> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  R: 'renamed',
  C: 'copied',
  T: 'type changed',
};

/** Every change of the PR that is not a new file under `intents/requests/`. */
export function notNewRequests(diff: readonly ChangedFile[]): string[] {
  return diff
    .filter((f) => !(f.status === 'A' && classifyRequestPath(f.path).kind === 'request'))
    .map((f) => `${f.path} (${WHAT[f.status] ?? f.status})`);
}

/**
 * The agent, when every request in the PR is one the policies let merge alone: with `others`
 * empty, the PR may auto-merge; otherwise it holds more than new requests and a human merges it.
 * Undefined when the policies themselves want a human (or the PR is invalid or has no request).
 */
export function autoMergeAgent(
  requests: readonly PlannedRequest[],
  opts: { valid: boolean; diff: readonly ChangedFile[] },
): AutoMergeVerdict | undefined {
  if (!opts.valid || requests.length === 0) return undefined;
  const agents = new Set<string>();
  for (const r of requests) {
    const policy = r.plan?.policy;
    if (policy?.verdict !== 'allow' || !policy.autoMerge || !policy.agent) return undefined;
    agents.add(policy.agent);
  }
  return { agent: [...agents].join(', '), others: notNewRequests(opts.diff) };
}

const READ = `query ($id: ID!) {
  node(id: $id) { ... on PullRequest { autoMergeRequest { mergeMethod } } }
}`;
const DISABLE = `mutation ($id: ID!) {
  disablePullRequestAutoMerge(input: { pullRequestId: $id }) {
    pullRequest { autoMergeRequest { mergeMethod } }
  }
}`;
const ENABLE = `mutation ($id: ID!) {
  enablePullRequestAutoMerge(input: { pullRequestId: $id, mergeMethod: SQUASH }) {
    pullRequest { autoMergeRequest { mergeMethod } }
  }
}`;

interface AutoMergeState {
  node: { autoMergeRequest?: { mergeMethod: string } | null } | null;
}

/** Enables squash auto-merge once: a PR that already has it (a re-run, a new push) is left alone. */
export async function enableAutoMerge(
  octokit: GitHubClient,
  where: { owner: string; repo: string; number: number },
): Promise<'enabled' | 'already enabled'> {
  const { data: pull } = await octokit.rest.pulls.get({
    owner: where.owner,
    repo: where.repo,
    pull_number: where.number,
  });
  const now = await octokit.graphql<AutoMergeState>(READ, { id: pull.node_id });
  if (now.node?.autoMergeRequest) return 'already enabled';
  await octokit.graphql(ENABLE, { id: pull.node_id });
  return 'enabled';
}

/**
 * Turns auto-merge off when it is on: a PR that had it (an earlier push held only a request) and
 * now holds more must wait for a human. GitHub keeps auto-merge across pushes by writers.
 */
export async function disableAutoMerge(
  octokit: GitHubClient,
  where: { owner: string; repo: string; number: number },
): Promise<'disabled' | 'was off'> {
  const { data: pull } = await octokit.rest.pulls.get({
    owner: where.owner,
    repo: where.repo,
    pull_number: where.number,
  });
  const now = await octokit.graphql<AutoMergeState>(READ, { id: pull.node_id });
  if (!now.node?.autoMergeRequest) return 'was off';
  await octokit.graphql(DISABLE, { id: pull.node_id });
  return 'disabled';
}
