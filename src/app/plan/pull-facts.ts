import { describeApprovals } from '../../domain/policy/approvals.js';
import type { PolicyFacts } from '../../domain/policy/policy.js';
import type { GitHubPort, Repo } from '../shared/github-port.js';
import type { Catalog } from '../shared/load-repo.js';
import { type PullLike, prFacts, proposerTeams } from '../shared/pr-facts.js';

// What the plan on a pull request needs to judge its requests: the PR's author (the proposer: a
// request's `proposed_by` cannot override it) and its approvals of this head.

/**
 * The event carries the author, so only the reviews are read (one listing; the PR too when the
 * payload lacks the author). Without a port (no token) or when GitHub cannot be read, approvals stay
 * unknown and the plan shows the rule as informational — execute time counts them again.
 */
export async function pullFacts(
  github: GitHubPort | undefined,
  where: Repo & {
    number: number;
    repoDir: string;
    /** The loaded catalog, or its promise: the reviews are asked for while it loads. */
    catalog?: Pick<Catalog, 'policies'> | Promise<Pick<Catalog, 'policies'>>;
  },
  known: { head: PullLike['head']; user?: PullLike['user'] | undefined },
  warn: (line: string) => void,
): Promise<Pick<PolicyFacts, 'approvals' | 'approvalDetail' | 'proposer' | 'proposerTeams'>> {
  if (!github) return { approvals: null };
  const { head, user } = known;
  const pr = { owner: where.owner, repo: where.repo, number: where.number };
  try {
    const teamsOf = async (author: string) =>
      author ? proposerTeams(github, (await where.catalog) ?? where.repoDir, author) : [];
    // The event names the author: the reviews and the author's teams are asked for together.
    const [facts, teams] = user
      ? await Promise.all([prFacts(github, pr, { number: where.number, user, head }), teamsOf(user.login)])
      : await prFacts(github, pr).then(async (f) => [f, await teamsOf(f.author)] as const);
    return {
      approvals: facts.approvals.count,
      approvalDetail: describeApprovals(facts.approvals),
      ...(facts.author ? { proposer: facts.author } : {}),
      ...(teams.length ? { proposerTeams: teams } : {}),
    };
  } catch (err) {
    warn(`could not read the pull request's reviews: ${(err as Error).message}`);
    return { approvals: null };
  }
}
