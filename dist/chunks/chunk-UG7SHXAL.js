import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  buildReportModel
} from "./chunk-PNMILFEU.js";
import {
  readRecords
} from "./chunk-JLCMCG2X.js";
import {
  require_dist
} from "./chunk-P454KSOG.js";
import {
  external_exports
} from "./chunk-PQTKVDRF.js";
import {
  __toESM
} from "./chunk-7E55XGKX.js";

// src/adapters/report-site.ts
import { existsSync } from "node:fs";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
var WRITE_BATCH = 32;
var ReportWriteError = class extends Error {
  name = "ReportWriteError";
};
function chartJsUmdPath() {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, dirname(here)]) {
    const shipped = join(dir, "chart.umd.min.js");
    if (dir.endsWith("dist") && existsSync(shipped)) return shipped;
  }
  const main = createRequire(import.meta.url).resolve("chart.js");
  return join(dirname(main), "chart.umd.min.js");
}
async function writeReportSite(outDir, pages, chartFile) {
  const root = resolve(outDir);
  const entries = [...pages].map(([rel, text]) => {
    const target = resolve(root, rel);
    if (!target.startsWith(root + sep)) throw new ReportWriteError(`page path ${rel} leaves ${root}`);
    return { rel, target, text };
  });
  for (const dir of new Set(entries.map((e) => dirname(e.target)))) await mkdir(dir, { recursive: true });
  for (let i = 0; i < entries.length; i += WRITE_BATCH) {
    await Promise.all(entries.slice(i, i + WRITE_BATCH).map((e) => writeFile(e.target, e.text)));
  }
  const written = entries.map((e) => e.rel);
  try {
    await copyFile(chartJsUmdPath(), join(root, chartFile));
  } catch (err) {
    throw new ReportWriteError(`cannot copy Chart.js into ${root}: ${err.message}`);
  }
  written.push(chartFile);
  return written;
}

// src/domain/report/charts.ts
function chartSpecs(m) {
  const specs = [
    {
      id: "executions-per-day",
      title: "Executions per intent per day",
      type: "bar",
      stacked: true,
      counts: true,
      labels: m.perDay.days,
      datasets: m.perDay.series.map((s) => ({ label: s.intent, data: s.counts }))
    },
    {
      id: "success-rate",
      title: "Success rate by intent (denied runs excluded)",
      type: "bar",
      percent: true,
      labels: m.intents.map((i) => i.intent),
      datasets: [
        {
          label: "success %",
          data: m.intents.map((i) => i.successRate === null ? null : Math.round(i.successRate * 1e3) / 10)
        }
      ]
    },
    {
      id: "durations",
      title: "Duration against expected_duration (seconds)",
      type: "bar",
      labels: m.executions.map((e) => `${e.timestamp.slice(5, 10)} ${e.intent}`),
      datasets: [
        { label: "duration", data: m.executions.map((e) => e.durationS), kind: "bar" },
        { label: "expected", data: m.executions.map((e) => e.expectedS), kind: "line" }
      ]
    },
    {
      id: "anomalies-by-rule",
      title: "Anomalies by rule",
      type: "bar",
      counts: true,
      labels: m.anomaliesByRule.map((a) => `${a.rule} (${a.severity})`),
      datasets: [{ label: "anomalies", data: m.anomaliesByRule.map((a) => a.count) }]
    },
    {
      id: "incidents",
      title: "Incident drafts vs filed",
      type: "doughnut",
      labels: ["drafts", "filed"],
      datasets: [{ label: "incidents", data: [m.incidents.drafts, m.incidents.filed] }]
    }
  ];
  if (m.suggestions.present) {
    specs.push({
      id: "suggestions",
      title: "Suggestions by outcome",
      type: "bar",
      counts: true,
      labels: ["open", "accepted", "rejected", ...m.suggestions.byState.local ? ["local"] : []],
      datasets: [
        {
          label: "suggestions",
          data: [
            m.suggestions.byState.open,
            m.suggestions.byState.accepted,
            m.suggestions.byState.rejected,
            ...m.suggestions.byState.local ? [m.suggestions.byState.local] : []
          ]
        }
      ]
    });
  }
  return specs;
}

