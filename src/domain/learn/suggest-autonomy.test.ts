import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeRecord } from '../../../test/helpers/record-fixture.js';
import type { MetricsRecord } from '../metrics/facts.js';
import { type LearningTrigger, LearningTriggerSchema } from '../schemas/learning.js';
import { PolicyFileSchema } from '../schemas/policy.js';
import type { CatalogView } from './catalog-view.js';
import { autonomySuggestions } from './suggest-autonomy.js';
import type { Skipped, Suggestion } from './types.js';

// An agent beside the people on the same intent over a hand-built fortnight: every count below is
// worked out from the records listed.

const since = new Date('2026-01-01T00:00:00Z');
const until = new Date('2026-01-15T00:00:00Z');
const AGENT = 'ops-agent';
const POLICIES = `# the team's policies
policies:
  - name: agents-low
    match: { risk: [low, medium] }
    autonomy:
      agents: [ops-agent]
      auto_merge: true
      max_risk: low
`;
const view: CatalogView = {
  intents: new Map(),
  outcomes: new Map(),
  rules: [],
  policies: [
    { path: 'intents/policies/agents.yaml', text: POLICIES, data: PolicyFileSchema.parse(parse(POLICIES)) },
  ],
};
const trigger = (over: Record<string, unknown> = {}): LearningTrigger =>
  LearningTriggerSchema.parse({
    pattern: 'agent_track_record',
    threshold: 20,
    action: 'suggest_policy_update',
    window: '14d',
    ...over,
  });

let n = 0;
function change(
  who: string,
  day: number,
  status: 'success' | 'failed' = 'success',
  intent = 'restart-app',
): MetricsRecord {
  n += 1;
  return makeRecord({
    id: `exec-${n}`,
    timestamp: new Date(since.getTime() + day * 86_400_000 + n * 1000).toISOString(),
    intent,
    params: { app: `app-${n % 3}` },
    request: { path: `intents/requests/r${n}.yaml`, commit: 'abc', reason: 'test', proposed_by: who },
    anomalies: [],
    duration: '30s',
    status,
  });
}

/** `agent` changes by the agent (`agentFailed` of them failed), 20 by people of which 2 failed. */
function fortnight(agent: number, agentFailed: number): MetricsRecord[] {
  const out: MetricsRecord[] = [];
  for (let i = 0; i < agent; i++) out.push(change(AGENT, i % 13, i < agentFailed ? 'failed' : 'success'));
  for (let i = 0; i < 20; i++)
    out.push(change(i % 2 ? 'alice' : 'bob', i % 13, i < 2 ? 'failed' : 'success'));
  // Another agent's failures on the same intent are neither the agent's nor the people's.
  for (let i = 0; i < 5; i++) out.push(change('other-bot[bot]', 3, 'failed'));
  // A deploy the agent never ran: not part of the comparison.
  out.push(change('carol', 2, 'failed', 'deploy-app'));
  return out;
}

const run = (records: MetricsRecord[], t = trigger()) =>
  autonomySuggestions(t, { records, agents: [AGENT], closes: [], anomalyLog: [], since, until }, view);
const suggestion = (xs: (Suggestion | Skipped)[]) => xs.find((x): x is Suggestion => 'changes' in x);

