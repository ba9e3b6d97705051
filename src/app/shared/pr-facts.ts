import { type ApprovalCount, countApprovals } from '../../domain/policy/approvals.js';
import { teamsNamed } from '../../domain/policy/policy.js';
import { allOf, type GitHubPort } from './github-port.js';
import { type Catalog, loadRepo } from './load-repo.js';
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
 * One listing of reviews, one permission look-up per approver of the head (cached per run), plus
 * one read of the pull request unless the caller already holds the pull request (e.g. from `prForCommit`).
 */
export async function prFacts(
  github: GitHubPort,
  where: Repo & { number: number },
  known?: PullLike,
): Promise<PrFacts> {
  const { owner, repo, number } = where;
  const pull: PullLike = known ?? (await github.pulls.get({ owner, repo }, number));
  const reviews = await allOf(github.reviews.list({ owner, repo }, number));
  // A PR whose author account was deleted has user null; nobody is then excluded as the author.
  const author = pull.user?.login ?? '';
  const counting = { author, headSha: pull.head.sha };
  // Only the approvers who would count need their access looked up: count once to learn who they are.
  // Asked together: each is a round trip to GitHub.
  const approvers = countApprovals(reviews, counting).approvers;
  const looked = await Promise.all(approvers.map((login) => repoAccess(github, { owner, repo }, login)));
  const access = new Map<string, RepoAccess>(approvers.map((login, i) => [login, looked[i] as RepoAccess]));
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
  github: GitHubPort,
  where: Repo & { sha: string },
): Promise<PullLike | undefined> {
  const data = await github.pulls.forCommit({ owner: where.owner, repo: where.repo }, where.sha);
  return data.find((p) => p.merged_at && p.merge_commit_sha === where.sha) ?? data[0];
}

/**
 * Which of the named teams (`org/team`) the login belongs to: one call per team the policies name
 * (usually none). 404 means not a member; any other error propagates.
 */
export async function teamsOf(
  github: GitHubPort,
  login: string,
  teams: readonly string[],
): Promise<string[]> {
  // Asked together (a round trip each), kept in the order the policies name them.
  const member = await Promise.all(
    teams.map(async (team) => {
      const [org, slug] = team.split('/');
      if (!org || !slug) return false;
      try {
        return (await github.permissions.teamMembership(org, slug, login)) === 'active';
      } catch (err) {
        if ((err as { status?: number }).status !== 404) throw err;
        return false;
      }
    }),
  );
  return teams.filter((_, i) => member[i]);
}

/**
 * The proposer's teams among those the repository's policies name: read from `repo`'s policy files,
 * or from a catalog the caller has loaded already (the plan has: loading the repository again is
 * most of its reading and parsing).
 */
export async function proposerTeams(
  github: GitHubPort,
  repo: string | Pick<Catalog, 'policies'>,
  login: string,
): Promise<string[]> {
  const catalog = typeof repo === 'string' ? (await loadRepo(repo, [])).catalog : repo;
  const named = teamsNamed(catalog.policies.flatMap((f) => f.data.policies));
  return named.length ? teamsOf(github, login, named) : [];
}
