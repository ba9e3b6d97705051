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
      {
        state: 'accepted',
        pr: 7,
        opened_at: T0.toISOString(),
        first_evidence: T0.toISOString(),
        decided_at: days(2).toISOString(),
        evidence: 3,
      },
    ]);
    expect(again.content).toBe(contentDigest(suggestion(4, 'policies: [y]\n')));
  });

  it('learning velocity is PR opened → decided (merged or closed); first evidence is its own figure', () => {
    // Opened on day 0 with evidence from day 0; decided on days 2 (closed), 4 and 9 (merged).
    const entries: LedgerEntry[] = [2, 4, 9].map((d, i) => ({
      ...opened(suggestion(3), undefined, T0, { state: 'open', pr: i }),
      id: `s${i}`,
      state: i === 0 ? 'rejected' : 'accepted',
      decided_at: days(d).toISOString(),
    }));
    expect(velocity(entries)).toEqual({
      decided: 3,
      accepted: 2,
      medianDays: 4,
      maxDays: 9,
      withinWeek: 2,
      firstEvidenceMedianDays: 0,
    });
    expect(velocity([])).toMatchObject({ decided: 0, medianDays: null, maxDays: null });
  });

  it('a weekly update never rewrites first_evidence; velocity counts from the PR (issue 30, item 5)', () => {
    // Evidence from day −2; the PR opened on day 0; a week later the window holds only the
    // occurrences of days 3.5–4.5, and the PR is updated; merged on day 8.25.
    const first = { ...suggestion(3), evidence: [-2, -1.5, -1].map((d) => ({ at: days(d).toISOString() })) };
    const later = { ...suggestion(3), evidence: [3.5, 4, 4.5].map((d) => ({ at: days(d).toISOString() })) };
    const round = opened(first, undefined, T0, { state: 'open', pr: 7 });
    const updated = opened(later, round, days(7), { state: 'open', pr: 7 });
    expect(updated.first_evidence).toBe(days(-2).toISOString());
    expect(updated.last_evidence).toBe(days(4.5).toISOString());
    const merged = settle(updated, pr({ merged: true, mergedAt: days(8.25).toISOString() }));
    expect(velocity([merged])).toMatchObject({ decided: 1, medianDays: 8.3, withinWeek: 0 });
    expect(velocity([merged]).firstEvidenceMedianDays).toBe(2);
    // A new round after the decision keeps the old one, opening and first evidence included.
    const again = opened(later, merged, days(40), { state: 'open', pr: 9 });
    expect(again.history).toEqual([
      {
        state: 'accepted',
        pr: 7,
        opened_at: T0.toISOString(),
        first_evidence: days(-2).toISOString(),
        decided_at: days(8.25).toISOString(),
        evidence: 3,
      },
    ]);
    expect(again.first_evidence).toBe(days(3.5).toISOString());
    expect(velocity([again]).medianDays).toBe(8.3);
  });
});