// src/domain/report/html.ts
var SafeHtml = class {
  constructor(value) {
    this.value = value;
  }
  value;
  toString() {
    return this.value;
  }
};
var ENTITIES = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;"
};
function escapeHtml(text) {
  return text.replace(/[&<>"'`]/g, (c) => ENTITIES[c]);
}
function render(v) {
  if (v === null || v === void 0 || v === false) return "";
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join("");
  return escapeHtml(String(v));
}
function html(strings, ...values) {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}
function jsonForScript(value) {
  return new SafeHtml(
    JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029")
  );
}
function safeHref(path) {
  return path.split("/").map((s) => encodeURIComponent(s)).join("/");
}

// src/domain/report/layout.ts
var CSS = `
:root { --ok:#1a7f37; --bad:#cf222e; --warn:#9a6700; --muted:#57606a; --line:#d0d7de; --bg:#f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; }
header { background: #24292f; color: #fff; padding: 12px 24px; }
header a { color: #fff; }
main { padding: 16px 24px; max-width: 1200px; }
h1 { font-size: 20px; margin: 0; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg); }
pre { background: var(--bg); border: 1px solid var(--line); padding: 8px; overflow: auto; max-height: 320px; white-space: pre-wrap; word-break: break-all; }
.tiles { display: flex; gap: 12px; flex-wrap: wrap; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: 8px 16px; min-width: 140px; }
.tile b { display: block; font-size: 22px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; }
.chart { border: 1px solid var(--line); border-radius: 6px; padding: 8px; height: 300px; position: relative; }
.chart canvas { width: 100% !important; height: 250px !important; }
.success, .pass, .accepted { color: var(--ok); } .failed, .fail, .timeout, .rejected { color: var(--bad); }
.denied, .cancelled, .skipped, .open { color: var(--warn); } .muted { color: var(--muted); }
`;
function page(opts) {
  const scripts = opts.scripts ?? [];
  const csp = `default-src 'none'; script-src ${scripts.length ? "'self'" : "'none'"}; style-src 'unsafe-inline'; img-src 'self' data:`;
  return `<!doctype html>
${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${opts.title}</title>
<style>${new SafeHtml(CSS)}</style>
</head>
<body>
<header><h1><a href="${`${opts.root}index.html`}">intentops</a> · ${opts.title}</h1></header>
<main>
${opts.body}
</main>
${scripts.map((s) => html`<script src="${opts.root}${s}"></script>\n`)}
</body>
</html>
`.value}`;
}

// src/domain/report/index-page.ts
var CHART_SCRIPT = "chart.umd.min.js";
var CLIENT_SCRIPT_FILE = "report.js";
var pct = (r) => r === null ? "\u2014" : `${Math.round(r * 1e3) / 10}%`;
var secs = (s) => s === null ? "\u2014" : `${s}s`;
function tiles(m) {
  const total = m.executions.length;
  const ok = m.executions.filter((e) => e.status === "success").length;
  const ran = m.executions.filter((e) => e.status !== "denied").length;
  const anomalies2 = m.executions.reduce((n, e) => n + e.anomalies, 0);
  return html`<div class="tiles">
<div class="tile">executions<b>${total}</b></div>
<div class="tile">success rate<b>${pct(ran ? ok / ran : null)}</b></div>
<div class="tile">anomalies<b>${anomalies2}</b></div>
<div class="tile">incident drafts / filed<b>${m.incidents.drafts} / ${m.incidents.filed}</b></div>
</div>`;
}
function intentsTable(m) {
  if (m.intents.length === 0) return html`<p class="muted">No executions in this period.</p>`;
  return html`<table><thead><tr><th>intent</th><th>runs</th><th>success</th><th>failed</th><th>cancelled</th><th>denied</th><th>success rate</th><th>over expected_duration</th></tr></thead><tbody>
${m.intents.map(
    (i) => html`<tr><td>${i.intent}</td><td>${i.total}</td><td>${i.byStatus.success}</td><td>${i.byStatus.failed}</td><td>${i.byStatus.cancelled}</td><td>${i.byStatus.denied}</td><td>${pct(i.successRate)}</td><td>${i.over}</td></tr>\n`
  )}</tbody></table>`;
}
function anomaliesTable(m) {
  if (m.anomaliesByRule.length === 0) return html`<p class="muted">No anomalies in this period.</p>`;
  return html`<table><thead><tr><th>rule</th><th>severity</th><th>count</th></tr></thead><tbody>
${m.anomaliesByRule.map((a) => html`<tr><td>${a.rule}</td><td>${a.severity}</td><td>${a.count}</td></tr>\n`)}</tbody></table>`;
}
function prCell(e) {
  const text = e.pr === null ? e.url ? "link" : "\u2014" : /^\d+$/.test(e.pr) ? `#${e.pr}` : e.pr;
  return e.url ? html`<a href="${e.url}">${text}</a>` : text;
}
function suggestions(m) {
  const s = m.suggestions;
  if (!s.present || s.entries.length === 0) return html`<p class="muted">No suggestions yet.</p>`;
  return html`<table><thead><tr><th>id</th><th>trigger</th><th>state</th><th>pull request</th></tr></thead><tbody>
${s.entries.map(
    (e) => html`<tr><td>${e.id}</td><td>${e.trigger}</td><td class="${e.state}">${e.state}</td><td>${prCell(e)}</td></tr>\n`
  )}</tbody></table>${s.skipped ? html`<p class="muted">${s.skipped} ledger entries without id/trigger/state were skipped.</p>` : ""}`;
}
function executionsTable(m) {
  if (m.executions.length === 0) return html`<p class="muted">No executions in this period.</p>`;
  const rows = m.executions.slice().reverse().map(
    (e) => html`<tr><td><a href="${safeHref(e.page)}">${e.id}</a></td><td>${e.timestamp}</td><td>${e.intent}</td><td class="${e.status}">${e.status}</td><td>${secs(e.durationS)}</td><td>${secs(e.expectedS)}</td><td>${e.anomalies}</td><td>${e.recordPath}</td></tr>\n`
  );
  return html`<table><thead><tr><th>execution</th><th>time</th><th>intent</th><th>status</th><th>duration</th><th>expected</th><th>anomalies</th><th>record</th></tr></thead><tbody>
${rows}</tbody></table>`;
}
function renderIndex(m) {
  const specs = chartSpecs(m);
  const body = html`<p class="muted">Generated ${m.generatedAt}${m.since ? ` \xB7 executions since ${m.since}` : ""}</p>
${tiles(m)}
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
  return page({ title: "execution report", root: "", body, scripts: [CHART_SCRIPT, CLIENT_SCRIPT_FILE] });
}

// src/app/report.ts
var import_yaml2 = __toESM(require_dist(), 1);
import { readdir, readFile } from "node:fs/promises";
import { join as join2 } from "node:path";

// src/domain/report/client-script.ts
var CLIENT_SCRIPT = `'use strict';
(function () {
  var COLORS = ['#0969da', '#1a7f37', '#cf222e', '#9a6700', '#8250df', '#bf3989', '#1b7c83', '#57606a'];
  var block = document.getElementById('report-data');
  if (!block || typeof Chart === 'undefined') return;
  var specs = JSON.parse(block.textContent || '[]');
  window.intentopsCharts = {};
  specs.forEach(function (spec) {
    var canvas = document.getElementById('chart-' + spec.id);
    if (!canvas) return;
    var doughnut = spec.type === 'doughnut';
    var datasets = spec.datasets.map(function (d, i) {
      var color = COLORS[i % COLORS.length];
      var line = d.kind === 'line';
      return {
        type: line ? 'line' : undefined,
        label: d.label,
        data: d.data,
        backgroundColor: doughnut ? COLORS.slice(0, d.data.length) : line ? COLORS[2] : color,
        borderColor: line ? COLORS[2] : color,
        borderDash: line ? [6, 4] : undefined,
        pointRadius: line ? 2 : undefined,
        order: line ? 0 : 1,
      };
    });
    var scales = doughnut ? {} : {
      x: { stacked: !!spec.stacked, ticks: { autoSkip: true, maxRotation: 60, maxTicksLimit: 14 } },
      y: { stacked: !!spec.stacked, beginAtZero: true, max: spec.percent ? 100 : undefined, ticks: { precision: spec.counts ? 0 : undefined } },
    };
    window.intentopsCharts[spec.id] = new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { title: { display: true, text: spec.title }, legend: { display: spec.datasets.length > 1 || doughnut } },
        scales: scales,
      },
    });
  });
})();
`;

// src/domain/report/execution-page.ts
var import_yaml = __toESM(require_dist(), 1);
var cmdText = (cmd) => Array.isArray(cmd) ? JSON.stringify(cmd) : String(cmd);
function yamlPre(value) {
  return html`<pre>${(0, import_yaml.stringify)(value ?? null, { lineWidth: 0 }).trimEnd()}</pre>`;
}
function steps(r) {
  if (r.commands_run.length === 0) return html`<p class="muted">No step ran.</p>`;
  return html`${r.commands_run.map(
    (c) => html`<h3>step <code>${c.step}</code>: <span class="${c.exit_code === 0 ? "pass" : "fail"}">exit ${c.exit_code ?? "none"}</span> after ${c.duration}${c.timed_out ? " (timed out)" : ""}${c.cancelled ? " (cancelled)" : ""}</h3>
<pre>${cmdText(c.cmd)}</pre>
${c.error ? html`<p class="fail">${c.error}</p>` : ""}
${c.stdout_tail ? html`<details open><summary>stdout</summary><pre>${c.stdout_tail}</pre></details>` : ""}
${c.stderr_tail ? html`<details><summary>stderr</summary><pre>${c.stderr_tail}</pre></details>` : ""}
`
  )}`;
}
function checkTable(checks) {
  return html`${checks.map(
    (c) => html`<h3>check <code>${c.name}</code>: <span class="${c.result}">${c.result}</span> after ${c.duration} (expected ${c.expected})</h3>
<pre>${cmdText(c.cmd)}</pre>
<table><thead><tr><th>#</th><th>at</th><th>exit</th><th>matched</th><th>output</th></tr></thead><tbody>
${c.attempts.map(
      (a, i) => html`<tr><td>${i + 1}</td><td>${a.at}</td><td>${a.exit_code ?? "none"}</td><td class="${a.matched ? "pass" : "fail"}">${a.matched ? "yes" : "no"}</td><td><pre>${a.output}</pre></td></tr>\n`
    )}</tbody></table>
`
  )}`;
}
function snapshot(label, s) {
  return html`<div><h3>${label}</h3>${s ? yamlPre(s) : html`<p class="muted">not captured</p>`}</div>`;
}
function anomalies(r) {
  if (r.anomalies.length === 0) return html`<p class="muted">None.</p>`;
  return html`<table><thead><tr><th>rule</th><th>severity</th><th>action</th><th>condition</th><th>values that triggered it</th></tr></thead><tbody>
