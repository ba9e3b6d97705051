import type { LedgerEntry } from '../schemas/ledger.js';
import { velocity } from './ledger.js';
import { type RejectedEvidence, rejectionLines } from './provenance.js';
import type { Skipped, Suggestion } from './types.js';

// The Markdown report of a learn run (local mode writes it next to the ledger) and of the ledger
// (`learn --report`): what was suggested, what humans decided, how fast evidence became change.

export function runReport(
  at: Date,
  suggestions: readonly (Suggestion & { outcome: string })[],
  skipped: readonly Skipped[],
  rejected: readonly RejectedEvidence[],
): string {
  const lines = [`# intentops learn — ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`, ''];
  if (suggestions.length === 0) lines.push('No pattern reached its threshold.', '');
  for (const s of suggestions) {
    lines.push(`## ${s.title}`, '', `- id: \`${s.id}\` (${s.trigger} → ${s.action})`, `- ${s.outcome}`);
    lines.push(
      `- evidence: ${s.evidence.length} occurrence(s), ${s.evidence[0]?.at.slice(0, 10)} … ${s.evidence.at(-1)?.at.slice(0, 10)}`,
    );
    lines.push('', s.rationale, '');
    for (const c of s.changes) lines.push(`- \`${c.path}\`${c.before === null ? ' (new file)' : ''}`);
    lines.push('');
  }
  if (skipped.length) {
    lines.push('## Patterns without a change', '');
    for (const k of skipped) lines.push(`- \`${k.key}\` (${k.trigger}): ${k.reason}`);
    lines.push('');
  }
  if (rejected.length) {
    lines.push(
      '## Evidence not counted',
      '',
      'Records, anomaly log lines and manual notes count only when the bot committed them.',
      '',
    );
    for (const l of rejectionLines(rejected)) lines.push(`- ${l}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** The seed's "suggestions lead to policy updates within 1 week", measured: one line. */
export function velocityLine(entries: readonly LedgerEntry[]): string {
  const v = velocity(entries);
  if (!v.decided) return 'Learning velocity: no suggestion decided yet.';
  const waited =
    v.firstEvidenceMedianDays === null
      ? ''
      : ` First evidence → PR opened: median ${v.firstEvidenceMedianDays} day(s).`;
  return `Learning velocity: suggestion PR opened → decided (merged or closed), median ${v.medianDays} day(s), slowest ${v.maxDays} day(s), over ${v.decided} decided suggestion(s) (${v.accepted} merged); ${v.withinWeek} of ${v.decided} within 1 week.${waited}`;
}

export function ledgerReport(entries: readonly LedgerEntry[]): string {
  const by = (state: LedgerEntry['state']) => entries.filter((e) => e.state === state);
  const lines = [
    '# Learning ledger',
    '',
    `| state | suggestions |`,
    '|---|---|',
    ...(['open', 'accepted', 'rejected', 'local'] as const).map((s) => `| ${s} | ${by(s).length} |`),
    '',
    velocityLine(entries),
    '',
  ];
  for (const state of ['open', 'accepted', 'rejected', 'local'] as const) {
    const list = by(state);
    if (!list.length) continue;
    lines.push(`## ${state}`, '');
    for (const e of list) {
      const pr = e.pr !== undefined ? ` PR #${e.pr}` : ` branch ${e.branch}`;
      lines.push(
        `- **${e.title}** (\`${e.id}\`,${pr}; ${e.evidence} occurrence(s) since ${e.first_evidence.slice(0, 10)}${e.decided_at ? `; decided ${e.decided_at.slice(0, 10)}` : ''})`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
