import * as core from '../adapters/actions-runner.js';
import type { ReconcileItem, ReconcileResult } from '../app/execute/reconcile.js';
import type { Diagnostic } from '../domain/input/diagnostic.js';
import { failedStep, lastLines, stepEnding } from '../domain/records/failed-step.js';
import type { ExecutionRecord } from '../domain/schemas/record.js';
import type { ActionInputs } from './inputs.js';

// Job summaries, one helper set for every action command: a Markdown table whose cells are
// escaped (record text is command output: it must not become markup), links to records and issues,
// and a writer that never fails the job.

const ICON: Record<string, string> = {
  success: '✅',
  failed: '❌',
  denied: '⛔',
  cancelled: '⏹️',
  interrupted: '⚠️',
  expired: '⌛',
  waiting: '⏳',
  skipped: '⏭️',
  pass: '✅',
  fail: '❌',
  timeout: '⏱️',
  valid: '✅',
  invalid: '❌',
};

export const icon = (status: string) => ICON[status] ?? '';

type Where = Pick<ActionInputs, 'serverUrl' | 'owner' | 'repo'>;

/** Text for one table cell: HTML and Markdown table syntax neutralised, lines kept as <br>. */
export function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/`/g, "'")
    .replace(/\r?\n/g, '<br>');
}

/** A Markdown table; cells are already escaped (use `cell`) so links and <br> can be composed. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${headers.join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

export function recordLink(inputs: Where, path: string): string {
  return `${inputs.serverUrl}/${inputs.owner}/${inputs.repo}/blob/HEAD/${path}`;
}

/** A link to a record or an issue: URLs as links, repo paths through the blob URL. */
function link(inputs: Where, target: string, text: string): string {
  const href = /^https?:\/\//.test(target) ? target : recordLink(inputs, target);
  return `[${cell(text)}](${encodeURI(href).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)})`;
}

/** `before.x` / `x_before` → ['x', 'before'], else undefined. */
function side(key: string): [string, 'before' | 'after'] | undefined {
  const m = /^(before|after)\.(.+)$/.exec(key) ?? /^(.+)_(before|after)$/.exec(key);
  if (!m) return undefined;
  return m[1] === 'before' || m[1] === 'after'
    ? [m[2] as string, m[1]]
    : [m[1] as string, m[2] as 'before' | 'after'];
}

/** An anomaly's inputs as a person reads them: `pod_restarts 0 → 2`, else `name=value`. */
export function anomalyValues(inputs: Record<string, unknown>): string {
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const pairs = new Map<string, { before?: unknown; after?: unknown }>();
  for (const [k, v] of Object.entries(inputs)) {
    const s = side(k);
    if (s) pairs.set(s[0], { ...pairs.get(s[0]), [s[1]]: v });
  }
  const out: string[] = [];
  const said = new Set<string>();
  for (const [k, v] of Object.entries(inputs)) {
    const s = side(k);
    const pair = s && pairs.get(s[0]);
    if (s && pair && 'before' in pair && 'after' in pair) {
      if (!said.has(s[0])) out.push(`${s[0]} ${show(pair.before)} → ${show(pair.after)}`);
      said.add(s[0]);
      continue;
    }
    out.push(`${k}=${show(v)}`);
  }
  return out.join(', ');
}

/** An incident as a link a reader recognises: `incident #7` for an issue, else the draft's file. */
export function incidentLink(inputs: Where, path: string): string {
  const issue = /\/issues\/(\d+)$/.exec(path);
  return link(
    inputs,
    path,
    issue ? `incident #${issue[1]}` : `incident draft ${path.split('/').pop() ?? path}`,
  );
}

/** Checks, failure indicators, anomalies (with the values that triggered them) and incident links. */
export function outcomeCells(
  rec: ExecutionRecord | undefined,
  inputs: Where,
): { checks: string; indicators: string; anomalies: string; incidents: string } {
  if (!rec) return { checks: '', indicators: '', anomalies: '', incidents: '' };
  const checks = Object.entries(rec.outcome_checks);
  const failing = checks.filter(([, v]) => v !== 'pass');
  return {
    // All passing is one short phrase; a failing check is named.
    checks: !checks.length
      ? ''
      : failing.length
        ? failing.map(([k, v]) => `${icon(v)} ${cell(k)}: ${cell(v)}`).join('<br>')
        : `✅ ${checks.length === 1 ? `check ${cell((checks[0] as [string, string])[0])} passed` : `all ${checks.length} checks passed`}`,
    indicators: rec.failure_indicators
      .map((i) => `⚠️ ${cell(i.pattern)} (${i.severity}) in ${cell(i.source)}`)
      .join('<br>'),
    anomalies: rec.anomalies
      .map((a) => `🔺 ${cell(a.rule)} (${a.severity}): ${cell(anomalyValues(a.inputs))}`)
      .join('<br>'),
    incidents: rec.drafts.map((d) => incidentLink(inputs, d.path)).join('<br>'),
  };
}

