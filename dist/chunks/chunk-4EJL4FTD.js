import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  podIndicators
} from "./chunk-T2UMQD7T.js";
import {
  detect
} from "./chunk-H66C7OWU.js";
import {
  findIndicators
} from "./chunk-2VZISDBC.js";
import {
  canonicalJson
} from "./chunk-FUILN6RE.js";

// src/domain/bake.ts
function formatAfter(ms) {
  const total = Math.max(0, Math.round(ms / 1e3));
  const h = Math.floor(total / 3600);
  const m = Math.floor(total % 3600 / 60);
  const s = total % 60;
  const parts = [h ? `${h} h` : "", m ? `${m} m` : "", s || !h && !m ? `${s} s` : ""];
  return parts.filter(Boolean).join(" ");
}
function podsOf(snapshot) {
  const k = snapshot?.kubernetes;
  return Array.isArray(k?.pods) ? k.pods : [];
}
function indicatorKey(i) {
  return `${i.pattern}@${i.source}`;
}
function bakeIndicators(snapshot, baseline, indicators) {
  const seen = (s) => podIndicators(podsOf(s)).flatMap(
    (p) => findIndicators(p.reason, indicators).map((h) => ({
      pattern: h.pattern,
      severity: h.severity,
      source: `kubernetes:${p.pod}/${p.container}`,
      line: `${p.where}: ${p.reason}`
    }))
  );
  const before = new Set(seen(baseline).map(indicatorKey));
  const out = /* @__PURE__ */ new Map();
  for (const i of seen(snapshot)) if (!before.has(indicatorKey(i))) out.set(indicatorKey(i), i);
  return [...out.values()];
}
function firstSeen(samples, runEnded) {
  const out = /* @__PURE__ */ new Map();
  const note = (what, severity, at) => {
    if (out.has(what)) return;
    const ms = Math.max(0, Math.round(new Date(at).getTime() - runEnded.getTime()));
    out.set(what, { what, severity, at, after_run: formatAfter(ms), after_run_ms: ms });
  };
  for (const s of samples) {
    for (const i of s.indicators) note(`indicator:${indicatorKey(i)}`, i.severity, s.at);
    for (const a of s.anomalies) note(`rule:${a.rule}`, a.severity, s.at);
    for (const c of s.checks ?? []) if (c.result === "fail") note(`check:${c.name}`, "P2", s.at);
  }
  return [...out.values()];
}
function bakeVerdict(samples, opts) {
  for (const s of samples) {
    const p1 = s.indicators.find((i) => i.severity === "P1");
    if (p1) return { verdict: "fail", reason: `P1 failure indicator '${p1.pattern}' in ${p1.source}` };
    const bad = s.anomalies.find((a) => a.action === "create_incident_draft");
    if (bad) return { verdict: "fail", reason: `anomaly rule '${bad.rule}' (${bad.severity}) fired` };
    const check = s.checks?.find((c) => c.result === "fail");
    if (check) return { verdict: "fail", reason: `check '${check.name}' failed: ${check.output}` };
  }
  if (opts.superseded)
    return { verdict: "superseded", reason: "a newer execution for the target ended the bake" };
  if (samples.length === 0)
    return { verdict: "inconclusive", reason: "no snapshot was taken during the bake" };
  const missing = samples.flatMap((s) => [
    ...(s.checks ?? []).filter((c) => c.result === "unavailable").map((c) => `check:${c.name}: ${c.output}`),
    ...(s.snapshot?.unavailable ?? []).map((u) => `${u.source}: ${u.reason}`)
  ]);
  if (missing.length)
    return {
      verdict: "inconclusive",
      reason: `data missing: ${[...new Set(missing)].slice(0, 3).join("; ")}`
    };
  const notEvaluated = samples.flatMap((s) => s.not_evaluated ?? []);
  if (notEvaluated.length)
    return {
      verdict: "inconclusive",
      reason: `rules without their data: ${[...new Set(notEvaluated)].join(", ")}`
    };
  if (samples.length < opts.expected)
    return {
      verdict: "inconclusive",
      reason: `${samples.length} of ${opts.expected} snapshots taken: the bake ended early`
    };
  return { verdict: "pass", reason: `${samples.length} snapshots, nothing failing` };
}
function statusOfVerdict(v) {
  return v === "pass" ? "success" : v === "fail" ? "failed" : v === "superseded" ? "cancelled" : "inconclusive";
}
function bakeProgress(o) {
  const unit = o.forMs >= 12e4 ? 6e4 : 1e3;
  const name = unit === 6e4 ? "min" : "s";
  const done = Math.floor(o.elapsedMs / unit);
  const total = Math.round(o.forMs / unit);
  const so = o.anomalies === 0 ? "no anomalies so far" : `${o.anomalies} anomal${o.anomalies === 1 ? "y" : "ies"} so far`;
  return `baking: ${Math.min(done, total)} of ${total} ${name}, ${so}`;
}

