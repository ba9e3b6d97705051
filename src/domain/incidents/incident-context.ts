import { fenced, marker, oneLine, trailerMarker } from '../bot/bot-markers.js';
import type { IncidentIssueFact, RecordFacts } from '../metrics/scorecard.js';
import { targetOf } from '../request/target.js';
import type { ExecutionRecord, Snapshot } from '../schemas/record.js';
import { fingerprintIn } from './incident-filing.js';
import { DRAFT_LABEL } from './incident-issue.js';

// An incident issue someone opened by hand: which execution it is about (an execution id it names,
// else the latest run on a target it names), and the bot's context for it as one comment —
// execution, target, before/after, logs, timeline — found again by its trailer marker. Pure.

/** The label people give the incident issues they open (the bot's own drafts carry DRAFT_LABEL). */
export const HAND_LABEL = 'incident';
/** Every issue carrying one of these is an incident issue; people usually pick `incident`. */
export const INCIDENT_LABELS: readonly string[] = [HAND_LABEL, DRAFT_LABEL, 'incident-filed'];
/** Set with the context comment: the listing alone then tells which issues have the bot's context. */
export const CONTEXT_LABEL = 'incident-context';
export const CONTEXT_MARKER = 'incident-context';

const EXEC_ID = /\bexec-\d{8}-\d{6}-[a-z0-9-]+\b/g;

export interface ListedIssue {
  number: number;
  html_url: string;
  title: string;
  body?: string | null;
  labels: (string | { name?: string | null })[];
  created_at: string;
  comments: number;
}

export const labelNames = (i: Pick<ListedIssue, 'labels'>) =>
  i.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? '')));

export function issueFact(i: ListedIssue): IncidentIssueFact {
  return {
    number: i.number,
    url: i.html_url,
    title: i.title,
    bot: fingerprintIn(i.body) !== null,
    context: labelNames(i).some((l) => l.toLowerCase() === CONTEXT_LABEL),
    createdAt: i.created_at,
  };
}

/** The comment is ours and about this issue: its trailer carries the marker. */
export const isContextComment = (body: string | null | undefined, issue: number) =>
  trailerMarker(body, CONTEXT_MARKER) === String(issue);

/** What naming an execution needs of a record (RecordFacts carries it). */
export type Candidate = Pick<RecordFacts, 'id' | 'timestamp' | 'target' | 'observation_of'>;

/**
 * The records an issue may name, indexed once for every issue of a listing: by id, by target (runs
 * only, no follow-ups) and by the execution a bake observed. Looking each issue up in the whole
 * list cost 16 ms an issue over 10,000 records — 1.6 s for 100 hand-opened issues.
 */
export interface CandidateIndex {
  byId: ReadonlyMap<string, Candidate>;
  /** Lower-cased target → its runs, each with its start and its place in the list (ties: first). */
  byTarget: ReadonlyMap<string, readonly { c: Candidate; at: number; n: number }[]>;
  bakeOf: ReadonlyMap<string, Candidate>;
}

export function indexCandidates(records: readonly Candidate[]): CandidateIndex {
  const byId = new Map<string, Candidate>();
  const byTarget = new Map<string, { c: Candidate; at: number; n: number }[]>();
  const bakeOf = new Map<string, Candidate>();
  records.forEach((r, n) => {
    byId.set(r.id, r);
    if (r.observation_of) {
      if (!bakeOf.has(r.observation_of)) bakeOf.set(r.observation_of, r);
      return;
    }
    if (!r.target) return;
    const key = r.target.toLowerCase();
    const list = byTarget.get(key) ?? [];
    if (!list.length) byTarget.set(key, list);
    list.push({ c: r, at: Date.parse(r.timestamp), n });
  });
  return { byId, byTarget, bakeOf };
}

/**
 * The execution a hand-opened issue is about: an execution id it names that a record has, else the
 * latest run (no follow-up) on a target it names, started before the issue was opened.
 */
