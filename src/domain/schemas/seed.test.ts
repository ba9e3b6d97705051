import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod/mini';
import { checkSchema } from '../input/schema-check.js';
import { parseYamlSource } from '../input/yaml-source.js';
import { AnomalyRulesSchema } from './anomaly-rules.js';
import { LearningSchema } from './learning.js';
import { OutcomeSpecSchema } from './outcomes.js';

// The seed's three YAML blocks, as users write them (the seed copy lost its indentation; these are
// the same blocks, naturally indented). They must validate exactly as written.

const SEED_OUTCOMES = `# Example: deploy-app intent
outcomes:
  success:
    - condition: "pods_ready"
      check: "kubectl get pods -n {{app}} -l app={{app}} -o jsonpath='{.items[*].status.phase}' | grep -v Running | wc -l"
      expected: "0"
      timeout: 300s
    - condition: "endpoint_healthy"
      check: "curl -s -o /dev/null -w '%{http_code}' https://{{app}}.bogocat.com/health"
      expected: "200"
      timeout: 60s
  failure_indicators:
    - pattern: "CrashLoopBackOff"
      severity: P1
    - pattern: "ImagePullBackOff"
      severity: P2
    - pattern: "OOMKilled"
      severity: P1
`;

const SEED_ANOMALY_RULES = `anomaly_rules:
  # Metric-based
  - name: "memory_spike"
    condition: "after.metrics.memory_usage - before.metrics.memory_usage > 20"
    severity: P2
    action: "flag_for_review"

  # Log-based
  - name: "error_rate_increase"
    condition: "error_count_after > error_count_before * 2"
    severity: P2
    action: "create_incident_draft"

  # State-based
  - name: "unexpected_restart"
    condition: "pod_restarts_after > pod_restarts_before"
    severity: P2
    action: "create_incident_draft"

  # Timeout-based
  - name: "slow_deployment"
    condition: "duration > expected_duration * 2"
    severity: P3
    action: "log_warning"
`;

const SEED_LEARNING = `learning_triggers:
  # Same anomaly 3+ times → suggest new policy
  - pattern: "repeated_anomaly"
    threshold: 3
    action: "suggest_policy_update"
    example: "Add memory limit check before deploy"

  # Manual fix repeated → suggest new intent
  - pattern: "repeated_manual_fix"
    threshold: 2
    action: "suggest_new_intent"
    example: "Create 'clear-cache' intent for this common fix"

  # Runbook step frequently needed → add to intent
  - pattern: "post_intent_manual_step"
    threshold: 3
    action: "suggest_intent_enhancement"
    example: "Add health check wait to deploy-app"
`;

function valid<T>(text: string, schema: z.core.$ZodType<T>): T {
  const { source, diagnostics } = parseYamlSource('seed.yaml', text);
  expect(diagnostics).toEqual([]);
  if (!source) throw new Error('seed block did not parse');
  const r = checkSchema(source, schema);
  expect(r.diagnostics).toEqual([]);
  return r.data as T;
}

describe('seed blocks validate as written', () => {
  it('the deploy-app outcome spec', () => {
    const spec = valid(SEED_OUTCOMES, OutcomeSpecSchema);
    expect(spec.outcomes.success.map((c) => [c.condition, c.expected, c.timeout, c.interval])).toEqual([
      ['pods_ready', '0', '300s', '5s'],
      ['endpoint_healthy', '200', '60s', '5s'],
    ]);
    expect(spec.outcomes.success[1]?.check).toBe(
      "curl -s -o /dev/null -w '%{http_code}' https://{{app}}.bogocat.com/health",
    );
    expect(spec.outcomes.failure_indicators).toEqual([
      { pattern: 'CrashLoopBackOff', severity: 'P1', regex: false },
      { pattern: 'ImagePullBackOff', severity: 'P2', regex: false },
      { pattern: 'OOMKilled', severity: 'P1', regex: false },
    ]);
  });

  it('the four anomaly rules', () => {
    const { anomaly_rules } = valid(SEED_ANOMALY_RULES, AnomalyRulesSchema);
    expect(anomaly_rules.map((r) => [r.name, r.severity, r.action])).toEqual([
      ['memory_spike', 'P2', 'flag_for_review'],
      ['error_rate_increase', 'P2', 'create_incident_draft'],
      ['unexpected_restart', 'P2', 'create_incident_draft'],
      ['slow_deployment', 'P3', 'log_warning'],
    ]);
    expect(anomaly_rules[3]?.condition).toBe('duration > expected_duration * 2');
  });

  it('the three learning triggers', () => {
    const { learning_triggers } = valid(SEED_LEARNING, LearningSchema);
    expect(learning_triggers.map((t) => [t.pattern, t.threshold, t.action, t.window])).toEqual([
      ['repeated_anomaly', 3, 'suggest_policy_update', '7d'],
      ['repeated_manual_fix', 2, 'suggest_new_intent', '7d'],
      ['post_intent_manual_step', 3, 'suggest_intent_enhancement', '7d'],
    ]);
  });
});

describe('the example files hold the seed blocks verbatim', () => {
  const read = (rel: string) => readFileSync(new URL(`../../../intents/${rel}`, import.meta.url), 'utf8');
  const body = (text: string) => text.split('\n').slice(1).join('\n'); // after the schema comment

  it.each([
    ['outcomes/deploy-app.yaml', SEED_OUTCOMES],
    ['anomaly-rules/default.yaml', SEED_ANOMALY_RULES],
    ['learning.yaml', SEED_LEARNING],
  ])('intents/%s', (rel, seed) => {
    expect(body(read(rel))).toBe(seed);
  });
});
