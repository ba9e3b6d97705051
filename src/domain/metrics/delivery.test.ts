import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../../test/helpers/record-fixture.js';
import { draftFingerprint } from '../incidents/incident-draft.js';
import type { UnsignedRecord } from '../schemas/record.js';
import { deliveryMetrics, LEAD_TIME_BASIS, proposerKind } from './delivery.js';
import type { MetricsRecord } from './facts.js';

// A hand-built ten days whose every figure is worked out by hand in the comments.

const AGENTS = ['intentops-agent'];
const since = new Date('2026-01-01T00:00:00.000Z');
const until = new Date('2026-01-11T00:00:00.000Z');

function rec(
  id: string,
  at: string,
  over: Partial<UnsignedRecord> & {
    who?: string;
    merged?: string;
    opened?: string;
    rollback_of?: string;
  } = {},
): MetricsRecord {
  const { who, merged, opened, rollback_of, ...rest } = over;
  const r = makeRecord({
    id,
    timestamp: at,
    intent: 'deploy-app',
    params: { app: 'home-portal' },
    request: {
      path: `intents/requests/${id}.yaml`,
      commit: 'abc',
      reason: 'test',
      ...(who ? { proposed_by: who } : {}),
      ...(merged ? { merged_at: merged } : {}),
      ...(opened ? { pr_opened_at: opened } : {}),
    },
    anomalies: [],
    duration: '60s',
    ...rest,
  });
  return rollback_of ? { ...r, rollback_of } : r;
}

function bake(id: string, of: string, at: string, verdict: 'pass' | 'fail', drafts: string[] = []) {
  return rec(id, at, {
    observation_of: of,
    params: { app: 'shop' },
    drafts: drafts.map((fingerprint) => ({
      fingerprint,
      path: `incidents/drafts/${fingerprint}.md`,
      new: true,
    })),
    anomalies: drafts.length
      ? [
          {
            rule: 'error_rate_increase',
            severity: 'P2',
            action: 'create_incident_draft',
            condition: 'true',
            rules_file: 'intents/anomaly-rules/default.yaml',
            inputs: {},
          },
        ]
      : [],
    observation: {
      verdict,
      reason: 'test',
      for: '4h',
      interval: '1m',
      expected_samples: 240,
      run_status: 'success',
      started: at,
      ended: at,
      samples: [],
      first_seen: [],
    },
  });
}

function history(): MetricsRecord[] {
  const d = rec('D', '2026-01-05T10:00:00.000Z', { who: 'bob', params: { app: 'shop' } });
  const dBake = bake('D-bake', 'D', '2026-01-05T10:01:00.000Z', 'fail', ['fp-shop']);
  // The bake saw the error rate climb two hours after the run ended.
  dBake.observation = {
    ...(dBake.observation as NonNullable<MetricsRecord['observation']>),
    first_seen: [
      {
        what: 'rule:error_rate_increase',
        severity: 'P2',
        at: '2026-01-05T12:01:00.000Z',
        after_run: '2 h',
        after_run_ms: 7_200_000,
      },
    ],
  };
  return [
    // A: a human's clean deploy, its PR opened 20 min and merged 10 min before it started → lead
    // time 1260 s (from the opening, not the merge).
    rec('A', '2026-01-02T10:00:00.000Z', {
      who: 'alice',
      opened: '2026-01-02T09:40:00.000Z',
      merged: '2026-01-02T09:50:00.000Z',
    }),
    // B: the agent's deploy failed at 10:01; rolled back by 10:05:30 → restored in 270 s; lead 3660 s.
    rec('B', '2026-01-03T10:00:00.000Z', {
      who: 'intentops-agent',
      merged: '2026-01-03T09:00:00.000Z',
      status: 'failed',
    }),
    rec('B-rollback', '2026-01-03T10:05:00.000Z', { who: 'alice', duration: '30s', rollback_of: 'B' }),
    // C: the agent's restart looked fine but failed its bake 8 min later; nothing restored it yet.
    rec('C', '2026-01-04T10:00:00.000Z', {
      who: 'intentops-agent',
      intent: 'restart-app',
      params: { app: 'shop' },
    }),
    bake('C-bake', 'C', '2026-01-04T10:01:00.000Z', 'fail'),
    // D: a human's deploy of shop; its bake opened an incident 2 h later, filed (closed) 2 h after that.
    d,
    dBake,
    // E: clean.
    rec('E', '2026-01-06T10:00:00.000Z', { who: 'carol' }),
    // F: the agent's restart; an incident on home-portal 10 h later (a watch, no record here) is F's.
    rec('F', '2026-01-07T10:00:00.000Z', { who: 'intentops-agent', intent: 'restart-app' }),
    // G: denied, X: expired — not changes.
    rec('G', '2026-01-07T11:00:00.000Z', { who: 'intentops-agent', status: 'denied', commands_run: [] }),
    rec('X', '2026-01-07T12:00:00.000Z', {
      status: 'expired',
      not_run: { decision: 'expired' },
      commands_run: [],
    }),
    // H: cancelled by a human: a change, not a failure.
    rec('H', '2026-01-08T10:00:00.000Z', { who: 'bob', status: 'cancelled', params: { app: 'shop' } }),
    // I: ended 4 h before the period's end: its 24 h window is still open.
    rec('I', '2026-01-10T20:00:00.000Z', { who: 'bob' }),
    // Z: before the period: not counted, even though its rollback would be.
    rec('Z', '2025-12-31T10:00:00.000Z', { who: 'bob', status: 'failed' }),
  ];
}

