import type { Occurrence, Suggestion } from './types.js';

// The body of a suggestion PR: why, how often, the evidence with links, and the pattern over time
// as a mermaid chart GitHub renders. Text from records and notes is data: kept out of markup.

export interface LinkContext {
  /** e.g. https://github.com/acme/ops */
  repoUrl: string;
  /** Record path → the commit that added it; the branch when unknown. */
  commitOf: (path: string) => string | undefined;
  branch: string;
}

const MAX_EVIDENCE_ROWS = 30;
export const BODY_MARKER = (id: string) => `<!-- intentops:suggestion=${id} -->`;

const cell = (s: string) => s.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/\n/g, ' ');

function link(o: Occurrence, ctx: LinkContext): string {
  const parts: string[] = [];
  if (o.recordPath)
    parts.push(`[record](${ctx.repoUrl}/blob/${ctx.commitOf(o.recordPath) ?? ctx.branch}/${o.recordPath})`);
  else if (o.execution) parts.push(`${cell(o.execution)} (rolled up)`);
  if (o.incident?.startsWith('http')) parts.push(`[incident](${o.incident})`);
  if (o.issue === 0) parts.push('noted locally');
  else if (o.issue !== undefined)
    parts.push(
      `#${o.issue}${o.comment !== undefined ? ` ([note](${ctx.repoUrl}/issues/${o.issue}#issuecomment-${o.comment}))` : ''}`,
    );
  return parts.join(' · ') || '—';
}

/** Occurrences per day over the span of the evidence: `xychart-beta` bars. */
export function mermaidChart(s: Suggestion): string {
  const days = new Map<string, number>();
  for (const o of s.evidence) days.set(o.at.slice(0, 10), (days.get(o.at.slice(0, 10)) ?? 0) + 1);
  const first = s.evidence[0]?.at.slice(0, 10);
  const last = s.evidence.at(-1)?.at.slice(0, 10);
  const labels: string[] = [];
  if (first && last) {
    for (
      let d = new Date(`${first}T00:00:00Z`);
      d.toISOString().slice(0, 10) <= last && labels.length < 60;
      d = new Date(d.getTime() + 86_400_000)
    ) {
      labels.push(d.toISOString().slice(0, 10));
    }
  }
  const max = Math.max(1, ...days.values());
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${s.trigger} per day"`,
    `  x-axis [${labels.map((l) => `"${l.slice(5)}"`).join(', ')}]`,
    `  y-axis "occurrences" 0 --> ${max}`,
    `  bar [${labels.map((l) => days.get(l) ?? 0).join(', ')}]`,
    '```',
  ].join('\n');
}

export function prBody(s: Suggestion, ctx: LinkContext): string {
  const rows = s.evidence
    .slice(-MAX_EVIDENCE_ROWS)
    .map(
      (o) =>
        `| ${o.at.replace('T', ' ').slice(0, 16)} | ${cell(o.target ?? '—')} | ${cell(o.by ? `@${o.by}` : '—')} | ${link(o, ctx)} |`,
    );
  const more =
    s.evidence.length > MAX_EVIDENCE_ROWS
      ? `\n_…and ${s.evidence.length - MAX_EVIDENCE_ROWS} earlier occurrence(s)._`
      : '';
  return [
    `**${s.trigger}** (${s.evidence.length} occurrences) → **${s.action}**`,
    '',
    cell(s.rationale).replace(/\\`/g, '`'),
    '',
    ...(s.backtest?.length
      ? [
          '**What would have happened** with this change in place:',
          '',
          ...s.backtest.map((l) => `- ${cell(l)}`),
          '',
        ]
      : []),
    mermaidChart(s),
    '',
    '| when (UTC) | target | by | evidence |',
    '|---|---|---|---|',
    ...rows,
    more,
    '',
    `Files: ${s.changes.map((c) => `\`${c.path}\`${c.before === null ? ' (new)' : ''}`).join(', ')}`,
    '',
    'Merge to accept; close to reject (remembered: not reopened unless the evidence doubles or the cooldown passes).',
    '',
    BODY_MARKER(s.id),
  ].join('\n');
}
