import type { GitHubClient } from '../../adapters/github-client.js';
import { type ApprovalCount, countApprovals } from '../../domain/policy/approvals.js';
import { teamsNamed } from '../../domain/policy/policy.js';
import { loadRepo } from '../shared/load-repo.js';
import { type RepoAccess, repoAccess } from './write-access.js';

// What the policies need to know about a request PR: who opened it and how many humans with write
// access approved its current head. Read at plan time (the PR event) and again at execute time (the
// merge commit's PR), so a merge that skipped the checks is judged on the same facts.

export interface Repo {
  owner: string;
  repo: string;
}

/** The parts of a pull request (full or simple) the facts come from. */
export interface PullLike {
  /** When the PR was opened: a change's lead time starts here. */
  created_at?: string;
  number: number;
  user: { login: string; type?: string } | null;
  head: { sha: string };
  merge_commit_sha?: string | null;
  merged_at?: string | null;
}

export interface PrFacts {
  number: number;
  author: string;
  headSha: string;
  approvals: ApprovalCount;
}

/**
 * One paginated listReviews, one permission look-up per approver of the head (cached per run), plus
 * one pulls.get unless the caller already holds the pull request (e.g. from `prForCommit`).
 */
export async function prFacts(
  octokit: GitHubClient,
  where: Repo & { number: number },
  known?: PullLike,
): Promise<PrFacts> {
  const { owner, repo, number } = where;
  const pull: PullLike = known ?? (await octokit.rest.pulls.get({ owner, repo, pull_number: number })).data;
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, {
    owner,
    repo,
    pull_number: number,
    per_page: 100,
  });
  // A PR whose author account was deleted has user null; nobody is then excluded as the author.
  const author = pull.user?.login ?? '';
  const counting = { author, headSha: pull.head.sha };
  // Only the approvers who would count need their access looked up: count once to learn who they are.
  const access = new Map<string, RepoAccess>();
  for (const login of countApprovals(reviews, counting).approvers) {
    access.set(login, await repoAccess(octokit, { owner, repo }, login));
  }
  return {
    number,
    author,
    headSha: pull.head.sha,
    approvals: countApprovals(reviews, {
      ...counting,
      access: (login) => access.get(login) ?? { write: false, role: 'unknown' },
    }),
  };
}

/**
 * The pull request a merge commit came from: among the PRs GitHub associates with the commit, the
 * merged one whose merge commit it is, else the first; undefined for a direct push. One request.
 */
export async function prForCommit(
  octokit: GitHubClient,
  where: Repo & { sha: string },
): Promise<PullLike | undefined> {
  const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
    owner: where.owner,
    repo: where.repo,
    commit_sha: where.sha,
    per_page: 100,
  });
  return data.find((p) => p.merged_at && p.merge_commit_sha === where.sha) ?? data[0];
}

/**
 * Which of the named teams (`org/team`) the login belongs to: one call per team the policies name
 * (usually none). 404 means not a member; any other error propagates.
 */
export async function teamsOf(
  octokit: GitHubClient,
  login: string,
  teams: readonly string[],
): Promise<string[]> {
  const out: string[] = [];
  for (const team of teams) {
    const [org, slug] = team.split('/');
    if (!org || !slug) continue;
    try {
      const r = await octokit.rest.teams.getMembershipForUserInOrg({ org, team_slug: slug, username: login });
      if (r.data.state === 'active') out.push(team);
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err;
    }
  }
  return out;
}

/** The proposer's teams among those the repository's policies name. */
export async function proposerTeams(
  octokit: GitHubClient,
  repoDir: string,
  login: string,
): Promise<string[]> {
  const { catalog } = await loadRepo(repoDir, []);
  const named = teamsNamed(catalog.policies.flatMap((f) => f.data.policies));
  return named.length ? teamsOf(octokit, login, named) : [];
}
