import { stringify } from 'yaml';
import { proposerKind } from '../metrics/delivery.js';
import { attributionOf } from '../metrics/facts.js';
import { targetOf } from '../request/target.js';
import type { CheckResult, CommandRun, ExecutionRecord, Snapshot } from '../schemas/record.js';
import { html, type SafeHtml } from './html.js';
import { page, pre, tableBox } from './layout.js';
import { type RepoLinks, repoHref } from './links.js';
import { executionPage } from './model.js';

// One execution's page: its timeline as the record tells it — steps with their output, checks with
// every attempt, the before/after snapshots, failure indicators and anomalies with their inputs.

const cmdText = (cmd: string | readonly string[]) => (Array.isArray(cmd) ? JSON.stringify(cmd) : String(cmd));

function yamlPre(value: unknown): SafeHtml {
  return pre(stringify(value ?? null, { lineWidth: 0 }).trimEnd());
}

/** A step that did not end well: its stderr is what the reader came for, so it is open. */
const stepFailed = (c: CommandRun) => c.exit_code !== 0 || c.timed_out === true || Boolean(c.error);

function steps(r: ExecutionRecord): SafeHtml {
  if (r.commands_run.length === 0) return html`<p class="muted">No step ran.</p>`;
  return html`${r.commands_run.map(
    (
      c,
    ) => html`<h3>step <code>${c.step}</code>: <span class="${c.exit_code === 0 ? 'pass' : 'fail'}">exit ${c.exit_code ?? 'none'}</span> after ${c.duration}${c.timed_out ? ' (timed out)' : ''}${c.cancelled ? ' (cancelled)' : ''}</h3>
${pre(cmdText(c.cmd))}
${c.error ? html`<p class="fail">${c.error}</p>` : ''}
${c.stdout_tail ? html`<details open><summary>stdout</summary>${pre(c.stdout_tail)}</details>` : ''}
${
  c.stderr_tail
    ? stepFailed(c)
      ? html`<details open><summary>stderr</summary>${pre(c.stderr_tail)}</details>`
      : html`<details><summary>stderr</summary>${pre(c.stderr_tail)}</details>`
    : ''
}
`,
  )}`;
}

/** `kind` names the table's box: a precheck and an outcome check may share a name. */
function checkTable(checks: readonly CheckResult[], kind: 'precheck' | 'outcome check'): SafeHtml {
  return html`${checks.map(
    (
      c,
    ) => html`<h3>check <code>${c.name}</code>: <span class="${c.result}">${c.result}</span> after ${c.duration} (expected ${c.expected})</h3>
${pre(cmdText(c.cmd))}
${tableBox(
  `attempts of ${kind} ${c.name}`,
  html`<table><thead><tr><th>#</th><th>at</th><th>exit</th><th>matched</th><th>output</th></tr></thead><tbody>
${c.attempts.map(
  (a, i) =>
    html`<tr><td>${i + 1}</td><td>${a.at}</td><td>${a.exit_code ?? 'none'}</td><td class="${a.matched ? 'pass' : 'fail'}">${a.matched ? 'yes' : 'no'}</td><td>${pre(a.output)}</td></tr>\n`,
)}</tbody></table>`,
)}
`,
  )}`;
}

function snapshot(label: string, s: Snapshot | null): SafeHtml {
  return html`<div><h3>${label}</h3>${s ? yamlPre(s) : html`<p class="muted">not captured</p>`}</div>`;
}

function anomalies(r: ExecutionRecord): SafeHtml {
  if (r.anomalies.length === 0) return html`<p class="muted">None.</p>`;
  return tableBox(
    'anomalies',
    html`<table><thead><tr><th>rule</th><th>severity</th><th>action</th><th>condition</th><th>values that triggered it</th></tr></thead><tbody>
${r.anomalies.map(
  (a) =>
    html`<tr><td>${a.rule}</td><td>${a.severity}</td><td>${a.action}</td><td><code>${a.condition}</code></td><td>${pre(JSON.stringify(a.inputs, null, 1))}</td></tr>\n`,
)}</tbody></table>`,
  );
}

/** Rollback links: what this rollback undid, or what undid this run. */
function rollbackRow(r: ExecutionRecord, rolledBackBy?: string): SafeHtml | string {
  if (r.rollback_of)
    return html`<tr><th>rollback</th><td>rollback of <a href="${executionPage(r.rollback_of).replace(/^executions\//, '')}">${r.rollback_of}</a> (${r.rollback?.mode ?? '?'}, by ${r.rollback?.by ?? '?'}) — ${r.rollback?.trigger ?? ''}</td></tr>`;
  if (rolledBackBy)
    return html`<tr><th>rollback</th><td>rolled back by <a href="${executionPage(rolledBackBy).replace(/^executions\//, '')}">${rolledBackBy}</a></td></tr>`;
  return '';
}

/** The bake after the run, from its follow-up record: verdict, window, what appeared and when. */
function bakeSection(
  bake: { record: ExecutionRecord; path: string } | undefined,
  links: RepoLinks,
): SafeHtml | string {
  const o = bake?.record.observation;
  if (!bake || !o) return '';
  return html`<h2 id="bake">Bake</h2>
<p class="${o.verdict}">bake ${o.verdict} — ${o.reason}</p>
<p>${o.samples.length} of ${o.expected_samples} snapshots, every ${o.interval} for ${o.for}; follow-up record <a href="${repoHref(links, bake.path, 1)}">${bake.path}</a></p>
${o.first_seen.length ? html`<ul>${o.first_seen.map((f) => html`<li>${f.what} (${f.severity}) appeared ${f.after_run} after the run ended</li>`)}</ul>` : html`<p class="muted">Nothing appeared after the run.</p>`}`;
}

