import { stringify } from 'yaml';
import { fenced, isMarkerLine, marker, scanFences, trailerMarker } from './bot-markers.js';
import {
  bakeSpan,
  type DraftSection,
  draftFingerprint,
  draftSections,
  draftTitle,
  HUMAN_PLACEHOLDER,
  HUMAN_SECTIONS,
} from './incident-draft.js';
import { sha256 } from './record.js';
import type { Anomaly, UnsignedRecord as ExecutionRecord } from './schemas/record.js';
import { targetOf } from './target.js';

// Incident drafts as GitHub issues: the local draft's sections plus hidden markers the bot finds its
// own issues and comments by. Pure text in, text out; the adapter decides when to send what.

/** GitHub refuses issue and comment bodies longer than this. */
export const GITHUB_BODY_LIMIT = 65_536;
/** GitHub refuses label names longer than this. */
export const LABEL_NAME_MAX = 50;
const TITLE_MAX = 256;
const LABEL_DESCRIPTION_MAX = 100;

export const DRAFT_LABEL = 'incident-draft';

export interface IssueInput {
  record: ExecutionRecord;
  anomaly: Anomaly;
  /** The execution record at the commit that holds it (a blob URL with a sha, not a branch). */
  recordUrl: string;
}

export const fingerprintMarker = (fp: string) => marker('fingerprint', fp);
export const executionsMarker = (ids: readonly string[]) => marker('executions', ids.join(','));
export const executionMarker = (id: string) => marker('execution', id);

/** Same intent + rule + target → same issue; the local draft's fingerprint, so both modes agree. */
export function fingerprintOf(record: ExecutionRecord, anomaly: Anomaly): string {
  return draftFingerprint(record.intent, anomaly.rule, targetOf(record.params));
}

/** The execution ids the body's executions marker lists (the one that opened the issue). */
export function markedExecutions(body: string | null | undefined): string[] {
  return (trailerMarker(body, 'executions') ?? '').split(',').filter(Boolean);
}

/** The execution an occurrence comment's marker names. */
export const markedExecution = (body: string | null | undefined) => trailerMarker(body, 'execution');

