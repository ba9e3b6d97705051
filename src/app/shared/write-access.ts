import { canWrite } from '../../domain/policy/approvals.js';
import { statusOf } from './github-calls.js';
import type { GitHubPort } from './github-port.js';

// Who may steer the bot: only people with write access to the repository approve a request (as
// GitHub's branch protection counts them) — and, later, may `/retry` or `/rollback`. One call per
// login per run: the answer is cached on the port, which lives as long as the run.

export interface RepoAccess {
  write: boolean;
  /** The role GitHub names (admin, maintain, write, triage, read, a custom role), or `none`. */
  role: string;
}

const cache = new WeakMap<GitHubPort, Map<string, Promise<RepoAccess>>>();

/**
 * `login`'s access to `owner/repo`: GitHub's collaborator permission endpoint. A 404 (not a
 * collaborator of a private repository, or no such user) is no access; any other error propagates,
 * so a caller fails closed (execute) or says the count is unknown (plan). A failed look-up is not
 * cached: the next call asks again.
 */
export function repoAccess(
  github: GitHubPort,
  where: { owner: string; repo: string },
  login: string,
): Promise<RepoAccess> {
  let known = cache.get(github);
  if (!known) {
    known = new Map();
    cache.set(github, known);
  }
  // Owner, repository and login are case-insensitive on GitHub; NUL cannot occur in any of them.
  const key = [where.owner, where.repo, login].map((s) => s.toLowerCase()).join('\u0000');
  const hit = known.get(key);
  if (hit) return hit;
  const asked = github.permissions.collaborator({ owner: where.owner, repo: where.repo }, login).then(
    (data): RepoAccess => ({ write: canWrite(data), role: data.role_name || data.permission }),
    (err: unknown): RepoAccess => {
      if (statusOf(err) === 404) return { write: false, role: 'none' };
      known.delete(key);
      throw err;
    },
  );
  known.set(key, asked);
  return asked;
}

/** Whether `login` may write to `owner/repo` (admin, maintain, write or a custom role based on write). */
export async function hasWriteAccess(
  github: GitHubPort,
  where: { owner: string; repo: string },
  login: string,
): Promise<boolean> {
  return (await repoAccess(github, where, login)).write;
}
