import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  DraftStore,
  createRedactor,
  isolatedPorts,
  probeOnce,
  snapshot,
  stepEnv
} from "./chunk-OH6IWJ5D.js";
import {
  bakeIndicators,
  bakeProgress,
  bakeVerdict,
  firstSeen,
  statusOfVerdict
} from "./chunk-4EJL4FTD.js";
import "./chunk-T2UMQD7T.js";
import "./chunk-BSOI3OBW.js";
import "./chunk-4HPX7IO7.js";
import "./chunk-D5UGG2QT.js";
import {
  detect
} from "./chunk-H66C7OWU.js";
import "./chunk-AAUYX2DP.js";
import "./chunk-ALT7SGXU.js";
import {
  RecordStore
} from "./chunk-QXZVOJ7C.js";
import "./chunk-7KK4SKIM.js";
import {
  buildPlan,
  outcomesFor,
  rulesForIntent
} from "./chunk-CCPQRHZZ.js";
import "./chunk-2VZISDBC.js";
import "./chunk-XSOKI6J7.js";
import {
  loadRepo
} from "./chunk-XHNTYNXM.js";
import {
  targetOf
} from "./chunk-TVAFMIQY.js";
import "./chunk-4BJPRUAX.js";
import {
  executionId,
  formatSeconds,
  recordPath,
  sealRecord
} from "./chunk-FUILN6RE.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import {
  InputError
} from "./chunk-OPNGBO4A.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-7E55XGKX.js";

// src/domain/bake-record.ts
function followUpId(execution, ended) {
  const target = targetOf(execution.params);
  return executionId({
    at: ended,
    intent: `${execution.intent}-bake`,
    ...target ? { target } : {},
    unique: `observation\0${execution.id}`
  });
}
function followUpRecord(input) {
  const { execution: x, observation: o } = input;
  const after = o.samples.at(-1)?.snapshot ?? x.after;
  const status = statusOfVerdict(o.verdict);
  const base = {
    id: followUpId(x, new Date(o.ended)),
    timestamp: o.ended,
    intent: x.intent,
    params: x.params,
    request: x.request,
    ...x.run ? { run: x.run } : {},
    observation_of: x.id,
    observation: o,
    before: x.before,
    commands_run: [],
    after,
    outcome_checks: x.outcome_checks,
    checks: [],
    failure_indicators: o.samples.flatMap((s) => s.indicators),
    policy: x.policy,
    status,
    status_reason: `bake ${o.verdict}: ${o.reason}`,
    duration: x.duration,
    ...x.expected_duration ? { expected_duration: x.expected_duration } : {},
    ...x.queries ? { queries: x.queries } : {},
    tool: { name: "intentops", version: input.toolVersion },
    catalog_digest: input.catalogDigest,
    prev_digest: input.prevDigest
  };
  const detection = status === "cancelled" ? { anomalies: [], notEvaluated: [], evaluated: [] } : detect(input.rules, { ...base, status: o.run_status });
  return {
    ...base,
    anomalies: detection.anomalies,
    rules_not_evaluated: detection.notEvaluated,
    rules_evaluated: detection.evaluated
  };
}

// src/app/observe/bake.ts
async function metricChecks(input, ports) {
  const out = [];
  for (const c of input.plan.checks) {
    if (c.probe?.kind !== "prometheus") continue;
    const r = await probeOnce(c.probe, c.expected, ports.observers, {
      timeoutMs: input.plan.observe?.timeoutMs ?? 1e4,
      now: ports.now(),
      ...input.signal ? { signal: input.signal } : {}
    });
    const result = r.matched ? "pass" : r.exitCode === null ? "unavailable" : "fail";
    out.push({ name: c.name, result, output: r.output });
  }
  return out;
}
async function sampleOnce(input, ports) {
  const now = ports.now();
  const ctx = { cwd: input.cwd, env: input.env, ...input.signal ? { signal: input.signal } : {} };
  const [snap, checks] = await Promise.all([
    snapshot(input.plan, ports, ctx, { phase: "after", runStart: input.runEnded, now }),
    metricChecks(input, ports)
  ]);
  const detection = detect(input.plan.rules, { ...input.record, after: snap });
  const runMissed = new Set(input.record.rules_not_evaluated.map((n) => n.rule));
  const missing = detection.notEvaluated.map((n) => n.rule).filter((r) => !runMissed.has(r));
  return {
    at: now.toISOString(),
    snapshot: snap,
    indicators: bakeIndicators(snap, input.record.after, input.plan.indicators),
    anomalies: detection.anomalies.map((a) => ({ rule: a.rule, severity: a.severity, action: a.action })),
    ...missing.length ? { not_evaluated: missing } : {},
    ...checks.length ? { checks } : {}
  };
}
async function bake(input, ports) {
  const { forMs, intervalMs } = input.plan.bake;
  const started = ports.now();
  const expected = Math.max(1, Math.floor(forMs / intervalMs));
  const samples = [];
  let known = 0;
  for (let i = 1; i <= expected; i++) {
    const due = started.getTime() + i * intervalMs;
    const wait = due - ports.now().getTime();
    if (wait > 0) await ports.sleep(wait, input.signal);
    if (input.signal?.aborted) break;
    const sample = await sampleOnce(input, ports);
    if (input.signal?.aborted) break;
    samples.push(sample);
    const seen = firstSeen(samples, input.runEnded);
    const newlySeen = seen.slice(known);
    known = seen.length;
    await input.onSample?.({ sample, elapsedMs: ports.now().getTime() - started.getTime(), newlySeen });
    if (bakeVerdict(samples, { expected }).verdict === "fail") break;
  }
  const { verdict, reason } = bakeVerdict(samples, { expected, superseded: !!input.signal?.aborted });
  return {
    verdict,
    reason,
    for: formatSeconds(forMs),
    interval: formatSeconds(intervalMs),
    expected_samples: expected,
    run_status: input.record.status,
    started: started.toISOString(),
    ended: ports.now().toISOString(),
    samples,
    first_seen: firstSeen(samples, input.runEnded)
  };
}

