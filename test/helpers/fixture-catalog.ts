// A small catalog whose steps act on files in the repo, so a run is real processes end to end.

export const SEED_RULES = `anomaly_rules:
  - name: "memory_spike"
    condition: "after.metrics.memory_usage - before.metrics.memory_usage > 20"
    severity: P2
    action: "flag_for_review"
  - name: "error_rate_increase"
    condition: "error_count_after > error_count_before * 2"
    severity: P2
    action: "create_incident_draft"
  - name: "unexpected_restart"
    condition: "pod_restarts_after > pod_restarts_before"
    severity: P2
    action: "create_incident_draft"
  - name: "slow_deployment"
    condition: "duration > expected_duration * 2"
    severity: P3
    action: "log_warning"
`;

export const WORK_INTENT = `name: work
description: Writes state files the captures read
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
  mem: { type: integer, default: 10 }
  restarts: { type: integer, default: 0 }
  fail_step: { type: boolean, default: false }
  say: { type: string, default: "ok", max_length: 200, pattern: "^[^\\\\n]*$" }
steps:
  - name: write
    run: mkdir -p state && echo {{mem}} > state/mem && echo {{restarts}} > state/restarts && echo {{say}} > state/said && touch state/ran-write
    timeout: 10s
  - name: maybe-fail
    run: test {{fail_step}} = false
    timeout: 10s
  - name: after
    run: [touch, state/ran-after]
    timeout: 10s
expected_duration: 30s
capture:
  metrics:
    memory_usage: { run: "cat state/mem" }
  pod_restarts: { run: "cat state/restarts 2>/dev/null || echo 0" }
  error_count: { run: "echo 0" }
`;

export const WORK_OUTCOMES = `outcomes:
  success:
    - condition: "state_written"
      check: "cat state/said"
      expected: { regex: "." }
      timeout: 5s
      interval: 100ms
  failure_indicators:
    - pattern: "CrashLoopBackOff"
      severity: P1
    - pattern: "Evicted"
      severity: P3
`;

export function request(params: Record<string, unknown>, extra = ''): string {
  const lines = Object.entries(params).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`);
  return `intent: work\nparams:\n${lines.join('\n')}\nreason: test\n${extra}`;
}

export function baseFiles(): Record<string, string> {
  return {
    'intents/catalog/work.yaml': WORK_INTENT,
    'intents/outcomes/work.yaml': WORK_OUTCOMES,
    'intents/anomaly-rules/default.yaml': SEED_RULES,
  };
}
