import { parse, stringify } from 'yaml';
import { marker, trailerMarker } from '../bot/bot-markers.js';
import { DRAFT_LABEL } from './incident-issue.js';

// The incident lifecycle after the draft: a human fills the human-input sections and files the
// issue (label `incident-filed` or `/file`), and records what they did by hand (`/manual-fix`,
// `/manual-step`). Pure text in, text out; comment text is untrusted and only ever stored as data.

export const FILED_LABEL = 'incident-filed';
export const FILED_DIR = 'incidents/filed';
export const MANUAL_NOTES = 'incidents/manual-notes.jsonl';
/** A manual note longer than this (in code points) is cut: it is a note, not a log dump. */
export const NOTE_TEXT_MAX = 2000;
/** Comment authors whose commands are obeyed: people with a role in the repository. */
export const TRUSTED_ASSOCIATIONS: readonly string[] = ['OWNER', 'MEMBER', 'COLLABORATOR'];

export type ManualNoteKind = 'manual_fix' | 'manual_step';
export type IncidentCommand = { kind: 'file' } | { kind: ManualNoteKind; text: string };

const COMMAND = /^\/(file|manual-fix|manual-step)(?=\s|$)/i;

/** The command a comment body starts with (as the workflow's `startsWith` filter sees it), or null. */
export function parseIncidentCommand(body: string): IncidentCommand | null {
  const m = COMMAND.exec(body);
  if (!m) return null;
  const word = (m[1] as string).toLowerCase();
  if (word === 'file') return { kind: 'file' };
  return { kind: word === 'manual-fix' ? 'manual_fix' : 'manual_step', text: body.slice(m[0].length).trim() };
}

export const isTrusted = (association: string | null | undefined) =>
  TRUSTED_ASSOCIATIONS.includes(String(association ?? '').toUpperCase());

/** The fingerprint in an incident issue's trailer marker; null on any other issue. */
export function fingerprintIn(body: string | null | undefined): string | null {
  const fp = trailerMarker(body, 'fingerprint');
  return fp !== undefined && /^[A-Za-z0-9_-]{1,64}$/.test(fp) ? fp : null;
}

const has = (labels: readonly string[], name: string) =>
  labels.some((l) => l.toLowerCase() === name.toLowerCase());

/** An issue the lifecycle acts on: the bot's marker and one of the lifecycle labels. */
export function isIncidentIssue(body: string | null | undefined, labels: readonly string[]): boolean {
  return fingerprintIn(body) !== null && (has(labels, DRAFT_LABEL) || has(labels, FILED_LABEL));
}

/** `severity:P2` → `P2`; undefined when the issue has no such label. */
export function labelValue(labels: readonly string[], prefix: string): string | undefined {
  const found = labels.find((l) => l.toLowerCase().startsWith(prefix.toLowerCase()));
  return found?.slice(prefix.length);
}

/** What filing changes: the draft label goes, the filed label comes (if a `/file` brought it). */
export function filingLabelChanges(labels: readonly string[]): { remove: string[]; add: string[] } {
  return {
    remove: labels.filter((l) => l.toLowerCase() === DRAFT_LABEL),
    add: has(labels, FILED_LABEL) ? [] : [FILED_LABEL],
  };
}

export function labelsAfterFiling(labels: readonly string[]): string[] {
  const { remove, add } = filingLabelChanges(labels);
  return [...labels.filter((l) => !remove.includes(l)), ...add];
}

function slug(title: string): string {
  const s = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
  return s || 'incident';
}

/**
 * `incidents/filed/<fingerprint>-<slug>.md` (`issue-<n>` without a fingerprint). `taken`: that path
 * already holds another issue's filing (a recurrence after filing opens a new issue with the same
 * fingerprint), so this one gets its issue number too.
 */
export function filedPath(
  issue: { number: number; title: string },
  fingerprint: string | null,
  taken = false,
) {
  const id = fingerprint ?? `issue-${issue.number}`;
  return `${FILED_DIR}/${id}-${slug(issue.title)}${taken ? `-${issue.number}` : ''}.md`;
}

/** The YAML front matter of a draft or filed document as a mapping; null when it has none or it does not parse. */
export function frontMatter(document: string): Record<string, unknown> | null {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(document);
  if (!m) return null;
  try {
    const v = parse(m[1] as string) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null; // hand-edited until it no longer parses: not ours to describe
  }
}

/** The issue number in a filed document's front matter; undefined when it has none. */
export function filedIssueNumber(document: string): number | undefined {
  const issue = frontMatter(document)?.issue;
  return typeof issue === 'number' ? issue : undefined;
}

/** Cuts `text` to `max` code points, never splitting a surrogate pair. */
export function capText(text: string, max = NOTE_TEXT_MAX): { text: string; truncated: boolean } {
  const chars = Array.from(text);
  return chars.length <= max
    ? { text, truncated: false }
    : { text: chars.slice(0, max).join(''), truncated: true };
}

export interface ManualNote {
  at: string;
  issue: number;
  fingerprint: string | null;
  intent: string | null;
  kind: ManualNoteKind;
  text: string;
  by: string;
  /** The comment's id: a re-delivered event finds its line and adds no second one. */
  comment: number;
  truncated?: true;
}

export interface ManualNoteInput {
  at: string;
  issue: number;
  body: string | null | undefined;
  labels: readonly string[];
  kind: ManualNoteKind;
  text: string;
  by: string;
  comment: number;
}

export function manualNote(i: ManualNoteInput): ManualNote {
  const { text, truncated } = capText(i.text);
  return {
    at: i.at,
    issue: i.issue,
    fingerprint: fingerprintIn(i.body),
    intent: labelValue(i.labels, 'intent:') ?? null,
    kind: i.kind,
    text,
    by: i.by,
    comment: i.comment,
    ...(truncated ? { truncated: true as const } : {}),
  };
}