describe('autonomy earned by track record', () => {
  it('20 changes failing no more often than people’s on the same intents raise max_risk one step', () => {
    // agent: 1 of 20 failed (5 %); people on restart-app: 2 of 20 (10 %); deploy-app and the other bot left out.
    const s = suggestion(run(fortnight(20, 1)));
    expect(s?.id).toBe('autonomy-ops-agent-raise');
    expect(s?.title).toBe(
      "Raise ops-agent's max_risk to medium (20 changes, failure rate 5 % vs people's 10 %)",
    );
    expect(s?.rationale).toContain('people made 20 with 10 %');
    expect(s?.evidence).toHaveLength(20);
    const after = parse(s?.changes[0]?.after ?? '');
    expect(after.policies[0].autonomy).toEqual({
      agents: ['ops-agent'],
      auto_merge: true,
      max_risk: 'medium',
    });
    expect(s?.changes[0]?.after).toContain("# the team's policies");
    expect(s?.changes[0]?.after).toMatch(/# learned: raised after 20 changes of ops-agent/);
  });

  it('too few changes, or a worse failure rate than people’s, earn nothing; the margin in learning.yaml allows some', () => {
    expect(run(fortnight(19, 0))).toEqual([
      expect.objectContaining({
        reason: expect.stringContaining(
          'made 19 change(s) whose 24 h attribution window closed in the window; 20 are needed',
        ),
      }),
    ]);
    // 3 of 20 = 15 % against people's 10 %.
    expect(run(fortnight(20, 3))).toEqual([
      expect.objectContaining({ reason: "ops-agent's change failure rate 15 % is worse than people's 10 %" }),
    ]);
    expect(suggestion(run(fortnight(20, 3), trigger({ margin: 0.05 })))?.id).toBe('autonomy-ops-agent-raise');
  });

  it('a change of the agent that was rolled back lowers max_risk one step, whatever the rate', () => {
    const records = fortnight(25, 0);
    const raised = PolicyFileSchema.parse(parse(POLICIES.replace('max_risk: low', 'max_risk: high')));
    const v: CatalogView = {
      ...view,
      policies: [
        {
          ...(view.policies[0] as CatalogView['policies'][number]),
          text: POLICIES.replace('max_risk: low', 'max_risk: high'),
          data: raised,
        },
      ],
    };
    const victim = records[4] as MetricsRecord;
    const rollback = { ...change('alice', 5), rollback_of: victim.id } as MetricsRecord;
    const out = autonomySuggestions(
      trigger(),
      { records: [...records, rollback], agents: [AGENT], closes: [], anomalyLog: [], since, until },
      v,
    );
    const s = suggestion(out);
    expect(s?.id).toBe('autonomy-ops-agent-lower');
    expect(s?.evidence.map((o) => o.execution)).toEqual([victim.id]);
    expect(parse(s?.changes[0]?.after ?? '').policies[0].autonomy.max_risk).toBe('medium');
  });

  it('attributes by who opened the request PR: a claimed proposed_by moves nothing (issue 30, item 1)', () => {
    // The agent opened 2 PRs whose requests say `proposed_by: alice` (one) or nothing (the other);
    // both were rolled back. Alice opened 2 clean ones that say `proposed_by: ops-agent`. By the
    // claims the agent made 2 clean changes beside people failing 100 %: "Raise … to medium".
    const by = (login: string, claim: string | undefined, day: number) => {
      const r = change(claim ?? '', day);
      const { proposed_by: _, ...request } = r.request;
      return makeRecord({
        ...r,
        request: {
          ...request,
          ...(claim ? { proposed_by: claim } : {}),
          proposer: { login, source: 'pr_author', verified: true },
        },
      });
    };
    const bad = [by(AGENT, 'alice', 1), by(AGENT, undefined, 2)];
    const records = [
      ...bad,
      ...bad.map((b, i) => ({ ...change('alice', 1 + i), rollback_of: b.id }) as MetricsRecord),
      by('alice', AGENT, 3),
      by('alice', AGENT, 4),
    ];
    const raised = PolicyFileSchema.parse(parse(POLICIES.replace('max_risk: low', 'max_risk: medium')));
    const v: CatalogView = {
      ...view,
      policies: [
        {
          ...(view.policies[0] as CatalogView['policies'][number]),
          text: POLICIES.replace('max_risk: low', 'max_risk: medium'),
          data: raised,
        },
      ],
    };
    const out = autonomySuggestions(
      trigger({ threshold: 2 }),
      { records, agents: [AGENT], closes: [], anomalyLog: [], since, until },
      v,
    );
    const s = suggestion(out);
    expect(s?.title).toBe("Lower ops-agent's max_risk (2 change(s) caused an incident or a rollback)");
    expect(s?.evidence.map((o) => o.execution)).toEqual(bad.map((b) => b.id));
    expect(s?.rationale).toContain('ops-agent made 2 change(s) with a change failure rate of 100 %');
    expect(s?.rationale).toContain('people made 2 with 0 %');
  });

  describe('only changes whose attribution window closed are judged (issue 30, item 2)', () => {
    // U: a weekly run. The agent's 3 clean restarts ran 3, 2 and 1 h before it, a person's 5 h before.
    // The bake of the last one opened an incident 4 h after it ended (3 h after U).
    const U = Date.parse('2026-01-20T06:00:00Z');
    const at = (ms: number, who: string, id: string) =>
      makeRecord({
        id,
        timestamp: new Date(ms).toISOString(),
        intent: 'restart-app',
        params: { app: 'shop' },
        request: { path: `intents/requests/${id}.yaml`, commit: 'abc', reason: 't', proposed_by: who },
        anomalies: [],
        duration: '60s',
      });
    const H = 3_600_000;
    const history = [
      at(U - 5 * H, 'alice', 'p1'),
      at(U - 3 * H, AGENT, 'a1'),
      at(U - 2 * H, AGENT, 'a2'),
      at(U - 1 * H, AGENT, 'a3'),
    ];
    const incident = makeRecord({
      ...at(U - 1 * H + 60_000, AGENT, 'a3-bake'),
      observation_of: 'a3',
      drafts: [{ fingerprint: 'fp', path: 'incidents/drafts/fp.md', new: true }],
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
      observation: {
        ...{ verdict: 'fail', reason: 'rule fired', for: '6h', interval: '1m', expected_samples: 360 },
        ...{ run_status: 'success', started: new Date(U - H + 60_000).toISOString(), samples: [] },
        ended: new Date(U + 3 * H + 60_000).toISOString(),
        first_seen: [
          {
            what: 'rule:error_rate_increase',
            severity: 'P2',
            at: new Date(U + 3 * H + 60_000).toISOString(),
            after_run: '4 h',
            after_run_ms: 4 * H,
          },
        ],
      },
    });
    const medium = PolicyFileSchema.parse(parse(POLICIES.replace('max_risk: low', 'max_risk: medium')));
    const v: CatalogView = {
      ...view,
      policies: [
        {
          ...(view.policies[0] as CatalogView['policies'][number]),
          text: POLICIES.replace('max_risk: low', 'max_risk: medium'),
          data: medium,
        },
      ],
    };
    const learnAt = (now: number, records: MetricsRecord[]) =>
      autonomySuggestions(
        trigger({ threshold: 3, window: '7d' }),
        {
          records,
          agents: [AGENT],
          closes: [],
          anomalyLog: [],
          since: new Date(now - 7 * 24 * H),
          until: new Date(now),
        },
        v,
      );

    it('three clean changes 1–3 h old earn no raise yet', () => {
      const out = learnAt(U, history);
      expect(suggestion(out)).toBeUndefined();
      expect(out).toEqual([
        expect.objectContaining({
          reason:
            'ops-agent made 0 change(s) whose 24 h attribution window closed in the window (3 still open); 3 are needed to earn more autonomy',
        }),
      ]);
    });

    it('the incident 4 h later lowers it that day, and the next weekly run still counts it', () => {
      const that = suggestion(learnAt(U + 5 * H, [...history, incident]));
      expect(that?.id).toBe('autonomy-ops-agent-lower');
      const next = suggestion(learnAt(U + 7 * 24 * H, [...history, incident]));
      expect(next?.id).toBe('autonomy-ops-agent-lower');
      expect(next?.evidence.map((o) => o.execution)).toEqual(['a3']);
      // A week on, with the windows closed and nothing new, the old incident lowers nothing again.
      expect(suggestion(learnAt(U + 14 * 24 * H, [...history, incident]))).toBeUndefined();
    });

    it('a clean history is raised once its windows have closed', () => {
      const s = suggestion(learnAt(U + 24 * H, history));
      expect(s?.title).toBe(
        "Raise ops-agent's max_risk to high (3 changes, failure rate 0 % vs people's 0 %)",
      );
      expect(s?.rationale).toContain(
        'ops-agent made 3 change(s) whose 24 h attribution window closed in the window with a change failure rate of 0 %',
      );
    });
  });

  describe('a drift-denied request run by /retry counts once (its first run that ran)', () => {
    /** A request of `who` the drift guard denied on `day`, then the retries' statuses in order. */
    function denied(who: string, day: number, retries: ('success' | 'failed' | 'denied')[]): MetricsRecord[] {
      const root = change(who, day);
      const refused = makeRecord({
        ...root,
        status: 'denied',
        policy: {
          verdict: 'deny',
          reasons: ['careful/on_drift: deny — the cluster moved since the approved plan'],
        },
        duration: '0s',
      }) as MetricsRecord;
      return [
        refused,
        ...retries.map(
          (status, i) =>
            makeRecord({
              ...root,
              id: `${root.id}-retry${i + 1}`,
              timestamp: new Date(Date.parse(root.timestamp) + (i + 1) * 3_600_000).toISOString(),
              status,
              retry_of: root.id,
            }) as MetricsRecord,
        ),
      ];
    }

    it('19 changes and a denied request run on its second retry: 20 changes, 1 failed — not 21, not 19', () => {
      const records = [...fortnight(19, 0), ...denied(AGENT, 4, ['denied', 'failed', 'success'])];
      const s = suggestion(run(records));
      expect(s?.title).toBe(
        "Raise ops-agent's max_risk to medium (20 changes, failure rate 5 % vs people's 10 %)",
      );
      // The change is the first retry that ran (the failed one), dated by it.
      const first = records.find((r) => r.id.endsWith('-retry2'));
      expect(s?.evidence).toContainEqual(
        expect.objectContaining({ execution: first?.id, at: first?.timestamp }),
      );
      expect(s?.evidence).toHaveLength(20);
    });

    it('more retries earn nothing: a chain of them is one change', () => {
      const records = [...fortnight(18, 0), ...denied(AGENT, 4, ['failed', 'failed', 'failed', 'success'])];
      expect(run(records)).toEqual([
        expect.objectContaining({
          reason: expect.stringContaining(
            'made 19 change(s) whose 24 h attribution window closed in the window',
          ),
        }),
      ]);
    });

    it('another agent’s retries are neither the agent’s nor the people’s', () => {
      // Left in the pool, other-bot's second retry would count as a change of an agent ([bot]).
      const records = [...fortnight(19, 0), ...denied('other-bot[bot]', 4, ['failed', 'success'])];
      expect(run(records)).toEqual([
        expect.objectContaining({
          reason: expect.stringContaining(
            'made 19 change(s) whose 24 h attribution window closed in the window',
          ),
        }),
      ]);
    });
  });

  it('no people’s changes on those intents: nothing to compare with, said so', () => {
    const mine = Array.from({ length: 20 }, (_, i) => change(AGENT, i % 13));
    expect(run(mine)).toEqual([
      expect.objectContaining({
        reason:
          'no change by people on restart-app whose attribution window closed in the window to compare ops-agent with',
      }),
    ]);
  });

  it('learning.yaml: the trigger suggests policy updates only, and margin belongs to it alone', () => {
    expect(() => trigger({ action: 'suggest_new_intent' })).toThrow(/must be suggest_policy_update/);
    expect(() =>
      LearningTriggerSchema.parse({
        pattern: 'repeated_anomaly',
        threshold: 3,
        action: 'suggest_policy_update',
        margin: 0.1,
      }),
    ).toThrow(/margin applies to agent_track_record only/);
  });
});