// src/domain/replay.ts
var CANCELLED_REASON = "the run was cancelled (SIGINT/SIGTERM)";
function deriveStatus(r) {
  if (r.observation) {
    const o = r.observation;
    if (o.verdict === "superseded") return statusOfVerdict("superseded");
    return statusOfVerdict(bakeVerdict(o.samples, { expected: o.expected_samples }).verdict);
  }
  if (r.not_run) return r.status;
  if (r.policy.verdict !== "allow") return "denied";
  if (r.status_reason === CANCELLED_REASON || r.commands_run.some((c) => c.cancelled)) return "cancelled";
  if ((r.prechecks ?? []).some((c) => c.result !== "pass")) return "failed";
  const stepFailed = r.commands_run.some(
    (c) => (c.exit_code !== 0 || c.timed_out === true) && !c.continue_on_error
  );
  if (stepFailed) return "failed";
  if (r.failure_indicators.some((i) => i.severity === "P1")) return "failed";
  if (r.checks.some((c) => c.result !== "pass")) return "failed";
  return "success";
}
function detectionView(r) {
  return r.observation ? { ...r, status: r.observation.run_status } : r;
}
function recordedRules(r) {
  const from = (x) => ({
    name: x.rule,
    severity: x.severity,
    action: x.action,
    condition: x.condition,
    file: x.rules_file
  });
  if (r.rules_evaluated) return { rules: r.rules_evaluated.map(from), source: "record" };
  return { rules: r.anomalies.map(from), source: "fired-only" };
}
function anomalyKey(a) {
  return canonicalJson({
    rule: a.rule,
    severity: a.severity,
    action: a.action,
    condition: a.condition,
    rules_file: a.rules_file,
    inputs: a.inputs
  });
}
function byRule(xs) {
  return [...xs].sort((a, b) => a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}
function replayRecord(r) {
  const status = deriveStatus(r);
  const { rules, source } = recordedRules(r);
  const detection = status === "denied" || status === "cancelled" ? { anomalies: [], notEvaluated: [], evaluated: [] } : detect(rules, detectionView(r));
  const differences = [];
  if (status !== r.status) differences.push(`status: recorded ${r.status}, replay gives ${status}`);
  const recorded = new Map(r.anomalies.map((a) => [a.rule, anomalyKey(a)]));
  const replayed = new Map(detection.anomalies.map((a) => [a.rule, anomalyKey(a)]));
  for (const [rule, key] of recorded) {
    const again = replayed.get(rule);
    if (again === void 0) differences.push(`anomaly ${rule}: recorded, does not fire on replay`);
    else if (again !== key)
      differences.push(`anomaly ${rule}: fires on replay with other inputs or settings`);
  }
  for (const rule of replayed.keys()) {
    if (!recorded.has(rule)) differences.push(`anomaly ${rule}: fires on replay, not recorded`);
  }
  if (source === "record") {
    const was = canonicalJson(byRule(r.rules_not_evaluated));
    const now = canonicalJson(byRule(detection.notEvaluated));
    if (was !== now) differences.push("rules_not_evaluated: differ on replay");
    const results = new Map((r.rules_evaluated ?? []).map((e) => [e.rule, e.result]));
    for (const e of detection.evaluated) {
      const before = results.get(e.rule);
      if (before !== void 0 && before !== e.result)
        differences.push(`rule ${e.rule}: recorded ${before}, replay gives ${e.result}`);
    }
  }
  return {
    id: r.id,
    rulesSource: source,
    recorded: { status: r.status, anomalies: [...recorded.keys()].sort() },
    replayed: { status, anomalies: [...replayed.keys()].sort() },
    evaluated: detection.evaluated,
    differences
  };
}

export {
  bakeIndicators,
  firstSeen,
  bakeVerdict,
  statusOfVerdict,
  bakeProgress,
  CANCELLED_REASON,
  replayRecord
};