const log = [
  // F's incident: no record holds it, so it goes to the latest change on the target before it.
  {
    at: '2026-01-07T20:00:00.000Z',
    execution: 'watch-1',
    intent: 'restart-app',
    target: 'home-portal',
    rule: 'unexpected_restart',
    action: 'create_incident_draft',
  },
  // 25 h after F, the latest change on home-portal before it: outside the window, nobody's.
  {
    at: '2026-01-08T11:00:00.000Z',
    execution: 'watch-2',
    intent: 'deploy-app',
    target: 'home-portal',
    rule: 'error_rate_increase',
    action: 'create_incident_draft',
  },
  // Its record was read (D's bake): not counted twice.
  {
    at: '2026-01-05T12:01:00.000Z',
    execution: 'D-bake',
    observation_of: 'D',
    intent: 'deploy-app',
    target: 'shop',
    rule: 'error_rate_increase',
    action: 'create_incident_draft',
  },
  // Not an incident.
  {
    at: '2026-01-06T12:00:00.000Z',
    execution: 'watch-3',
    intent: 'deploy-app',
    target: 'home-portal',
    rule: 'slow',
    action: 'log_warning',
  },
];

describe('deliveryMetrics on a known history', () => {
  const m = deliveryMetrics({
    records: history(),
    anomalyLog: log,
    closes: [
      { fingerprint: 'fp-shop', at: Date.parse('2026-01-05T14:01:00.000Z') },
      // An old close of the same incident, before it opened: it does not restore it.
      { fingerprint: 'fp-shop', at: Date.parse('2026-01-01T00:00:00.000Z') },
    ],
    agents: AGENTS,
    since,
    until,
  });

  it('counts the changes, per proposer kind, and their frequency over the 10 days', () => {
    // A B C D E F H I; humans A D E H I, the agent B C F.
    expect(m.overall.all.deployments).toBe(8);
    expect(m.overall.human.deployments).toBe(5);
    expect(m.overall.agent.deployments).toBe(3);
    expect(m.overall.all.deployments_per_day).toBe(0.8);
    expect(m.overall.human.deployments_per_day).toBe(0.5);
    expect(m.overall.agent.deployments_per_day).toBe(0.3);
  });

  it('change failure rate: failed, rolled back, failed bake, incident in the window', () => {
    expect(m.failures.map((f) => [f.execution, f.reasons])).toEqual([
      ['B', ['failed', 'rolled_back']],
      ['C', ['bake_failed']],
      ['D', ['bake_failed', 'incident']],
      ['F', ['incident']],
    ]);
    expect(m.overall.all.change_failure_rate).toBe(0.5);
    expect(m.overall.human.change_failure_rate).toBe(0.2);
    expect(m.overall.agent.change_failure_rate).toBe(1);
  });

  it('time to restore: rollback succeeded or incident closed; the rest stay unrestored', () => {
    expect(m.overall.all.time_to_restore).toEqual({ count: 2, median_s: 270, p90_s: 7200 });
    expect(m.overall.agent.time_to_restore).toEqual({ count: 1, median_s: 270, p90_s: 270 });
    expect(m.overall.human.time_to_restore).toEqual({ count: 1, median_s: 7200, p90_s: 7200 });
    expect(m.overall.all.unrestored).toBe(2);
    const b = m.failures.find((f) => f.execution === 'B');
    expect(b).toMatchObject({ restored_by: 'rollback', restored_at: '2026-01-03T10:05:30.000Z' });
    expect(m.failures.find((f) => f.execution === 'D')).toMatchObject({ restored_by: 'incident_closed' });
  });

  it('lead time from the PR opening, else from the merge (B: no PR time), and says what it measures', () => {
    expect(m.overall.all.lead_time).toEqual({ count: 2, median_s: 1260, p90_s: 3660 });
    expect(m.overall.human.lead_time).toEqual({ count: 1, median_s: 1260, p90_s: 1260 });
    expect(m.notes).toContain(LEAD_TIME_BASIS);
  });

  it('splits by intent and target, and counts the changes whose window is still open', () => {
    expect(m.by_intent.map((r) => [r.intent, r.all.deployments, r.all.failures])).toEqual([
      ['deploy-app', 6, 2],
      ['restart-app', 2, 2],
    ]);
    expect(m.by_target.map((r) => [r.target, r.human.deployments, r.agent.deployments])).toEqual([
      ['home-portal', 3, 2],
      ['shop', 2, 1],
    ]);
    expect(m.overall.all.window_open).toBe(1);
  });

  it('no changes is no data, not 0 %', () => {
    const empty = deliveryMetrics({ records: [], agents: AGENTS, since, until });
    expect(empty.overall.agent).toMatchObject({ deployments: 0, change_failure_rate: null, lead_time: null });
  });

  it('a late incident outside a shorter window does not count', () => {
    const short = deliveryMetrics({ records: history(), agents: AGENTS, since, until, windowMs: 3600_000 });
    expect(short.failures.map((f) => f.execution)).toEqual(['B', 'C']);
  });
});

