import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  seconds
} from "./chunk-PNMILFEU.js";

// src/domain/notify/bot-metrics.ts
var METRICS_WINDOW_DAYS = 30;
var METRIC_HELP = {
  intentops_executions: `executions recorded in the last ${METRICS_WINDOW_DAYS} days, by intent and status`,
  intentops_failures: `executions that failed or were cancelled in the last ${METRICS_WINDOW_DAYS} days`,
  intentops_anomalies: `anomalies detected in the last ${METRICS_WINDOW_DAYS} days, by intent, rule and severity`,
  intentops_last_duration_seconds: "duration of the latest execution of each intent",
  intentops_expected_duration_seconds: "the intent's expected_duration at its latest execution",
  intentops_last_execution_timestamp_seconds: "when the latest execution of each intent started",
  intentops_last_success: "1 when the latest execution of each intent succeeded, else 0"
};
function count(map, labels) {
  const key = JSON.stringify(labels);
  const e = map.get(key) ?? { labels, n: 0 };
  e.n++;
  map.set(key, e);
}
function botMetrics(records) {
  const executions = /* @__PURE__ */ new Map();
  const failures = /* @__PURE__ */ new Map();
  const anomalies = /* @__PURE__ */ new Map();
  const last = /* @__PURE__ */ new Map();
  for (const r of records) {
    count(executions, { intent: r.intent, status: r.status });
    if (r.status === "failed" || r.status === "cancelled" || r.status === "interrupted")
      count(failures, { intent: r.intent });
    for (const a of r.anomalies) count(anomalies, { intent: r.intent, rule: a.rule, severity: a.severity });
    const prev = last.get(r.intent);
    if (!prev || prev.timestamp <= r.timestamp) last.set(r.intent, r);
  }
  const out = [];
  const push = (name, m) => {
    for (const e of m.values()) out.push({ name, labels: e.labels, value: e.n });
  };
  push("intentops_executions", executions);
  push("intentops_failures", failures);
  push("intentops_anomalies", anomalies);
  for (const r of last.values()) {
    const labels = { intent: r.intent };
    const d = seconds(r.duration);
    const e = seconds(r.expected_duration);
    if (d !== null) out.push({ name: "intentops_last_duration_seconds", labels, value: d });
    if (e !== null) out.push({ name: "intentops_expected_duration_seconds", labels, value: e });
    out.push({
      name: "intentops_last_execution_timestamp_seconds",
      labels,
      value: Date.parse(r.timestamp) / 1e3
    });
    out.push({ name: "intentops_last_success", labels, value: r.status === "success" ? 1 : 0 });
  }
  return out;
}

export {
  METRICS_WINDOW_DAYS,
  METRIC_HELP,
  botMetrics
};
