import { useGitToken } from '../adapters/git-auth.js';
import { runGit } from '../adapters/git-run.js';

/*
 * Every job that may run a catalog command checks out with `persist-credentials: false`: a token in
 * `.git/config` is readable by every step, and one `cat .git/config` would put it in a record pushed
 * to git. The bot's own git processes get the token on a pipe instead (src/adapters/git-auth.ts).
 */

/**
 * Gives this process's git commands the token, unless the checkout already persisted one: a stale
 * persisted header and the helper's would make two Authorization headers, which GitHub refuses.
 */
export async function useGitCredentials(repoDir: string, serverUrl: string, token: string): Promise<boolean> {
  if (!token) return false;
  const key = `http.${serverUrl.replace(/\/+$/, '')}/.extraheader`;
  // Exit 1: no such key (or not a repository yet): nothing persisted.
  const persisted = await runGit(repoDir, ['config', '--local', '--get-all', key]);
  if (persisted.ok && persisted.stdout.toString('utf8').trim()) return false;
  useGitToken(serverUrl, token);
  return true;
}
