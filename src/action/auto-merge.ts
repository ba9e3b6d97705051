import type { GitHubClient } from '../adapters/github-client.js';
import type { PlannedRequest } from './plan-comment.js';

// An agent's request that the policies let proceed without a human: GitHub's auto-merge (GraphQL
// only) merges the PR once its required checks pass, and the merge's execute run judges it again.

/** The agent, when every request in the PR may merge alone and nothing else needs a human's eye. */
export function autoMergeAgent(
  requests: readonly PlannedRequest[],
  opts: { valid: boolean; mixed: readonly string[] },
): string | undefined {
  if (!opts.valid || opts.mixed.length > 0 || requests.length === 0) return undefined;
  const agents = new Set<string>();
  for (const r of requests) {
    const policy = r.plan?.policy;
    if (policy?.verdict !== 'allow' || !policy.autoMerge || !policy.agent) return undefined;
    agents.add(policy.agent);
  }
  return [...agents].join(', ');
}

const READ = `query ($id: ID!) {
  node(id: $id) { ... on PullRequest { autoMergeRequest { mergeMethod } } }
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
