import { changedFiles } from '../../adapters/git-diff.js';
import { parseRecordFields, RecordScanError } from '../../adapters/record-scan.js';
import { fileAt } from '../../adapters/request-history.js';
import { type BotOwnedChange, type BotOwnedVerdict, judgeBotOwned } from '../../domain/bot/bot-owned.js';
import { type RecordOrigin, RecordOriginSchema } from '../../domain/schemas/record.js';

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

/** A touched path, and for a record the pull request adds or changes, where it says it came from. */
export type TouchedPath = BotOwnedChange & { origin?: RecordOrigin };

export async function checkBotOwned(
  repoDir: string,
  c: BotOwnedCheck,
): Promise<Omit<BotOwnedVerdict, 'touched'> & { touched: TouchedPath[] }> {
  const changes = await changedFiles(repoDir, c.base, c.head);
  const verdict = judgeBotOwned(changes, {
    author: c.author,
    ...(c.actor !== undefined ? { actor: c.actor } : {}),
    bots: c.bots,
  });
  if (verdict.ok) return verdict;
  // A refused record most often is a local run's, committed by hand: say so, so its author knows
  // what to drop (and that records come from the execute job). Only what the record claims.
  const touched = await Promise.all(
    verdict.touched.map(async (t): Promise<TouchedPath> => {
      const origin = t.status === 'D' ? undefined : await claimedOrigin(repoDir, c.head, t.path);
      return origin ? { ...t, origin } : t;
    }),
  );
  return { ...verdict, touched };
}

const RECORD = /^executions\/\d{4}-\d{2}-\d{2}\/[^/]+\.yaml$/;

async function claimedOrigin(repoDir: string, head: string, path: string): Promise<RecordOrigin | undefined> {
  if (!RECORD.test(path)) return undefined;
  const text = await fileAt(repoDir, head, path);
  if (text === null) return undefined;
  try {
    const raw = parseRecordFields(text, path, new Set(['origin'])) as { origin?: unknown } | null;
    const parsed = RecordOriginSchema.safeParse(raw?.origin);
    return parsed.success ? parsed.data : undefined;
  } catch (err) {
    if (err instanceof RecordScanError) return undefined;
    throw err;
  }
}