describe("judge: 'window_closed' holds the changes whose attribution window closed in the period (issue 30, item 2)", () => {
  // Period: 01-05 00:00 → 01-06 00:00. Z's window closed before it (01-04 10:01); A's in it
  // (01-05 01:01); B, 01-05 00:30, is still in its window at the end.
  const records = [
    rec('Z', '2026-01-03T10:00:00.000Z', { who: 'bob' }),
    rec('A', '2026-01-04T01:00:00.000Z', { who: 'bob' }),
    rec('B', '2026-01-05T00:30:00.000Z', { who: 'bob' }),
  ];
  const m = (at: string) =>
    deliveryMetrics({
      records,
      anomalyLog: [
        {
          at,
          execution: 'watch-9',
          intent: 'deploy-app',
          target: 'home-portal',
          rule: 'error_rate_increase',
          action: 'create_incident_draft',
        },
      ],
      agents: AGENTS,
      since: new Date('2026-01-05T00:00:00.000Z'),
      until: new Date('2026-01-06T00:00:00.000Z'),
      judge: 'window_closed',
    });

  it('counts A only', () => {
    expect(m('2026-01-01T00:00:00.000Z').overall.all).toMatchObject({ deployments: 1, window_open: 0 });
  });

  it('an incident the log holds goes to the latest change before it, judged or not', () => {
    // 00:45: inside A's window, but B ran since — it is B's, and B is judged next period.
    expect(m('2026-01-05T00:45:00.000Z').failures).toEqual([]);
    // 00:20, before B: A's.
    expect(m('2026-01-05T00:20:00.000Z').failures.map((f) => [f.execution, f.reason_at])).toEqual([
      ['A', { incident: '2026-01-05T00:20:00.000Z' }],
    ]);
  });
});

