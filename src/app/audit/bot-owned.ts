import { changedFiles } from '../../adapters/git-diff.js';
import { type BotOwnedVerdict, judgeBotOwned } from '../../domain/bot-owned.js';

// `intentops audit bot-owned`: the CI check that refuses a pull request touching the bot's evidence
// unless the bot made it. Reads the pull request's changes from the checkout's history (the merge
// base of base and head to head, as GitHub shows the PR), so it needs `fetch-depth: 0`.

export interface BotOwnedCheck {
  base: string;
  head: string;
  /** The PR's author (`github.event.pull_request.user.login`). */
  author: string;
  /** Who pushed the commit that started this check (`github.actor`); optional. */
  actor?: string;
  /** Logins that are the bot besides github-actions[bot] (e.g. a GitHub App's `name[bot]`). */
  bots: readonly string[];
}

export async function checkBotOwned(repoDir: string, c: BotOwnedCheck): Promise<BotOwnedVerdict> {
  const changes = await changedFiles(repoDir, c.base, c.head);
  return judgeBotOwned(changes, {
    author: c.author,
    ...(c.actor !== undefined ? { actor: c.actor } : {}),
    bots: c.bots,
  });
}
