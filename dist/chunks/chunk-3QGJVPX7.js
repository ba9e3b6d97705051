import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{COLUMNS,cells,claimNote,localText,mismatchText,restoredText,span}from"./chunk-E2BRL4CV.js";import{localDrafts}from"./chunk-NGRJGM5K.js";import{readScorecard}from"./chunk-UTRHKLEE.js";import{readRecords}from"./chunk-GVDP6KUI.js";import{DEFAULT_METRICS_DAYS,agentPatterns,incidentCloses,readDeliveryMetrics}from"./chunk-5OJ2GOST.js";import{proposerKind}from"./chunk-F7RLKL27.js";import{draftTitle}from"./chunk-NFZTCRBE.js";import{thresholdText,valueText}from"./chunk-ETCJQDTZ.js";import{attributionOf}from"./chunk-DBZVRWMN.js";import{seconds}from"./chunk-WZ5YPHZQ.js";import{external_exports}from"./chunk-J7QRXHSV.js";import{targetOf}from"./chunk-U4Z6L4TO.js";import{require_dist}from"./chunk-PO5DHDQP.js";import{__toESM}from"./chunk-GJTYOO5A.js";var MONTHS=["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"];function timeLabel(iso){let d=new Date(iso);if(Number.isNaN(d.getTime()))return iso;let hh=String(d.getUTCHours()).padStart(2,"0"),mm=String(d.getUTCMinutes()).padStart(2,"0");return`${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${hh}:${mm}`}function chartSpecs(m){let specs=[{id:"executions-per-day",title:"Executions per intent per day",type:"bar",stacked:!0,counts:!0,labels:m.perDay.days,datasets:m.perDay.series.map(s=>({label:s.intent,data:s.counts}))},{id:"success-rate",title:"Success rate by intent (denied runs excluded)",type:"bar",percent:!0,labels:m.intents.map(i=>i.successRate===null?`${i.intent} (no data)`:i.intent),datasets:[{label:"success %",data:m.intents.map(i=>i.successRate===null?null:Math.round(i.successRate*1e3)/10),colors:m.intents.map(i=>i.successRate===0?2:1),minBarLength:4}]},{id:"durations",title:"Duration against expected_duration (seconds)",type:"bar",timeAxis:!0,xTitle:"started (UTC)",labels:m.executions.map(e=>timeLabel(e.timestamp)),tooltips:m.executions.map(e=>`${e.timestamp} ${e.intent} (${e.id})`),datasets:[{label:"duration",data:m.executions.map(e=>e.durationS),kind:"bar"},{label:"expected",data:m.executions.map(e=>e.expectedS),kind:"line"}]},{id:"anomalies-by-rule",title:"Anomalies by rule",type:"bar",counts:!0,labels:m.anomaliesByRule.map(a=>`${a.rule} (${a.severity})`),datasets:[{label:"anomalies",data:m.anomaliesByRule.map(a=>a.count)}]},{id:"incidents",title:"Incident drafts vs filed",type:"doughnut",labels:["drafts","filed"],datasets:[{label:"incidents",data:[m.incidents.drafts,m.incidents.filed]}]}],baked=m.executions.filter(e=>e.bake);if(baked.length){let intents=[...new Set(baked.map(e=>e.intent))].sort(),verdicts=[["pass",1],["fail",2],["inconclusive",3],["superseded",7],["cancelled",4]];specs.push({id:"bake-verdicts",title:"Bakes after the run, by verdict",type:"bar",stacked:!0,counts:!0,labels:intents,datasets:verdicts.map(([v,color])=>({label:v,color,data:intents.map(i=>baked.filter(e=>e.intent===i&&e.bake===v).length)}))})}let rollbacks=m.executions.filter(e=>e.rollbackOf);if(rollbacks.length){let intents=[...new Set(rollbacks.map(e=>e.intent))].sort();specs.push({id:"rollbacks",title:"Rollbacks by intent: run by the policy or asked for",type:"bar",stacked:!0,counts:!0,labels:intents,datasets:[["auto","automatic (policy)",2],["ask","asked (/rollback)",3]].map(([mode,label,color])=>({label,color,data:intents.map(i=>rollbacks.filter(e=>e.intent===i&&(e.rollbackMode??"ask")===mode).length)}))})}return m.suggestions.present&&specs.push({id:"suggestions",title:"Suggestions by outcome",type:"bar",counts:!0,labels:["open","accepted","rejected",...m.suggestions.byState.local?["local"]:[]],datasets:[{label:"suggestions",data:[m.suggestions.byState.open,m.suggestions.byState.accepted,m.suggestions.byState.rejected,...m.suggestions.byState.local?[m.suggestions.byState.local]:[]]}]}),specs}var SafeHtml=class{constructor(value){this.value=value}value;toString(){return this.value}},ENTITIES={"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;","`":"&#96;"};function escapeHtml(text){return text.replace(/[&<>"'`]/g,c=>ENTITIES[c])}function render(v){return v==null||v===!1?"":v instanceof SafeHtml?v.value:Array.isArray(v)?v.map(render).join(""):escapeHtml(String(v))}function html(strings,...values){let out=strings[0]??"";return values.forEach((v,i)=>{out+=render(v)+(strings[i+1]??"")}),new SafeHtml(out)}function jsonForScript(value){return new SafeHtml(JSON.stringify(value).replace(/</g,"\\u003c").replace(/>/g,"\\u003e").replace(/&/g,"\\u0026").replace(/\u2028/g,"\\u2028").replace(/\u2029/g,"\\u2029"))}function safeHref(path){return path.split("/").map(s=>encodeURIComponent(s)).join("/")}var CSS=`
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
.table-box { overflow-x: auto; margin: 8px 0; } .table-box > table { margin: 0; }
h1, h2, h3, .kv td { overflow-wrap: anywhere; } td { overflow-wrap: break-word; }
.tiles { display: flex; gap: 12px; flex-wrap: wrap; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: 8px 16px; min-width: 140px; }
.tile b { display: block; font-size: 22px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(420px, 100%), 1fr)); gap: 16px; }
@media (max-width: 600px) { header, main { padding-left: 12px; padding-right: 12px; } }
.chart { border: 1px solid var(--line); border-radius: 6px; padding: 8px; height: 300px; position: relative; }
.chart canvas { width: 100% !important; height: 250px !important; }
.success, .pass, .accepted { color: var(--ok); } .failed, .fail, .timeout, .rejected { color: var(--bad); }
.denied, .cancelled, .skipped, .open, .warn { color: var(--warn); } .muted, .reason { color: var(--muted); }
.interrupted, .inconclusive { color: var(--warn); } .sev-P1 { color: var(--bad); font-weight: 600; } .sev-P2 { color: var(--warn); }
#attention { border-left: 4px solid var(--bad); padding-left: 12px; }
.kind { font-size: 11px; border: 1px solid var(--line); border-radius: 8px; padding: 0 6px; color: var(--muted); }
.rate { position: relative; min-width: 160px; height: 20px; background: var(--bg); border: 1px solid var(--line); border-radius: 3px; }
.rate i { position: absolute; inset: 0 auto 0 0; background: #aceebb; }
.rate span { position: relative; padding: 0 6px; font-size: 12px; line-height: 18px; }
.rate-zero { border-color: var(--bad); background: #ffebe9; } .rate-zero span { color: var(--bad); font-weight: 600; }
.rate-none { background: repeating-linear-gradient(45deg, var(--bg), var(--bg) 5px, #eaeef2 5px, #eaeef2 10px); border-style: dashed; }
.rate-none span { color: var(--muted); font-style: italic; }
.filters { display: flex; gap: 12px; flex-wrap: wrap; align-items: center; margin: 8px 0; }
tr[hidden], .filters[hidden] { display: none; }
`;function pre(text){return html`<pre tabindex="0">${text}</pre>`}function tableBox(label,table){return html`<div class="table-box" role="region" aria-label="${label}" tabindex="0">${table}</div>`}function page(opts){let scripts=opts.scripts??[],csp=`default-src 'none'; script-src ${scripts.length?"'self'":"'none'"}; style-src 'unsafe-inline'; img-src 'self' data:`;return`<!doctype html>
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
`.value}`}function deliverySection(m){let rows=[{scope:"all",side:m.overall},...m.by_intent.map(r=>({scope:`intent ${r.intent}`,side:r})),...m.by_target.map(r=>({scope:`target ${r.target}`,side:r}))].flatMap(({scope,side})=>["human","agent"].filter(k=>scope==="all"||side[k].deployments>0).map(k=>html`<tr><td>${scope}</td><td>${k}s</td>${cells(side[k]).map(c=>html`<td>${c}</td>`)}</tr>\n`)),failed=m.failures.slice(-20).reverse().map(f=>html`<li><code>${f.execution}</code> ${f.intent}${f.target?` ${f.target}`:""} (${f.kind}${claimNote(f)}): ${f.reasons.join(", ").replace(/_/g," ")} — ${restoredText(f)}</li>\n`);return html`<section id="delivery-metrics">
<p class="muted">${m.since.slice(0,10)} → ${m.until.slice(0,10)}. A change failed when it failed, was rolled back, failed its bake, or caused an incident within ${span(m.attribution_window_s)} after it; "–" is no data. ${m.notes.join(". ")}.</p>
${tableBox("delivery metrics",html`<table><thead><tr><th>scope</th><th>proposer</th>${COLUMNS.map(c=>html`<th>${c}</th>`)}</tr></thead><tbody>
${rows}</tbody></table>`)}
${m.local?html`<p class="muted">${localText(m.local)}.</p>`:""}
${failed.length?html`<p>Failed changes (${m.failures.length}):</p><ul>${failed}</ul>`:""}
${m.mismatches.length?html`<p class="warn">${mismatchText(m.mismatches)}</p>`:""}
</section>`}var NAME=/^[A-Za-z0-9_.-]+$/;function githubRepo(text){let[owner,repo,...rest]=(text??"").trim().split("/");if(!(!owner||!repo||rest.length||!NAME.test(owner)||!NAME.test(repo))&&!(owner.startsWith(".")||repo==="."||repo===".."))return{owner,repo:repo.replace(/\.git$/,"")}}function githubRepoOfRemote(url){let m=/^(?:https:\/\/(?:[^@/]+@)?github\.com\/|ssh:\/\/git@github\.com\/|git@github\.com:)([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec((url??"").trim());return m?githubRepo(m[1]):void 0}function repoHref(links,pathOrUrl,depth=0){if(/^https:\/\/[^\s"'<>]+$/.test(pathOrUrl))return pathOrUrl;let path=safeHref(pathOrUrl.replace(/^(\.\.\/)+/,"").replace(/^\.\//,""));return links.kind==="github"?`https://github.com/${links.owner}/${links.repo}/blob/${safeHref(links.ref)}/${path}`:`${"../".repeat(depth)}${links.prefix}${path}`}function incidentRows(records,localDrafts2,closes){let rows=new Map;for(let{record}of records)for(let d of record.drafts){let anomaly=record.anomalies.find(a=>a.action==="create_incident_draft")??record.anomalies[0],prev=rows.get(d.fingerprint);rows.set(d.fingerprint,{fingerprint:d.fingerprint,title:anomaly?draftTitle(record,anomaly):`${record.intent}: incident`,severity:anomaly?.severity??prev?.severity??"?",occurrences:(prev?.occurrences??0)+1,open:!0,link:prev&&/^https:/.test(prev.link)?prev.link:d.path,last:prev?.last&&prev.last>record.timestamp?prev.last:record.timestamp})}let closedAt=new Map;for(let c of closes)closedAt.set(c.fingerprint,Math.max(closedAt.get(c.fingerprint)??0,c.at));for(let r of rows.values())r.open=r.last===null||(closedAt.get(r.fingerprint)??0)<Date.parse(r.last);for(let d of localDrafts2){let key=d.fingerprint??`file:${d.where}`,prev=rows.get(key);rows.set(key,{fingerprint:key,title:d.title,severity:d.severity??prev?.severity??"?",occurrences:Math.max(d.occurrences??1,prev?.occurrences??0),open:!0,link:prev&&/^https:/.test(prev.link)?prev.link:d.where,last:prev?.last??null})}let rank=s=>/^P\d$/.test(s)?s:"P9";return[...rows.values()].sort((a,b)=>Number(b.open)-Number(a.open)||rank(a.severity).localeCompare(rank(b.severity))||b.occurrences-a.occurrences||a.title.localeCompare(b.title))}function executionPage(id){return`executions/${id.replace(/[^A-Za-z0-9._-]/g,"_")}.html`}var TROUBLE=new Set(["failed","interrupted","inconclusive"]);function buildReportModel(input){let since=input.since?.getTime(),records=input.records.filter(r=>since===void 0||Date.parse(r.record.timestamp)>=since).slice().sort((a,b)=>a.record.timestamp<b.record.timestamp?-1:1),bakes=new Map;for(let{record,path}of records)record.observation_of&&record.observation&&bakes.set(record.observation_of,{verdict:record.observation.verdict,reason:record.observation.reason,path});let rollbacks=new Map;for(let{record}of records)record.rollback_of&&rollbacks.set(record.rollback_of,record.id);let executions=records.filter(({record})=>!record.observation_of).map(({path,record})=>({id:record.id,intent:record.intent,status:record.status,...record.status_reason?{statusReason:record.status_reason}:{},target:targetOf(record.params)??null,environment:record.environment??null,proposer:{kind:proposerKind(attributionOf(record).login,input.agents??[]),name:attributionOf(record).login??null},timestamp:record.timestamp,durationS:seconds(record.duration),expectedS:seconds(record.expected_duration),anomalies:record.anomalies.length,recordPath:path,page:executionPage(record.id),...bakes.has(record.id)?{bake:bakes.get(record.id)?.verdict,bakeReason:bakes.get(record.id)?.reason,bakePath:bakes.get(record.id)?.path}:{},...record.rollback_of?{rollbackOf:record.rollback_of}:{},...record.rollback?{rollbackMode:record.rollback.mode}:{},...rollbacks.has(record.id)?{rolledBackBy:rollbacks.get(record.id)}:{}})),intents=new Map;for(let e of executions){let s=intents.get(e.intent)??{intent:e.intent,total:0,byStatus:{success:0,failed:0,cancelled:0,interrupted:0,expired:0,denied:0,inconclusive:0},successRate:null,over:0};s.total++,s.byStatus[e.status]++,e.durationS!==null&&e.expectedS!==null&&e.durationS>e.expectedS&&s.over++,intents.set(e.intent,s)}for(let s of intents.values()){let ran=s.total-s.byStatus.denied;s.successRate=ran>0?s.byStatus.success/ran:null}let intentList=[...intents.values()].sort((a,b)=>a.intent.localeCompare(b.intent)),days=[...new Set(executions.map(e=>e.timestamp.slice(0,10)))].sort(),perDay={days,series:intentList.map(s=>({intent:s.intent,counts:days.map(d=>executions.filter(e=>e.intent===s.intent&&e.timestamp.startsWith(d)).length)}))},rules=new Map;for(let{record}of records)for(let a of record.anomalies){let r=rules.get(a.rule)??{rule:a.rule,severity:a.severity,count:0};r.count++,a.severity<r.severity&&(r.severity=a.severity),rules.set(a.rule,r)}let attention=executions.filter(e=>TROUBLE.has(e.status)||e.bake==="fail"||e.bake==="inconclusive"||e.rolledBackBy!==void 0).reverse(),drafts=new Set(input.draftFingerprints);for(let{record}of records)for(let d of record.drafts)drafts.add(d.fingerprint);let entries=(input.ledger?.entries??[]).map(e=>({id:e.id,trigger:e.trigger,state:e.state,pr:e.pr===void 0||e.pr===null?null:String(e.pr),url:e.url&&/^https?:\/\//.test(e.url)?e.url:null})),byState={open:0,accepted:0,rejected:0,local:0};for(let e of input.ledger?.entries??[])byState[e.state]++;return{generatedAt:input.now.toISOString(),since:input.since?input.since.toISOString():null,executions,intents:intentList,perDay,anomaliesByRule:[...rules.values()].sort((a,b)=>b.count-a.count||a.rule.localeCompare(b.rule)),incidents:{drafts:drafts.size,filed:input.filed.length},incidentList:incidentRows(records,input.localDrafts??[],input.closes??[]),attention,suggestions:{present:input.ledger!==null,entries,byState,skipped:input.ledger?.skipped??0},records}}function afterRun(e){let parts=[];return e.bake&&parts.push(html`<span class="${e.bake==="pass"?"pass":e.bake==="fail"?"fail":"muted"}">bake ${e.bake}</span>${e.bake!=="pass"&&e.bakeReason?html` <span class="muted">— ${e.bakeReason}</span>`:""}`),e.rolledBackBy&&parts.push(html`<span class="warn">rolled back by <a href="${safeHref(executionPage(e.rolledBackBy))}">${e.rolledBackBy}</a></span>`),e.rollbackOf&&parts.push(html`rollback of <a href="${safeHref(executionPage(e.rollbackOf))}">${e.rollbackOf}</a>${e.rollbackMode?` (${e.rollbackMode})`:""}`),parts.length?html`${parts.map((p,i)=>html`${i?html`<br>`:""}${p}`)}`:html`—`}function statusCell(e){return html`<td class="${e.status}">${e.status}${e.statusReason?html` <span class="reason">— ${e.statusReason}</span>`:""}</td>`}function failures(m){return m.attention.length===0?html`<p class="pass">Nothing failed, was rolled back or failed its bake in this period.</p>`:tableBox("executions that need attention",html`<table><thead><tr><th>time</th><th>execution</th><th>intent</th><th>target</th><th>status</th><th>after the run</th></tr></thead><tbody>
${m.attention.map(e=>html`<tr><td>${e.timestamp}</td><td><a href="${safeHref(e.page)}">${e.id}</a></td><td>${e.intent}</td><td>${e.target??"\u2014"}${e.environment?` in ${e.environment}`:""}</td>${statusCell(e)}<td>${afterRun(e)}</td></tr>\n`)}</tbody></table>`)}function incidents(m,links){let counts=html`<p class="muted">${m.incidents.drafts} draft(s) (incidents/drafts and incident issues), ${m.incidents.filed} filed (incidents/filed).</p>`;return m.incidentList.length===0?html`<p class="muted">No incidents in this period.</p>${counts}`:html`${tableBox("incidents",html`<table><thead><tr><th>incident</th><th>severity</th><th>occurrences</th><th>state</th><th>link</th></tr></thead><tbody>
${m.incidentList.map(i=>{let issue=/^https:/.test(i.link);return html`<tr><td>${i.title}</td><td class="sev-${i.severity}">${i.severity}</td><td>${i.occurrences}</td><td class="${i.open?"fail":"muted"}">${i.open?"open":"closed"}</td><td><a href="${repoHref(links,i.link)}">${issue?i.link.replace(/^https:\/\/github\.com\/[^/]+\/[^/]+\/issues\//,"issue #"):i.link.replace(/^(\.\.\/)+/,"")}</a></td></tr>\n`})}</tbody></table>`)}${counts}`}function troubleSection(m,links){let open=m.incidentList.filter(i=>i.open).length;return html`<section id="attention">
<h2>Needs attention: ${m.attention.length} execution(s), ${open} open incident(s)</h2>
${failures(m)}
</section>
<section id="incidents">
<h2>Incidents</h2>
${incidents(m,links)}
</section>`}var secs=s=>s===null?"\u2014":`${s}s`;function filters(m){let intents=[...new Set(m.executions.map(e=>e.intent))].sort(),statuses=[...new Set(m.executions.map(e=>e.status))].sort(),days=m.executions.map(e=>e.timestamp.slice(0,10)).sort();return html`<form id="filters" class="filters" hidden>
<label>intent <select id="filter-intent"><option value="">all</option>${intents.map(i=>html`<option value="${i}">${i}</option>`)}</select></label>
<label>status <select id="filter-status"><option value="">all</option>${statuses.map(s=>html`<option value="${s}">${s}</option>`)}</select></label>
<label>from <input type="date" id="filter-from" min="${days[0]}" max="${days.at(-1)}"></label>
<label>to <input type="date" id="filter-to" min="${days[0]}" max="${days.at(-1)}"></label>
<button type="reset">clear</button>
<output id="filter-count" class="muted"></output>
</form>`}function executionsTable(m,links){if(m.executions.length===0)return html`<p class="muted">No executions in this period.</p>`;let rows=m.executions.slice().reverse().map(e=>html`<tr data-id="${e.id}" data-intent="${e.intent}" data-status="${e.status}" data-date="${e.timestamp.slice(0,10)}"><td><a href="${safeHref(e.page)}">${e.id}</a></td><td>${e.timestamp}</td><td>${e.intent}</td><td>${e.target??"\u2014"}${e.environment?` in ${e.environment}`:""}</td><td><span class="kind">${e.proposer.kind}</span> ${e.proposer.name??html`<span class="muted">unknown</span>`}</td>${statusCell(e)}<td>${secs(e.durationS)}</td><td>${secs(e.expectedS)}</td><td>${e.anomalies}</td><td>${afterRun(e)}</td><td><a href="${repoHref(links,e.recordPath)}">${e.recordPath}</a></td></tr>\n`);return html`${filters(m)}
${tableBox("executions",html`<table id="executions"><thead><tr><th>execution</th><th>time</th><th>intent</th><th>target</th><th>proposed by</th><th>status</th><th>duration</th><th>expected</th><th>anomalies</th><th>after the run</th><th>record</th></tr></thead><tbody>
${rows}</tbody></table>`)}`}var MAX_LISTED=10;function scorecardSection(rows){let body=rows.map(r=>html`<tr><td>${r.criterion}</td><td>${r.seed}</td><td>${valueText(r)}</td><td>${thresholdText(r)}</td><td class="${r.pass?"pass":"fail"}">${r.pass?r.value===null?"n/a":"pass":"fail"}</td><td>${r.detail}</td></tr>\n`),more=rows.flatMap(r=>[...r.notes.map(n=>html`<li>${r.criterion}: ${n}</li>\n`),...r.behind.slice(0,MAX_LISTED).map(b=>html`<li>${r.criterion} behind: <code>${b.id}</code> — ${b.why}</li>\n`),...r.behind.length>MAX_LISTED?[html`<li>${r.criterion}: … and ${r.behind.length-MAX_LISTED} more</li>\n`]:[]]);return html`<section id="scorecard">
<h2>Scorecard</h2>
${tableBox("scorecard",html`<table><thead><tr><th>criterion</th><th>seed</th><th>value</th><th>threshold</th><th>result</th><th>measured</th></tr></thead><tbody>
${body}</tbody></table>`)}
${more.length?html`<ul class="muted">${more}</ul>`:""}
</section>`}var CHART_SCRIPT="chart.umd.min.js",CLIENT_SCRIPT_FILE="report.js",pct=r=>r===null?"\u2014":`${Math.round(r*1e3)/10}%`;function tiles(m){let total=m.executions.length,ok=m.executions.filter(e=>e.status==="success").length,ran=m.executions.filter(e=>e.status!=="denied").length,anomalies2=m.executions.reduce((n,e)=>n+e.anomalies,0),rolledBack=m.executions.filter(e=>e.rollbackOf).length;return html`<div class="tiles">
<div class="tile">executions<b>${total}</b></div>
<div class="tile">success rate<b>${pct(ran?ok/ran:null)}</b></div>
<div class="tile">rollbacks<b>${rolledBack}</b></div>
<div class="tile">anomalies<b>${anomalies2}</b></div>
<div class="tile">incident drafts / filed<b>${m.incidents.drafts} / ${m.incidents.filed}</b></div>
</div>`}function rateBar(i){let ran=i.total-i.byStatus.denied;if(i.successRate===null)return html`<div class="rate rate-none" title="no run started (denied runs do not count)"><span>no data</span></div>`;let width=Math.round(i.successRate*100);return html`<div class="rate${i.successRate===0?" rate-zero":""}"><i style="width:${width}%"></i><span>${pct(i.successRate)} (${i.byStatus.success} of ${ran})</span></div>`}function intentsTable(m){return m.intents.length===0?html`<p class="muted">No executions in this period.</p>`:tableBox("intents",html`<table><thead><tr><th>intent</th><th>runs</th><th>success</th><th>failed</th><th>cancelled</th><th>denied</th><th>success rate</th><th>over expected_duration</th></tr></thead><tbody>
${m.intents.map(i=>html`<tr><td>${i.intent}</td><td>${i.total}</td><td>${i.byStatus.success}</td><td>${i.byStatus.failed}</td><td>${i.byStatus.cancelled}</td><td>${i.byStatus.denied}</td><td>${rateBar(i)}</td><td>${i.over}</td></tr>\n`)}</tbody></table>`)}function anomaliesTable(m){return m.anomaliesByRule.length===0?html`<p class="muted">No anomalies in this period.</p>`:tableBox("anomalies by rule",html`<table><thead><tr><th>rule</th><th>severity</th><th>count</th></tr></thead><tbody>
${m.anomaliesByRule.map(a=>html`<tr><td>${a.rule}</td><td>${a.severity}</td><td>${a.count}</td></tr>\n`)}</tbody></table>`)}function prCell(e){let text=e.pr===null?e.url?"link":"\u2014":/^\d+$/.test(e.pr)?`#${e.pr}`:e.pr;return e.url?html`<a href="${e.url}">${text}</a>`:text}function suggestions(m){let s=m.suggestions;return!s.present||s.entries.length===0?html`<p class="muted">No suggestions yet.</p>`:html`${tableBox("suggestions",html`<table><thead><tr><th>id</th><th>trigger</th><th>state</th><th>pull request</th></tr></thead><tbody>
${s.entries.map(e=>html`<tr><td>${e.id}</td><td>${e.trigger}</td><td class="${e.state}">${e.state}</td><td>${prCell(e)}</td></tr>\n`)}</tbody></table>`)}${s.skipped?html`<p class="muted">${s.skipped} ledger entries without id/trigger/state were skipped.</p>`:""}`}function renderIndex(m,extra={}){let specs=chartSpecs(m),links=extra.links??{kind:"relative",prefix:""},body=html`<p class="muted">Generated ${m.generatedAt}${m.since?` \xB7 executions since ${m.since}`:""}</p>
${extra.scorecard?scorecardSection(extra.scorecard):""}
${troubleSection(m,links)}
${tiles(m)}
${extra.delivery?html`<h2>Delivery metrics</h2>
${deliverySection(extra.delivery)}`:""}
<h2>Charts</h2>
<div class="charts">
${specs.map(s=>html`<div class="chart"><canvas id="chart-${s.id}" aria-label="${s.title}" role="img"></canvas></div>\n`)}
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
${executionsTable(m,links)}
</section>`;return page({title:"execution report",root:"",body,scripts:[CHART_SCRIPT,CLIENT_SCRIPT_FILE]})}var import_yaml2=__toESM(require_dist(),1);import{readdir,readFile}from"node:fs/promises";import{join}from"node:path";var CLIENT_SCRIPT=`'use strict';
(function () {
  // The executions table: rows carry data-intent, data-status and data-date (YYYY-MM-DD, UTC);
  // the form above it hides the rows that do not match. Values are compared, never parsed as markup.
  // The filter is kept in the address (#status=failed&intent=\u2026), so a filtered view can be linked.
  var form = document.getElementById('filters');
  var table = document.getElementById('executions');
  if (form && table) {
    var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr'));
    var KEYS = ['intent', 'status', 'from', 'to'];
    var field = function (id) { var el = document.getElementById(id); return el ? el.value : ''; };
    var count = document.getElementById('filter-count');
    var fromHash = function () {
      var params = new URLSearchParams(location.hash.slice(1));
      KEYS.forEach(function (k) {
        var el = document.getElementById('filter-' + k);
        if (el && params.has(k)) el.value = params.get(k);
      });
    };
    var toHash = function () {
      var params = new URLSearchParams();
      KEYS.forEach(function (k) { var v = field('filter-' + k); if (v) params.set(k, v); });
      var hash = params.toString();
      if (hash !== location.hash.slice(1)) history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
    };
    var apply = function () {
      var intent = field('filter-intent'), status = field('filter-status');
      var from = field('filter-from'), to = field('filter-to');
      var shown = 0;
      rows.forEach(function (row) {
        var date = row.getAttribute('data-date') || '';
        var ok = (!intent || row.getAttribute('data-intent') === intent) &&
          (!status || row.getAttribute('data-status') === status) &&
          (!from || date >= from) && (!to || date <= to);
        row.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = shown + ' of ' + rows.length + ' executions';
    };
    var changed = function () { apply(); toHash(); };
    form.addEventListener('input', changed);
    form.addEventListener('change', changed);
    form.addEventListener('reset', function () { setTimeout(changed, 0); });
    window.addEventListener('hashchange', function () { fromHash(); apply(); });
    form.hidden = false;
    fromHash();
    apply();
  }

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
      var perBar = Array.isArray(d.colors) ? d.colors.map(function (c) { return COLORS[c % COLORS.length]; }) : null;
      return {
        type: line ? 'line' : undefined,
        label: d.label,
        data: d.data,
        backgroundColor: doughnut ? COLORS.slice(0, d.data.length) : line ? COLORS[2] : perBar || color,
        borderColor: line ? COLORS[2] : perBar || color,
        borderDash: line ? [6, 4] : undefined,
        pointRadius: line ? 2 : undefined,
        minBarLength: d.minBarLength,
        order: line ? 0 : 1,
      };
    });
    // A time axis: labels horizontal, thinned with room between them, so none overlaps another.
    var xTicks = spec.timeAxis
      ? { autoSkip: true, autoSkipPadding: 24, maxRotation: 0, minRotation: 0 }
      : { autoSkip: true, maxRotation: 60, maxTicksLimit: 14 };
    var scales = doughnut ? {} : {
      x: { stacked: !!spec.stacked, ticks: xTicks, title: { display: !!spec.xTitle, text: spec.xTitle || '' } },
      y: { stacked: !!spec.stacked, beginAtZero: true, max: spec.percent ? 100 : undefined, ticks: { precision: spec.counts ? 0 : undefined } },
    };
    var tooltips = Array.isArray(spec.tooltips) ? spec.tooltips : null;
    window.intentopsCharts[spec.id] = new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          title: { display: true, text: spec.title },
          legend: { display: spec.datasets.length > 1 || doughnut },
          tooltip: tooltips ? { callbacks: { title: function (items) { return items.length ? tooltips[items[0].dataIndex] : ''; } } } : {},
        },
        scales: scales,
      },
    });
  });
})();
`;var import_yaml=__toESM(require_dist(),1);var cmdText=cmd=>Array.isArray(cmd)?JSON.stringify(cmd):String(cmd);function yamlPre(value){return pre((0,import_yaml.stringify)(value??null,{lineWidth:0}).trimEnd())}var stepFailed=c=>c.exit_code!==0||c.timed_out===!0||!!c.error;function steps(r){return r.commands_run.length===0?html`<p class="muted">No step ran.</p>`:html`${r.commands_run.map(c=>html`<h3>step <code>${c.step}</code>: <span class="${c.exit_code===0?"pass":"fail"}">exit ${c.exit_code??"none"}</span> after ${c.duration}${c.timed_out?" (timed out)":""}${c.cancelled?" (cancelled)":""}</h3>
${pre(cmdText(c.cmd))}
${c.error?html`<p class="fail">${c.error}</p>`:""}
${c.stdout_tail?html`<details open><summary>stdout</summary>${pre(c.stdout_tail)}</details>`:""}
${c.stderr_tail?stepFailed(c)?html`<details open><summary>stderr</summary>${pre(c.stderr_tail)}</details>`:html`<details><summary>stderr</summary>${pre(c.stderr_tail)}</details>`:""}
`)}`}function checkTable(checks,kind){return html`${checks.map(c=>html`<h3>check <code>${c.name}</code>: <span class="${c.result}">${c.result}</span> after ${c.duration} (expected ${c.expected})</h3>
${pre(cmdText(c.cmd))}
${tableBox(`attempts of ${kind} ${c.name}`,html`<table><thead><tr><th>#</th><th>at</th><th>exit</th><th>matched</th><th>output</th></tr></thead><tbody>
${c.attempts.map((a,i)=>html`<tr><td>${i+1}</td><td>${a.at}</td><td>${a.exit_code??"none"}</td><td class="${a.matched?"pass":"fail"}">${a.matched?"yes":"no"}</td><td>${pre(a.output)}</td></tr>\n`)}</tbody></table>`)}
`)}`}function snapshot(label,s){return html`<div><h3>${label}</h3>${s?yamlPre(s):html`<p class="muted">not captured</p>`}</div>`}function anomalies(r){return r.anomalies.length===0?html`<p class="muted">None.</p>`:tableBox("anomalies",html`<table><thead><tr><th>rule</th><th>severity</th><th>action</th><th>condition</th><th>values that triggered it</th></tr></thead><tbody>
${r.anomalies.map(a=>html`<tr><td>${a.rule}</td><td>${a.severity}</td><td>${a.action}</td><td><code>${a.condition}</code></td><td>${pre(JSON.stringify(a.inputs,null,1))}</td></tr>\n`)}</tbody></table>`)}function rollbackRow(r,rolledBackBy){return r.rollback_of?html`<tr><th>rollback</th><td>rollback of <a href="${executionPage(r.rollback_of).replace(/^executions\//,"")}">${r.rollback_of}</a> (${r.rollback?.mode??"?"}, by ${r.rollback?.by??"?"}) — ${r.rollback?.trigger??""}</td></tr>`:rolledBackBy?html`<tr><th>rollback</th><td>rolled back by <a href="${executionPage(rolledBackBy).replace(/^executions\//,"")}">${rolledBackBy}</a></td></tr>`:""}function bakeSection(bake,links){let o=bake?.record.observation;return!bake||!o?"":html`<h2 id="bake">Bake</h2>
<p class="${o.verdict}">bake ${o.verdict} — ${o.reason}</p>
<p>${o.samples.length} of ${o.expected_samples} snapshots, every ${o.interval} for ${o.for}; follow-up record <a href="${repoHref(links,bake.path,1)}">${bake.path}</a></p>
${o.first_seen.length?html`<ul>${o.first_seen.map(f=>html`<li>${f.what} (${f.severity}) appeared ${f.after_run} after the run ended</li>`)}</ul>`:html`<p class="muted">Nothing appeared after the run.</p>`}`}function bakeRow(bake){let o=bake?.record.observation;return o?html`<tr><th>after the run</th><td class="${o.verdict}">bake ${o.verdict} — ${o.reason} <a href="#bake">(details)</a></td></tr>`:""}function renderExecution(r,recordPath,ctx={}){let links=ctx.links??{kind:"relative",prefix:""},who=attributionOf(r),by=who.login,how=r.request.proposer?r.request.proposer.verified?"the request PR\u2019s author":"the git author of the request, unverified":by?"the request\u2019s proposed_by (recorded before intentops kept the proposer)":"",body=html`<p><a href="../index.html">← all executions</a></p>
${tableBox("the execution",html`<table class="kv">
<tr><th>execution</th><td>${r.id}</td></tr>
<tr><th>intent</th><td>${r.intent}</td></tr>
<tr><th>target</th><td>${targetOf(r.params)??"\u2014"}</td></tr>
${r.environment?html`<tr><th>environment</th><td>${r.environment}</td></tr>
`:""}<tr><th>status</th><td class="${r.status}">${r.status}${r.status_reason?` \u2014 ${r.status_reason}`:""}</td></tr>
${bakeRow(ctx.bake)}
${rollbackRow(r,ctx.rolledBackBy)}
<tr><th>started</th><td>${r.timestamp}</td></tr>
<tr><th>duration</th><td>${r.duration}${r.expected_duration?` (expected ${r.expected_duration})`:""}</td></tr>
<tr><th>proposed by</th><td><span class="kind">${proposerKind(by,ctx.agents??[])}</span> ${by??html`<span class="muted">unknown</span>`}${how?html` <span class="muted">(${how})</span>`:""}${who.mismatch?html` <span class="warn">— the request claims proposed_by: ${who.mismatch}</span>`:""}</td></tr>
<tr><th>request</th><td><a href="${repoHref(links,r.request.path,1)}">${r.request.path}</a>${r.request.commit?` @ ${r.request.commit.slice(0,12)}`:""} — ${r.request.reason}</td></tr>
<tr><th>params</th><td>${pre(JSON.stringify(r.params,null,1))}</td></tr>
<tr><th>policy</th><td>${r.policy.verdict}${r.policy.reasons.map(x=>html`<br>${x}`)}</td></tr>
<tr><th>record</th><td><a href="${repoHref(links,recordPath,1)}">${recordPath}</a> <span class="muted">${r.digest}</span></td></tr>
</table>`)}
<h2>Timeline</h2>
${snapshot("snapshot before",r.before)}
${r.prechecks?.length?html`<h2>Prechecks</h2>${checkTable(r.prechecks,"precheck")}`:""}
<h2>Steps</h2>
${steps(r)}
<h2>Outcome checks</h2>
${r.checks.length?checkTable(r.checks,"outcome check"):html`<p class="muted">No checks ran.</p>`}
${snapshot("snapshot after",r.after)}
<h2>Failure indicators</h2>
${r.failure_indicators.length?tableBox("failure indicators",html`<table><thead><tr><th>pattern</th><th>severity</th><th>source</th><th>line</th></tr></thead><tbody>${r.failure_indicators.map(i=>html`<tr><td>${i.pattern}</td><td>${i.severity}</td><td>${i.source}</td><td>${pre(i.line)}</td></tr>`)}</tbody></table>`):html`<p class="muted">None seen.</p>`}
<h2>Anomalies</h2>
${anomalies(r)}
${r.rules_not_evaluated.length?html`<h3>rules not evaluated</h3><ul>${r.rules_not_evaluated.map(x=>html`<li>${x.rule}: ${x.reason}</li>`)}</ul>`:""}
${bakeSection(ctx.bake,links)}
<h2>Incident drafts</h2>
${r.drafts.length?html`<ul>${r.drafts.map(d=>html`<li><a href="${repoHref(links,d.path,1)}">${d.path.replace(/^(\.\.\/)+/,"")}</a> (${d.new?"new":"repeat"}, fingerprint ${d.fingerprint})</li>`)}</ul>`:html`<p class="muted">None.</p>`}`;return page({title:r.id,root:"../",body})}var LedgerEntryViewSchema=external_exports.object({id:external_exports.union([external_exports.string(),external_exports.number()]).transform(String),trigger:external_exports.string(),title:external_exports.string().optional(),state:external_exports.enum(["open","accepted","rejected","local"]),pr:external_exports.union([external_exports.number(),external_exports.string()]).nullable().optional(),url:external_exports.string().optional()}).loose();function readLedger(doc){let list=Array.isArray(doc)?doc:doc&&typeof doc=="object"?Object.values(doc).find(Array.isArray)??[]:[],entries=[],skipped=0;for(let item of list){let parsed=LedgerEntryViewSchema.safeParse(item);parsed.success?entries.push(parsed.data):skipped++}return{entries,skipped}}var LEDGER_PATH="learning/ledger.yaml";async function listMarkdown(dir){return(await readdir(dir).catch(()=>[])).filter(f=>f.endsWith(".md")).sort()}async function draftFingerprints(repoDir){let dir=join(repoDir,"incidents","drafts"),out=[];for(let f of await listMarkdown(dir)){let m=/\nfingerprint: ([A-Za-z0-9_-]+)\n/.exec(await readFile(join(dir,f),"utf8"));out.push(m?.[1]??`file:${f}`)}return out}async function ledger(repoDir,skipped){let text;try{text=await readFile(join(repoDir,LEDGER_PATH),"utf8")}catch{return null}try{return readLedger((0,import_yaml2.parse)(text))}catch(err){return skipped.push({path:LEDGER_PATH,reason:err.message.split(`
`)[0]??"unreadable"}),{entries:[],skipped:0}}}async function buildReport(opts){let links=opts.links??{kind:"relative",prefix:""},skipped=[],records=[];for await(let r of readRecords(opts.repoDir,opts.since,!0))"record"in r?records.push({path:r.path,record:r.record}):skipped.push({path:r.path,reason:r.error});let[drafts,filed,learned,delivery,agents,open,closes,card]=await Promise.all([draftFingerprints(opts.repoDir),listMarkdown(join(opts.repoDir,"incidents","filed")),ledger(opts.repoDir,skipped),readDeliveryMetrics({repoDir:opts.repoDir,now:opts.now,...opts.since?{since:opts.since}:{},records:records.map(r=>r.record)}),agentPatterns(opts.repoDir),localDrafts(opts.repoDir),incidentCloses(opts.repoDir),readScorecard({repoDir:opts.repoDir,now:opts.now,since:opts.since??new Date(opts.now.getTime()-DEFAULT_METRICS_DAYS*864e5),...opts.issues?{issues:opts.issues}:{},...opts.facts?{read:opts.facts}:{}})]),model=buildReportModel({records,draftFingerprints:drafts,filed,ledger:learned,now:opts.now,...opts.since?{since:opts.since}:{},agents,localDrafts:open,closes}),pages=new Map([["index.html",renderIndex(model,{delivery:delivery.metrics,links,scorecard:card})],[CLIENT_SCRIPT_FILE,CLIENT_SCRIPT]]),byPath=new Map(model.records.map(r=>[r.path,r.record]));for(let e of model.executions){let r=byPath.get(e.recordPath),bake=e.bakePath?byPath.get(e.bakePath):void 0;r&&pages.set(e.page,renderExecution(r,e.recordPath,{...bake&&e.bakePath?{bake:{record:bake,path:e.bakePath}}:{},...e.rolledBackBy?{rolledBackBy:e.rolledBackBy}:{},links,agents}))}return{model,pages,skipped,delivery:delivery.metrics,scorecard:card}}export{githubRepo,githubRepoOfRemote,CHART_SCRIPT,readLedger,LEDGER_PATH,buildReport};