describe('time to restore starts at the first sign, else at the change’s end (issue 30, item 4)', () => {
  // K succeeded at 10:01 (60 s run); nobody saw anything until a rollback started at 10:21 and took 30 s.
  const k = rec('K', '2026-01-02T10:00:00.000Z', { who: 'bob' });
  const kBack = rec('K-rollback', '2026-01-02T10:21:00.000Z', { duration: '30s', rollback_of: 'K' });
  // L succeeded at 10:01; its bake failed at 10:06 (first failing snapshot); rolled back at 10:21.
  const l = rec('L', '2026-01-03T10:00:00.000Z', { who: 'bob', params: { app: 'shop' } });
  const lBake = bake('L-bake', 'L', '2026-01-03T10:01:00.000Z', 'fail');
  lBake.observation = {
    ...(lBake.observation as NonNullable<MetricsRecord['observation']>),
    first_seen: [
      {
        what: 'check:healthy',
        severity: 'P2',
        at: '2026-01-03T10:06:00.000Z',
        after_run: '5 m',
        after_run_ms: 300_000,
      },
    ],
  };
  const lBack = rec('L-rollback', '2026-01-03T10:21:00.000Z', {
    duration: '30s',
    params: { app: 'shop' },
    rollback_of: 'L',
  });
  const m = deliveryMetrics({ records: [k, kBack, l, lBake, lBack], agents: AGENTS, since, until });

  it('a rollback with no earlier sign: from the change’s end to the rollback’s end, not the rollback’s 30 s', () => {
    expect(m.failures.find((f) => f.execution === 'K')).toMatchObject({
      at: '2026-01-02T10:01:00.000Z',
      restored_at: '2026-01-02T10:21:30.000Z',
    });
  });

  it('a failing bake snapshot before the rollback: from that snapshot', () => {
    expect(m.failures.find((f) => f.execution === 'L')).toMatchObject({ at: '2026-01-03T10:06:00.000Z' });
    expect(m.overall.all.time_to_restore).toEqual({ count: 2, median_s: 930, p90_s: 1230 });
  });
});

describe('a request retried with /retry is one change (issue 30, item 6)', () => {
  // R: PR opened 09:00, merged 10:00; its job died, the next run recorded it interrupted at 10:02.
  const r = rec('R', '2026-01-02T10:02:00.000Z', {
    who: 'bob',
    opened: '2026-01-02T09:00:00.000Z',
    merged: '2026-01-02T10:00:00.000Z',
    status: 'interrupted',
    not_run: { decision: 'interrupted' },
    commands_run: [],
    duration: '0s',
  });
  // A /retry 27 h later failed; a second /retry (of the retry) succeeded at 14:01 the day after.
  const again = (id: string, at: string, of: string, status: 'success' | 'failed') =>
    rec(id, at, {
      who: 'bob',
      opened: '2026-01-02T09:00:00.000Z',
      merged: '2026-01-02T10:00:00.000Z',
      status,
      retry_of: of,
    });
  const m = deliveryMetrics({
    records: [
      r,
      again('R-retry1', '2026-01-03T13:02:00.000Z', 'R', 'failed'),
      again('R-retry2', '2026-01-03T14:00:00.000Z', 'R-retry1', 'success'),
    ],
    agents: AGENTS,
    since,
    until,
  });

  it('counts one change, failed, restored by the retry that succeeded', () => {
    expect(m.overall.all).toMatchObject({ deployments: 1, failures: 1, unrestored: 0 });
    expect(m.failures).toEqual([
      expect.objectContaining({
        execution: 'R',
        reasons: ['failed'],
        at: '2026-01-02T10:02:00.000Z',
        restored_at: '2026-01-03T14:01:00.000Z',
        restored_by: 'retry',
      }),
    ]);
    // 10:02 → 14:01 the next day.
    expect(m.overall.all.time_to_restore?.median_s).toBe(27 * 3600 + 59 * 60);
  });

  it('its lead time is the request’s: PR opened → its first run, not → the retry', () => {
    expect(m.overall.all.lead_time).toEqual({ count: 1, median_s: 3720, p90_s: 3720 });
  });
});