/** `execute`: what the reconcile did with every request that had no record, and what still waits. */
export function reconcileSummary(
  result: Pick<ReconcileResult, 'items' | 'done' | 'publishError' | 'staleTempFiles'> & {
    scan: { notes: string[] };
  },
  inputs: Where,
  extra: { diverted?: string | undefined; recordsPr?: { number: number; url: string } } = {},
): string {
  const lines = ['## intentops execute', ''];
  if (result.items.length === 0) {
    lines.push(
      `Every merged request has its record (${result.done} checked since the last settled merge); nothing to run.`,
      '',
    );
  } else {
    lines.push(resultsTable(result.items, inputs), '');
    const failures = failedSteps(result.items);
    if (failures) lines.push(failures, '');
  }
  const waiting = result.items.filter((i) => i.status === 'waiting');
  if (waiting.length)
    lines.push(
      `${waiting.length} request(s) still pending: the next run (push, schedule or dispatch) picks them up.`,
      '',
    );
  for (const n of result.scan.notes) lines.push(`> ⚠️ ${cell(n)}`, '');
  if (extra.diverted) {
    lines.push(
      `**The branch refused the bot's push.** The records are on \`${cell(extra.diverted)}\`${extra.recordsPr ? ` — ${link(inputs, extra.recordsPr.url, `pull request #${extra.recordsPr.number}`)}` : ''}: merge it to bring them in.`,
      '',
    );
  }
  if (result.publishError && !extra.diverted)
    lines.push(`**Records not published:** ${cell(result.publishError)}`, '');
  return lines.join('\n');
}

/**
 * The stderr tail of each run's failing step, under the table: the first thing to read when a run
 * fails, without opening the record. Tails are scrubbed of secrets before they reach the record.
 */
export function failedSteps(items: readonly ReconcileItem[]): string {
  const blocks: string[] = [];
  for (const item of items) {
    const run = item.record ? failedStep(item.record) : undefined;
    if (!run) continue;
    const tail = lastLines(run.stderr_tail ?? '');
    // A fence longer than any backtick run in the text, so the output cannot close it.
    const fence = '`'.repeat(
      Math.max(3, ...[...tail.join('\n').matchAll(/`+/g)].map((m) => m[0].length + 1)),
    );
    blocks.push(
      `<details open><summary><code>${cell(item.path)}</code>: step <code>${cell(run.step)}</code> — ${cell(stepEnding(run))}</summary>`,
      '',
      tail.length ? [`${fence}text`, ...tail, fence].join('\n') : '_(no stderr)_',
      '',
      '</details>',
    );
  }
  return blocks.join('\n');
}

/**
 * One row per request in five columns that fit a 1,100 px summary: the request (linked to its
 * record), the result with its duration and why, the target, what was seen, the incidents.
 */
export function resultsTable(items: readonly ReconcileItem[], inputs: Where): string {
  const rows = items.map((r) => {
    const o = outcomeCells(r.record, inputs);
    const name = `<code>${cell(r.path.replace(/^intents\/requests\//, ''))}</code>`;
    const why = r.status === 'success' ? '' : cell(r.reason ?? '');
    return [
      r.recordPath ? link(inputs, r.recordPath, '').replace(/^\[\]/, `[${name}]`) : name,
      [`${icon(r.status)} ${r.status}${r.record?.duration ? ` in ${r.record.duration}` : ''}`, why]
        .filter(Boolean)
        .join('<br>'),
      cell(r.target ?? ''),
      [o.checks, o.indicators, o.anomalies].filter(Boolean).join('<br>'),
      o.incidents,
    ];
  });
  return markdownTable(['request', 'result', 'target', 'seen', 'incidents'], rows);
}

/** `validate`: the verdict and each problem at its file and line. */
export function validateSummary(diagnostics: readonly Diagnostic[], valid: boolean): string {
  const head = `## intentops validate — ${icon(valid ? 'valid' : 'invalid')} ${valid ? 'valid' : 'invalid'}\n`;
  if (diagnostics.length === 0) return `${head}\nEvery file under intents/ is valid.\n`;
  return `${head}\n${markdownTable(
    ['file', 'line', 'severity', 'problem'],
    diagnostics.map((d) => [
      `\`${cell(d.file)}\``,
      d.line ? `${d.line}${d.col ? `:${d.col}` : ''}` : '',
      d.severity,
      cell(d.message),
    ]),
  )}\n`;
}

/** Appends to the job summary; outside a runner (no GITHUB_STEP_SUMMARY) it only logs why not. */
export async function writeSummary(markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(markdown, true).write();
  } catch (err) {
    core.info(`no job summary written: ${(err as Error).message}`);
  }
}
