import type { MetricSample } from '../notify/bot-metrics.js';
import { type ScoreRow, thresholdText, valueText } from './scorecard.js';

// The scorecard as people read it: a padded table for the terminal, a Markdown table for the report
// and the weekly learn summary, one line for the dashboard issue. A row with no value says "–" and
// why, never a zero or a 100 % in disguise.

const mark = (r: ScoreRow) => (r.value === null && r.pass ? 'n/a' : r.pass ? 'pass' : 'FAIL');
const MAX_LISTED = 10;

export function scorecardText(rows: readonly ScoreRow[]): string {
  const table = [
    ['criterion', 'value', 'threshold', 'result'],
    ...rows.map((r) => [r.criterion, valueText(r), thresholdText(r), mark(r)]),
  ];
  const widths = (table[0] as string[]).map((_, i) => Math.max(...table.map((t) => (t[i] ?? '').length)));
  const out = [
    "scorecard (the seed's success criteria)",
    ...table.map((t) =>
      t
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    ),
  ];
  for (const r of rows) {
    out.push(`  ${r.criterion}: ${r.detail}`);
    for (const n of r.notes) out.push(`    note: ${n}`);
    for (const b of r.behind.slice(0, MAX_LISTED)) out.push(`    behind: ${b.id} — ${b.why}`);
    if (r.behind.length > MAX_LISTED) out.push(`    … and ${r.behind.length - MAX_LISTED} more`);
  }
  return out.join('\n');
}

const esc = (s: string) => s.replace(/[|\\`*_<>[\]@]/g, (c) => `\\${c}`);

export function scorecardMarkdown(rows: readonly ScoreRow[], heading = '## Scorecard'): string {
  const lines = [
    heading,
    '',
    '| criterion | seed | value | threshold | result | measured |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.criterion} | ${esc(r.seed)} | ${valueText(r)} | ${thresholdText(r)} | ${r.pass ? (r.value === null ? 'n/a' : '✅ pass') : '❌ fail'} | ${esc(r.detail)} |`,
    ),
  ];
  const more = rows.filter((r) => r.notes.length || r.behind.length);
  if (more.length) lines.push('');
  for (const r of more) {
    for (const n of r.notes) lines.push(`- ${r.criterion}: ${esc(n)}`);
    for (const b of r.behind.slice(0, MAX_LISTED))
      lines.push(`- ${r.criterion} behind: \`${b.id.replace(/`/g, '')}\` — ${esc(b.why)}`);
    if (r.behind.length > MAX_LISTED)
      lines.push(`- ${r.criterion}: … and ${r.behind.length - MAX_LISTED} more`);
  }
  return lines.join('\n');
}

/** One line: `Scorecard: visibility 100 % ✅ · detection 4 m 10 s ✅ · …`. */
export function scorecardLine(rows: readonly ScoreRow[]): string {
  return `**Scorecard:** ${rows
    .map((r) => `${r.criterion} ${valueText(r)}${r.value === null ? '' : r.pass ? ' ✅' : ' ❌'}`)
    .join(' · ')}`;
}

/** The JSON shape of `intentops metrics --json`: one entry per row. */
export function scorecardJson(rows: readonly ScoreRow[]) {
  return rows.map(({ criterion, value, threshold, pass, unit, bound, detail, notes, behind }) => ({
    criterion,
    value,
    threshold,
    pass,
    unit,
    bound,
    detail,
    notes,
    behind,
  }));
}

/** Pushgateway samples: a value and a pass per criterion that had something to measure. */
export function scorecardSamples(rows: readonly ScoreRow[]): MetricSample[] {
  const out: MetricSample[] = [];
  for (const r of rows) {
    if (r.value === null) continue;
    out.push({
      name: 'intentops_scorecard_value',
      labels: { criterion: r.criterion, unit: r.unit },
      value: r.value,
    });
    out.push({ name: 'intentops_scorecard_pass', labels: { criterion: r.criterion }, value: r.pass ? 1 : 0 });
  }
  return out;
}
