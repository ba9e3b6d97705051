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

/**
 * A git process holding the credential must run no code a step chose. Steps run in the checkout as
 * the same user, so they can write `.git/hooks`, `.git/config` and `.git/info/attributes`: hooks
 * (`--no-verify` skips only three), an fsmonitor, signing programs, and filter, merge and diff
 * drivers would all inherit the pipe; a proxy or `sslVerify=false` would receive the credential.
 * Configuration given through the environment wins over every file, so these are set there.
 */
const HARDENING: readonly (readonly [string, string])[] = [
  ['core.hooksPath', '/dev/null'],
  ['core.fsmonitor', 'false'],
  ['core.askPass', ''],
  ['commit.gpgSign', 'false'],
  ['tag.gpgSign', 'false'],
  ['http.sslVerify', 'true'],
  // Empty: no proxy at all (also none from the environment).
  ['http.proxy', ''],
  ['protocol.ext.allow', 'never'],
];

/** Configuration keys whose value is a command git runs: found in the repository, then neutralised. */
export const DRIVER_KEY =
  /^(filter\..+\.(clean|smudge|process)|merge\..+\.driver|diff\..+\.(textconv|command))$/i;

/** What a driver key is set to instead: `cat` passes content through, `false` makes a merge conflict. */
function neutral(key: string): string {
  if (/\.process$/i.test(key) || /^diff\..+\.command$/i.test(key)) return '';
  if (/^merge\./i.test(key)) return 'false';
  return 'cat';
}

/**
 * How to start one git process with the credential; undefined when there is none. `drivers`: the
 * driver keys the repository's configuration sets (`git config --get-regexp`), each neutralised.
 */
export function gitAuth(
  env: Record<string, string | undefined>,
  drivers: readonly string[] = [],
): GitAuth | undefined {
  if (!credential) return undefined;
  const key = `credential.${credential.serverUrl}.helper`;
  const entries: [string, string][] = [
    ...HARDENING.map(([k, v]) => [k, v] as [string, string]),
    ...drivers.filter((d) => DRIVER_KEY.test(d)).map((d) => [d, neutral(d)] as [string, string]),
    // An empty value first: helpers configured elsewhere (a cache, a store) are not asked.
    [key, ''],
    [key, HELPER],
  ];
  const n = Number(env.GIT_CONFIG_COUNT ?? 0) || 0;
  const out: Record<string, string> = { GIT_CONFIG_COUNT: String(n + entries.length) };
  entries.forEach(([k, v], i) => {
    out[`GIT_CONFIG_KEY_${n + i}`] = k;
    out[`GIT_CONFIG_VALUE_${n + i}`] = v;
  });
  return { env: out, fd3: `username=x-access-token\npassword=${credential.token}\n` };
}

/** Whether the bot's git processes carry a credential (and so must be hardened). */
export function hasGitCredential(): boolean {
  return credential !== undefined;
}