export function namedExecution(
  issue: Pick<ListedIssue, 'title' | 'body' | 'created_at'>,
  records: readonly Candidate[] | CandidateIndex,
): Candidate | undefined {
  const index = 'byId' in records ? records : indexCandidates(records);
  const text = `${issue.title}\n${issue.body ?? ''}`;
  for (const id of text.match(EXEC_ID) ?? []) {
    const r = index.byId.get(id);
    if (r) return r;
  }
  const opened = Date.parse(issue.created_at);
  let found: { c: Candidate; n: number } | undefined;
  for (const word of new Set(text.toLowerCase().split(/[^a-z0-9._/-]+/))) {
    for (const e of index.byTarget.get(word) ?? []) {
      if (e.at > opened) continue;
      // The latest start; of equal ones, the first in the list (as one pass over it would pick).
      if (
        !found ||
        e.c.timestamp > found.c.timestamp ||
        (e.c.timestamp === found.c.timestamp && e.n < found.n)
      )
        found = e;
    }
  }
  return found?.c;
}

/** Inline code that the text cannot close or break out of. */
const code = (text: string) => `\`${oneLine(text).replace(/`/g, "'")}\``;

function snapshotLines(s: Snapshot | null): string[] {
  if (!s) return ['not captured'];
  const out: string[] = [];
  for (const [k, v] of Object.entries(s.metrics ?? {})) out.push(`${k}: ${v ?? 'unavailable'}`);
  if (s.error_count !== undefined) out.push(`error_count: ${s.error_count ?? 'unavailable'}`);
  if (s.pod_restarts !== undefined) out.push(`pod_restarts: ${s.pod_restarts ?? 'unavailable'}`);
  for (const u of s.unavailable ?? []) out.push(`${u.source}: unavailable (${u.reason})`);
  return out.length ? out : ['nothing captured'];
}

/** The bot's context for a hand-opened incident issue: one comment, its marker in the trailer. */
export function contextComment(
  issue: number,
  record: ExecutionRecord,
  /** The bake of it, when one was recorded. */
  bake: ExecutionRecord | undefined,
  recordUrl?: string,
): string {
  const target = targetOf(record.params);
  const lines = [
    '### Context from the execution records',
    '',
    `This issue names ${target ? `${code(target)} and ` : ''}the execution below; intentops adds what its record holds.`,
    '',
    `- **Execution:** ${recordUrl ? `[${code(record.id)}](${encodeURI(recordUrl)})` : code(record.id)} — intent ${code(record.intent)}, status **${record.status}**`,
    `- **Target:** ${target ? code(target) : 'none named'}`,
    `- **Anomalies:** ${record.anomalies.length ? record.anomalies.map((a) => `${code(a.rule)} (${a.severity})`).join(', ') : 'none'}`,
    '',
    '**Before / after**',
    '',
    fenced(
      [
        'before:',
        ...snapshotLines(record.before).map((l) => `  ${l}`),
        'after:',
        ...snapshotLines(record.after).map((l) => `  ${l}`),
      ].join('\n'),
    ),
    '',
    '**Timeline**',
    '',
    `- ${record.timestamp} started (${record.intent})`,
    ...record.commands_run.map((c) => `- step ${code(c.step)}: exit ${c.exit_code ?? '–'} in ${c.duration}`),
    `- finished after ${record.duration}: ${record.status}`,
    ...(bake?.observation
      ? [
          ...bake.observation.first_seen.map(
            (f) => `- ${f.at} ${code(f.what)} first seen (${f.after_run} after the run)`,
          ),
          `- ${bake.observation.ended} bake ${bake.observation.verdict}: ${code(bake.observation.reason)}`,
        ]
      : []),
  ];
  const logs = record.after?.recent_logs ?? [];
  if (logs.length) lines.push('', '**Logs (after the run)**', '', fenced(logs.slice(-20).join('\n')));
  lines.push('', marker(CONTEXT_MARKER, String(issue)));
  return lines.join('\n');
}
