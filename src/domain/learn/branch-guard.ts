import { fenced, marker, oneLine } from '../bot/bot-markers.js';
import { branchOf } from './ledger.js';
import type { Suggestion } from './types.js';

// A suggestion branch is the bot's until someone else commits to it: a reviewer's edit is never
// overwritten. The bot's own commits carry a trailer naming the suggestion; a branch with any other
// commit is held, and the PR gets one comment (updated, never repeated) with the new version.

export const SUGGESTION_TRAILER = 'Intentops-Suggestion';

/** The message of the bot's commits on a suggestion branch: a subject and the trailer. */
export function suggestionCommitMessage(s: Suggestion): string {
  return `${`learn: ${oneLine(s.title)}`.slice(0, 200)}\n\n${SUGGESTION_TRAILER}: ${s.id}`;
}

/**
 * Whether the bot made this commit for suggestion `id`: its trailer names it, or (commits made
 * before the trailer existed) the message is the bare `learn: <title>` line the bot wrote.
 */
export function isSuggestionCommit(message: string, id: string): boolean {
  const lines = message.replace(/\r\n?/g, '\n').trimEnd().split('\n');
  if (lines.at(-1) === `${SUGGESTION_TRAILER}: ${id}`) return true;
  return lines.length === 1 && (lines[0] ?? '').startsWith('learn: ');
}

export interface ForeignCommit {
  sha: string;
  author: string;
  message: string;
}

export const heldMarker = (id: string) => marker('suggestion-held', id);

const plain = (s: string) => oneLine(s).replace(/[\\`*_<>[\]|]/g, (c) => `\\${c}`);

/** The comment on a held suggestion PR: why it was not updated, and the new version to take by hand. */
export function heldComment(s: Suggestion, foreign: readonly ForeignCommit[]): string {
  const commits = foreign
    .slice(0, 10)
    .map((c) => `- ${c.sha.slice(0, 7)} by ${plain(c.author)}: ${plain(c.message.split('\n')[0] ?? '')}`);
  if (foreign.length > 10) commits.push(`- …and ${foreign.length - 10} more`);
  const files = s.changes.map((c) =>
    [
      `<details><summary><code>${plain(c.path)}</code>${c.before === null ? ' (new file)' : ''}</summary>`,
      '',
      fenced(c.after.length > 20_000 ? `${c.after.slice(0, 20_000)}\n… (cut)` : c.after, 'yaml'),
      '',
      '</details>',
    ].join('\n'),
  );
  return [
    `**Not updated.** The branch \`${branchOf(s.id)}\` has commits intentops did not make, so the weekly learning run left it as it is instead of rewriting it:`,
    '',
    ...commits,
    '',
    `The suggestion has changed since: **${plain(s.title)}** (${s.evidence.length} occurrence(s), the last on ${s.evidence.at(-1)?.at.slice(0, 10) ?? '?'}). Take the new version below by hand, or close this PR and delete the branch: the next run then opens it afresh.`,
    '',
    ...files,
    '',
    heldMarker(s.id),
    '',
  ].join('\n');
}