function truncateChars(text: string, max: number): string {
  const chars = Array.from(text); // code points: never split a surrogate pair
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export function issueTitle(record: ExecutionRecord, anomaly: Anomaly): string {
  return truncateChars(draftTitle(record, anomaly), TITLE_MAX);
}

/**
 * `prefix` + `value`, at most 50 characters. A long value keeps its head and gets a hash of the
 * whole, so two long names that share a head still get two labels. Commas would split the
 * `labels` query parameter, so they become dashes.
 */
export function labelName(prefix: string, value: string): string {
  const name = `${prefix}${value}`.replace(/,/g, '-').replace(/\s+/g, ' ').trim();
  const chars = Array.from(name);
  if (chars.length <= LABEL_NAME_MAX) return name;
  const hash = sha256(name).slice('sha256:'.length, 'sha256:'.length + 6);
  return `${chars.slice(0, LABEL_NAME_MAX - hash.length - 1).join('')}~${hash}`;
}

export function issueLabels(record: ExecutionRecord, anomaly: Anomaly): string[] {
  return [
    DRAFT_LABEL,
    labelName('severity:', anomaly.severity),
    labelName('intent:', record.intent),
    labelName('anomaly:', anomaly.rule),
  ];
}

const SEVERITY_COLORS: Record<string, string> = { P1: 'b60205', P2: 'd93f0b', P3: 'fbca04', P4: 'c2e0c6' };

/** Colour and description for a label the bot creates; GitHub's default grey says nothing. */
export function labelStyle(name: string): { color: string; description: string } {
  const [kind = '', value = ''] = name.split(/:(.*)/s);
  const style =
    name === DRAFT_LABEL
      ? { color: 'fbca04', description: 'Incident draft from intentops: fill in the human-input sections' }
      : kind === 'severity'
        ? { color: SEVERITY_COLORS[value] ?? 'ededed', description: `Incident severity ${value}` }
        : kind === 'intent'
          ? { color: 'c5def5', description: `Incidents of intent ${value}` }
          : { color: 'f9d0c4', description: `Incidents from anomaly rule ${value}` };
  return { ...style, description: truncateChars(style.description, LABEL_DESCRIPTION_MAX) };
}

/** Sections cut first when the body is too long: the state snapshots, then the rest of the evidence. */
const CUTTABLE: readonly DraftSection['id'][] = ['before', 'after', 'commands', 'indicators', 'timeline'];

export function issueBody(input: IssueInput & { fingerprint: string }): string {
  const { record, recordUrl } = input;
  const sections = draftSections({ ...input, recordRef: recordUrl }).filter((s) => s.id !== 'occurrences');
  const text = [
    `> Incident **draft** opened by intentops from execution [\`${record.id}\`](${recordUrl}). Fill in the sections under **Needs human input**, then add the label \`incident-filed\` or comment \`/file\`. Repeats are added below as comments.`,
    '',
    sections.map((s) => s.markdown).join('\n\n'),
    '',
    fingerprintMarker(input.fingerprint),
    executionsMarker([record.id]),
    '',
  ].join('\n');
  return truncateBody(text, GITHUB_BODY_LIMIT, recordUrl);
}

function occurredAgain(record: ExecutionRecord, recordUrl: string): string {
  const bake = bakeSpan(record);
  if (bake)
    return `**Occurred again** in the bake [\`${record.id}\`](${recordUrl}) of execution \`${record.observation_of}\`, ${bake.started} to ${bake.ended} — status **${record.status}** after ${bake.duration}.`;
  return `**Occurred again** in execution [\`${record.id}\`](${recordUrl}) at ${record.timestamp} — status **${record.status}** after ${record.duration}.`;
}

export function occurrenceComment(input: IssueInput & { reopened?: boolean }): string {
  const { record, anomaly, recordUrl } = input;
  const text = [
    input.reopened ? '**Reopened:** the anomaly recurred after this incident was closed.\n' : '',
    occurredAgain(record, recordUrl),
    '',
    `Rule \`${anomaly.rule}\` fired: \`${anomaly.condition}\``,
    '',
    fenced(stringify(anomaly.inputs ?? null, { lineWidth: 0 }).trimEnd(), 'yaml'),
    '',
    executionMarker(record.id),
    '',
  ]
    .join('\n')
    .trimStart();
  return truncateBody(text, GITHUB_BODY_LIMIT, recordUrl);
}

interface Block {
  heading: string | undefined;
  text: string;
}

/**
 * Splits at `## ` headings outside code fences; the trailer's markers (the marker lines that end
 * the body, outside fences) are kept apart so no cut loses them.
 */
function splitBody(text: string): { blocks: Block[]; markers: string[] } {
  const blocks: Block[] = [{ heading: undefined, text: '' }];
  const lines = text.split('\n');
  const { fenced } = scanFences(lines);
  let end = lines.length;
  while (
    end > 0 &&
    (lines[end - 1]?.trim() === '' || (isMarkerLine(lines[end - 1] ?? '') && !fenced[end - 1]))
  )
    end--;
  const markers = lines.slice(end).filter((l) => l.trim() !== '');
  for (const [i, line] of lines.slice(0, end).entries()) {
    if (!fenced[i] && line.startsWith('## ')) blocks.push({ heading: line.slice(3).trim(), text: line });
    else {
      const last = blocks[blocks.length - 1] as Block;
      last.text = last.text === '' && last.heading === undefined ? line : `${last.text}\n${line}`;
    }
  }
  return { blocks, markers };
}

const HEADING_OF: Partial<Record<DraftSection['id'], string>> = {
  before: 'Before',
  after: 'After',
  commands: 'Commands run',
  indicators: 'Failure indicators',
  timeline: 'Timeline',
};

function cutNote(chars: number, recordUrl: string | undefined): string {
  const where = recordUrl ? `the [execution record](${recordUrl})` : 'the execution record';
  return `_Cut (${chars.toLocaleString('en-US')} characters) to fit GitHub's ${GITHUB_BODY_LIMIT.toLocaleString('en-US')}-character limit: see ${where}._`;
}

const join = (blocks: Block[], markers: string[]) =>
  `${blocks
    .map((b) => b.text.trimEnd())
    .filter((t) => t !== '')
    .join('\n\n')
    .trimEnd()}\n\n${markers.join('\n')}\n`;

/**
 * Fits `text` into `limit` characters: whole evidence sections are replaced by a note, largest
 * first (the before/after snapshots), then — if still too long — the text is cut at the end. The
 * hidden markers and the human-input sections are kept, and every note links to the record.
 */
export function truncateBody(text: string, limit = GITHUB_BODY_LIMIT, recordUrl?: string): string {
  if (text.length <= limit) return text;
  const { blocks, markers } = splitBody(text);
  const cuttable = new Set(CUTTABLE.map((id) => HEADING_OF[id]));
  const candidates = blocks
    .filter((b) => b.heading !== undefined && cuttable.has(b.heading))
    .sort((a, b) => b.text.length - a.text.length);
  let body = join(blocks, markers);
  for (const block of candidates) {
    if (body.length <= limit) return body;
    block.text = `## ${block.heading}\n${cutNote(block.text.length, recordUrl)}`;
    body = join(blocks, markers);
  }
  if (body.length <= limit) return body;
  // Nothing left to cut whole (e.g. huge anomaly inputs): keep the head, close an open fence.
  const tail = `\n\n${cutNote(body.length, recordUrl)}\n\n${markers.join('\n')}\n`;
  let head = body.slice(0, Math.max(0, limit - tail.length - 4));
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  const { open } = scanFences(head.split('\n'));
  if (open) head += `\n${open}`;
  return `${head}${tail}`.slice(0, limit);
}

/** The human-input sections still empty or holding only the placeholder; filing waits for them. */
export function unfilledHumanSections(body: string): string[] {
  return HUMAN_SECTIONS.filter((name) => {
    const start = body.search(new RegExp(`^### ${name}[ \\t]*$`, 'm'));
    if (start < 0) return true;
    const rest = body.slice(start).split('\n').slice(1);
    const end = rest.findIndex((l) => /^#{1,3} /.test(l) || isMarkerLine(l));
    const content = (end < 0 ? rest : rest.slice(0, end))
      .join('\n')
      .replace(/<!--[\s\S]*?-->/g, '')
      .split(HUMAN_PLACEHOLDER)
      .join('')
      .replace(/^\s*[-*]\s*(\[[ xX]\])?\s*$/gm, '');
    return content.trim() === '';
  });
}
