import { describe, expect, it } from 'vitest';
import type { PolicyDecision } from '../domain/policy/policy.js';
import { nextSteps } from './next-steps.js';

const decision = (d: Partial<PolicyDecision>): PolicyDecision => ({
  verdict: 'allow',
  matched: [],
  results: [],
  ...d,
});

describe('nextSteps', () => {
  it('refused: the deny reasons only', () => {
    const n = nextSteps(
      decision({
        verdict: 'deny',
        results: [
          { policy: 'hi', rule: 'proposers', outcome: 'deny', reason: 'a-agent is denied by proposers.deny' },
          {
            policy: 'hi',
            rule: 'approvals',
            outcome: 'info',
            reason: 'waits for 2 approvals on the request PR',
          },
        ],
      }),
      'a-agent',
      false,
    );
    expect(n).toMatchObject({
      outlook: 'refused',
      reasons: ['hi (proposers): a-agent is denied by proposers.deny'],
    });
  });

  it('auto-merge only when the decision grants it', () => {
    const n = nextSteps(
      decision({
        autoMerge: true,
        agent: 'a-agent',
        results: [{ policy: 'lo', rule: 'autonomy', outcome: 'pass', reason: 'agent a-agent may proceed' }],
      }),
      'a-agent',
      true,
    );
    expect(n.outlook).toBe('auto-merge');
    expect(n.summary).toMatch(/^would auto-merge: a-agent may proceed without a human; the pull request/);
  });

  it('needs-human names the approvals; held names what holds it, once', () => {
    const approvals = {
      policy: 'mid',
      rule: 'approvals',
      outcome: 'info',
      reason: 'waits for 1 approval on the request PR',
    } as const;
    const human = nextSteps(decision({ results: [approvals] }), 'a-agent', false);
    expect(human.outlook).toBe('needs-human');
    expect(human.summary).toMatch(/^needs a human: waits for 1 approval — the request file/);
    const window = {
      policy: 'mid',
      rule: 'windows',
      outcome: 'hold',
      reason: 'outside every change window: 0 9 * * 1-5 for 8h',
    } as const;
    const held = nextSteps(decision({ verdict: 'hold', results: [approvals, window] }), 'a-agent', true);
    expect(held.outlook).toBe('held');
    expect(held.summary).toMatch(/^held now \(outside every change window/);
    expect(held.reasons).toHaveLength(2);
  });
});
