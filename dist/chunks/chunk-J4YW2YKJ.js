import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  formatSeconds
} from "./chunk-FUILN6RE.js";

// src/app/format.ts
function showCommand(c) {
  return typeof c === "string" ? `$ ${c}` : `argv ${JSON.stringify(c)}`;
}
function formatPlan(plan, requestPath) {
  const lines = [
    `Plan for ${requestPath}: ${plan.intent} (risk ${plan.risk})`,
    `  params: ${Object.entries(plan.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ") || "none"}`
  ];
  if (plan.captures.length) {
    lines.push("Snapshots before and after:");
    for (const c of plan.captures) lines.push(`  - ${c.key}: ${showCommand(c.command)}`);
  }
  if (plan.prechecks.length) {
    lines.push("Prechecks (from policies; any failure stops the run before the first step):");
    for (const c of plan.prechecks)
      lines.push(`  - ${c.policy}/${c.name}: expect ${c.expectedText}  ${showCommand(c.command)}`);
  }
  lines.push("Steps:");
  plan.steps.forEach((s, i) => {
    lines.push(
      `  ${i + 1}. ${s.name} (timeout ${formatSeconds(s.timeoutMs)}${s.continueOnError ? ", continue on error" : ""})`
    );
    lines.push(`     ${showCommand(s.command)}`);
  });
  lines.push(plan.checks.length ? "Outcome checks:" : "Outcome checks: none");
  for (const c of plan.checks) {
    lines.push(
      `  - ${c.name}: expect ${c.expectedText} within ${formatSeconds(c.timeoutMs)} (every ${formatSeconds(c.intervalMs)})`
    );
    lines.push(`    ${showCommand(c.command)}`);
  }
  if (plan.indicators.length) {
    lines.push(
      `Failure indicators: ${plan.indicators.map((i) => `${i.pattern} (${i.severity})`).join(", ")}`
    );
  }
  lines.push(plan.rules.length ? "Anomaly rules:" : "Anomaly rules: none");
  for (const r of plan.rules)
    lines.push(`  - ${r.name} (${r.severity} \u2192 ${r.action}): ${r.condition}  [${r.file}]`);
  if (plan.expectedDurationS !== void 0) lines.push(`Expected duration: ${plan.expectedDurationS}s`);
  lines.push(
    `Policy: ${plan.policy.verdict.toUpperCase()}${plan.policy.matched.length ? ` (policies: ${plan.policy.matched.join(", ")})` : " (no policy matches)"}`
  );
  for (const r of plan.policy.results) lines.push(`  - ${r.policy}/${r.rule}: ${r.outcome} \u2014 ${r.reason}`);
  return lines.join("\n");
}
function formatResult(record, path) {
  const lines = [
    `${record.status === "success" ? "\u2714" : "\u2716"} ${record.intent} ${record.status} in ${record.duration}${record.status_reason ? ` \u2014 ${record.status_reason}` : ""}`
  ];
  for (const [name, result] of Object.entries(record.outcome_checks))
    lines.push(`  check ${name}: ${result}`);
  for (const i of record.failure_indicators)
    lines.push(`  indicator ${i.pattern} (${i.severity}) in ${i.source}`);
  for (const a of record.anomalies) lines.push(`  anomaly ${a.rule} (${a.severity}) \u2192 ${a.action}`);
  for (const r of record.rules_not_evaluated) lines.push(`  rule ${r.rule} not evaluated: ${r.reason}`);
  for (const d of record.drafts) lines.push(`  incident draft ${d.new ? "written" : "updated"}: ${d.path}`);
  lines.push(`  record: ${path}`);
  return lines.join("\n");
}

export {
  formatPlan,
  formatResult
};
