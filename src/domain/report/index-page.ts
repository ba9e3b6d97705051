import type { DeliveryMetrics } from '../metrics/delivery.js';
import { chartSpecs } from './charts.js';
import { deliverySection } from './delivery-section.js';
import { html, jsonForScript, type SafeHtml, safeHref } from './html.js';
import { page } from './layout.js';
import type { ReportModel } from './model.js';

// index.html: tiles, charts, per-intent table, incidents, suggestions and every execution.

export const CHART_SCRIPT = 'chart.umd.min.js';
export const CLIENT_SCRIPT_FILE = 'report.js';

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);
const secs = (s: number | null) => (s === null ? '—' : `${s}s`);

function tiles(m: ReportModel): SafeHtml {
  const total = m.executions.length;
  const ok = m.executions.filter((e) => e.status === 'success').length;
  const ran = m.executions.filter((e) => e.status !== 'denied').length;
  const anomalies = m.executions.reduce((n, e) => n + e.anomalies, 0);
  return html`<div class="tiles">
<div class="tile">executions<b>${total}</b></div>
<div class="tile">success rate<b>${pct(ran ? ok / ran : null)}</b></div>
<div class="tile">anomalies<b>${anomalies}</b></div>
<div class="tile">incident drafts / filed<b>${m.incidents.drafts} / ${m.incidents.filed}</b></div>
</div>`;
}

function intentsTable(m: ReportModel): SafeHtml {
  if (m.intents.length === 0) return html`<p class="muted">No executions in this period.</p>`;
  return html`<table><thead><tr><th>intent</th><th>runs</th><th>success</th><th>failed</th><th>cancelled</th><th>denied</th><th>success rate</th><th>over expected_duration</th></tr></thead><tbody>
${m.intents.map(
  (i) =>
    html`<tr><td>${i.intent}</td><td>${i.total}</td><td>${i.byStatus.success}</td><td>${i.byStatus.failed}</td><td>${i.byStatus.cancelled}</td><td>${i.byStatus.denied}</td><td>${pct(i.successRate)}</td><td>${i.over}</td></tr>\n`,
)}</tbody></table>`;
}

function anomaliesTable(m: ReportModel): SafeHtml {
  if (m.anomaliesByRule.length === 0) return html`<p class="muted">No anomalies in this period.</p>`;
  return html`<table><thead><tr><th>rule</th><th>severity</th><th>count</th></tr></thead><tbody>
${m.anomaliesByRule.map((a) => html`<tr><td>${a.rule}</td><td>${a.severity}</td><td>${a.count}</td></tr>\n`)}</tbody></table>`;
}

function prCell(e: ReportModel['suggestions']['entries'][number]): SafeHtml | string {
  const text = e.pr === null ? (e.url ? 'link' : '—') : /^\d+$/.test(e.pr) ? `#${e.pr}` : e.pr;
  return e.url ? html`<a href="${e.url}">${text}</a>` : text;
}

function suggestions(m: ReportModel): SafeHtml {
  const s = m.suggestions;
  if (!s.present || s.entries.length === 0) return html`<p class="muted">No suggestions yet.</p>`;
  return html`<table><thead><tr><th>id</th><th>trigger</th><th>state</th><th>pull request</th></tr></thead><tbody>
${s.entries.map(
  (e) =>
    html`<tr><td>${e.id}</td><td>${e.trigger}</td><td class="${e.state}">${e.state}</td><td>${prCell(e)}</td></tr>\n`,
)}</tbody></table>${s.skipped ? html`<p class="muted">${s.skipped} ledger entries without id/trigger/state were skipped.</p>` : ''}`;
}

const bakeClass = (v: string | undefined) =>
  v === 'pass' ? 'pass' : v === 'fail' ? 'fail' : v ? 'muted' : '';

function executionsTable(m: ReportModel): SafeHtml {
  if (m.executions.length === 0) return html`<p class="muted">No executions in this period.</p>`;
  const rows = m.executions
    .slice()
    .reverse()
    .map(
      (e) =>
        html`<tr><td><a href="${safeHref(e.page)}">${e.id}</a></td><td>${e.timestamp}</td><td>${e.intent}</td><td class="${e.status}">${e.status}</td><td>${secs(e.durationS)}</td><td>${secs(e.expectedS)}</td><td>${e.anomalies}</td><td class="${bakeClass(e.bake)}">${e.bake ? `bake ${e.bake}` : '—'}</td><td>${e.recordPath}</td></tr>\n`,
    );
  return html`<table><thead><tr><th>execution</th><th>time</th><th>intent</th><th>status</th><th>duration</th><th>expected</th><th>anomalies</th><th>after the run</th><th>record</th></tr></thead><tbody>
${rows}</tbody></table>`;
}

export function renderIndex(m: ReportModel, extra: { delivery?: DeliveryMetrics } = {}): string {
  const specs = chartSpecs(m);
  const body = html`<p class="muted">Generated ${m.generatedAt}${m.since ? ` · executions since ${m.since}` : ''}</p>
${tiles(m)}
${
  extra.delivery
    ? html`<h2>Delivery metrics</h2>
${deliverySection(extra.delivery)}`
    : ''
}
<h2>Charts</h2>
<div class="charts">
${specs.map((s) => html`<div class="chart"><canvas id="chart-${s.id}" aria-label="${s.title}" role="img"></canvas></div>\n`)}
</div>
<script type="application/json" id="report-data">${jsonForScript(specs)}</script>
<h2>Intents</h2>
${intentsTable(m)}
<h2>Anomalies by rule</h2>
${anomaliesTable(m)}
<h2>Incidents</h2>
<p>${m.incidents.drafts} draft(s) (incidents/drafts and incident issues), ${m.incidents.filed} filed (incidents/filed).</p>
<h2>Suggestions</h2>
${suggestions(m)}
<h2>Executions</h2>
${executionsTable(m)}`;
  return page({ title: 'execution report', root: '', body, scripts: [CHART_SCRIPT, CLIENT_SCRIPT_FILE] });
}