describe('a drift-denied request run by /retry is one change, dated by the run that ran', () => {
  // D: PR opened 09:00, merged 10:00; at 10:01 the drift guard denied it (`on_drift: deny`): a
  // terminal `denied` record, no step run. A writer's /retry ran it.
  const DRIFT =
    'careful/on_drift: deny — the cluster moved since the approved plan: deployment shop/web-0: generation 3 → 4';
  const denied = (id: string, at: string, retryOf?: string) =>
    rec(id, at, {
      who: 'bob',
      opened: '2026-01-02T09:00:00.000Z',
      merged: '2026-01-02T10:00:00.000Z',
      status: 'denied',
      policy: { verdict: 'deny', reasons: [DRIFT] },
      commands_run: [],
      duration: '0s',
      ...(retryOf ? { retry_of: retryOf } : {}),
    });
  // Each retry's record names the request's own record (retry-grant.ts: the grant's `of`).
  const retry = (id: string, at: string, status: 'success' | 'failed') =>
    rec(id, at, {
      who: 'bob',
      opened: '2026-01-02T09:00:00.000Z',
      merged: '2026-01-02T10:00:00.000Z',
      status,
      retry_of: 'D',
    });
  const metrics = (records: MetricsRecord[]) => deliveryMetrics({ records, agents: AGENTS, since, until });

  it('denied → retry success: one change, a success, its lead time PR opened → the retry’s end', () => {
    const m = metrics([
      denied('D', '2026-01-02T10:01:00.000Z'),
      retry('D-r1', '2026-01-02T12:00:00.000Z', 'success'),
    ]);
    expect(m.overall.all).toMatchObject({ deployments: 1, failures: 0, change_failure_rate: 0 });
    // 09:00 → 12:01 (the retry ran 60 s).
    expect(m.overall.all.lead_time).toEqual({ count: 1, median_s: 3 * 3600 + 60, p90_s: 3 * 3600 + 60 });
    expect(m.by_target).toEqual([expect.objectContaining({ target: 'home-portal' })]);
    expect(m.failures).toEqual([]);
  });

  it('denied → retry failed → retry success: one change, failed, restored by the retry that succeeded', () => {
    const m = metrics([
      denied('D', '2026-01-02T10:01:00.000Z'),
      retry('D-r1', '2026-01-02T12:00:00.000Z', 'failed'),
      retry('D-r2', '2026-01-02T15:00:00.000Z', 'success'),
    ]);
    expect(m.overall.all).toMatchObject({
      deployments: 1,
      failures: 1,
      unrestored: 0,
      change_failure_rate: 1,
    });
    expect(m.failures).toEqual([
      expect.objectContaining({
        execution: 'D-r1',
        reasons: ['failed'],
        at: '2026-01-02T12:01:00.000Z',
        restored_at: '2026-01-02T15:01:00.000Z',
        restored_by: 'retry',
      }),
    ]);
    // 12:01 → 15:01.
    expect(m.overall.all.time_to_restore?.median_s).toBe(3 * 3600);
    // Dated by the first run that ran: 09:00 → 12:01.
    expect(m.overall.all.lead_time?.median_s).toBe(3 * 3600 + 60);
  });

  it('denied → retry denied again for drift → retry success: the run that ran is the change', () => {
    const m = metrics([
      denied('D', '2026-01-02T10:01:00.000Z'),
      denied('D-r1', '2026-01-02T11:00:00.000Z', 'D'),
      retry('D-r2', '2026-01-02T13:00:00.000Z', 'success'),
    ]);
    expect(m.overall.all).toMatchObject({ deployments: 1, failures: 0 });
    expect(m.overall.all.lead_time?.median_s).toBe(4 * 3600 + 60);
  });

  it('a bake failing after the retry that is the change counts against it, its window from that run', () => {
    const m = metrics([
      denied('D', '2026-01-02T10:01:00.000Z'),
      retry('D-r1', '2026-01-02T12:00:00.000Z', 'success'),
      bake('D-r1-bake', 'D-r1', '2026-01-02T13:00:00.000Z', 'fail'),
    ]);
    expect(m.overall.all).toMatchObject({ deployments: 1, failures: 1 });
    expect(m.failures).toEqual([expect.objectContaining({ execution: 'D-r1', reasons: ['bake_failed'] })]);
  });

  it('a denial that no retry ran is no change at all', () => {
    const m = metrics([
      denied('D', '2026-01-02T10:01:00.000Z'),
      denied('D-r1', '2026-01-02T11:00:00.000Z', 'D'),
    ]);
    expect(m.overall.all).toMatchObject({ deployments: 0, failures: 0 });
  });

  it('a successful retry that is the change does not restore its own later incident', () => {
    const fp = draftFingerprint('deploy-app', 'error_rate_increase', 'home-portal');
    const r1 = retry('D-r1', '2026-01-02T12:00:00.000Z', 'success');
    const m = deliveryMetrics({
      records: [
        denied('D', '2026-01-02T10:01:00.000Z'),
        {
          ...r1,
          drafts: [{ fingerprint: fp, path: `incidents/drafts/${fp}.md`, new: true }],
          anomalies: [
            {
              rule: 'error_rate_increase',
              severity: 'P2',
              action: 'create_incident_draft',
              condition: 'true',
              rules_file: 'intents/anomaly-rules/default.yaml',
              inputs: {},
            },
          ],
        },
      ],
      agents: AGENTS,
      since,
      until,
    });
    expect(m.failures).toEqual([
      expect.objectContaining({
        execution: 'D-r1',
        reasons: ['incident'],
        restored_at: null,
        restored_by: null,
      }),
    ]);
  });
});

