// The evidence the bot writes and learns from — execution records and rollups, its JSON-lines logs
// (anomalies, manual notes, notifications…), the ledger of learning decisions — is trusted only
// because only the bot writes it. A pull request from anyone else may not add, change or delete it.

/** Paths only the bot writes, from the repository root (as shown to people; `isBotOwned` decides). */
export const BOT_OWNED_PATHS = ['executions/**', 'incidents/*.jsonl', 'learning/ledger.yaml'] as const;

/**
 * Plain string tests, not globs: a glob's `*` does not match a newline, and a file name may hold
 * one — `executions/x\ny.yaml` must not slip past.
 */
export function isBotOwned(path: string): boolean {
  if (path.startsWith('executions/')) return true;
  if (path === 'learning/ledger.yaml') return true;
  const rest = path.startsWith('incidents/') ? path.slice('incidents/'.length) : undefined;
  return rest !== undefined && !rest.includes('/') && rest.endsWith('.jsonl');
}

/** The identity of the default GITHUB_TOKEN: the execute, incident and learn jobs push and open PRs as it. */
export const DEFAULT_BOT_LOGIN = 'github-actions[bot]';

export interface BotOwnedChange {
  path: string;
  /** A, M, D, T… as `git diff --name-status` says. */
  status: string;
}

export interface BotOwnedVerdict {
  ok: boolean;
  /** The bot-owned paths the pull request touches. */
  touched: BotOwnedChange[];
  /** Why the changes are refused (empty when ok). */
  why: string;
}

/**
 * Whether a pull request may touch bot-owned paths: only when it is the bot's own — opened by a bot
 * login, and (when known) the latest push that started the check was the bot's too, so nobody else
 * slipped a commit onto the bot's branch. Logins compare case-insensitively, as on GitHub.
 */
export function judgeBotOwned(
  changes: readonly BotOwnedChange[],
  who: { author: string; actor?: string; bots: readonly string[] },
): BotOwnedVerdict {
  const touched = changes.filter((c) => isBotOwned(c.path));
  if (touched.length === 0) return { ok: true, touched, why: '' };
  const bots = new Set([DEFAULT_BOT_LOGIN, ...who.bots].map((b) => b.toLowerCase()));
  const isBot = (login: string) => bots.has(login.toLowerCase());
  if (!isBot(who.author)) {
    return {
      ok: false,
      touched,
      why: `only the bot writes ${BOT_OWNED_PATHS.join(', ')}; this pull request is by ${who.author || 'an unknown author'}`,
    };
  }
  if (who.actor !== undefined && !isBot(who.actor)) {
    return {
      ok: false,
      touched,
      why: `the pull request is the bot's, but ${who.actor} pushed to it: only the bot writes ${BOT_OWNED_PATHS.join(', ')}`,
    };
  }
  return { ok: true, touched, why: '' };
}
