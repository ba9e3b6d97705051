import { describe, expect, it } from 'vitest';
import { type Policy, PolicySchema } from '../schemas/policy.js';
import { decide, type PolicyFacts, type PolicySubject } from './policy.js';

// Autonomy: which agent requests may merge without a human. Policies as in the example file.

const NOW = new Date('2026-03-04T12:00:00Z'); // a Wednesday, 13:00 in Berlin
const policy = (p: Record<string, unknown>): Policy => PolicySchema.parse(p);

const AUTONOMY = policy({
  name: 'agents',
  match: { risk: ['low', 'medium', 'high'] },
  autonomy: { agents: ['ops-*'], auto_merge: true },
});
const MEDIUM = policy({ name: 'medium', match: { risk: ['medium'] }, approvals: 1 });
const HIGH = policy({
  name: 'high',
  match: { risk: ['high'] },
  approvals: 2,
  windows: [{ cron: '0 9 * * 1-5', duration: '8h', timezone: 'Europe/Berlin' }],
});
const ALL = [AUTONOMY, MEDIUM, HIGH];

const subject = (risk: PolicySubject['risk']): PolicySubject => ({ intent: 'work', risk, params: {} });
const facts = (proposer: string | undefined, extra: Partial<PolicyFacts> = {}): PolicyFacts => ({
  now: NOW,
  approvals: 0,
  history: [],
  ...(proposer ? { proposer } : {}),
  ...extra,
});
const autonomyOf = (d: ReturnType<typeof decide>) => d.results.filter((r) => r.rule === 'autonomy');

describe('decide: autonomy', () => {
  it('an agent with a low-risk request proceeds alone: pass, autoMerge, its name', () => {
    const d = decide(ALL, subject('low'), facts('ops-agent'));
    expect(d.verdict).toBe('allow');
    expect(d.autoMerge).toBe(true);
    expect(d.agent).toBe('ops-agent');
    expect(autonomyOf(d)).toEqual([
      {
        policy: 'agents',
        rule: 'autonomy',
        outcome: 'pass',
        reason: 'agent ops-agent may proceed without a human (risk low ≤ max_risk low)',
      },
    ]);
  });

  it('medium risk above the default max_risk: a human is needed, 1 approval holds it', () => {
    const d = decide(ALL, subject('medium'), facts('ops-agent'));
    expect(d.verdict).toBe('hold');
    expect(d.autoMerge).toBeUndefined();
    expect(autonomyOf(d).map((r) => [r.outcome, r.reason])).toEqual([
      ['info', 'agent ops-agent needs a human: risk medium > max_risk low'],
    ]);
    expect(d.results.find((r) => r.rule === 'approvals')?.reason).toBe('0 of 1 required approval(s)');
  });

  it('medium risk with a human approval is allowed but still not auto-merged', () => {
    const d = decide(ALL, subject('medium'), facts('ops-agent', { approvals: 1 }));
    expect(d.verdict).toBe('allow');
    expect(d.autoMerge).toBeUndefined();
  });

  it('high risk needs two approvals and the window: outside it, held even with approvals', () => {
    const evening = new Date('2026-03-04T19:00:00Z');
    const d = decide(ALL, subject('high'), facts('ops-agent', { approvals: 2, now: evening }));
    expect(d.verdict).toBe('hold');
    expect(d.autoMerge).toBeUndefined();
    expect(d.results.map((r) => [r.rule, r.outcome])).toEqual([
      ['autonomy', 'info'],
      ['approvals', 'pass'],
      ['windows', 'hold'],
    ]);
  });

  it('max_risk medium lets the agent run a medium request alone, but the approvals rule still holds it', () => {
    const wide = policy({
      name: 'agents',
      match: { risk: ['medium'] },
      autonomy: { agents: ['ops-agent'], auto_merge: true, max_risk: 'medium' },
    });
    const alone = decide([wide], subject('medium'), facts('ops-agent'));
    expect(alone.autoMerge).toBe(true);
    expect(autonomyOf(alone)[0]?.reason).toBe(
      'agent ops-agent may proceed without a human (risk medium ≤ max_risk medium)',
    );
    // The strictest verdict wins: a hold elsewhere means no auto-merge.
    expect(decide([wide, MEDIUM], subject('medium'), facts('ops-agent')).autoMerge).toBeUndefined();
  });

  it('auto_merge off: the agent is within max_risk but a human merges', () => {
    const off = policy({ name: 'off', match: { risk: ['low'] }, autonomy: { agents: ['ops-agent'] } });
    const d = decide([off], subject('low'), facts('ops-agent'));
    expect(d.verdict).toBe('allow');
    expect(d.autoMerge).toBeUndefined();
    expect(autonomyOf(d)[0]?.outcome).toBe('info');
  });

  it('a non-agent never gets autoMerge, whatever the risk', () => {
    for (const risk of ['low', 'medium', 'high'] as const) {
      const d = decide(ALL, subject(risk), facts('alice', { approvals: 2 }));
      expect(d.autoMerge).toBeUndefined();
      expect(autonomyOf(d)[0]?.reason).toBe('alice is not an autonomous agent: a human merges');
    }
  });

  it('an unknown proposer (a local run) gets no autonomy line and no autoMerge', () => {
    const d = decide(ALL, subject('low'), facts(undefined));
    expect(autonomyOf(d)).toEqual([]);
    expect(d.autoMerge).toBeUndefined();
  });

  it('a denied agent is not auto-merged: the strictest verdict wins', () => {
    const deny = policy({ name: 'deny', match: { risk: ['low'] }, proposers: { deny: ['*-agent'] } });
    const d = decide([AUTONOMY, deny], subject('low'), facts('ops-agent'));
    expect(d.verdict).toBe('deny');
    expect(d.autoMerge).toBeUndefined();
  });

  it('two autonomy policies: one that does not list the agent withholds auto-merge', () => {
    const other = policy({
      name: 'other',
      match: { risk: ['low'] },
      autonomy: { agents: ['build-bot'], auto_merge: true },
    });
    const d = decide([AUTONOMY, other], subject('low'), facts('ops-agent'));
    expect(d.verdict).toBe('allow');
    expect(d.autoMerge).toBeUndefined();
  });
});
