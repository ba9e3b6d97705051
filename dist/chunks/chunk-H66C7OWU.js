import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  evaluateCondition,
  ruleVariables
} from "./chunk-AAUYX2DP.js";
import {
  durationSeconds
} from "./chunk-DCFT4VMQ.js";

// src/domain/detect.ts
function recordView(r) {
  return {
    intent: r.intent,
    params: r.params,
    status: r.status,
    duration: durationSeconds(r.duration),
    ...r.expected_duration ? { expected_duration: durationSeconds(r.expected_duration) } : {},
    ...r.before ? { before: r.before } : {},
    ...r.after ? { after: r.after } : {},
    checks: r.outcome_checks
  };
}
function detect(rules, record) {
  const vars = ruleVariables(recordView(record));
  const out = { anomalies: [], notEvaluated: [], evaluated: [] };
  for (const rule of rules) {
    const ev = evaluateCondition(rule.condition, vars);
    out.evaluated.push({
      rule: rule.name,
      severity: rule.severity,
      action: rule.action,
      condition: rule.condition,
      rules_file: rule.file,
      result: ev.status,
      ...ev.reason !== void 0 ? { reason: ev.reason } : {},
      inputs: ev.inputs
    });
    if (ev.status === "fired") {
      out.anomalies.push({
        rule: rule.name,
        severity: rule.severity,
        action: rule.action,
        condition: rule.condition,
        rules_file: rule.file,
        inputs: ev.inputs
      });
    } else if (ev.status === "not_evaluated") {
      out.notEvaluated.push({ rule: rule.name, reason: ev.reason ?? "inputs missing" });
    }
  }
  return out;
}

export {
  recordView,
  detect
};
