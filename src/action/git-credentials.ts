import { execFileSync } from 'node:child_process';
import * as core from '@actions/core';

/*
 * The execute job checks out with `persist-credentials: false`: a token in `.git/config` is
 * readable by every step, and one `cat .git/config` would put it in a record pushed to git. The
 * bot's own git processes get it instead through git's environment configuration
 * (GIT_CONFIG_COUNT/KEY/VALUE, git ≥ 2.31), as the same `http.<server>/.extraheader` that
 * actions/checkout would have written. Steps never see it: their environment is explicit
 * (src/app/execute/step-env.ts).
 */

/** The environment entries that give git the token for `serverUrl`, after any already in `env`. */
export function gitAuthEnv(
  serverUrl: string,
  token: string,
  env: Record<string, string | undefined> = process.env,
): Record<string, string> {
  const n = Number(env.GIT_CONFIG_COUNT ?? 0) || 0;
  const basic = Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
  return {
    GIT_CONFIG_COUNT: String(n + 1),
    [`GIT_CONFIG_KEY_${n}`]: `http.${serverUrl.replace(/\/+$/, '')}/.extraheader`,
    [`GIT_CONFIG_VALUE_${n}`]: `AUTHORIZATION: basic ${basic}`,
  };
}

/**
 * Gives this process's git commands the token, unless the checkout already persisted one: two
 * Authorization headers make GitHub refuse the request.
 */
export function useGitCredentials(repoDir: string, serverUrl: string, token: string): boolean {
  if (!token) return false;
  const key = `http.${serverUrl.replace(/\/+$/, '')}/.extraheader`;
  let persisted = '';
  try {
    persisted = execFileSync('git', ['config', '--local', '--get-all', key], {
      cwd: repoDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    // Exit 1: no such key (or not a repository yet): nothing persisted.
  }
  if (persisted.trim()) return false;
  const env = gitAuthEnv(serverUrl, token);
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('GIT_CONFIG_VALUE_')) core.setSecret(value);
    process.env[name] = value;
  }
  return true;
}
