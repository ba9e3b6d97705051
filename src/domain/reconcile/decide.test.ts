import { describe, expect, it } from 'vitest';
import type { Claim } from './claim.js';
import { claimLiveness, runHoldsClaim } from './claim.js';
import { type Candidate, decide, nextWatermark } from './decide.js';
import { keyOfId, keyOfRequest, requestExecutionId } from './request-id.js';

const now = new Date('2026-12-02T12:00:00Z');
const H = 3_600_000;

function cand(name: string, hoursAgo: number, extra: Partial<Candidate> = {}): Candidate {
  const ref = {
    path: `intents/requests/${name}.yaml`,
    commit: `${name}`.padEnd(40, '0'),
    mergedAt: new Date(now.getTime() - hoursAgo * H),
  };
  return {
    ...ref,
    key: keyOfRequest(ref),
    id: requestExecutionId(ref, { intent: 'work', target: extra.target ?? name }),
    ...extra,
  };
}

const claim = (c: Candidate, over: Partial<Claim> = {}): Claim => ({
  id: c.id,
  request: c.path,
  commit: c.commit,
  claimed_at: now.toISOString(),
  host: 'runner',
  pid: 1,
  lease_until: new Date(now.getTime() + H).toISOString(),
  ...over,
});

const base = {
  records: new Map<string, string>(),
  claims: new Map<string, Claim>(),
  live: () => false,
  now,
  maxAgeMs: 24 * H,
};

describe('the reconcile decision', () => {
  it('the id and the lookup key agree, and an edit of intent or target cannot change the key', () => {
    const ref = { path: 'intents/requests/a.yaml', commit: 'f'.repeat(40), mergedAt: now };
    expect(keyOfId(requestExecutionId(ref, { intent: 'deploy-app', target: 'web' }))).toBe(keyOfRequest(ref));
    expect(keyOfId(requestExecutionId(ref, { intent: 'other' }))).toBe(keyOfRequest(ref));
    expect(keyOfRequest(ref, 'comment-9')).not.toBe(keyOfRequest(ref));
  });

  it('done, run, expired, withdrawn and edited, each at its boundary', () => {
    const done = cand('done', 1);
    const fresh = cand('fresh', 23.9);
    const old = cand('old', 24.1);
    const gone = cand('gone', 1, { deletedBy: 'd'.repeat(40) });
    const edited = cand('edited', 1, { editedBy: 'e'.repeat(40) });
    const out = decide({
      ...base,
      candidates: [done, fresh, old, gone, edited],
      records: new Map([[done.key, 'executions/x.yaml']]),
    });
    expect(out.map((d) => d.decision.kind)).toEqual(['done', 'run', 'finalize', 'finalize', 'finalize']);
    expect(out.map((d) => ('status' in d.decision ? d.decision.status : ''))).toEqual([
      '',
      '',
      'expired',
      'cancelled',
      'denied',
    ]);
  });

  it('a dead claim is interrupted and never run again; a live one holds its target, other targets go on', () => {
    const dead = cand('dead', 1);
    const busy = cand('busy', 2, { target: 'shared' });
    const queued = cand('queued', 1, { target: 'shared' });
    const other = cand('other', 1, { target: 'elsewhere' });
    const out = decide({
      ...base,
      candidates: [busy, dead, queued, other],
      claims: new Map([
        [dead.key, claim(dead)],
        [busy.key, claim(busy, { pid: 2 })],
      ]),
      live: (c) => c.pid === 2,
    });
    expect(out.map((d) => d.decision.kind)).toEqual(['wait', 'finalize', 'wait', 'run']);
    expect(out[2]?.decision).toMatchObject({ kind: 'wait', behind: busy.id });
    expect(out[1]?.decision).toMatchObject({ status: 'interrupted' });
  });

  it('requests merged before the start point are left out', () => {
    const before = cand('before', 5);
    const after = cand('after', 1);
    const out = decide({ ...base, candidates: [before, after], start: new Date(now.getTime() - 2 * H) });
    expect(out.map((d) => d.candidate.path)).toEqual([after.path]);
  });

  it('the watermark stops before the oldest request not yet recorded', () => {
    const a = cand('a', 3);
    const b = cand('b', 2);
    const decided = decide({ ...base, candidates: [a, b] });
    expect(nextWatermark(decided, () => false, 'HEAD')).toEqual({ before: a });
    expect(nextWatermark(decided, (c) => c === a, 'HEAD')).toEqual({ before: b });
    expect(nextWatermark(decided, () => true, 'HEAD')).toEqual({ head: 'HEAD' });
  });

  it('claim liveness: an earlier attempt of this run is dead, another run asks GitHub, a lapsed lease is dead', () => {
    const c = cand('x', 1);
    const me = { run: { id: '7', attempt: 2 }, host: 'h', pid: 5 };
    expect(claimLiveness(claim(c, { run: { id: '7', attempt: 1 } }), me, now, () => true)).toBe('dead');
    expect(claimLiveness(claim(c, { run: { id: '8', attempt: 1 } }), me, now, () => true)).toBe('ask-github');
    expect(claimLiveness(claim(c, { lease_until: now.toISOString() }), me, now, () => true)).toBe('dead');
    expect(claimLiveness(claim(c, { host: 'h', pid: 9 }), me, now, (p) => p === 9)).toBe('live');
    expect(claimLiveness(claim(c, { host: 'h', pid: 9 }), me, now, () => false)).toBe('dead');
  });

  it("GitHub's word on another run: its claim stands while that attempt runs and no newer one started", () => {
    expect(runHoldsClaim({ status: 'in_progress', attempt: 1 }, { attempt: 1 })).toBe(true);
    expect(runHoldsClaim({ status: 'queued', attempt: 1 }, { attempt: 2 })).toBe(true);
    expect(runHoldsClaim({ status: null, attempt: 1 }, { attempt: 1 })).toBe(true);
    expect(runHoldsClaim({ status: 'completed', attempt: 1 }, { attempt: 1 })).toBe(false);
    expect(runHoldsClaim({ status: 'in_progress', attempt: 2 }, { attempt: 1 })).toBe(false);
  });
});