/** One JSON line: the text is data, escaped by JSON, never markup or shell. */
export const noteLine = (note: ManualNote) => `${JSON.stringify(note)}\n`;

/**
 * The JSON objects of an append-only log (anomaly log, notes log) that `keep` accepts. A line that
 * does not parse (hand-edited, half-merged) is skipped: the rest of the log still counts.
 */
export function parseJsonLines<T>(jsonl: string, keep: (x: T) => boolean): T[] {
  const out: T[] = [];
  for (const line of jsonl.split('\n')) {
    if (!line.trim()) continue;
    try {
      const x = JSON.parse(line) as T;
      if (x && typeof x === 'object' && keep(x)) out.push(x);
    } catch {
      // not ours to judge here
    }
  }
  return out;
}

/** Comment ids already in the notes log; lines that are not notes are skipped, not fatal. */
export function notedComments(jsonl: string): Set<number> {
  const notes = parseJsonLines<{ comment?: unknown }>(jsonl, (n) => typeof n.comment === 'number');
  return new Set(notes.map((n) => n.comment as number));
}

/** The notes the log holds for one issue, oldest first (the log is the record of who fixed what). */
export function notesFor(jsonl: string, issue: number): ManualNote[] {
  return parseJsonLines<ManualNote>(
    jsonl,
    (n) => n.issue === issue && typeof n.comment === 'number' && typeof n.by === 'string',
  );
}

export interface FiledNote {
  kind: ManualNoteKind;
  text: string;
  by: string;
  at: string;
}

/** The manual notes among an issue's comments, from trusted authors only, capped as when recorded. */
export function notesIn(
  comments: readonly {
    body?: string | null;
    author_association?: string | null;
    user?: { login: string } | null;
    created_at: string;
  }[],
): FiledNote[] {
  return comments.flatMap((c): FiledNote[] => {
    const cmd = parseIncidentCommand(c.body ?? '');
    if (!cmd || cmd.kind === 'file' || !cmd.text || !isTrusted(c.author_association)) return [];
    return [{ kind: cmd.kind, text: capText(cmd.text).text, by: c.user?.login ?? 'ghost', at: c.created_at }];
  });
}

export interface FiledIncident {
  issue: { number: number; title: string; url: string; body: string; labels: readonly string[] };
  fingerprint: string | null;
  notes: readonly FiledNote[];
  filedBy: string;
  filedAt: string;
}

const quote = (text: string) =>
  text
    .split('\n')
    .map((l) => `  > ${l}`.trimEnd())
    .join('\n');

/** The whole incident as filed: front matter for tools, then the issue body as the human left it. */
export function filedDocument(f: FiledIncident): string {
  const labels = labelsAfterFiling(f.issue.labels);
  const front = {
    title: f.issue.title,
    status: 'filed',
    issue: f.issue.number,
    url: f.issue.url,
    fingerprint: f.fingerprint,
    severity: labelValue(labels, 'severity:') ?? null,
    intent: labelValue(labels, 'intent:') ?? null,
    anomaly: labelValue(labels, 'anomaly:') ?? null,
    labels,
    filed_by: f.filedBy,
    filed_at: f.filedAt,
    manual_notes: f.notes.length,
  };
  const notes = f.notes.map(
    (n) =>
      `- **${n.kind === 'manual_fix' ? 'manual fix' : 'manual step'}** by ${n.by} at ${n.at}:\n${quote(n.text)}`,
  );
  return [
    '---',
    stringify(front, { lineWidth: 0 }).trimEnd(),
    '---',
    `# ${f.issue.title}`,
    '',
    `Filed from [issue #${f.issue.number}](${f.issue.url}) by ${f.filedBy} at ${f.filedAt}.`,
    '',
    f.issue.body.trimEnd(),
    '',
    '## Manual notes',
    notes.length ? notes.join('\n') : '_none_',
    '',
  ].join('\n');
}

export const filedMarker = (path: string) => marker('filed', path);

/** The path an earlier "Filed as" comment names (in its trailer), if the bot already filed this issue. */
export function filedPathIn(commentBodies: readonly (string | null | undefined)[]): string | undefined {
  for (const body of commentBodies) {
    const path = trailerMarker(body, 'filed');
    if (path) return path;
  }
  return undefined;
}

export function filedComment(path: string, url?: string): string {
  return `Filed as ${url ? `[\`${path}\`](${url})` : `\`${path}\``}.\n\n${filedMarker(path)}\n`;
}

/** Why filing waits, naming each section; the human fixes the body and asks again. */
export function missingSectionsComment(missing: readonly string[], labelRemoved: boolean): string {
  const names = missing.map((m) => `**${m}**`).join(', ');
  return [
    `Not filed yet: fill in ${names} under **Needs human input** (replace \`_to be filled in_\`).`,
    '',
    `${labelRemoved ? `The label \`${FILED_LABEL}\` was removed. ` : ''}When the sections are filled, add the label \`${FILED_LABEL}\` or comment \`/file\`.`,
    '',
  ].join('\n');
}

export function noteAck(kind: ManualNoteKind, path: string, sha: string | null): string {
  const what = kind === 'manual_fix' ? 'manual fix' : 'manual step';
  return `Recorded the ${what} in \`${path}\`${sha ? ` (${sha.slice(0, 7)})` : ''}.\n`;
}

export function emptyNoteComment(kind: ManualNoteKind): string {
  const cmd = kind === 'manual_fix' ? '/manual-fix' : '/manual-step';
  return `Nothing recorded: \`${cmd}\` needs a description of what was done, e.g. \`${cmd} restarted the pod by hand\`.\n`;
}
