import type { DeliveryMetrics, FailedChange, Figures, Mismatch, Side, Stat } from './delivery.js';

// Delivery metrics as people read them: one row per scope, humans' figures beside the agents'.
// Markdown for the report, the job summary and issues; plain text for the terminal.

/** "4 m 30 s", "2 h 5 m", "3 d 4 h": two units at most. */
export function span(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const units: [number, string][] = [
    [86_400, 'd'],
    [3600, 'h'],
    [60, 'm'],
    [1, 's'],
  ];
  const parts: string[] = [];
  let rest = s;
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 || (size === 1 && parts.length === 0)) parts.push(`${n} ${name}`);
    rest -= n * size;
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

const pct = (r: number | null) => (r === null ? '–' : `${Math.round(r * 1000) / 10} %`);
const med = (s: Stat | null) => (s === null ? '–' : span(s.median_s));

/** The figures of one side, each a short cell; "–" is no data, never a zero in disguise. */
export function cells(f: Figures): string[] {
  return [
    String(f.deployments),
    `${f.deployments_per_day}`,
    `${pct(f.change_failure_rate)}${f.failures ? ` (${f.failures})` : ''}`,
    `${med(f.time_to_restore)}${f.unrestored ? ` · ${f.unrestored} open` : ''}`,
    med(f.lead_time),
  ];
}

export const COLUMNS = [
  'changes',
  'per day',
  'change failure rate',
  'time to restore (median)',
  'lead time (median)',
];

function rows(m: DeliveryMetrics): { scope: string; side: Side }[] {
  return [
    { scope: 'all', side: m.overall },
    ...m.by_intent.map((r) => ({ scope: `intent ${r.intent}`, side: r as Side })),
    ...m.by_target.map((r) => ({ scope: `target ${r.target}`, side: r as Side })),
  ];
}

const RESTORED_BY = {
  rollback: 'rollback',
  retry: 'a successful /retry',
  incident_closed: 'closing the incident',
};

/** How a failed change was restored, or that it was not yet. */
export const restoredText = (f: Pick<FailedChange, 'restored_at' | 'restored_by'>) =>
  f.restored_at && f.restored_by ? `restored by ${RESTORED_BY[f.restored_by]}` : 'not restored yet';

/** After a failed change's kind: the claim its request made, when it names someone else. */
export const claimNote = (f: Pick<FailedChange, 'proposer' | 'proposed_by'>) =>
  f.proposed_by ? `, proposed by ${f.proposer} though its request claims ${f.proposed_by}` : '';

/** The changes whose request claims another proposer: a sentence, or '' when there is none. */
export function mismatchText(list: readonly Mismatch[], max = 5): string {
  if (!list.length) return '';
  const named = list
    .slice(0, max)
    .map((m) => `${m.execution} (${m.proposer}, claims ${m.proposed_by})`)
    .join('; ');
  return `${list.length} change(s) whose request's proposed_by names someone else than who proposed it — counted for who proposed it: ${named}${list.length > max ? '; …' : ''}`;
}

/** The local runs' line: counted apart, said beside the table (absent when there were none). */
export function localText(f: Figures): string {
  return `local runs (intentops run outside the pipeline, not counted above): ${f.deployments} change(s), ${f.failures} failed${f.deployments ? ` (${pct(f.change_failure_rate)})` : ''}`;
}

const esc = (s: string) => s.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);

const idText = (id: string, link?: string) => (link ? `[\`${id}\`](${encodeURI(link)})` : `\`${esc(id)}\``);

/** A Markdown section: humans and agents side by side, then the failed changes. */
export function metricsMarkdown(
  m: DeliveryMetrics,
  /** linkOf: an execution's record, to link its id (the dashboard does). */
  opts: { heading?: string; maxFailures?: number; linkOf?: (execution: string) => string | undefined } = {},
): string {
  const head = `| scope | proposer | ${COLUMNS.join(' | ')} |`;
  const rule = `|${' --- |'.repeat(COLUMNS.length + 2)}`;
  const lines = [
    `${opts.heading ?? '## Delivery metrics'}`,
    '',
    `${m.since.slice(0, 10)} → ${m.until.slice(0, 10)}; a change counts as failed when it failed, was rolled back, failed its bake, or caused an incident within ${span(m.attribution_window_s)} after it. ${m.notes.map((n) => `${n.charAt(0).toUpperCase()}${n.slice(1)}.`).join(' ')}`,
    '',
    head,
    rule,
  ];
  for (const { scope, side } of rows(m)) {
    for (const kind of ['human', 'agent'] as const) {
      if (scope !== 'all' && side[kind].deployments === 0) continue;
      lines.push(`| ${esc(scope)} | ${kind}s | ${cells(side[kind]).join(' | ')} |`);
    }
  }
  if (m.local) lines.push('', `_${esc(localText(m.local))}._`);
  const max = opts.maxFailures ?? 20;
  if (m.failures.length) {
    lines.push('', `**Failed changes** (${m.failures.length}):`, '');
    for (const f of m.failures.slice(-max).reverse()) {
      lines.push(
        `- ${idText(f.execution, opts.linkOf?.(f.execution))} ${esc(f.intent)}${f.target ? ` ${esc(f.target)}` : ''} (${f.kind}${esc(claimNote(f))}): ${f.reasons.join(', ').replace(/_/g, ' ')} — ${restoredText(f)}`,
      );
    }
    if (m.failures.length > max) lines.push(`- … and ${m.failures.length - max} earlier`);
  }
  const claims = mismatchText(m.mismatches);
  if (claims) lines.push('', `> [!WARNING]\n> ${esc(claims)}`);
  return lines.join('\n');
}

/** Plain text for `intentops metrics`: the same table, padded. */
export function metricsText(m: DeliveryMetrics): string {
  const table: string[][] = [['scope', 'proposer', ...COLUMNS]];
  for (const { scope, side } of rows(m)) {
    for (const kind of ['human', 'agent'] as const) {
      if (scope !== 'all' && side[kind].deployments === 0) continue;
      table.push([scope, `${kind}s`, ...cells(side[kind])]);
    }
  }
  const widths = (table[0] as string[]).map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  const out = [
    `delivery metrics ${m.since.slice(0, 16).replace('T', ' ')} → ${m.until.slice(0, 16).replace('T', ' ')} UTC (attribution window ${span(m.attribution_window_s)})`,
    ...m.notes.map((n) => `note: ${n}`),
    '',
    ...table.map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    ),
  ];
  if (m.local) out.push('', localText(m.local));
  if (m.failures.length) {
    out.push('', `failed changes (${m.failures.length}):`);
    for (const f of m.failures) {
      out.push(
        `  ${f.at.slice(0, 16).replace('T', ' ')}  ${f.execution}  ${f.kind}${claimNote(f)}  ${f.reasons.join(',')}  ${f.restored_at ? `restored by ${f.restored_by} at ${f.restored_at.slice(0, 16).replace('T', ' ')}` : 'not restored'}`,
      );
    }
  }
  const claims = mismatchText(m.mismatches);
  if (claims) out.push('', `warning: ${claims}`);
  const open = m.overall.all.window_open;
  if (open)
    out.push(
      '',
      `${open} change(s) ended less than ${span(m.attribution_window_s)} ago: a late failure may still count`,
    );
  return out.join('\n');
}
