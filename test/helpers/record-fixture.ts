import { sealRecord } from '../../src/domain/records/record.js';
import type { ExecutionRecord, UnsignedRecord } from '../../src/domain/schemas/record.js';

// A complete, schema-valid execution record to vary in unit tests and report fixtures.

export function makeRecord(over: Partial<UnsignedRecord> = {}): ExecutionRecord {
  const base: UnsignedRecord = {
    id: 'exec-20260101-120000-work-web-abc123',
    timestamp: '2026-01-01T12:00:00.000Z',
    intent: 'work',
    params: { app: 'web' },
    request: { path: 'intents/requests/web.yaml', commit: 'abc123def456', reason: 'test' },
    before: { metrics: { memory_usage: 40 }, pod_restarts: 0 },
    commands_run: [{ step: 'apply', cmd: 'echo hi', exit_code: 0, duration: '0.5s', stdout_tail: 'hi\n' }],
    after: { metrics: { memory_usage: 75 }, pod_restarts: 2 },
    outcome_checks: { state_written: 'pass' },
    checks: [
      {
        name: 'state_written',
        cmd: 'cat state/said',
        expected: 'regex .',
        result: 'pass',
        duration: '0.1s',
        attempts: [{ at: '2026-01-01T12:00:01.000Z', exit_code: 0, output: 'ok', matched: true }],
      },
    ],
    failure_indicators: [],
    anomalies: [
      {
        rule: 'memory_spike',
        severity: 'P2',
        action: 'flag_for_review',
        condition: 'after.metrics.memory_usage - before.metrics.memory_usage > 20',
        rules_file: 'intents/anomaly-rules/default.yaml',
        inputs: { 'after.metrics.memory_usage': 75, 'before.metrics.memory_usage': 40 },
      },
    ],
    rules_not_evaluated: [],
    drafts: [],
    policy: { verdict: 'allow', reasons: [] },
    status: 'success',
    duration: '12.5s',
    expected_duration: '30s',
    tool: { name: 'intentops', version: 'test' },
    catalog_digest: 'sha256:00',
    prev_digest: null,
  };
  return sealRecord({ ...base, ...over });
}
