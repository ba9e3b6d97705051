import { describe, expect, it } from 'vitest';
import { ruleInWords } from './incident-draft.js';

describe('incident titles name the rule in words', () => {
  it('says "unexpected" before a thing that happened, not before a sentence', () => {
    expect(ruleInWords('memory_spike')).toBe('unexpected memory spike');
    expect(ruleInWords('unexpected_restart')).toBe('unexpected restart');
    expect(ruleInWords('error-rate-increase')).toBe('unexpected error rate increase');
    // Rule names that already read as a statement stay one.
    expect(ruleInWords('log_dir_grew')).toBe('log dir grew');
    expect(ruleInWords('disk_filled_up')).toBe('disk filled up');
    expect(ruleInWords('slow_deployment')).toBe('slow deployment');
    expect(ruleInWords('high_latency')).toBe('high latency');
    expect(ruleInWords('pods_not_ready')).toBe('pods not ready');
    expect(ruleInWords('backup_missing')).toBe('backup missing');
  });
});
