import { fenced } from '../bot/bot-markers.js';
import { lineDiff } from './line-diff.js';
import type { FileChange, Occurrence, Suggestion } from './types.js';

// The body of a suggestion PR, in the order a reviewer decides: the change, what it would have done
// over the same runs and what it costs (first lines), the change itself as a folded diff, then why,
// the evidence with links, and the pattern over time as a mermaid chart (when it has more than one
// point). In words, not trigger names. Who noted a fix is named, never @mentioned: a notification
// is the policy's to ask for. Text from records and notes is data: kept out of markup.

export interface LinkContext {
  /** e.g. https://github.com/acme/ops */
  repoUrl: string;
  /** Record path → the commit that added it; the branch when unknown. */
  commitOf: (path: string) => string | undefined;
  branch: string;
}

const MAX_EVIDENCE_ROWS = 30;
/** A diff longer than this is cut (the Files tab has it whole): the body stays readable and short. */
const MAX_DIFF_LINES = 120;
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

/** Occurrences per day over the span of the evidence: `xychart-beta` bars; '' for a single day. */
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
  if (labels.length < 2) return '';
  const max = Math.max(1, ...days.values());
  return [
    '```mermaid',
    'xychart-beta',
    '  title "occurrences per day"',
    `  x-axis [${labels.map((l) => `"${l.slice(5)}"`).join(', ')}]`,
    `  y-axis "occurrences" 0 --> ${max}`,
    `  bar [${labels.map((l) => days.get(l) ?? 0).join(', ')}]`,
    '```',
  ].join('\n');
}

/** `shop.yaml` (new file, +12 lines) as a folded diff, cut at MAX_DIFF_LINES. */
function foldedDiff(c: FileChange): string {
  const lines = lineDiff(c.path, c.before, c.after).split('\n');
  const added = lines.filter((l) => l.startsWith('+') && !l.startsWith('+++')).length;
  const removed = lines.filter((l) => l.startsWith('-') && !l.startsWith('---')).length;
  const shown =
    lines.length > MAX_DIFF_LINES
      ? [
          ...lines.slice(0, MAX_DIFF_LINES),
          `… ${lines.length - MAX_DIFF_LINES} more lines: see Files changed`,
        ]
      : lines;
  const path = c.path.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const size = `${c.before === null ? 'new file, ' : ''}+${added}${removed ? ` −${removed}` : ''} lines`;
  return [
    `<details><summary>The change: <code>${path}</code> (${size})</summary>`,
    '',
    fenced(shown.join('\n'), 'diff'),
    '',
    '</details>',
  ].join('\n');
}

/** The title without its trailing evidence count: `(memory_spike ×3)` is in the backtest line. */
const changeOf = (title: string) => title.replace(/ \([^()]*×\d+[^()]*\)$/, '');

export function prBody(s: Suggestion, ctx: LinkContext): string {
  // Who noted a fix by hand, when someone did: records have no one to name.
  const noted = s.evidence.some((o) => o.by);
  const rows = s.evidence
    .slice(-MAX_EVIDENCE_ROWS)
    .map(
      (o) =>
        `| ${o.at.replace('T', ' ').slice(0, 16)} | ${cell(o.target ?? '—')} |${noted ? ` ${cell(o.by ?? '—')} |` : ''} ${link(o, ctx)} |`,
    );
  const more =
    s.evidence.length > MAX_EVIDENCE_ROWS
      ? `\n_…and ${s.evidence.length - MAX_EVIDENCE_ROWS} earlier occurrence(s)._`
      : '';
  const verdict = s.verdict ?? s.backtest?.[0];
  const chart = mermaidChart(s);
  return [
    // GitHub renders each line break of a PR body: these three read as three lines.
    `**Proposed change:** ${cell(changeOf(s.title))}`,
    `**Backtest:** ${verdict ? cell(verdict) : 'no past run to replay it on'} (${s.evidence.length} occurrence${s.evidence.length === 1 ? '' : 's'} since ${s.evidence[0]?.at.slice(0, 10) ?? '?'})`,
    ...(s.cost ? [`**Cost:** ${cell(s.cost)}`] : []),
    '',
    ...s.changes.map(foldedDiff),
    '',
    '## Why',
    '',
    cell(s.rationale).replace(/\\`/g, '`'),
    '',
    ...(s.backtest?.length
      ? ['## What would have happened', '', ...s.backtest.map((l) => `- ${cell(l)}`), '']
      : []),
    '## Evidence',
    '',
    ...(chart ? [chart, ''] : []),
    `| when (UTC) | target |${noted ? ' noted by |' : ''} evidence |`,
    `|---|---|${noted ? '---|' : ''}---|`,
    ...rows,
    more,
    '',
    'Merge to accept; close to reject (remembered: not reopened unless the evidence doubles or the cooldown passes).',
    '',
    BODY_MARKER(s.id),
  ].join('\n');
}
