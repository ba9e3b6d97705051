import { stringify } from 'yaml';
import { fenced, isMarkerLine, marker, trailerMarker, trailerMarkers } from '../bot/bot-markers.js';
import { sha256 } from '../records/record.js';
import { targetOf } from '../request/target.js';
import type { Anomaly, UnsignedRecord as ExecutionRecord } from '../schemas/record.js';
import {
  bakeSpan,
  draftFingerprint,
  draftSections,
  draftTitle,
  HUMAN_PLACEHOLDER,
  HUMAN_SECTIONS,
} from './incident-draft.js';
import { fitBody, GITHUB_BODY_LIMIT, truncateBody } from './incident-fit.js';
import { incidentAnomalies, incidentSeverity, utcMinute } from './incident-headline.js';

// Incident drafts as GitHub issues: the local draft's sections plus hidden markers the bot finds its
// own issues and comments by. Pure text in, text out; the adapter decides when to send what.

export { GITHUB_BODY_LIMIT, truncateBody } from './incident-fit.js';
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
  return draftFingerprint(record.intent, anomaly.rule, targetOf(record.params), record.environment);
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

/** The severity is the incident's (a P1 indicator makes it P1); one anomaly label per rule that fired. */
export function issueLabels(record: ExecutionRecord, anomaly: Anomaly): string[] {
  const anomalies = incidentAnomalies(record, anomaly);
  return [
    DRAFT_LABEL,
    labelName('severity:', incidentSeverity(record, anomalies)),
    labelName('intent:', record.intent),
    ...anomalies.map((a) => labelName('anomaly:', a.rule)),
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

/** Same intent + target → related incidents: they link each other (issue 31, item 3). */
export function targetKey(record: ExecutionRecord): string {
  return draftFingerprint(record.intent, '', targetOf(record.params), record.environment);
}

/** Every fingerprint an issue answers for: one per anomaly rule of the run that opened it. */
export function markedFingerprints(body: string | null | undefined): string[] {
  const primary = trailerMarker(body, 'fingerprint');
  const all = (trailerMarker(body, 'fingerprints') ?? '').split(',').filter(Boolean);
  return [...new Set([...(primary ? [primary] : []), ...all])];
}

/** One issue per run: its anomalies as rows, their fingerprints in the trailer, related issues linked. */
export function issueBody(input: IssueInput & { fingerprint: string; related?: readonly number[] }): string {
  const { record, recordUrl } = input;
  const anomalies = incidentAnomalies(record, input.anomaly);
  const sections = draftSections({ ...input, recordRef: recordUrl }).filter((s) => s.id !== 'occurrences');
  const [first, ...rest] = sections;
  const related = input.related?.length
    ? `**Related:** ${input.related.map((n) => `#${n}`).join(', ')} (the same target)`
    : '';
  const fps = [...new Set([input.fingerprint, ...anomalies.map((a) => fingerprintOf(record, a))])];
  const tail = [
    `<sub>Incident **draft** from intentops, from execution [\`${record.id}\`](${recordUrl}). Fill in the postmortem, then add the label \`incident-filed\` or comment \`/file\`. Repeats update the occurrences and are added below as comments.</sub>`,
    '',
    fingerprintMarker(input.fingerprint),
    ...(fps.length > 1 ? [marker('fingerprints', fps.join(','))] : []),
    marker('target', targetKey(record)),
    executionsMarker([record.id]),
    '',
  ].join('\n');
  return fitBody({
    head: [first?.markdown ?? '', related].filter(Boolean).join('  \n'),
    sections: rest,
    tail,
    recordUrl,
  });
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
    ...incidentAnomalies(record, anomaly)
      .slice(1)
      .map((a) => `\nRule \`${a.rule}\` fired too: \`${a.condition}\``),
    '',
    executionMarker(record.id),
    '',
  ]
    .join('\n')
    .trimStart();
  return truncateBody(text, GITHUB_BODY_LIMIT, recordUrl);
}

const OCCURRENCES = /^\*\*Occurrences:\*\* .*$/m;

/**
 * The body kept current on a repeat (issue 31, item 7): the occurrences line under the first
 * screen says how often and when last, and the executions marker lists the run, so a re-run of it
 * is known from the body alone. Everything else — what people wrote — is left as it is.
 */
export function withOccurrence(
  body: string,
  input: IssueInput & { reopened?: boolean; fingerprints?: readonly string[] },
): string {
  const { record, recordUrl } = input;
  const ids = [...markedExecutions(body), record.id];
  const markers = trailerMarkers(body);
  const when = bakeSpan(record)?.ended ?? record.timestamp;
  const line = `**Occurrences:** ${ids.length} · last [\`${record.id}\`](${recordUrl}) at ${utcMinute(when)} (${record.status})${input.reopened ? ' · reopened' : ''}`;
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  // The trailer's markers, not look-alikes in captured text: the last ones in the body.
  const at = lines.lastIndexOf(executionsMarker(markedExecutions(body)));
  if (at >= 0 && markers.has('executions')) lines[at] = executionsMarker(ids);
  // The run's other anomalies become this issue's too: one incident per run.
  const fps = [...new Set([...markedFingerprints(body), ...(input.fingerprints ?? [])])];
  if (fps.length > markedFingerprints(body).length && markers.has('fingerprint')) {
    const own = lines.findLastIndex((l) => l.startsWith('<!-- intentops:fingerprints='));
    const primary = lines.lastIndexOf(fingerprintMarker(markers.get('fingerprint') ?? ''));
    if (own > primary) lines[own] = marker('fingerprints', fps.join(','));
    else if (primary >= 0) lines.splice(primary + 1, 0, marker('fingerprints', fps.join(',')));
  }
  let text = lines.join('\n');
  if (OCCURRENCES.test(text)) text = text.replace(OCCURRENCES, line);
  else {
    // Under the first screen's two lines (severity, next action).
    const parts = text.split('\n');
    const at2 = Math.min(2, parts.length);
    if (at2 > 0) parts[at2 - 1] = `${(parts[at2 - 1] ?? '').trimEnd()}  `; // a Markdown line break
    parts.splice(at2, 0, (parts[at2] ?? '').trim() ? `${line}  ` : line);
    text = parts.join('\n');
  }
  return truncateBody(text, GITHUB_BODY_LIMIT, recordUrl);
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

/** The first screen: the lines before the first blank one (severity, next action, status lines). */
function firstBlockEnd(lines: readonly string[]): number {
  const end = lines.findIndex((l) => l.trim() === '');
  return end < 0 ? lines.length : end;
}

/**
 * Sets a status line of the first screen (`**Rollback:** …`, `**Fixes:** …`): replaced where it is,
 * else added at the end of the first screen. The body stays current instead of only growing
 * comments (issue 31, item 7); what people wrote elsewhere is left as it is.
 */
export function withStatusLine(body: string, label: string, text: string, recordUrl?: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const end = firstBlockEnd(lines);
  const prefix = `**${label}:** `;
  const at = lines.slice(0, end).findIndex((l) => l.startsWith(prefix));
  const line = `${prefix}${text}`;
  if (at >= 0) lines[at] = at < end - 1 ? `${line}  ` : line;
  else {
    if (end > 0) lines[end - 1] = `${(lines[end - 1] ?? '').trimEnd()}  `; // a Markdown line break
    lines.splice(end, 0, line);
  }
  return truncateBody(lines.join('\n'), GITHUB_BODY_LIMIT, recordUrl);
}

/** Inline code for text people wrote: it cannot format, link or @mention. */
const codeSpan = (text: string) => `\`${text.replace(/`/g, "'").replace(/\s+/g, ' ').trim()}\``;

