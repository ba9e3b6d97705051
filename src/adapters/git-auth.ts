/*
 * The token the bot's own git processes authenticate with, and how it reaches them. Not in their
 * environment nor on their command line: a step's leftover process of the same user reads both
 * (`/proc/<pid>/environ`, `cmdline`), and not in `.git/config`, which every step reads. Instead each
 * git process gets a pipe on file descriptor 3 holding the credential, and a credential helper,
 * scoped to the server's URL, that git runs only when the server asks (a 401) and that reads it from
 * there. The helper's text is in the environment; the token is not.
 */

/** `get` answers from the pipe; `store` and `erase` do nothing. */
const HELPER = '!f() { if [ "$1" = get ]; then cat <&3; fi; }; f';

let credential: { serverUrl: string; token: string } | undefined;

/** From now on the bot's git processes authenticate to `serverUrl` with `token` ('' = none). */
export function useGitToken(serverUrl: string, token: string): void {
  credential = token ? { serverUrl: serverUrl.replace(/\/+$/, ''), token } : undefined;
}

export interface GitAuth {
  /** Git configuration through the environment (GIT_CONFIG_COUNT/KEY/VALUE, git ≥ 2.31). */
  env: Record<string, string>;
  /** What the git process reads on file descriptor 3. */
  fd3: string;
}

/** How to start one git process with the credential; undefined when there is none. */
export function gitAuth(env: Record<string, string | undefined>): GitAuth | undefined {
  if (!credential) return undefined;
  const n = Number(env.GIT_CONFIG_COUNT ?? 0) || 0;
  const key = `credential.${credential.serverUrl}.helper`;
  return {
    env: {
      GIT_CONFIG_COUNT: String(n + 2),
      // An empty value first: helpers configured elsewhere (a cache, a store) are not asked.
      [`GIT_CONFIG_KEY_${n}`]: key,
      [`GIT_CONFIG_VALUE_${n}`]: '',
      [`GIT_CONFIG_KEY_${n + 1}`]: key,
      [`GIT_CONFIG_VALUE_${n + 1}`]: HELPER,
    },
    fd3: `username=x-access-token\npassword=${credential.token}\n`,
  };
}
