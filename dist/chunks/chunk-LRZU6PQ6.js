import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{COLUMNS,cells,span}from"./chunk-5JGYEVJJ.js";import{readDeliveryMetrics}from"./chunk-6LCMPLEI.js";import{buildReportModel,executionPage}from"./chunk-SAU5OOMQ.js";import{readRecords}from"./chunk-5PIJNSCF.js";import{require_dist}from"./chunk-PO5DHDQP.js";import{external_exports}from"./chunk-UMZQXNJO.js";import{__toESM}from"./chunk-GJTYOO5A.js";function chartSpecs(m){let specs=[{id:"executions-per-day",title:"Executions per intent per day",type:"bar",stacked:!0,counts:!0,labels:m.perDay.days,datasets:m.perDay.series.map(s=>({label:s.intent,data:s.counts}))},{id:"success-rate",title:"Success rate by intent (denied runs excluded)",type:"bar",percent:!0,labels:m.intents.map(i=>i.intent),datasets:[{label:"success %",data:m.intents.map(i=>i.successRate===null?null:Math.round(i.successRate*1e3)/10)}]},{id:"durations",title:"Duration against expected_duration (seconds)",type:"bar",labels:m.executions.map(e=>`${e.timestamp.slice(5,10)} ${e.intent}`),datasets:[{label:"duration",data:m.executions.map(e=>e.durationS),kind:"bar"},{label:"expected",data:m.executions.map(e=>e.expectedS),kind:"line"}]},{id:"anomalies-by-rule",title:"Anomalies by rule",type:"bar",counts:!0,labels:m.anomaliesByRule.map(a=>`${a.rule} (${a.severity})`),datasets:[{label:"anomalies",data:m.anomaliesByRule.map(a=>a.count)}]},{id:"incidents",title:"Incident drafts vs filed",type:"doughnut",labels:["drafts","filed"],datasets:[{label:"incidents",data:[m.incidents.drafts,m.incidents.filed]}]}],baked=m.executions.filter(e=>e.bake);if(baked.length){let intents=[...new Set(baked.map(e=>e.intent))].sort(),verdicts=[["pass",1],["fail",2],["inconclusive",3],["superseded",7],["cancelled",4]];specs.push({id:"bake-verdicts",title:"Bakes after the run, by verdict",type:"bar",stacked:!0,counts:!0,labels:intents,datasets:verdicts.map(([v,color])=>({label:v,color,data:intents.map(i=>baked.filter(e=>e.intent===i&&e.bake===v).length)}))})}return m.suggestions.present&&specs.push({id:"suggestions",title:"Suggestions by outcome",type:"bar",counts:!0,labels:["open","accepted","rejected",...m.suggestions.byState.local?["local"]:[]],datasets:[{label:"suggestions",data:[m.suggestions.byState.open,m.suggestions.byState.accepted,m.suggestions.byState.rejected,...m.suggestions.byState.local?[m.suggestions.byState.local]:[]]}]}),specs}var SafeHtml=class{constructor(value){this.value=value}value;toString(){return this.value}},ENTITIES={"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;","`":"&#96;"};function escapeHtml(text){return text.replace(/[&<>"'`]/g,c=>ENTITIES[c])}function render(v){return v==null||v===!1?"":v instanceof SafeHtml?v.value:Array.isArray(v)?v.map(render).join(""):escapeHtml(String(v))}function html(strings,...values){let out=strings[0]??"";return values.forEach((v,i)=>{out+=render(v)+(strings[i+1]??"")}),new SafeHtml(out)}function jsonForScript(value){return new SafeHtml(JSON.stringify(value).replace(/</g,"\\u003c").replace(/>/g,"\\u003e").replace(/&/g,"\\u0026").replace(/\u2028/g,"\\u2028").replace(/\u2029/g,"\\u2029"))}function safeHref(path){return path.split("/").map(s=>encodeURIComponent(s)).join("/")}function deliverySection(m){let rows=[{scope:"all",side:m.overall},...m.by_intent.map(r=>({scope:`intent ${r.intent}`,side:r})),...m.by_target.map(r=>({scope:`target ${r.target}`,side:r}))].flatMap(({scope,side})=>["human","agent"].filter(k=>scope==="all"||side[k].deployments>0).map(k=>html`<tr><td>${scope}</td><td>${k}s</td>${cells(side[k]).map(c=>html`<td>${c}</td>`)}</tr>\n`)),failed=m.failures.slice(-20).reverse().map(f=>html`<li><code>${f.execution}</code> ${f.intent}${f.target?` ${f.target}`:""} (${f.kind}): ${f.reasons.join(", ").replace(/_/g," ")} — ${f.restored_at?`restored by ${f.restored_by==="rollback"?"rollback":"closing the incident"}`:"not restored yet"}</li>\n`);return html`<section id="delivery-metrics">
<p class="muted">${m.since.slice(0,10)} → ${m.until.slice(0,10)}. A change failed when it failed, was rolled back, failed its bake, or caused an incident within ${span(m.attribution_window_s)} after it; "–" is no data. ${m.notes.join(". ")}.</p>
<table><thead><tr><th>scope</th><th>proposer</th>${COLUMNS.map(c=>html`<th>${c}</th>`)}</tr></thead><tbody>
${rows}</tbody></table>
${failed.length?html`<p>Failed changes (${m.failures.length}):</p><ul>${failed}</ul>`:""}
</section>`}var CSS=`
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
`;function page(opts){let scripts=opts.scripts??[],csp=`default-src 'none'; script-src ${scripts.length?"'self'":"'none'"}; style-src 'unsafe-inline'; img-src 'self' data:`;return`<!doctype html>
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
${scripts.map(s=>html`<script src="${opts.root}${s}"></script>\n`)}
</body>
</html>
`.value}`}var CHART_SCRIPT="chart.umd.min.js",CLIENT_SCRIPT_FILE="report.js",pct=r=>r===null?"\u2014":`${Math.round(r*1e3)/10}%`,secs=s=>s===null?"\u2014":`${s}s`;function tiles(m){let total=m.executions.length,ok=m.executions.filter(e=>e.status==="success").length,ran=m.executions.filter(e=>e.status!=="denied").length,anomalies2=m.executions.reduce((n,e)=>n+e.anomalies,0);return html`<div class="tiles">
<div class="tile">executions<b>${total}</b></div>
<div class="tile">success rate<b>${pct(ran?ok/ran:null)}</b></div>
<div class="tile">anomalies<b>${anomalies2}</b></div>
<div class="tile">incident drafts / filed<b>${m.incidents.drafts} / ${m.incidents.filed}</b></div>
</div>`}function intentsTable(m){return m.intents.length===0?html`<p class="muted">No executions in this period.</p>`:html`<table><thead><tr><th>intent</th><th>runs</th><th>success</th><th>failed</th><th>cancelled</th><th>denied</th><th>success rate</th><th>over expected_duration</th></tr></thead><tbody>
${m.intents.map(i=>html`<tr><td>${i.intent}</td><td>${i.total}</td><td>${i.byStatus.success}</td><td>${i.byStatus.failed}</td><td>${i.byStatus.cancelled}</td><td>${i.byStatus.denied}</td><td>${pct(i.successRate)}</td><td>${i.over}</td></tr>\n`)}</tbody></table>`}function anomaliesTable(m){return m.anomaliesByRule.length===0?html`<p class="muted">No anomalies in this period.</p>`:html`<table><thead><tr><th>rule</th><th>severity</th><th>count</th></tr></thead><tbody>
${m.anomaliesByRule.map(a=>html`<tr><td>${a.rule}</td><td>${a.severity}</td><td>${a.count}</td></tr>\n`)}</tbody></table>`}function prCell(e){let text=e.pr===null?e.url?"link":"\u2014":/^\d+$/.test(e.pr)?`#${e.pr}`:e.pr;return e.url?html`<a href="${e.url}">${text}</a>`:text}function suggestions(m){let s=m.suggestions;return!s.present||s.entries.length===0?html`<p class="muted">No suggestions yet.</p>`:html`<table><thead><tr><th>id</th><th>trigger</th><th>state</th><th>pull request</th></tr></thead><tbody>
${s.entries.map(e=>html`<tr><td>${e.id}</td><td>${e.trigger}</td><td class="${e.state}">${e.state}</td><td>${prCell(e)}</td></tr>\n`)}</tbody></table>${s.skipped?html`<p class="muted">${s.skipped} ledger entries without id/trigger/state were skipped.</p>`:""}`}var bakeClass=v=>v==="pass"?"pass":v==="fail"?"fail":v?"muted":"";function executionsTable(m){if(m.executions.length===0)return html`<p class="muted">No executions in this period.</p>`;let rows=m.executions.slice().reverse().map(e=>html`<tr><td><a href="${safeHref(e.page)}">${e.id}</a></td><td>${e.timestamp}</td><td>${e.intent}</td><td class="${e.status}">${e.status}</td><td>${secs(e.durationS)}</td><td>${secs(e.expectedS)}</td><td>${e.anomalies}</td><td class="${bakeClass(e.bake)}">${e.bake?`bake ${e.bake}`:"\u2014"}</td><td>${e.recordPath}</td></tr>\n`);return html`<table><thead><tr><th>execution</th><th>time</th><th>intent</th><th>status</th><th>duration</th><th>expected</th><th>anomalies</th><th>after the run</th><th>record</th></tr></thead><tbody>
${rows}</tbody></table>`}function renderIndex(m,extra={}){let specs=chartSpecs(m),body=html`<p class="muted">Generated ${m.generatedAt}${m.since?` \xB7 executions since ${m.since}`:""}</p>
${tiles(m)}
${extra.delivery?html`<h2>Delivery metrics</h2>
${deliverySection(extra.delivery)}`:""}
<h2>Charts</h2>
<div class="charts">
${specs.map(s=>html`<div class="chart"><canvas id="chart-${s.id}" aria-label="${s.title}" role="img"></canvas></div>\n`)}
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
${executionsTable(m)}`;return page({title:"execution report",root:"",body,scripts:[CHART_SCRIPT,CLIENT_SCRIPT_FILE]})}var import_yaml2=__toESM(require_dist(),1);import{readdir,readFile}from"node:fs/promises";import{join}from"node:path";var CLIENT_SCRIPT=`'use strict';
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
      var color = COLORS[(typeof d.color === 'number' ? d.color : i) % COLORS.length];
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
`;var import_yaml=__toESM(require_dist(),1);var cmdText=cmd=>Array.isArray(cmd)?JSON.stringify(cmd):String(cmd);function yamlPre(value){return html`<pre>${(0,import_yaml.stringify)(value??null,{lineWidth:0}).trimEnd()}</pre>`}function steps(r){return r.commands_run.length===0?html`<p class="muted">No step ran.</p>`:html`${r.commands_run.map(c=>html`<h3>step <code>${c.step}</code>: <span class="${c.exit_code===0?"pass":"fail"}">exit ${c.exit_code??"none"}</span> after ${c.duration}${c.timed_out?" (timed out)":""}${c.cancelled?" (cancelled)":""}</h3>
<pre>${cmdText(c.cmd)}</pre>
${c.error?html`<p class="fail">${c.error}</p>`:""}
${c.stdout_tail?html`<details open><summary>stdout</summary><pre>${c.stdout_tail}</pre></details>`:""}
${c.stderr_tail?html`<details><summary>stderr</summary><pre>${c.stderr_tail}</pre></details>`:""}
`)}`}function checkTable(checks){return html`${checks.map(c=>html`<h3>check <code>${c.name}</code>: <span class="${c.result}">${c.result}</span> after ${c.duration} (expected ${c.expected})</h3>
<pre>${cmdText(c.cmd)}</pre>
<table><thead><tr><th>#</th><th>at</th><th>exit</th><th>matched</th><th>output</th></tr></thead><tbody>
${c.attempts.map((a,i)=>html`<tr><td>${i+1}</td><td>${a.at}</td><td>${a.exit_code??"none"}</td><td class="${a.matched?"pass":"fail"}">${a.matched?"yes":"no"}</td><td><pre>${a.output}</pre></td></tr>\n`)}</tbody></table>
`)}`}function snapshot(label,s){return html`<div><h3>${label}</h3>${s?yamlPre(s):html`<p class="muted">not captured</p>`}</div>`}function anomalies(r){return r.anomalies.length===0?html`<p class="muted">None.</p>`:html`<table><thead><tr><th>rule</th><th>severity</th><th>action</th><th>condition</th><th>values that triggered it</th></tr></thead><tbody>
${r.anomalies.map(a=>html`<tr><td>${a.rule}</td><td>${a.severity}</td><td>${a.action}</td><td><code>${a.condition}</code></td><td><pre>${JSON.stringify(a.inputs,null,1)}</pre></td></tr>\n`)}</tbody></table>`}function rollbackRow(r,rolledBackBy){return r.rollback_of?html`<tr><th>rollback</th><td>rollback of <a href="${executionPage(r.rollback_of).replace(/^executions\//,"")}">${r.rollback_of}</a> (${r.rollback?.mode??"?"}, by ${r.rollback?.by??"?"}) — ${r.rollback?.trigger??""}</td></tr>`:rolledBackBy?html`<tr><th>rollback</th><td>rolled back by <a href="${executionPage(rolledBackBy).replace(/^executions\//,"")}">${rolledBackBy}</a></td></tr>`:""}function bakeSection(bake){let o=bake?.record.observation;return!bake||!o?"":html`<h2>Bake</h2>
<p class="${o.verdict}">bake ${o.verdict} — ${o.reason}</p>
<p>${o.samples.length} of ${o.expected_samples} snapshots, every ${o.interval} for ${o.for}; follow-up record ${bake.path}</p>
${o.first_seen.length?html`<ul>${o.first_seen.map(f=>html`<li>${f.what} (${f.severity}) appeared ${f.after_run} after the run ended</li>`)}</ul>`:html`<p class="muted">Nothing appeared after the run.</p>`}`}function renderExecution(r,recordPath,bake,rolledBackBy){let body=html`<p><a href="../index.html">← all executions</a></p>
<table>
<tr><th>execution</th><td>${r.id}</td></tr>
<tr><th>intent</th><td>${r.intent}</td></tr>
<tr><th>status</th><td class="${r.status}">${r.status}${r.status_reason?` \u2014 ${r.status_reason}`:""}</td></tr>
<tr><th>started</th><td>${r.timestamp}</td></tr>
<tr><th>duration</th><td>${r.duration}${r.expected_duration?` (expected ${r.expected_duration})`:""}</td></tr>
<tr><th>request</th><td>${r.request.path}${r.request.commit?` @ ${r.request.commit.slice(0,12)}`:""} — ${r.request.reason}${r.request.proposed_by?` (by ${r.request.proposed_by})`:""}</td></tr>
<tr><th>params</th><td><pre>${JSON.stringify(r.params,null,1)}</pre></td></tr>
<tr><th>policy</th><td>${r.policy.verdict}${r.policy.reasons.map(x=>html`<br>${x}`)}</td></tr>
<tr><th>record</th><td>${recordPath} <span class="muted">${r.digest}</span></td></tr>
${rollbackRow(r,rolledBackBy)}
</table>
<h2>Timeline</h2>
${snapshot("snapshot before",r.before)}
${r.prechecks?.length?html`<h2>Prechecks</h2>${checkTable(r.prechecks)}`:""}
<h2>Steps</h2>
${steps(r)}
<h2>Outcome checks</h2>
${r.checks.length?checkTable(r.checks):html`<p class="muted">No checks ran.</p>`}
${snapshot("snapshot after",r.after)}
<h2>Failure indicators</h2>
${r.failure_indicators.length?html`<table><thead><tr><th>pattern</th><th>severity</th><th>source</th><th>line</th></tr></thead><tbody>${r.failure_indicators.map(i=>html`<tr><td>${i.pattern}</td><td>${i.severity}</td><td>${i.source}</td><td><pre>${i.line}</pre></td></tr>`)}</tbody></table>`:html`<p class="muted">None seen.</p>`}
<h2>Anomalies</h2>
${anomalies(r)}
${r.rules_not_evaluated.length?html`<h3>rules not evaluated</h3><ul>${r.rules_not_evaluated.map(x=>html`<li>${x.rule}: ${x.reason}</li>`)}</ul>`:""}
${bakeSection(bake)}
<h2>Incident drafts</h2>
${r.drafts.length?html`<ul>${r.drafts.map(d=>html`<li>${d.path} (${d.new?"new":"repeat"}, fingerprint ${d.fingerprint})</li>`)}</ul>`:html`<p class="muted">None.</p>`}`;return page({title:r.id,root:"../",body})}var LedgerEntryViewSchema=external_exports.object({id:external_exports.union([external_exports.string(),external_exports.number()]).transform(String),trigger:external_exports.string(),state:external_exports.enum(["open","accepted","rejected","local"]),pr:external_exports.union([external_exports.number(),external_exports.string()]).nullable().optional(),url:external_exports.string().optional()}).loose();function readLedger(doc){let list=Array.isArray(doc)?doc:doc&&typeof doc=="object"?Object.values(doc).find(Array.isArray)??[]:[],entries=[],skipped=0;for(let item of list){let parsed=LedgerEntryViewSchema.safeParse(item);parsed.success?entries.push(parsed.data):skipped++}return{entries,skipped}}var LEDGER_PATH="learning/ledger.yaml";async function listMarkdown(dir){return(await readdir(dir).catch(()=>[])).filter(f=>f.endsWith(".md")).sort()}async function draftFingerprints(repoDir){let dir=join(repoDir,"incidents","drafts"),out=[];for(let f of await listMarkdown(dir)){let m=/\nfingerprint: ([A-Za-z0-9_-]+)\n/.exec(await readFile(join(dir,f),"utf8"));out.push(m?.[1]??`file:${f}`)}return out}async function ledger(repoDir,skipped){let text;try{text=await readFile(join(repoDir,LEDGER_PATH),"utf8")}catch{return null}try{return readLedger((0,import_yaml2.parse)(text))}catch(err){return skipped.push({path:LEDGER_PATH,reason:err.message.split(`
`)[0]??"unreadable"}),{entries:[],skipped:0}}}async function buildReport(opts){let skipped=[],records=[];for await(let r of readRecords(opts.repoDir,opts.since,!0))"record"in r?records.push({path:r.path,record:r.record}):skipped.push({path:r.path,reason:r.error});let[drafts,filed,learned,delivery]=await Promise.all([draftFingerprints(opts.repoDir),listMarkdown(join(opts.repoDir,"incidents","filed")),ledger(opts.repoDir,skipped),readDeliveryMetrics({repoDir:opts.repoDir,now:opts.now,...opts.since?{since:opts.since}:{},records:records.map(r=>r.record)})]),model=buildReportModel({records,draftFingerprints:drafts,filed,ledger:learned,now:opts.now,...opts.since?{since:opts.since}:{}}),pages=new Map([["index.html",renderIndex(model,{delivery:delivery.metrics})],[CLIENT_SCRIPT_FILE,CLIENT_SCRIPT]]),byPath=new Map(model.records.map(r=>[r.path,r.record]));for(let e of model.executions){let r=byPath.get(e.recordPath),bake=e.bakePath?byPath.get(e.bakePath):void 0;r&&pages.set(e.page,renderExecution(r,e.recordPath,bake&&e.bakePath?{record:bake,path:e.bakePath}:void 0,e.rolledBackBy))}return{model,pages,skipped,delivery:delivery.metrics}}export{CHART_SCRIPT,readLedger,LEDGER_PATH,buildReport};