describe('attribution: who proposed it, not what the request claims (issue 30, item 1)', () => {
  const by = (id: string, login: string, claim: string | undefined, verified = true) => {
    const r = rec(id, '2026-01-02T10:00:00.000Z', claim ? { who: claim } : {});
    return makeRecord({
      ...r,
      request: {
        ...r.request,
        proposer: { login, source: verified ? 'pr_author' : 'git_author', verified },
      },
    }) as MetricsRecord;
  };
  const m = deliveryMetrics({
    records: [
      // The agent's PR claims alice, and failed; alice's PR claims the agent.
      { ...by('P', 'intentops-agent', 'alice'), status: 'failed' },
      by('Q', 'alice', 'intentops-agent'),
      // A local run: the git author, unverified, still counts; no claim is no mismatch.
      by('R', 'intentops-agent', undefined, false),
      // Written before the proposer was kept: the claim is all there is.
      rec('S', '2026-01-02T11:00:00.000Z', { who: 'intentops-agent' }),
    ],
    agents: AGENTS,
    since,
    until,
  });

  it('counts each change for its proposer: the PR author, else the git author, else (old records) the claim', () => {
    expect(m.overall.agent).toMatchObject({ deployments: 3, failures: 1 });
    expect(m.overall.human).toMatchObject({ deployments: 1, failures: 0 });
  });

  it('shows the claim beside the proposer and lists every mismatch', () => {
    expect(m.failures).toEqual([
      expect.objectContaining({
        execution: 'P',
        kind: 'agent',
        proposer: 'intentops-agent',
        proposer_verified: true,
        proposed_by: 'alice',
      }),
    ]);
    expect(m.mismatches).toEqual([
      { execution: 'P', proposer: 'intentops-agent', proposed_by: 'alice' },
      { execution: 'Q', proposer: 'alice', proposed_by: 'intentops-agent' },
    ]);
  });
});

describe('proposerKind', () => {
  it('agents by the policies’ names and GitHub Apps; everyone else is a human', () => {
    expect(proposerKind('intentops-agent', ['*-agent'])).toBe('agent');
    expect(proposerKind('renovate[bot]', [])).toBe('agent');
    expect(proposerKind('alice', ['*-agent'])).toBe('human');
    expect(proposerKind(undefined, ['*-agent'])).toBe('human');
  });
});

it('fingerprints of log incidents are the drafts’ own', () => {
  expect(draftFingerprint('restart-app', 'unexpected_restart', 'home-portal')).toMatch(/^[0-9a-f]{16}$/);
});
