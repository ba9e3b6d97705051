import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../schemas/ledger.js';
import {
  branchOf,
  contentDigest,
  decide,
  idOfBranch,
  opened,
  type PrState,
  settle,
  velocity,
} from './ledger.js';
import type { Suggestion } from './types.js';

const T0 = new Date('2026-11-01T00:00:00Z');
const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);

function suggestion(n: number, after = 'policies: []\n'): Suggestion {
  return {
    id: 'anomaly-deploy-app-memory-spike',
    trigger: 'repeated_anomaly',
    action: 'suggest_policy_update',
    title: `t ×${n}`,
    rationale: 'r',
    intent: 'deploy-app',
    evidence: Array.from({ length: n }, (_, i) => ({ at: days(i / 10).toISOString() })),
    changes: [{ path: 'intents/policies/learned.yaml', before: null, after }],
  };
}

const pr = (o: Partial<PrState>): PrState => ({
  number: 7,
  url: 'u',
  open: false,
  merged: false,
  closedAt: null,
  mergedAt: null,
  body: null,
  title: 't',
  ...o,
});

const COOLDOWN = 30 * 86_400;

describe('learning ledger', () => {
  it('branch names parse back to the suggestion id', () => {
    expect(idOfBranch(branchOf('new-intent-rollout-undo-60be7fb2'))).toBe('new-intent-rollout-undo-60be7fb2');
    expect(idOfBranch('feature/x')).toBeNull();
  });

  it('opens a new suggestion; an open PR is updated only when the content changed', () => {
    const s = suggestion(3);
    expect(decide(s, undefined, null, T0, COOLDOWN)).toEqual({ kind: 'open' });
    const entry = opened(s, undefined, T0, { state: 'open', pr: 7 });
    expect(decide(s, entry, pr({ open: true }), T0, COOLDOWN)).toEqual({ kind: 'unchanged' });
    expect(decide(suggestion(3, 'policies: [x]\n'), entry, pr({ open: true }), T0, COOLDOWN)).toEqual({
      kind: 'update',
    });
  });

  it('a rejected suggestion stays closed below double the evidence and before the cooldown', () => {
    const entry = settle(
      opened(suggestion(3), undefined, T0, { state: 'open', pr: 7 }),
      pr({ closedAt: days(1).toISOString() }),
    );
    expect(entry).toMatchObject({
      state: 'rejected',
      evidence_at_decision: 3,
      decided_at: days(1).toISOString(),
    });
    expect(
      decide(suggestion(5), entry, pr({ closedAt: days(1).toISOString() }), days(10), COOLDOWN).kind,
    ).toBe('keep-closed');
    expect(decide(suggestion(6), entry, null, days(10), COOLDOWN)).toMatchObject({
      kind: 'reopen',
      why: 'evidence grew from 3 to 6',
    });
    expect(decide(suggestion(4), entry, null, days(31), COOLDOWN)).toMatchObject({ kind: 'reopen' });
    expect(decide(suggestion(4), entry, null, days(30.9), COOLDOWN).kind).toBe('keep-closed');
  });

  it('a merged PR settles as accepted and its content is not proposed again', () => {
    const s = suggestion(3);
    const entry = settle(
      opened(s, undefined, T0, { state: 'open', pr: 7 }),
      pr({ merged: true, mergedAt: days(2).toISOString(), closedAt: days(2).toISOString() }),
    );
    expect(entry.state).toBe('accepted');
    expect(decide(s, entry, null, days(3), COOLDOWN).kind).toBe('keep-closed');
    // A later round keeps the history of the earlier decision.
    const again = opened(suggestion(4, 'policies: [y]\n'), entry, days(20), { state: 'open', pr: 9 });
    expect(again.history).toEqual([
      { state: 'accepted', pr: 7, decided_at: days(2).toISOString(), evidence: 3 },
    ]);
    expect(again.content).toBe(contentDigest(suggestion(4, 'policies: [y]\n')));
  });

  it('learning velocity is first evidence to merge, in days', () => {
    const entries: LedgerEntry[] = [2, 4, 9].map((d, i) => ({
      ...opened(suggestion(3), undefined, T0, { state: 'open', pr: i }),
      id: `s${i}`,
      state: 'accepted',
      decided_at: days(d).toISOString(),
    }));
    expect(velocity(entries)).toEqual({ accepted: 3, medianDays: 4, maxDays: 9 });
    expect(velocity([])).toEqual({ accepted: 0, medianDays: null, maxDays: null });
  });
});
