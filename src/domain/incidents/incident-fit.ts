import { isMarkerLine, scanFences } from '../bot/bot-markers.js';
import type { DraftSection } from './incident-draft.js';

// Fitting an incident into GitHub's 65,536 characters (issue 31, item 5). Logs go first, oldest
// lines first, and only then whole evidence sections (the state snapshots first); the first screen,
// the postmortem and the hidden markers are never cut. Every cut keeps the Markdown balanced: no
// fence or <details> is left open, so nothing after a cut is swallowed into a block.

/** GitHub refuses issue and comment bodies longer than this. */
export const GITHUB_BODY_LIMIT = 65_536;

/** Whole sections replaced by a note once the logs are gone, in this order (largest state first). */
const WHOLE: readonly DraftSection['id'][] = ['before', 'after', 'commands', 'indicators', 'timeline'];

const TITLES: Partial<Record<DraftSection['id'], string>> = {
  before: 'State before',
  after: 'State after',
  commands: 'Commands',
  indicators: 'Failure indicators',
  timeline: 'Timeline',
};

export function cutNote(chars: number, recordUrl: string | undefined): string {
  const where = recordUrl ? `the [execution record](${recordUrl})` : 'the execution record';
  return `_Cut (${chars.toLocaleString('en-US')} characters) to fit GitHub's ${GITHUB_BODY_LIMIT.toLocaleString('en-US')}-character limit: see ${where}._`;
}

export interface FitInput {
  head: string;
  sections: DraftSection[];
  /** The hidden markers: kept whole, always last. */
  tail: string;
  recordUrl?: string;
}

const joined = (i: FitInput) =>
  `${[i.head, ...i.sections.map((s) => s.markdown)].filter((t) => t !== '').join('\n\n')}\n\n${i.tail}`;

/** Drops the oldest log lines, from the longest logs first, until the body fits or no log line is left. */
function cutLogs(input: FitInput, limit: number): void {
  const logs = input.sections.filter((s) => s.lines);
  const dropped = new Map(logs.map((s) => [s, 0]));
  let over = joined(input).length - limit;
  while (over > 0) {
    const left = logs.filter((s) => (dropped.get(s) ?? 0) < (s.lines?.count ?? 0));
    const [section, next] = left.sort((a, b) => b.markdown.length - a.markdown.length);
    if (!section?.lines) return;
    const count = section.lines.count;
    const from = dropped.get(section) ?? 0;
    // Average line length says how many lines the excess is; at least one, at most the rest, and
    // no more than brings it down to the next longest logs: the cut is shared, newest lines kept.
    const per = Math.max(1, section.markdown.length / Math.max(1, count - from));
    const share = Math.max(section.markdown.length - (next?.markdown.length ?? 0) + per, over / left.length);
    const excess = Math.min(over, share);
    const n = Math.min(count, from + Math.max(1, Math.ceil(excess / per)));
    dropped.set(section, n);
    section.markdown = section.lines.render(n);
    over = joined(input).length - limit;
  }
}

/** The body within `limit`: logs cut first (oldest lines), then whole evidence sections, then text. */
export function fitBody(input: FitInput, limit = GITHUB_BODY_LIMIT): string {
  let body = joined(input);
  if (body.length <= limit) return body;
  cutLogs(input, limit);
  body = joined(input);
  const whole = WHOLE.flatMap((id) => input.sections.filter((s) => s.id === id));
  for (const section of whole) {
    if (body.length <= limit) return body;
    section.markdown = `## ${TITLES[section.id]}\n${cutNote(section.markdown.length, input.recordUrl)}`;
    body = joined(input);
  }
  return truncateBody(body, limit, input.recordUrl);
}

/** The `<details>` still open at the end of `lines` (outside code fences). */
function openDetails(lines: readonly string[]): number {
  const { fenced } = scanFences(lines);
  let depth = 0;
  lines.forEach((line, i) => {
    if (fenced[i]) return;
    depth += (line.match(/<details[\s>]/g) ?? []).length;
    depth = Math.max(0, depth - (line.match(/<\/details>/g) ?? []).length);
  });
  return depth;
}

/** The trailer: the marker lines (and blank lines) that end the body, outside fences. */
function splitTrailer(text: string): { head: string; markers: string[] } {
  const lines = text.split('\n');
  const { fenced } = scanFences(lines);
  let end = lines.length;
  while (
    end > 0 &&
    (lines[end - 1]?.trim() === '' || (isMarkerLine(lines[end - 1] ?? '') && !fenced[end - 1]))
  )
    end--;
  return { head: lines.slice(0, end).join('\n'), markers: lines.slice(end).filter((l) => l.trim() !== '') };
}

/**
 * The last resort, for any body: keep the head, close what the cut left open (a fence, a
 * `<details>`), say where the rest is, and keep the markers as the trailer.
 */
export function truncateBody(text: string, limit = GITHUB_BODY_LIMIT, recordUrl?: string): string {
  if (text.length <= limit) return text;
  const { head: all, markers } = splitTrailer(text);
  const tail = `\n\n${cutNote(all.length, recordUrl)}\n\n${markers.join('\n')}\n`;
  // Room for the closers: a fence (at most as long as the longest run of backticks) and </details>.
  let room = limit - tail.length - 8;
  for (;;) {
    let head = all.slice(0, Math.max(0, room));
    if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
    const lines = head.split('\n');
    const { open } = scanFences(lines);
    const closers = `${open ? `\n${open}` : ''}${'\n\n</details>'.repeat(openDetails(open ? [...lines, open] : lines))}`;
    const out = `${head}${closers}${tail}`;
    if (out.length <= limit || room <= 0) return out;
    room -= out.length - limit;
  }
}
