import * as z from 'zod/mini';
import { ALWAYS, described, Identifier, KebabName, Severity, uniqueNames } from './common.js';

// intents/anomaly-rules/<intent>.yaml and default.yaml — the seed's format. Conditions are CEL-style
// expressions over the execution record; they are type-checked elsewhere (the rules module).

export const ANOMALY_ACTIONS = ['create_incident_draft', 'flag_for_review', 'log_warning'] as const;

export const AnomalyRuleSchema = z
  .strictObject({
    name: Identifier.check(z.describe('rule name, unique within the file, e.g. memory_spike')),
    condition: z
      .string()
      .check(
        z.minLength(1),
        z.describe(
          'CEL-style expression over before, after, duration, expected_duration, error_count_before/after, …',
        ),
      ),
    severity: Severity,
    action: z.enum(ANOMALY_ACTIONS).apply(described, 'what to do when the condition holds'),
    description: z.optional(z.string()),
  })
  .apply(described, 'an anomaly rule');
export type AnomalyRule = z.output<typeof AnomalyRuleSchema>;

export const AnomalyRulesSchema = z
  .strictObject({
    intent: z
      .optional(KebabName)
      .apply(described, 'the intent these rules apply to; default: the file name (default.yaml: all)'),
    anomaly_rules: z.array(AnomalyRuleSchema).apply(described, 'rules evaluated after every run'),
  })
  .check(
    z.superRefine((f, ctx) => uniqueNames(f?.anomaly_rules, 'name', ctx, 'rule', ['anomaly_rules']), ALWAYS),
    z.describe('anomaly rules: intents/anomaly-rules/<intent>.yaml'),
  );
export type AnomalyRules = z.output<typeof AnomalyRulesSchema>;
