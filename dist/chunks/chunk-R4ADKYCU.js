import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  detect
} from "./chunk-DVC2KD4K.js";
import {
  canonicalJson
} from "./chunk-FUILN6RE.js";

// src/domain/replay.ts
var CANCELLED_REASON = "the run was cancelled (SIGINT/SIGTERM)";
function deriveStatus(r) {
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
  const detection = status === "denied" || status === "cancelled" ? { anomalies: [], notEvaluated: [], evaluated: [] } : detect(rules, r);
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
  CANCELLED_REASON,
  replayRecord
};
