import { stringify } from 'yaml';
import { fenced, oneLine } from './bot-markers.js';
import { formatSeconds, sha256 } from './record.js';
import type { Anomaly, UnsignedRecord as ExecutionRecord, Snapshot } from './schemas/record.js';
import { targetOf } from './target.js';

// Local incident drafts: the seed's incident_draft as Markdown with YAML front matter. The front matter
// is what tools read (fingerprint, occurrences); the body is what a human reads and completes.

export interface DraftInput {
  record: ExecutionRecord;
  anomaly: Anomaly;
  /** Link or path to the execution record. */
  recordRef: string;
}

/** Same intent + rule + target → same incident, so a repeat is appended, not filed again. */
export function draftFingerprint(intent: string, rule: string, target: string | undefined): string {
  return sha256(`${intent}\u0000${rule}\u0000${target ?? ''}`).slice('sha256:'.length, 'sha256:'.length + 16);
}

export function draftFileName(fingerprint: string, input: DraftInput): string {
  const target = targetOf(input.record.params);
  return `${[input.record.intent, target, input.anomaly.rule]
    .filter(Boolean)
    .join('-')
    .replace(/[^A-Za-z0-9._-]+/g, '-')}-${fingerprint.slice(0, 8)}.md`;
}

// Words that make a rule name a statement already ("log dir grew", "slow deployment", "pods not
// ready"): "unexpected" goes only before a bare thing that happened ("memory spike", "restart").
const STATEMENT_FIRST = /^(unexpected|slow|high|low|long|too|many|few|no|stale|failed|missing|stuck|broken)$/;
const STATEMENT_WORD =
  /^(not|no|never|missing|stuck|broken|failed|down|up|full|empty|grew|rose|fell|went|ran|broke|blew|took|lost|left|hung|shrank|sank|spiked|[a-z]+ed)$/;

/** A rule name as words for a title meant for people: `memory_spike` → "unexpected memory spike". */
export function ruleInWords(rule: string): string {
  const words = rule.replace(/[_-]+/g, ' ').trim().split(/\s+/);
  const statement =
    STATEMENT_FIRST.test(words[0] ?? '') || words.slice(1).some((w) => STATEMENT_WORD.test(w));
  return statement ? words.join(' ') : `unexpected ${words.join(' ')}`;
}

/** "Deploy home-portal: unexpected memory spike" — the seed's title form. */
export function draftTitle(record: ExecutionRecord, anomaly: Anomaly): string {
  const verb = record.intent.split('-')[0] ?? record.intent;
  const target = targetOf(record.params) ?? record.intent;
  return `${verb.charAt(0).toUpperCase()}${verb.slice(1)} ${target}: ${ruleInWords(anomaly.rule)}`;
}

/** Captured state (logs, outputs) as YAML in a fence its text cannot close. */
function yamlBlock(value: unknown): string {
  return fenced(stringify(value ?? null, { lineWidth: 0 }).trimEnd(), 'yaml');
}

/**
 * The bake a follow-up record (`observation_of`) describes: its own start, end and duration. The
 * record's `timestamp` is when the bake ended and its `duration` is the run's (the rules' view).
 */
export function bakeSpan(
  record: ExecutionRecord,
): { started: string; ended: string; duration: string } | undefined {
  const o = record.observation;
  if (!record.observation_of || !o) return undefined;
  const ms = Math.max(0, Date.parse(o.ended) - Date.parse(o.started));
  return { started: o.started, ended: o.ended, duration: formatSeconds(Number.isNaN(ms) ? 0 : ms) };
}

function findings(record: ExecutionRecord): string[] {
  return [
    ...record.failure_indicators.map(
      (i) => `- failure indicator \`${i.pattern}\` (${i.severity}) in ${i.source}`,
    ),
    ...record.anomalies.map((a) => `- anomaly \`${a.rule}\` (${a.severity}) → ${a.action}`),
  ];
}

function bakeTimeline(
  record: ExecutionRecord,
  o: NonNullable<ExecutionRecord['observation']>,
  span: { duration: string },
): string[] {
  return [
    `- ${o.started} — bake \`${record.id}\` of execution \`${record.observation_of}\` started (${record.intent}, for ${o.for} every ${o.interval})`,
    ...o.first_seen.map(
      (f) =>
        `- ${f.at} — \`${oneLine(f.what)}\` (${f.severity}) first seen, ${f.after_run} after the run ended`,
    ),
    ...findings(record),
    `- ${o.ended} — bake ended: **${record.status}** after ${span.duration} (${o.samples.length} of ${o.expected_samples} snapshots)`,
  ];
}

function timeline(record: ExecutionRecord): string[] {
  const bake = bakeSpan(record);
  if (bake && record.observation) return bakeTimeline(record, record.observation, bake);
  const lines = [`- ${record.timestamp} — execution \`${record.id}\` started (${record.intent})`];
  for (const c of record.commands_run) {
    lines.push(
      `- step \`${c.step}\`: exit ${c.exit_code ?? 'none'} after ${c.duration}${c.timed_out ? ' (timed out)' : ''}`,
    );
  }
  for (const c of record.checks) lines.push(`- check \`${c.name}\`: ${c.result} after ${c.duration}`);
  lines.push(...findings(record));
  lines.push(`- finished: **${record.status}** after ${record.duration}`);
  return lines;
}

