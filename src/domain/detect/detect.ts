import type { PlannedRule } from '../plan/plan.js';
import { evaluateCondition } from '../rules/condition.js';
import { type RecordView, ruleVariables } from '../rules/variables.js';
import { durationSeconds } from '../schemas/common.js';
import type { Anomaly, RuleEvaluation, UnsignedRecord } from '../schemas/record.js';

type DetectableRecord = Pick<
  UnsignedRecord,
  'intent' | 'params' | 'status' | 'duration' | 'expected_duration' | 'before' | 'after' | 'outcome_checks'
>;

/** What a rule condition sees, from the record alone — so replay gives the verdict the run gave. */
export function recordView(r: DetectableRecord): RecordView {
  return {
    intent: r.intent,
    params: r.params,
    status: r.status,
    duration: durationSeconds(r.duration),
    ...(r.expected_duration ? { expected_duration: durationSeconds(r.expected_duration) } : {}),
    ...(r.before ? { before: r.before } : {}),
    ...(r.after ? { after: r.after } : {}),
    checks: r.outcome_checks,
  };
}

export interface Detection {
  anomalies: Anomaly[];
  notEvaluated: { rule: string; reason: string }[];
  /** Every rule, fired or not, with what it saw: recorded so replay and auditors can re-check. */
  evaluated: RuleEvaluation[];
}

export function detect(rules: readonly PlannedRule[], record: DetectableRecord): Detection {
  const vars = ruleVariables(recordView(record));
  const out: Detection = { anomalies: [], notEvaluated: [], evaluated: [] };
  for (const rule of rules) {
    const ev = evaluateCondition(rule.condition, vars);
    out.evaluated.push({
      rule: rule.name,
      severity: rule.severity,
      action: rule.action,
      condition: rule.condition,
      rules_file: rule.file,
      result: ev.status,
      ...(ev.reason !== undefined ? { reason: ev.reason } : {}),
      inputs: ev.inputs,
    });
    if (ev.status === 'fired') {
      out.anomalies.push({
        rule: rule.name,
        severity: rule.severity,
        action: rule.action,
        condition: rule.condition,
        rules_file: rule.file,
        inputs: ev.inputs,
      });
    } else if (ev.status === 'not_evaluated') {
      out.notEvaluated.push({ rule: rule.name, reason: ev.reason ?? 'inputs missing' });
    }
  }
  return out;
}
