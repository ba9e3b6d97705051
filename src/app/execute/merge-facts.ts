import { describeApprovals } from '../../domain/policy/approvals.js';
import type { GitHubPort, Repo } from '../shared/github-port.js';
import { prFacts, prForCommit, proposerTeams } from '../shared/pr-facts.js';

// The policies are enforced again on the merge: the merge commit's PR gives the approvals and the
// proposer, counted now, so an admin merge past the plan's checks runs nothing it would not allow.

export interface MergeFacts {
  pr?: number;
  approvals: number;
  approvalDetail: string;
  approvalsFrom?: { approvers: string[]; headSha: string; pr: number };
  proposer?: string;
  proposerTeams?: string[];
  prOpenedAt?: string;
}

/**
 * The facts of the PR that merged `sha`. No PR (a direct push to the branch) or no port (no token)
 * means no approvals: 0, so a policy that requires approvals denies — fail closed. A GitHub error
 * propagates: nothing runs and the next run tries again.
 */
export async function mergeFacts(
  github: GitHubPort | undefined,
  where: Repo & { repoDir: string; sha: string },
  log: { info: (line: string) => void; warn: (line: string) => void },
): Promise<MergeFacts> {
  if (!github) return { approvals: 0, approvalDetail: 'no token to read the pull request: counted as 0' };
  const { sha } = where;
  const repo = { owner: where.owner, repo: where.repo };
  const pull = await prForCommit(github, { ...repo, sha });
  if (!pull) {
    log.warn(`${sha.slice(0, 7)} came from no pull request (a direct push): approvals count as 0`);
    return { approvals: 0, approvalDetail: 'a direct push, no pull request: counted as 0' };
  }
  const facts = await prFacts(github, { ...repo, number: pull.number }, pull);
  log.info(`#${pull.number} by ${facts.author}: ${describeApprovals(facts.approvals)}`);
  const teams = facts.author ? await proposerTeams(github, where.repoDir, facts.author) : [];
  return {
    pr: pull.number,
    approvals: facts.approvals.count,
    approvalDetail: describeApprovals(facts.approvals),
    approvalsFrom: { approvers: facts.approvals.approvers, headSha: facts.headSha, pr: pull.number },
    ...(facts.author ? { proposer: facts.author } : {}),
    ...(pull.created_at ? { prOpenedAt: pull.created_at } : {}),
    ...(teams.length ? { proposerTeams: teams } : {}),
  };
}
