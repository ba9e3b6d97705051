import type { GitHubPort } from '../app/shared/github-port.js';
import { InputError } from '../domain/input/errors.js';

// GitHub from the environment, for the CLI's API paths (`propose --pr`, `learn --pr`, `mcp`): the
// token in GITHUB_TOKEN or GH_TOKEN, the repository in GITHUB_REPOSITORY, GITHUB_API_URL for GHES.

export interface GitHubFromEnv {
  github: GitHubPort;
  owner: string;
  repo: string;
  serverUrl: string;
}

/** null when no token or repository is set (the caller works locally). */
export async function githubFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  log?: (message: string) => void,
): Promise<GitHubFromEnv | null> {
  const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
  if (!token || !env.GITHUB_REPOSITORY) return null;
  const [owner, repo, ...rest] = env.GITHUB_REPOSITORY.split('/');
  if (!owner || !repo || rest.length) {
    throw new InputError([
      {
        file: 'GITHUB_REPOSITORY',
        severity: 'error',
        message: `expected owner/repo, got ${JSON.stringify(env.GITHUB_REPOSITORY)}`,
      },
    ]);
  }
  const { connectGitHub } = await import('../adapters/github/github-adapter.js');
  const github = connectGitHub({
    token,
    ...(log ? { log } : {}),
    ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}),
  });
  return { github, owner, repo, serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com' };
}

/** The same, for a flag that cannot work without it: a usage error naming the flag. */
export async function requireGitHub(
  flag: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<GitHubFromEnv> {
  const gh = await githubFromEnv(env);
  if (gh) return gh;
  throw new InputError([
    {
      file: flag,
      severity: 'error',
      message: 'needs GITHUB_TOKEN (or GH_TOKEN) and GITHUB_REPOSITORY=owner/repo',
    },
  ]);
}
