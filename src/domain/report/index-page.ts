import type { DeliveryMetrics } from '../metrics/delivery.js';
import type { ScoreRow } from '../metrics/scorecard.js';
import { chartSpecs } from './charts.js';
import { deliverySection } from './delivery-section.js';
import { executionsTable } from './executions-table.js';
import { html, jsonForScript, type SafeHtml } from './html.js';
import { page, tableBox } from './layout.js';
import type { RepoLinks } from './links.js';
import type { IntentStats, ReportModel } from './model.js';
import { scorecardSection } from './scorecard-section.js';
import { troubleSection } from './trouble-section.js';

// index.html, trouble first: what failed and the incidents, then tiles, delivery metrics, charts,
// per-intent table, anomalies, suggestions and every execution (filterable).

export const CHART_SCRIPT = 'chart.umd.min.js';
export const CLIENT_SCRIPT_FILE = 'report.js';

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);

function tiles(m: ReportModel): SafeHtml {
  const total = m.executions.length;
  const ok = m.executions.filter((e) => e.status === 'success').length;
  const ran = m.executions.filter((e) => e.status !== 'denied').length;
  const anomalies = m.executions.reduce((n, e) => n + e.anomalies, 0);
  const rolledBack = m.executions.filter((e) => e.rollbackOf).length;
  return html`<div class="tiles">
<div class="tile">executions<b>${total}</b></div>
<div class="tile">success rate<b>${pct(ran ? ok / ran : null)}</b></div>
<div class="tile">rollbacks<b>${rolledBack}</b></div>
<div class="tile">anomalies<b>${anomalies}</b></div>
<div class="tile">incident drafts / filed<b>${m.incidents.drafts} / ${m.incidents.filed}</b></div>
</div>`;
}

/**
 * A success-rate bar that tells 0% (it ran and never succeeded: a red, empty bar) from no data
 * (nothing ran, e.g. only denied requests: a hatched bar that says so).
 */
function rateBar(i: IntentStats): SafeHtml {
  const ran = i.total - i.byStatus.denied;
  if (i.successRate === null)
    return html`<div class="rate rate-none" title="no run started (denied runs do not count)"><span>no data</span></div>`;
  const width = Math.round(i.successRate * 100);
  return html`<div class="rate${i.successRate === 0 ? ' rate-zero' : ''}"><i style="width:${width}%"></i><span>${pct(i.successRate)} (${i.byStatus.success} of ${ran})</span></div>`;
}

function intentsTable(m: ReportModel): SafeHtml {
  if (m.intents.length === 0) return html`<p class="muted">No executions in this period.</p>`;
  return tableBox(
    'intents',
    html`<table><thead><tr><th>intent</th><th>runs</th><th>success</th><th>failed</th><th>cancelled</th><th>denied</th><th>success rate</th><th>over expected_duration</th></tr></thead><tbody>
${m.intents.map(
  (i) =>
    html`<tr><td>${i.intent}</td><td>${i.total}</td><td>${i.byStatus.success}</td><td>${i.byStatus.failed}</td><td>${i.byStatus.cancelled}</td><td>${i.byStatus.denied}</td><td>${rateBar(i)}</td><td>${i.over}</td></tr>\n`,
)}</tbody></table>`,
  );
}

function anomaliesTable(m: ReportModel): SafeHtml {
  if (m.anomaliesByRule.length === 0) return html`<p class="muted">No anomalies in this period.</p>`;
  return tableBox(
    'anomalies by rule',
    html`<table><thead><tr><th>rule</th><th>severity</th><th>count</th></tr></thead><tbody>
${m.anomaliesByRule.map((a) => html`<tr><td>${a.rule}</td><td>${a.severity}</td><td>${a.count}</td></tr>\n`)}</tbody></table>`,
  );
}

function prCell(e: ReportModel['suggestions']['entries'][number]): SafeHtml | string {
  const text = e.pr === null ? (e.url ? 'link' : '—') : /^\d+$/.test(e.pr) ? `#${e.pr}` : e.pr;
  return e.url ? html`<a href="${e.url}">${text}</a>` : text;
}

function suggestions(m: ReportModel): SafeHtml {
  const s = m.suggestions;
  if (!s.present || s.entries.length === 0) return html`<p class="muted">No suggestions yet.</p>`;
  return html`${tableBox(
    'suggestions',
    html`<table><thead><tr><th>id</th><th>trigger</th><th>state</th><th>pull request</th></tr></thead><tbody>
${s.entries.map(
  (e) =>
    html`<tr><td>${e.id}</td><td>${e.trigger}</td><td class="${e.state}">${e.state}</td><td>${prCell(e)}</td></tr>\n`,
)}</tbody></table>`,
  )}${s.skipped ? html`<p class="muted">${s.skipped} ledger entries without id/trigger/state were skipped.</p>` : ''}`;
}

export function renderIndex(
  m: ReportModel,
  extra: { delivery?: DeliveryMetrics; links?: RepoLinks; scorecard?: readonly ScoreRow[] } = {},
): string {
  const specs = chartSpecs(m);
  const links = extra.links ?? { kind: 'relative', prefix: '' };
  const body = html`<p class="muted">Generated ${m.generatedAt}${m.since ? ` · executions since ${m.since}` : ''}</p>
${extra.scorecard ? scorecardSection(extra.scorecard) : ''}
${troubleSection(m, links)}
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
<section id="intents">
<h2>Intents</h2>
${intentsTable(m)}
</section>
<h2>Anomalies by rule</h2>
${anomaliesTable(m)}
<h2>Suggestions</h2>
${suggestions(m)}
<section id="history">
<h2>Executions</h2>
${executionsTable(m, links)}
</section>`;
  return page({ title: 'execution report', root: '', body, scripts: [CHART_SCRIPT, CLIENT_SCRIPT_FILE] });
}