// src/app/observe/observe-run.ts
function runEndOf(r) {
  return new Date(new Date(r.timestamp).getTime() + Number.parseFloat(r.duration) * 1e3);
}
async function observeRun(input, outerPorts, stores, redactorReady) {
  const { plan, execution } = input;
  if (!plan.bake)
    return { baked: false, reason: `intent ${plan.intent} declares no bake window (observe.for)` };
  if (execution.observation_of)
    return { baked: false, reason: `${execution.id} is a bake's follow-up record, not an execution` };
  if (execution.status !== "success")
    return {
      baked: false,
      reason: `${execution.id} ended ${execution.status}: only a run that passed is baked`
    };
  const ports = isolatedPorts(outerPorts, redactorReady);
  const env = stepEnv(plan, {}, input.hostEnv ?? process.env);
  const runEnded = runEndOf(execution);
  let anomalies = 0;
  ports.log(`\u25F7 baking ${execution.id} for ${plan.bake.forMs / 1e3}s, every ${plan.bake.intervalMs / 1e3}s`);
  const raw = await bake(
    {
      plan: { ...plan, bake: plan.bake },
      record: execution,
      runEnded,
      cwd: input.cwd,
      env,
      ...input.signal ? { signal: input.signal } : {},
      onSample: async ({ elapsedMs, newlySeen }) => {
        anomalies += newlySeen.length;
        for (const f of newlySeen)
          ports.log(`  ${f.what} (${f.severity}) appeared ${f.after_run} after the run ended`);
        const line = bakeProgress({ elapsedMs, forMs: plan.bake?.forMs ?? 0, anomalies });
        ports.log(`  ${line}`);
        await input.onProgress?.(line);
      }
    },
    ports
  );
  const redactor = await redactorReady;
  const observation = await redactor.redactDeep(raw);
  ports.log(`  bake ${observation.verdict}: ${observation.reason}`);
  const built = followUpRecord({
    execution,
    observation,
    rules: plan.rules,
    toolVersion: input.toolVersion,
    catalogDigest: input.catalogDigest,
    prevDigest: await input.prevDigest()
  });
  const unsigned = { ...built, drafts: [] };
  const path = recordPath(unsigned);
  for (const anomaly of built.anomalies.filter((a) => a.action === "create_incident_draft")) {
    unsigned.drafts.push(await stores.upsertDraft({ record: unsigned, anomaly, recordRef: `../../${path}` }));
  }
  const record = sealRecord(unsigned);
  const written = await stores.writeRecord(record);
  await stores.logAnomalies(
    built.anomalies.map((a) => ({
      at: record.timestamp,
      execution: record.id,
      observation_of: execution.id,
      intent: plan.intent,
      target: targetOf(plan.params) ?? null,
      rule: a.rule,
      severity: a.severity,
      action: a.action,
      inputs: a.inputs,
      appeared_after_run: observation.first_seen.find((f) => f.what === `rule:${a.rule}`)?.after_run ?? null
    }))
  );
  return { baked: true, record, path: written, observation };
}

// src/app/observe/observe-execution.ts
function refuse(message) {
  return new InputError([{ file: "executions/", severity: "error", message }]);
}
async function observeExecution(o, ports) {
  const records = new RecordStore(o.repoDir);
  let execution = o.execution;
  if (!execution) {
    if (!o.id) throw refuse("expected an execution id");
    const rel = await records.findById(o.id);
    if (!rel) throw refuse(`no execution record with id ${o.id} under executions/`);
    execution = await records.read(rel);
  }
  const { catalog } = await loadRepo(o.repoDir);
  const intent = catalog.intents.get(execution.intent);
  if (!intent) throw refuse(`${execution.id}: intent ${execution.intent} is no longer in the catalog`);
  const outcomes = outcomesFor(catalog, execution.intent);
  const plan = buildPlan({
    intent: intent.data,
    ...outcomes ? { outcomes: outcomes.data } : {},
    rules: rulesForIntent(catalog, execution.intent),
    params: execution.params,
    policy: { verdict: "allow", results: [], matched: [] }
  });
  const redactorReady = createRedactor({ env: o.env });
  redactorReady.catch(() => {
  });
  const drafts = new DraftStore(o.repoDir);
  return observeRun(
    {
      plan,
      execution,
      cwd: o.repoDir,
      toolVersion: o.toolVersion,
      catalogDigest: catalog.digest,
      prevDigest: () => records.latestDigest(),
      hostEnv: o.env,
      ...o.signal ? { signal: o.signal } : {},
      ...o.onProgress ? { onProgress: o.onProgress } : {}
    },
    ports,
    {
      writeRecord: o.writeRecord ?? ((r) => records.write(r)),
      upsertDraft: o.upsertDraft ?? ((i) => drafts.upsert(i)),
      logAnomalies: (l) => drafts.logAnomalies(l)
    },
    redactorReady
  );
}
export {
  observeExecution
};
