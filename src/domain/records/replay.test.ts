import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../../test/helpers/record-fixture.js';
import type { ExecutionRecord } from '../schemas/record.js';
import { CANCELLED_REASON, deriveStatus, replayRecord } from './replay.js';

// A plain successful run with no anomalies: each case varies what the status depends on.
const base: ExecutionRecord = makeRecord({
  before: { metrics: { memory_usage: 10 } },
  after: { metrics: { memory_usage: 50 } },
  checks: [],
  outcome_checks: {},
  anomalies: [],
});

describe('deriveStatus', () => {
  it('reads the status from the evidence in the order execute decides it', () => {
    expect(deriveStatus(base)).toBe('success');
    const failedStep = {
      ...base,
      commands_run: [{ ...base.commands_run[0], exit_code: 2 }],
    } as ExecutionRecord;
    expect(deriveStatus(failedStep)).toBe('failed');
    const tolerated = {
      ...base,
      commands_run: [{ ...base.commands_run[0], exit_code: 2, continue_on_error: true }],
    } as ExecutionRecord;
    expect(deriveStatus(tolerated)).toBe('success');
    expect(deriveStatus({ ...base, status_reason: CANCELLED_REASON })).toBe('cancelled');
    expect(deriveStatus({ ...base, policy: { verdict: 'hold', reasons: [] } })).toBe('denied');
    expect(
      deriveStatus({
        ...base,
        failure_indicators: [{ pattern: 'OOMKilled', severity: 'P1', source: 'x', line: 'l' }],
      }),
    ).toBe('failed');
  });
});

describe('replayRecord', () => {
  it('re-checks only the fired rules of a record written before rules_evaluated, and says so', () => {
    const r = replayRecord({
      ...base,
      anomalies: [
        {
          rule: 'memory_spike',
          severity: 'P2',
          action: 'flag_for_review',
          condition: 'after.metrics.memory_usage - before.metrics.memory_usage > 20',
          rules_file: 'intents/anomaly-rules/default.yaml',
          inputs: { 'after.metrics.memory_usage': 50, 'before.metrics.memory_usage': 10 },
        },
      ],
    });
    expect(r.rulesSource).toBe('fired-only');
    expect(r.differences).toEqual([]);
    expect(r.replayed.anomalies).toEqual(['memory_spike']);
  });
});
