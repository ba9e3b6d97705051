import { describe, expect, it } from 'vitest';
import { buildPlan } from '../plan/plan.js';
import { decide, type PolicySubject } from '../policy/policy.js';
import { IntentSchema } from '../schemas/catalog.js';
import { type Policy, PolicySchema } from '../schemas/policy.js';
import type { ExecutionRecord } from '../schemas/record.js';
import { doneText, rollbackPlan, rollbackTrigger } from './rollback.js';

// What the policy says about rollbacks, how the rollback is planned, and what calls for one: pure.

const policy = (name: string, p: Record<string, unknown>): Policy =>
  PolicySchema.parse({ name, match: { intents: ['deploy-app'] }, ...p });
const subject: PolicySubject = { intent: 'deploy-app', risk: 'medium', params: { app: 'web' } };
const facts = { now: new Date('2026-03-04T12:00:00Z'), approvals: null, history: [] };

const intent = IntentSchema.parse({
  name: 'deploy-app',
  description: 'd',
  risk: 'medium',
  params: { app: { type: 'string', pattern: '^[a-z-]+$' } },
  steps: [{ name: 'apply', run: ['kubectl', 'apply', '-k', 'apps/{{app}}'] }],
  rollback: [{ name: 'undo', run: 'kubectl rollout undo deployment/{{app}}' }],
});

describe('rollback policy', () => {
  it('the strictest matched policy wins: never > ask > auto; none set → absent', () => {
    const auto = policy('a', { rollback: 'auto' });
    const ask = policy('b', { rollback: 'ask' });
    const never = policy('c', { rollback: 'never' });
    expect(decide([auto], subject, facts)).toMatchObject({ rollback: 'auto', rollbackPolicy: 'a' });
    expect(decide([auto, ask], subject, facts)).toMatchObject({ rollback: 'ask', rollbackPolicy: 'b' });
    expect(decide([never, auto, ask], subject, facts)).toMatchObject({
      rollback: 'never',
      rollbackPolicy: 'c',
    });
    expect(decide([policy('d', { approvals: 1 })], subject, facts).rollback).toBeUndefined();
    expect(() => PolicySchema.parse({ name: 'x', match: { risk: ['low'] }, rollback: 'sometimes' })).toThrow(
      /auto.*ask.*never/,
    );
  });

  it('plans the rollback steps with the same params and quoting; default mode ask; none without steps', () => {
    const plan = buildPlan({ intent, rules: [], params: { app: 'web' }, policy: decide([], subject, facts) });
    expect(plan.rollback).toMatchObject({ mode: 'ask', steps: [{ name: 'undo' }] });
    expect(plan.rollback?.steps[0]?.command).toBe("kubectl rollout undo deployment/'web'");
    const rb = rollbackPlan(plan);
    expect(rb?.steps.map((s) => s.name)).toEqual(['undo']);
    expect(rb?.rollback).toBeUndefined();
    const { rollback: _, ...without } = intent;
    expect(
      buildPlan({ intent: without, rules: [], params: { app: 'web' }, policy: decide([], subject, facts) })
        .rollback,
    ).toBeUndefined();
  });

  it('triggers: a failed check, a P1 indicator, a failed bake; not a failed step, not a pass', () => {
    const base = {
      id: 'exec-1',
      status: 'failed',
      failure_indicators: [],
      checks: [],
    } as unknown as ExecutionRecord;
    expect(rollbackTrigger(base)).toBeUndefined();
    expect(
      rollbackTrigger({ ...base, checks: [{ name: 'pods_ready', result: 'timeout' }] } as never),
    ).toMatch(/check 'pods_ready' timeout/);
    expect(
      rollbackTrigger({
        ...base,
        failure_indicators: [{ pattern: 'OOMKilled', severity: 'P1', source: 'kubernetes' }],
      } as never),
    ).toMatch(/P1 failure indicator 'OOMKilled'/);
    expect(
      rollbackTrigger({
        ...base,
        observation_of: 'exec-0',
        observation: { verdict: 'fail', reason: 'CrashLoopBackOff' },
      } as never),
    ).toMatch(/the bake of exec-0 failed: CrashLoopBackOff/);
    expect(
      rollbackTrigger({
        ...base,
        observation_of: 'exec-0',
        observation: { verdict: 'inconclusive', reason: 'x' },
      } as never),
    ).toBeUndefined();
    expect(rollbackTrigger({ ...base, status: 'success' })).toBeUndefined();
  });
});

describe('doneText', () => {
  const base = {
    id: 'exec-2',
    timestamp: '2026-03-04T12:05:00.000Z',
    rollback_of: 'exec-1',
    rollback: { mode: 'ask' as const, by: 'alice', trigger: 'check ok failed' },
  };

  it('a rollback that passed says rolled back', () => {
    expect(doneText({ ...base, status: 'success' })).toMatch(
      /^\*\*Rolled back\*\* `exec-1` by alice at 2026-03-04T12:05:00.000Z: rollback execution `exec-2` ended success\./,
    );
  });

  it('a rollback that failed never says "Rolled back"', () => {
    const text = doneText({ ...base, status: 'failed' });
    expect(text).not.toMatch(/Rolled back/);
    expect(text).toMatch(
      /^\*\*Rollback of `exec-1` failed\*\* \(by alice at 2026-03-04T12:05:00.000Z\): rollback execution `exec-2` ended failed\./,
    );
    expect(doneText({ ...base, status: 'cancelled' })).toMatch(/^\*\*Rollback of `exec-1` cancelled\*\*/);
  });
});