${r.anomalies.map(
    (a) => html`<tr><td>${a.rule}</td><td>${a.severity}</td><td>${a.action}</td><td><code>${a.condition}</code></td><td><pre>${JSON.stringify(a.inputs, null, 1)}</pre></td></tr>\n`
  )}</tbody></table>`;
}
function renderExecution(r, recordPath) {
  const body = html`<p><a href="../index.html">← all executions</a></p>
<table>
<tr><th>execution</th><td>${r.id}</td></tr>
<tr><th>intent</th><td>${r.intent}</td></tr>
<tr><th>status</th><td class="${r.status}">${r.status}${r.status_reason ? ` \u2014 ${r.status_reason}` : ""}</td></tr>
<tr><th>started</th><td>${r.timestamp}</td></tr>
<tr><th>duration</th><td>${r.duration}${r.expected_duration ? ` (expected ${r.expected_duration})` : ""}</td></tr>
<tr><th>request</th><td>${r.request.path}${r.request.commit ? ` @ ${r.request.commit.slice(0, 12)}` : ""} — ${r.request.reason}${r.request.proposed_by ? ` (by ${r.request.proposed_by})` : ""}</td></tr>
<tr><th>params</th><td><pre>${JSON.stringify(r.params, null, 1)}</pre></td></tr>
<tr><th>policy</th><td>${r.policy.verdict}${r.policy.reasons.map((x) => html`<br>${x}`)}</td></tr>
<tr><th>record</th><td>${recordPath} <span class="muted">${r.digest}</span></td></tr>
</table>
<h2>Timeline</h2>
${snapshot("snapshot before", r.before)}
${r.prechecks?.length ? html`<h2>Prechecks</h2>${checkTable(r.prechecks)}` : ""}
<h2>Steps</h2>
${steps(r)}
<h2>Outcome checks</h2>
${r.checks.length ? checkTable(r.checks) : html`<p class="muted">No checks ran.</p>`}
${snapshot("snapshot after", r.after)}
<h2>Failure indicators</h2>
${r.failure_indicators.length ? html`<table><thead><tr><th>pattern</th><th>severity</th><th>source</th><th>line</th></tr></thead><tbody>${r.failure_indicators.map(
    (i) => html`<tr><td>${i.pattern}</td><td>${i.severity}</td><td>${i.source}</td><td><pre>${i.line}</pre></td></tr>`
  )}</tbody></table>` : html`<p class="muted">None seen.</p>`}
