import { firstPage, type GitHubPort } from '../app/shared/github-port.js';
import type { ActionInputs } from './inputs.js';

// When the branch refuses the bot's push (protection rules), the records wait on their own branch;
// this opens the pull request that brings them in — once: a re-run finds the open one by its head.

export async function openRecordsPullRequest(
  github: GitHubPort,
  inputs: Pick<ActionInputs, 'owner' | 'repo' | 'runUrl'>,
  refs: { head: string; base: string },
): Promise<{ number: number; url: string; created: boolean }> {
  const { owner, repo } = inputs;
  const [existing] = await firstPage(
    github.pulls.list(
      { owner, repo },
      { head: `${owner}:${refs.head}`, base: refs.base, state: 'open', perPage: 10 },
    ),
  );
  if (existing) return { number: existing.number, url: existing.html_url, created: false };
  const created = await github.pulls.create(
    { owner, repo },
    {
      head: refs.head,
      base: refs.base,
      title: `intentops: execution records from ${refs.head.split('/').pop()}`,
      body: [
        `${refs.base} refused the execute job's push (branch protection), so its claims and records are on \`${refs.head}\`.`,
        '',
        `Merge this pull request to bring them onto \`${refs.base}\`: until then, \`intentops\` reads them from this branch, so nothing runs twice.${inputs.runUrl ? ` The run: ${inputs.runUrl}` : ''}`,
        '',
        'To avoid this, let the bot push to the branch (a bypass for its token) — see docs/setup.md.',
      ].join('\n'),
    },
  );
  return { number: created.number, url: created.html_url, created: true };
}