/** What the issue says of a rollback of its execution: what, when, who, how it ended, and where. */
export function rollbackStatus(
  r: Pick<ExecutionRecord, 'id' | 'timestamp' | 'status' | 'rollback'>,
  link?: string,
): string {
  const who = r.rollback?.mode === 'auto' ? 'by the policy' : `by ${codeSpan(r.rollback?.by ?? '?')}`;
  const what = link ? `[\`${r.id}\`](${link})` : `\`${r.id}\``;
  const ended = r.status === 'success' ? 'succeeded' : `**${r.status}**: a human is needed`;
  return `${what} ${who} at ${utcMinute(r.timestamp)} — ${ended}`;
}

/**
 * After a rollback that succeeded, the first line no longer says the target is failing, and the
 * next action is no longer to roll back: it is the postmortem.
 */
export function withRolledBack(body: string): string {
  const lines = body.split('\n');
  lines[0] = (lines[0] ?? '').replace(
    /^(\*\*P\d\*\* · )\*\*(Failing|Failing after the deploy|Anomalous[^*]*)\*\*/,
    '$1**Rolled back**',
  );
  lines[1] = (lines[1] ?? '').replace(
    /^\*\*Next:\*\* comment `\/rollback [^`]+` here \(people with write access\), or [^·]*·/,
    '**Next:** find the root cause and fill in the postmortem below, then comment `/file` ·',
  );
  return lines.join('\n');
}

/**
 * The fixes people noted (`/manual-fix`, `/manual-step`): how many, and the last, as plain text. Made
 * from the notes log, not from the body's last count: two notes in a burst, or a re-run after the
 * note was pushed, give the same line.
 */
export function fixesStatus(
  notes: readonly { kind: 'manual_fix' | 'manual_step'; by: string; at: string; text: string }[],
): string | undefined {
  const note = notes.at(-1);
  if (!note) return undefined;
  const what = note.kind === 'manual_fix' ? 'manual fix' : 'manual step';
  const text = Array.from(note.text.replace(/\s+/g, ' ').trim());
  const short = text.length > 200 ? `${text.slice(0, 199).join('')}…` : text.join('');
  return `${notes.length} noted · last: ${what} by ${codeSpan(note.by)} at ${utcMinute(note.at)}: ${codeSpan(short)}`;
}
