import { isMarkerLine, trailerMarkers } from '../../domain/bot/bot-markers.js';
import { allOf, type GitHubPort } from '../shared/github-port.js';

// One bot comment per PR or issue, found by the hidden marker in its trailer and edited on every
// run, never duplicated. A marker quoted in someone else's text (a reply, a code block) is not
// ours; among comments that carry it, the bot's own (a Bot account) come first.

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

export async function upsertStickyComment(
  github: GitHubPort,
  where: { owner: string; repo: string; issue_number: number },
  marker: string,
  body: string,
): Promise<StickyResult> {
  const [key, value] = keyOf(marker);
  const repo = { owner: where.owner, repo: where.repo };
  const comments = await allOf(github.comments.list(repo, where.issue_number));
  // Comments written before markers moved to the trailer carry them on their first line.
  const carrying = comments.filter(
    (c) => trailerMarkers(c.body).get(key) === value || c.body?.split('\n', 1)[0] === marker,
  );
  const mine = carrying.find((c) => c.user?.type === 'Bot') ?? carrying[0];
  if (mine) {
    if (mine.body === body) return { action: 'unchanged', id: mine.id };
    try {
      await github.comments.update(repo, mine.id, body);
      return { action: 'updated', id: mine.id };
    } catch (err) {
      // Not ours to edit after all (someone else's comment ending in our marker): write our own.
      const status = (err as { status?: number }).status;
      if (status !== 403 && status !== 404) throw err;
    }
  }
  const created = await github.comments.create(repo, where.issue_number, body);
  return { action: 'created', id: created.id };
}
