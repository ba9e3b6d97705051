import { describe, expect, it } from 'vitest';
import { buildPlan } from '../domain/plan/plan.js';
import { decide } from '../domain/policy/policy.js';
import { IntentSchema } from '../domain/schemas/catalog.js';
import { PolicySchema } from '../domain/schemas/policy.js';
import { renderPlanComment } from './plan-comment.js';

// The PR plan comment's policy part agrees with the plan text below it.

const intent = IntentSchema.parse({
  name: 'smoke-test',
  description: 'd',
  risk: 'low',
  params: {},
  steps: [{ name: 'say', run: ['echo', 'hi'] }],
});
const facts = { now: new Date('2026-03-04T12:00:00Z'), approvals: 0, history: [] };

function comment(policies: ReturnType<typeof PolicySchema.parse>[]): string {
  const plan = buildPlan({
    intent,
    rules: [],
    params: {},
    policy: decide(policies, { intent: 'smoke-test', risk: 'low', params: {} }, facts),
  });
  return renderPlanComment({
    requests: [{ path: 'intents/requests/r.yaml', plan, diagnostics: [] }],
    diagnostics: [],
    checkedFiles: 3,
    mixed: [],
    sha: 'a'.repeat(40),
  });
}

describe('renderPlanComment: the policy part', () => {
  it('a matched policy with no rule for this request is named, not "no policy applies"', () => {
    // As `init` writes it: low-risk matches, approvals 0, autonomy with no agents — no rule result.
    const lowRisk = PolicySchema.parse({
      name: 'low-risk',
      match: { risk: ['low'] },
      approvals: 0,
      autonomy: { agents: [], auto_merge: false, max_risk: 'low' },
    });
    const body = comment([lowRisk]);
    expect(body).toContain('Policy: ALLOW (policies: low-risk)');
    expect(body).not.toContain('_No policy applies._');
    expect(body).toContain('_Policy `low-risk` applies; none of its rules holds this request._');
  });

  it('no matching policy: says so', () => {
    const other = PolicySchema.parse({ name: 'high', match: { risk: ['high'] }, approvals: 2 });
    expect(comment([other])).toContain('_No policy applies._');
  });

  it('a promotion gate: the row names the environment, the policy part says what the earlier one lacks', () => {
    const gate = PolicySchema.parse({
      name: 'staging-first',
      match: { environments: ['production'] },
      promotion: { from: 'staging', within: '7d' },
    });
    const subject = { intent: 'smoke-test', risk: 'low' as const, params: {}, environment: 'production' };
    const plan = {
      ...buildPlan({ intent, rules: [], params: {}, policy: decide([gate], subject, facts) }),
      environment: 'production',
    };
    const body = renderPlanComment({
      requests: [{ path: 'intents/requests/r.yaml', plan, diagnostics: [] }],
      diagnostics: [],
      checkedFiles: 3,
      mixed: [],
      sha: 'a'.repeat(40),
    });
    expect(body).toContain('| smoke-test in production |');
    expect(body).toContain('waits for staging: no run of smoke-test with these params in staging');
  });
});
