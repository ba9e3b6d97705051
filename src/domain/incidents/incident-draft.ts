import { stringify } from 'yaml';
import { formatSeconds, sha256 } from '../records/record.js';
import { targetOf } from '../request/target.js';
import type { Anomaly, UnsignedRecord as ExecutionRecord } from '../schemas/record.js';
import {
  type CuttableLines,
  commandsMarkdown,
  indicatorsMarkdown,
  logsSection,
  stateSection,
} from './incident-evidence.js';
import {
  anomalyTable,
  headline,
  incidentAnomalies,
  incidentSeverity,
  signalsTable,
} from './incident-headline.js';
import { postmortem } from './incident-postmortem.js';
import { timelineMarkdown } from './incident-timeline.js';

export { HUMAN_PLACEHOLDER, HUMAN_SECTIONS } from './incident-postmortem.js';

// Local incident drafts: the seed's incident_draft as Markdown with YAML front matter. The front matter
// is what tools read (fingerprint, occurrences); the body is what a human reads and completes.

export interface DraftInput {
  record: ExecutionRecord;
  anomaly: Anomaly;
  /** Link or path to the execution record. */
  recordRef: string;
}

/**
 * Same intent + rule + target (+ environment) → same incident, so a repeat is appended, not filed
 * again; the same target in staging and in production are two incidents. Without an environment the
 * fingerprint is what it was before environments existed, so open incidents keep theirs.
 */
export function draftFingerprint(
  intent: string,
  rule: string,
  target: string | undefined,
  environment?: string,
): string {
  const where = environment !== undefined ? `\u0000${environment}` : '';
  return sha256(`${intent}\u0000${rule}\u0000${target ?? ''}${where}`).slice(
    'sha256:'.length,
    'sha256:'.length + 16,
  );
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
  /^(not|no|never|missing|stuck|broken|failed|down|up|full|empty|high|low|grew|rose|fell|went|ran|broke|blew|took|lost|left|hung|shrank|sank|spiked|[a-z]+ed)$/;

/** A rule name as words for a title meant for people: `memory_spike` → "unexpected memory spike". */
export function ruleInWords(rule: string): string {
  const words = rule.replace(/[_-]+/g, ' ').trim().split(/\s+/);
  const statement =
    STATEMENT_FIRST.test(words[0] ?? '') || words.slice(1).some((w) => STATEMENT_WORD.test(w));
  return statement ? words.join(' ') : `unexpected ${words.join(' ')}`;
}

/**
 * "Deploy home-portal: unexpected memory spike" — the seed's title form; one incident per run, so a
 * failed run with two anomalies reads "Deploy home-portal: failed — unexpected restart, memory high".
 */
export function draftTitle(record: ExecutionRecord, anomaly: Anomaly): string {
  const verb = record.intent.split('-')[0] ?? record.intent;
  const target = `${targetOf(record.params) ?? record.intent}${record.environment ? ` in ${record.environment}` : ''}`;
  const rules = incidentAnomalies(record, anomaly).map((a) => ruleInWords(a.rule));
  const failed = record.status === 'failed' ? 'failed — ' : '';
  return `${verb.charAt(0).toUpperCase()}${verb.slice(1)} ${target}: ${failed}${rules.join(', ')}`;
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

export type DraftSectionId =
  | 'headline'
  | 'signals'
  | 'timeline'
  | 'postmortem'
  | 'indicators'
  | 'commands'
  | 'logs-before'
  | 'logs-after'
  | 'before'
  | 'after'
  | 'occurrences';

/** One block of the draft body; the local file and the GitHub issue are both built from these. */
export interface DraftSection {
  id: DraftSectionId;
  markdown: string;
  /** Logs: a cut drops their oldest lines before any other section is touched. */
  lines?: CuttableLines;
}

/**
 * The body both forms share (issue 31, item 7): severity, state and the next action first; the
 * signals and the anomalies as rows; the timeline; the postmortem to complete; the evidence, folded.
 */
export function draftSections(input: DraftInput): DraftSection[] {
  const { record } = input;
  const anomalies = incidentAnomalies(record, input.anomaly);
  const appeared = anomalies.map((a) => appearedLine(record, a.rule)).filter(Boolean);
  const signals = signalsTable(record.before, record.after);
  const logs = (['before', 'after'] as const).flatMap((label) => {
    const l = logsSection(label, label === 'before' ? record.before : record.after, input.recordRef);
    return l ? [{ id: `logs-${label}` as const, markdown: l.markdown, lines: l }] : [];
  });
  const optional = (id: DraftSectionId, markdown: string | undefined) => (markdown ? [{ id, markdown }] : []);
  return [
    { id: 'headline', markdown: headline({ record, anomalies, recordRef: input.recordRef }).join('  \n') },
    {
      id: 'signals',
      markdown: [
        ...(signals ? [signals, ''] : []),
        anomalyTable(anomalies),
        ...(appeared.length ? ['', ...appeared.map((a) => `It ${a}.`)] : []),
      ].join('\n'),
    },
    { id: 'timeline', markdown: timelineMarkdown(record) },
    { id: 'postmortem', markdown: postmortem(record, anomalies) },
    ...optional('indicators', indicatorsMarkdown(record)),
    ...optional('commands', commandsMarkdown(record)),
    ...logs,
    { id: 'before', markdown: stateSection('before', record.before) },
    { id: 'after', markdown: stateSection('after', record.after) },
    { id: 'occurrences', markdown: `## Occurrences\n${occurrenceLine(input)}` },
  ];
}

export function renderDraft(input: DraftInput, fingerprint: string): string {
  const { record, anomaly } = input;
  const front = {
    title: draftTitle(record, anomaly),
    // As the headline and the GitHub issue say: a P1 failure indicator makes the incident P1.
    severity: incidentSeverity(record, incidentAnomalies(record, anomaly)),
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