/** The bake's verdict at the top of the page, where a reader looking for trouble starts. */
function bakeRow(bake: { record: ExecutionRecord } | undefined): SafeHtml | string {
  const o = bake?.record.observation;
  if (!o) return '';
  return html`<tr><th>after the run</th><td class="${o.verdict}">bake ${o.verdict} — ${o.reason} <a href="#bake">(details)</a></td></tr>`;
}

export interface ExecutionPageContext {
  /** The bake's follow-up record, when one observed this run. */
  bake?: { record: ExecutionRecord; path: string };
  /** The rollback that undid this run. */
  rolledBackBy?: string;
  /** Where repository paths link to (default: relative, the report folder at the repository root). */
  links?: RepoLinks;
  /** Proposer patterns of agents (the policies' autonomy.agents). */
  agents?: readonly string[];
}

export function renderExecution(
  r: ExecutionRecord,
  recordPath: string,
  ctx: ExecutionPageContext = {},
): string {
  const links = ctx.links ?? { kind: 'relative', prefix: '' };
  const who = attributionOf(r);
  const by = who.login;
  // How the proposer was established, and the request's own claim when it names someone else.
  const how = r.request.proposer
    ? r.request.proposer.verified
      ? 'the request PR’s author'
      : 'the git author of the request, unverified'
    : by
      ? 'the request’s proposed_by (recorded before intentops kept the proposer)'
      : '';
  const body = html`<p><a href="../index.html">← all executions</a></p>
${tableBox(
  'the execution',
  html`<table class="kv">
<tr><th>execution</th><td>${r.id}</td></tr>
<tr><th>intent</th><td>${r.intent}</td></tr>
<tr><th>target</th><td>${targetOf(r.params) ?? '—'}</td></tr>
${
  r.environment
    ? html`<tr><th>environment</th><td>${r.environment}</td></tr>
`
    : ''
}<tr><th>status</th><td class="${r.status}">${r.status}${r.status_reason ? ` — ${r.status_reason}` : ''}</td></tr>
${bakeRow(ctx.bake)}
${rollbackRow(r, ctx.rolledBackBy)}
<tr><th>started</th><td>${r.timestamp}</td></tr>
<tr><th>duration</th><td>${r.duration}${r.expected_duration ? ` (expected ${r.expected_duration})` : ''}</td></tr>
<tr><th>proposed by</th><td><span class="kind">${proposerKind(by, ctx.agents ?? [])}</span> ${by ?? html`<span class="muted">unknown</span>`}${how ? html` <span class="muted">(${how})</span>` : ''}${who.mismatch ? html` <span class="warn">— the request claims proposed_by: ${who.mismatch}</span>` : ''}</td></tr>
<tr><th>request</th><td><a href="${repoHref(links, r.request.path, 1)}">${r.request.path}</a>${r.request.commit ? ` @ ${r.request.commit.slice(0, 12)}` : ''} — ${r.request.reason}</td></tr>
<tr><th>params</th><td>${pre(JSON.stringify(r.params, null, 1))}</td></tr>
<tr><th>policy</th><td>${r.policy.verdict}${r.policy.reasons.map((x) => html`<br>${x}`)}</td></tr>
<tr><th>record</th><td><a href="${repoHref(links, recordPath, 1)}">${recordPath}</a> <span class="muted">${r.digest}</span></td></tr>
</table>`,
)}
<h2>Timeline</h2>
${snapshot('snapshot before', r.before)}
${r.prechecks?.length ? html`<h2>Prechecks</h2>${checkTable(r.prechecks, 'precheck')}` : ''}
<h2>Steps</h2>
${steps(r)}
<h2>Outcome checks</h2>
${r.checks.length ? checkTable(r.checks, 'outcome check') : html`<p class="muted">No checks ran.</p>`}
${snapshot('snapshot after', r.after)}
<h2>Failure indicators</h2>
${
  r.failure_indicators.length
    ? tableBox(
        'failure indicators',
        html`<table><thead><tr><th>pattern</th><th>severity</th><th>source</th><th>line</th></tr></thead><tbody>${r.failure_indicators.map(
          (i) =>
            html`<tr><td>${i.pattern}</td><td>${i.severity}</td><td>${i.source}</td><td>${pre(i.line)}</td></tr>`,
        )}</tbody></table>`,
      )
    : html`<p class="muted">None seen.</p>`
}
<h2>Anomalies</h2>
${anomalies(r)}
${
  r.rules_not_evaluated.length
    ? html`<h3>rules not evaluated</h3><ul>${r.rules_not_evaluated.map((x) => html`<li>${x.rule}: ${x.reason}</li>`)}</ul>`
    : ''
}
${bakeSection(ctx.bake, links)}
<h2>Incident drafts</h2>
${r.drafts.length ? html`<ul>${r.drafts.map((d) => html`<li><a href="${repoHref(links, d.path, 1)}">${d.path.replace(/^(\.\.\/)+/, '')}</a> (${d.new ? 'new' : 'repeat'}, fingerprint ${d.fingerprint})</li>`)}</ul>` : html`<p class="muted">None.</p>`}`;
  return page({ title: r.id, root: '../', body });
}
