import type { LearnResult } from '../app/learn/learn.js';
import { learnToGitHub } from '../app/learn/run-github.js';
import { InputError } from '../domain/errors.js';
import type { GlobalOptions } from './main.js';

/** `intentops learn --pr`: the same PRs the weekly action opens, from a workstation. */
export async function learnOnGitHub(g: GlobalOptions, result: LearnResult, now: Date): Promise<number> {
  const token = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN;
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
  if (!token || !owner || !repo) {
    throw new InputError([
      {
        file: '--pr',
        severity: 'error',
        message: 'needs GITHUB_TOKEN (or GH_TOKEN) and GITHUB_REPOSITORY=owner/repo',
      },
    ]);
  }
  const { createOctokit } = await import('../adapters/github-client.js');
  const octokit = createOctokit({
    token,
    ...(process.env.GITHUB_API_URL ? { baseUrl: process.env.GITHUB_API_URL } : {}),
  });
  const { published, ledgerPath } = await learnToGitHub(
    g.repo,
    result,
    {
      octokit,
      owner,
      repo,
      serverUrl: process.env.GITHUB_SERVER_URL ?? 'https://github.com',
      log: (l) => process.stderr.write(`${l}\n`),
    },
    now,
  );
  process.stdout.write(
    g.json
      ? `${JSON.stringify({ suggestions: result.suggestions, published, skipped: result.skipped, ledger: ledgerPath }, null, 2)}\n`
      : `${published.map((p) => `${p.id}: ${p.outcome}`).join('\n') || 'no suggestions'}\n`,
  );
  return 0;
}
