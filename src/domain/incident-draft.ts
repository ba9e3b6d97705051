import { stringify } from 'yaml';
import { sha256 } from './record.js';
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

function humanize(rule: string): string {
  const words = rule.replace(/[_-]+/g, ' ').trim();
  return words.startsWith('unexpected') ? words : `unexpected ${words}`;
}

/** "Deploy home-portal: unexpected memory spike" — the seed's title form. */
export function draftTitle(record: ExecutionRecord, anomaly: Anomaly): string {
  const verb = record.intent.split('-')[0] ?? record.intent;
  const target = targetOf(record.params) ?? record.intent;
  return `${verb.charAt(0).toUpperCase()}${verb.slice(1)} ${target}: ${humanize(anomaly.rule)}`;
}

function yamlBlock(value: unknown): string {
  return `\`\`\`yaml\n${stringify(value ?? null, { lineWidth: 0 }).trimEnd()}\n\`\`\``;
}

function timeline(record: ExecutionRecord): string[] {
  const lines = [`- ${record.timestamp} — execution \`${record.id}\` started (${record.intent})`];
  for (const c of record.commands_run) {
    lines.push(
      `- step \`${c.step}\`: exit ${c.exit_code ?? 'none'} after ${c.duration}${c.timed_out ? ' (timed out)' : ''}`,
    );
  }
  for (const c of record.checks) lines.push(`- check \`${c.name}\`: ${c.result} after ${c.duration}`);
  for (const i of record.failure_indicators)
    lines.push(`- failure indicator \`${i.pattern}\` (${i.severity}) in ${i.source}`);
  for (const a of record.anomalies) lines.push(`- anomaly \`${a.rule}\` (${a.severity}) → ${a.action}`);
  lines.push(`- finished: **${record.status}** after ${record.duration}`);
  return lines;
}

function occurrenceLine(input: DraftInput): string {
  const { record, anomaly } = input;
  return `- ${record.timestamp} — \`${record.id}\` (${record.status}): \`${anomaly.condition}\` with ${JSON.stringify(anomaly.inputs)} — [record](${input.recordRef})`;
}

function commands(record: ExecutionRecord): string {
  return record.commands_run
    .map(
      (c) =>
        `- \`${Array.isArray(c.cmd) ? JSON.stringify(c.cmd) : c.cmd.replace(/`/g, "'")}\` → exit ${c.exit_code ?? 'none'} (${c.duration})`,
    )
    .join('\n');
}

function stateOf(s: Snapshot | null): unknown {
  return s ?? 'not captured';
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
    `**Severity:** ${anomaly.severity} · **Status:** draft — requires human review before filing · **Execution:** [${record.id}](${input.recordRef})`,
    '',
    `Rule \`${anomaly.rule}\` fired: \`${anomaly.condition}\``,
    '',
    yamlBlock(anomaly.inputs),
    '',
    '## Timeline',
    ...timeline(record),
    '',
    '## Before',
    yamlBlock(stateOf(record.before)),
    '',
    '## After',
    yamlBlock(stateOf(record.after)),
    '',
    '## Commands run',
    commands(record) || '_none_',
    '',
    '## Failure indicators',
    record.failure_indicators
      .map((i) => `- \`${i.pattern}\` (${i.severity}) in ${i.source}: \`${i.line.replace(/`/g, "'")}\``)
      .join('\n') || '_none_',
    '',
    '## Needs human input',
    '### Root cause',
    '_to be filled in_',
    '',
    '### Lessons learned',
    '_to be filled in_',
    '',
    '### Action items',
    '- [ ] _to be filled in_',
    '',
    '## Occurrences',
    occurrenceLine(input),
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