<h2>Anomalies</h2>
${anomalies(r)}
${r.rules_not_evaluated.length ? html`<h3>rules not evaluated</h3><ul>${r.rules_not_evaluated.map((x) => html`<li>${x.rule}: ${x.reason}</li>`)}</ul>` : ""}
<h2>Incident drafts</h2>
${r.drafts.length ? html`<ul>${r.drafts.map((d) => html`<li>${d.path} (${d.new ? "new" : "repeat"}, fingerprint ${d.fingerprint})</li>`)}</ul>` : html`<p class="muted">None.</p>`}`;
  return page({ title: r.id, root: "../", body });
}

// src/domain/report/ledger-view.ts
var LedgerEntryViewSchema = external_exports.object({
  id: external_exports.union([external_exports.string(), external_exports.number()]).transform(String),
  trigger: external_exports.string(),
  // local: applied on a local branch only (no GitHub), as the learning loop records it.
  state: external_exports.enum(["open", "accepted", "rejected", "local"]),
  pr: external_exports.union([external_exports.number(), external_exports.string()]).nullable().optional(),
  url: external_exports.string().optional()
}).loose();
function readLedger(doc) {
  const list = Array.isArray(doc) ? doc : doc && typeof doc === "object" ? Object.values(doc).find(Array.isArray) ?? [] : [];
  const entries = [];
  let skipped = 0;
  for (const item of list) {
    const parsed = LedgerEntryViewSchema.safeParse(item);
    if (parsed.success) entries.push(parsed.data);
    else skipped++;
  }
  return { entries, skipped };
}

// src/app/report.ts
var LEDGER_PATH = "learning/ledger.yaml";
async function listMarkdown(dir) {
  return (await readdir(dir).catch(() => [])).filter((f) => f.endsWith(".md")).sort();
}
async function draftFingerprints(repoDir) {
  const dir = join2(repoDir, "incidents", "drafts");
  const out = [];
  for (const f of await listMarkdown(dir)) {
    const m = /\nfingerprint: ([A-Za-z0-9_-]+)\n/.exec(await readFile(join2(dir, f), "utf8"));
    out.push(m?.[1] ?? `file:${f}`);
  }
  return out;
}
async function ledger(repoDir, skipped) {
  let text;
  try {
    text = await readFile(join2(repoDir, LEDGER_PATH), "utf8");
  } catch {
    return null;
  }
  try {
    return readLedger((0, import_yaml2.parse)(text));
  } catch (err) {
    skipped.push({ path: LEDGER_PATH, reason: err.message.split("\n")[0] ?? "unreadable" });
    return { entries: [], skipped: 0 };
  }
}
async function buildReport(opts) {
  const skipped = [];
  const records = [];
  for await (const r of readRecords(opts.repoDir, opts.since, true)) {
    if ("record" in r) records.push({ path: r.path, record: r.record });
    else skipped.push({ path: r.path, reason: r.error });
  }
  const [drafts, filed, learned] = await Promise.all([
    draftFingerprints(opts.repoDir),
    listMarkdown(join2(opts.repoDir, "incidents", "filed")),
    ledger(opts.repoDir, skipped)
  ]);
  const model = buildReportModel({
    records,
    draftFingerprints: drafts,
    filed,
    ledger: learned,
    now: opts.now,
    ...opts.since ? { since: opts.since } : {}
  });
  const pages = /* @__PURE__ */ new Map([
    ["index.html", renderIndex(model)],
    [CLIENT_SCRIPT_FILE, CLIENT_SCRIPT]
  ]);
  model.executions.forEach((e, i) => {
    const r = model.records[i];
    if (r) pages.set(e.page, renderExecution(r.record, r.path));
  });
  return { model, pages, skipped };
}

export {
  writeReportSite,
  CHART_SCRIPT,
  buildReport
};
