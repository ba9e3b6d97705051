import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  InputError
} from "./chunk-OPNGBO4A.js";

// src/cli/github-env.ts
async function githubFromEnv(env = process.env, log) {
  const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
  if (!token || !env.GITHUB_REPOSITORY) return null;
  const [owner, repo, ...rest] = env.GITHUB_REPOSITORY.split("/");
  if (!owner || !repo || rest.length) {
    throw new InputError([
      {
        file: "GITHUB_REPOSITORY",
        severity: "error",
        message: `expected owner/repo, got ${JSON.stringify(env.GITHUB_REPOSITORY)}`
      }
    ]);
  }
  const { createOctokit } = await import("./github-client-LLTBANP4.js");
  const octokit = createOctokit({
    token,
    ...log ? { log } : {},
    ...env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}
  });
  return { octokit, owner, repo, serverUrl: env.GITHUB_SERVER_URL ?? "https://github.com" };
}
async function requireGitHub(flag, env = process.env) {
  const gh = await githubFromEnv(env);
  if (gh) return gh;
  throw new InputError([
    {
      file: flag,
      severity: "error",
      message: "needs GITHUB_TOKEN (or GH_TOKEN) and GITHUB_REPOSITORY=owner/repo"
    }
  ]);
}

export {
  githubFromEnv,
  requireGitHub
};
