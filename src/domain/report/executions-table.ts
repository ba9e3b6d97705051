import { html, type SafeHtml, safeHref } from './html.js';
import { tableBox } from './layout.js';
import { type RepoLinks, repoHref } from './links.js';
import type { ReportModel } from './model.js';
import { afterRun, statusCell } from './trouble-section.js';

// Every execution, newest first, filterable by intent, status and date with no server: each row
// carries its values as data-* attributes and report.js hides the rows the form rules out. The form
// is hidden until that script runs (without it, the table is still all there).

const secs = (s: number | null) => (s === null ? '—' : `${s}s`);

function filters(m: ReportModel): SafeHtml {
  const intents = [...new Set(m.executions.map((e) => e.intent))].sort();
  const statuses = [...new Set(m.executions.map((e) => e.status))].sort();
  const days = m.executions.map((e) => e.timestamp.slice(0, 10)).sort();
  return html`<form id="filters" class="filters" hidden>
<label>intent <select id="filter-intent"><option value="">all</option>${intents.map((i) => html`<option value="${i}">${i}</option>`)}</select></label>
<label>status <select id="filter-status"><option value="">all</option>${statuses.map((s) => html`<option value="${s}">${s}</option>`)}</select></label>
<label>from <input type="date" id="filter-from" min="${days[0]}" max="${days.at(-1)}"></label>
<label>to <input type="date" id="filter-to" min="${days[0]}" max="${days.at(-1)}"></label>
<button type="reset">clear</button>
<output id="filter-count" class="muted"></output>
</form>`;
}

export function executionsTable(m: ReportModel, links: RepoLinks): SafeHtml {
  if (m.executions.length === 0) return html`<p class="muted">No executions in this period.</p>`;
  const rows = m.executions
    .slice()
    .reverse()
    .map(
      (e) =>
        html`<tr data-id="${e.id}" data-intent="${e.intent}" data-status="${e.status}" data-date="${e.timestamp.slice(0, 10)}"><td><a href="${safeHref(e.page)}">${e.id}</a></td><td>${e.timestamp}</td><td>${e.intent}</td><td>${e.target ?? '—'}${e.environment ? ` in ${e.environment}` : ''}</td><td><span class="kind">${e.proposer.kind}</span> ${e.proposer.name ?? html`<span class="muted">unknown</span>`}</td>${statusCell(e)}<td>${secs(e.durationS)}</td><td>${secs(e.expectedS)}</td><td>${e.anomalies}</td><td>${afterRun(e)}</td><td><a href="${repoHref(links, e.recordPath)}">${e.recordPath}</a></td></tr>\n`,
    );
  return html`${filters(m)}
${tableBox(
  'executions',
  html`<table id="executions"><thead><tr><th>execution</th><th>time</th><th>intent</th><th>target</th><th>proposed by</th><th>status</th><th>duration</th><th>expected</th><th>anomalies</th><th>after the run</th><th>record</th></tr></thead><tbody>
${rows}</tbody></table>`,
)}`;
}
