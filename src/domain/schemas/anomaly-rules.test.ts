import { describe, expect, it } from 'vitest';
import { AnomalyRulesSchema } from './anomaly-rules.js';
import { LearningSchema } from './learning.js';

describe('AnomalyRulesSchema', () => {
  const rule = { name: 'memory_spike', condition: 'x > 1', severity: 'P2', action: 'flag_for_review' };

  it('refuses duplicate rule names within a file, at the second one', () => {
    const r = AnomalyRulesSchema.safeParse({ anomaly_rules: [rule, { ...rule, severity: 'P1' }] });
    expect(r.error?.issues).toMatchObject([
      { path: ['anomaly_rules', 1, 'name'], message: "duplicate rule 'memory_spike'; names must be unique" },
    ]);
  });

  it('refuses unknown actions and empty conditions', () => {
    expect(
      AnomalyRulesSchema.safeParse({ anomaly_rules: [{ ...rule, action: 'page_someone' }] }).success,
    ).toBe(false);
    expect(AnomalyRulesSchema.safeParse({ anomaly_rules: [{ ...rule, condition: '' }] }).success).toBe(false);
  });
});

describe('LearningSchema', () => {
  it('defaults the window to 7d and refuses thresholds below 1', () => {
    const t = { pattern: 'repeated_anomaly', threshold: 1, action: 'suggest_policy_update' };
    expect(LearningSchema.parse({ learning_triggers: [t] }).learning_triggers[0]?.window).toBe('7d');
    expect(
      LearningSchema.parse({ learning_triggers: [{ ...t, window: '30d' }] }).learning_triggers[0]?.window,
    ).toBe('30d');
    expect(LearningSchema.safeParse({ learning_triggers: [{ ...t, threshold: 0 }] }).success).toBe(false);
    expect(LearningSchema.safeParse({ learning_triggers: [{ ...t, threshold: 1.5 }] }).success).toBe(false);
  });
});
