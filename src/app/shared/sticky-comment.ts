import { isMarkerLine, trailerMarkers } from '../../domain/bot/bot-markers.js';
import { writeOnce } from './github-calls.js';
import { allOf, type GitHubPort, type IssueComment } from './github-port.js';

// One bot comment per PR or issue, found by the hidden marker in its trailer and edited on every
// run, never duplicated. A marker quoted in someone else's text (a reply, a code block) is not
// ours; among comments that carry it, the bot's own (a Bot account) come first. Creating it is
// sent once: plugin-retry would re-send a POST whose answer was lost (a 502 after GitHub made the
// comment) and leave two, so a lost answer is followed by a look-up instead.

export interface StickyResult {
  action: 'created' | 'updated' | 'unchanged';
  id: number;
}

/** The marker's key and value: `<!-- intentops:plan -->` → ['plan', '']. */
function keyOf(marker: string): [string, string] {
  if (!isMarkerLine(marker)) throw new Error(`not a marker line: ${marker}`);
  const [key, value] = [...trailerMarkers(marker)][0] as [string, string];
  return [key, value];
}

/** A GitHub App's account (the action's token is one): people cannot sign up as one. */
const byBot = (c: { user: { login: string; type?: string } | null }) =>
  c.user?.type === 'Bot' || (c.user?.login.toLowerCase().endsWith('[bot]') ?? false);

/**
 * Edits the bot's comment carrying `marker`, if there is one; writes none when there is not. For a
 * comment that must not be left stale (the preview of a request a later push took out) where a
 * first comment would only be noise.
 */
export async function updateStickyComment(
  github: GitHubPort,
  where: { owner: string; repo: string; issue_number: number },
  marker: string,
  body: string,
): Promise<StickyResult | undefined> {
  const [key, value] = keyOf(marker);
  const repo = { owner: where.owner, repo: where.repo };
  const comments = await allOf(github.comments.list(repo, where.issue_number));
  // Only the bot's own: a person's comment ending in our marker is not ours to keep current.
  const mine = comments.find(
    (c) => byBot(c) && (trailerMarkers(c.body).get(key) === value || c.body?.split('\n', 1)[0] === marker),
  );
  if (!mine) return undefined;
  if (mine.body === body) return { action: 'unchanged', id: mine.id };
  await github.comments.update(repo, mine.id, body);
  return { action: 'updated', id: mine.id };
}

export async function upsertStickyComment(
  github: GitHubPort,
  where: { owner: string; repo: string; issue_number: number },
  marker: string,
  /** The body, or how to make it from the body the comment has now (undefined: none yet). */
  content: string | ((existing: string | undefined) => string),
  options: {
    retryBaseMs?: number;
    log?: (message: string) => void;
    /**
     * The issue's comments, asked for earlier (readComments) so the round trip overlapped other
     * work; used for the first look-up only: a look-up after a lost answer reads them again.
     */
    listed?: Promise<IssueComment[]>;
  } = {},
): Promise<StickyResult> {
  const [key, value] = keyOf(marker);
  const repo = { owner: where.owner, repo: where.repo };
  let ahead = options.listed;
  const find = async () => {
    const comments = await (ahead ?? allOf(github.comments.list(repo, where.issue_number)));
    ahead = undefined;
    // Comments written before markers moved to the trailer carry them on their first line.
    const carrying = comments.filter(
      (c) => trailerMarkers(c.body).get(key) === value || c.body?.split('\n', 1)[0] === marker,
    );
    return carrying.find(byBot) ?? carrying[0];
  };
  const found = await find();
  // A body made from the comment's last body (the outcome comment's rows) is read back only from a
  // bot's comment: a person's comment ending in our marker would otherwise have its text — forged
  // rows, links, mentions — copied into ours, signed by the bot. Such a comment is not edited
  // either; ours is made beside it. A whole body (a string) may still take over a marked comment
  // the token wrote as a user (a personal access token).
  const mine = found && (typeof content === 'string' || byBot(found)) ? found : undefined;
  const body = typeof content === 'string' ? content : content(mine?.body ?? undefined);
  if (mine) {
    if (mine.body === body) return { action: 'unchanged', id: mine.id };
    for (let attempt = 1; ; attempt++) {
      try {
        await github.comments.update(repo, mine.id, body);
        return { action: 'updated', id: mine.id };
      } catch (err) {
        // Not ours to edit after all (someone else's comment ending in our marker): write our own.
        const status = (err as { status?: number }).status;
        if (status !== 403 && status !== 404) throw err;
        // A 404 for a comment just listed is often GitHub catching up, not a comment gone: asked
        // again while it is still listed, else a second comment would stand beside it (found by
        // the fault sweep, issue 28).
        if (status === 403 || attempt >= 3) break;
        await new Promise((r) => setTimeout(r, (options.retryBaseMs ?? 1000) * attempt));
        if ((await find())?.id !== mine.id) break;
      }
    }
  }
  const created = await writeOnce({
    send: async () => (await github.comments.create(repo, where.issue_number, body, { once: true })).id,
    // Not the one we could not edit: only a comment made since counts as ours.
    lookup: async () => {
      const made = await find();
      return made && made.id !== found?.id && (typeof content === 'string' || byBot(made))
        ? made.id
        : undefined;
    },
    attempts: 3,
    retryBaseMs: options.retryBaseMs ?? 1000,
    log: options.log ?? (() => {}),
    what: `the comment ${marker} on #${where.issue_number}`,
  });
  return { action: 'created', id: created };
}

/**
 * Starts reading an issue's comments now, for upsertStickyComment's `listed`: a failure surfaces
 * where the listing is used, never as an unhandled rejection meanwhile.
 */
export function readComments(
  github: GitHubPort,
  where: { owner: string; repo: string; issue_number: number },
): Promise<IssueComment[]> {
  const listed = allOf(github.comments.list({ owner: where.owner, repo: where.repo }, where.issue_number));
  listed.catch(() => undefined);
  return listed;
}