/** For an anomaly a bake found: "appeared 7 m 40 s after the run ended (bake of `exec-…`)". */
export function appearedLine(record: ExecutionRecord, rule: string): string | undefined {
  const seen = record.observation?.first_seen.find((f) => f.what === `rule:${rule}`);
  if (!seen || !record.observation_of) return undefined;
  return `appeared ${seen.after_run} after the run ended (bake of \`${record.observation_of}\`)`;
}

function occurrenceLine(input: DraftInput): string {
  const { record, anomaly } = input;
  const appeared = appearedLine(record, anomaly.rule);
  return `- ${record.timestamp} — \`${record.id}\` (${record.status}): \`${anomaly.condition}\` with ${JSON.stringify(anomaly.inputs)}${appeared ? `, ${appeared}` : ''} — [record](${input.recordRef})`;
}

function commands(record: ExecutionRecord): string {
  return record.commands_run
    .map(
      (c) =>
        `- \`${Array.isArray(c.cmd) ? JSON.stringify(c.cmd) : oneLine(c.cmd).replace(/`/g, "'")}\` → exit ${c.exit_code ?? 'none'} (${c.duration})`,
    )
    .join('\n');
}

function stateOf(s: Snapshot | null): unknown {
  return s ?? 'not captured';
}

/** The human-input sections a draft must have filled before it can be filed. */
export const HUMAN_SECTIONS = ['Root cause', 'Lessons learned', 'Action items'] as const;
/** What an unfilled human-input section holds; a later step detects it to refuse filing. */
export const HUMAN_PLACEHOLDER = '_to be filled in_';

export type DraftSectionId =
  | 'summary'
  | 'timeline'
  | 'before'
  | 'after'
  | 'commands'
  | 'indicators'
  | 'human'
  | 'occurrences';

/** One block of the draft body; the local file and the GitHub issue are both built from these. */
export interface DraftSection {
  id: DraftSectionId;
  markdown: string;
}

/** The body both forms share: what fired, then the evidence, then what a human must add. */
export function draftSections(input: DraftInput): DraftSection[] {
  const { record, anomaly } = input;
  return [
    {
      id: 'summary',
      markdown: [
        `**Severity:** ${anomaly.severity} · **Status:** draft — requires human review before filing · **Execution:** [${record.id}](${input.recordRef})`,
        '',
        `Rule \`${anomaly.rule}\` fired: \`${anomaly.condition}\``,
        ...(appearedLine(record, anomaly.rule) ? ['', `It ${appearedLine(record, anomaly.rule)}.`] : []),
        '',
        yamlBlock(anomaly.inputs),
      ].join('\n'),
    },
    { id: 'timeline', markdown: ['## Timeline', ...timeline(record)].join('\n') },
    { id: 'before', markdown: `## Before\n${yamlBlock(stateOf(record.before))}` },
    { id: 'after', markdown: `## After\n${yamlBlock(stateOf(record.after))}` },
    { id: 'commands', markdown: `## Commands run\n${commands(record) || '_none_'}` },
    {
      id: 'indicators',
      markdown: `## Failure indicators\n${
        record.failure_indicators
          .map(
            (i) =>
              `- \`${oneLine(i.pattern)}\` (${i.severity}) in ${oneLine(i.source)}: \`${oneLine(i.line).replace(/`/g, "'")}\``,
          )
          .join('\n') || '_none_'
      }`,
    },
    {
      id: 'human',
      markdown: [
        '## Needs human input',
        `### ${HUMAN_SECTIONS[0]}`,
        HUMAN_PLACEHOLDER,
        '',
        `### ${HUMAN_SECTIONS[1]}`,
        HUMAN_PLACEHOLDER,
        '',
        `### ${HUMAN_SECTIONS[2]}`,
        `- [ ] ${HUMAN_PLACEHOLDER}`,
      ].join('\n'),
    },
    { id: 'occurrences', markdown: `## Occurrences\n${occurrenceLine(input)}` },
  ];
}

export function renderDraft(input: DraftInput, fingerprint: string): string {
  const { record, anomaly } = input;
  const front = {
    title: draftTitle(record, anomaly),
    severity: anomaly.severity,
    status: 'draft',
    fingerprint,
    generated_from: { execution_id: record.id, anomaly_rule: anomaly.rule },
    intent: record.intent,
    target: targetOf(record.params) ?? null,
    occurrences: 1,
    needs_human_input: ['root_cause', 'lessons_learned', 'action_items'],
  };
  return [
    '---',
    stringify(front, { lineWidth: 0 }).trimEnd(),
    '---',
    `# ${front.title}`,
    '',
    draftSections(input)
      .map((s) => s.markdown)
      .join('\n\n'),
    '',
  ].join('\n');
}

/** A repeat of the same fingerprint: bump the count and append the occurrence; nothing else changes. */
export function appendOccurrence(existing: string, input: DraftInput): string {
  if (existing.includes(`\`${input.record.id}\``)) return existing; // already recorded: idempotent
  const bumped = existing.replace(
    /^occurrences: (\d+)$/m,
    (_m, n: string) => `occurrences: ${Number(n) + 1}`,
  );
  return `${bumped.trimEnd()}\n${occurrenceLine(input)}\n`;
}
