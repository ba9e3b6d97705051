import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../../test/helpers/record-fixture.js';
import { sealRecord } from '../records/record.js';
import { rollupCounts, rollupDigest } from '../records/rollup.js';
import type { LedgerEntry } from '../schemas/ledger.js';
import type { ExecutionRecord, UnsignedRecord } from '../schemas/record.js';
import type { Rollup } from '../schemas/rollup.js';
import {
  type IncidentIssueFact,
  recordFacts,
  type ScorecardInput,
  type ScoreRow,
  scorecard,
} from './scorecard.js';
import { scorecardLine, scorecardMarkdown, scorecardText } from './scorecard-render.js';

// A hand-built ten days (2026-01-01 … 01-11) whose every row is worked out by hand in the comments.

const since = new Date('2026-01-01T00:00:00.000Z');
const until = new Date('2026-01-11T00:00:00.000Z');
const GH = { kind: 'github' as const, run_url: 'https://github.example/o/r/actions/runs/1' };

/** A chain: each record names the one before it. */
function chain(first: string, list: Partial<UnsignedRecord>[]): ExecutionRecord[] {
  let prev: string | null = first;
  return list.map((over) => {
    const r = makeRecord({ anomalies: [], prev_digest: prev, ...over });
    prev = r.digest;
    return r;
  });
}

const pods = (at: string) => ({
  kubernetes: {
    pods: [
      {
        name: 'web-1',
        phase: 'Running',
        ready: false,
        restarts: 3,
        containers: [
          { name: 'web', image: 'web:2', ready: false, restarts: 3, terminated: 'Error', terminatedAt: at },
        ],
      },
    ],
  },
});

// The rollup: one pruned execution of the period (E, 01-01 05:00) with one anomaly; the chain starts there.
const entry = {
  id: 'exec-20260101-050000-work-web-eeeeee',
  path: 'executions/2026-01-01/exec-20260101-050000-work-web-eeeeee.yaml',
  timestamp: '2026-01-01T05:00:00.000Z',
  intent: 'work',
  target: 'web',
  status: 'success' as const,
  duration_s: 10,
  anomalies: [{ rule: 'memory_spike', severity: 'P2' as const }],
  request: 'intents/requests/e.yaml',
  digest: 'sha256:e0',
  prev_digest: null,
};
const rollupBody = { week: '2026-W01', counts: rollupCounts([entry]), records: [entry] };
const rollup: Rollup = { ...rollupBody, digest: rollupDigest(rollupBody) };

function history(): ExecutionRecord[] {
  const [a, b, bake, c, d] = chain('sha256:e0', [
    // A: run by the action, nothing fired.
    { id: 'exec-a', timestamp: '2026-01-02T10:00:00.000Z', origin: GH },
    // B: its anomaly; the pod's container finished 10:00:05, the run ended 10:00:12.5 → 7.5 s.
    {
      id: 'exec-b',
      timestamp: '2026-01-03T10:00:00.000Z',
      origin: GH,
      after: { metrics: { memory_usage: 75 }, pod_restarts: 2, ...pods('2026-01-03T10:00:05.000Z') },
      anomalies: makeRecord().anomalies,
    },
    // B's bake: the sample at 10:03 saw rule crash, its pod finished 10:02 → 60 s; the bake failed
    // at 10:09, seven minutes after the state showed at 10:02 → 420 s, over the 5 minutes.
    {
      id: 'exec-b-bake',
      timestamp: '2026-01-03T10:00:13.000Z',
      origin: GH,
      status: 'failed',
      observation_of: 'exec-b',
      observation: {
        verdict: 'fail',
        reason: "anomaly rule 'crash' (P1) fired",
        for: '10m',
        interval: '1m',
        expected_samples: 10,
        run_status: 'success',
        started: '2026-01-03T10:00:12.500Z',
        ended: '2026-01-03T10:09:00.000Z',
        samples: [
          {
            at: '2026-01-03T10:03:00.000Z',
            snapshot: pods('2026-01-03T10:02:00.000Z'),
            indicators: [],
            anomalies: [{ rule: 'crash', severity: 'P1', action: 'create_incident_draft' }],
          },
        ],
        first_seen: [
          {
            what: 'rule:crash',
            severity: 'P1',
            at: '2026-01-03T10:03:00.000Z',
            after_run: '2 m 47 s',
            after_run_ms: 167_500,
          },
        ],
      },
    },
    // C: a record from before records kept their origin: no job summary known.
    { id: 'exec-c', timestamp: '2026-01-04T10:00:00.000Z' },
    // D: a local run: no merged request.
    {
      id: 'exec-d',
      timestamp: '2026-01-05T10:00:00.000Z',
      origin: { kind: 'local', host: 'laptop', user: 'alice' },
    },
  ]) as ExecutionRecord[];
  // C was edited after it was written: its digest no longer matches (the chain still names it).
  const edited = { ...(c as ExecutionRecord), status: 'failed' as const };
  // An older record (before the period): in the chain, not in the rows.
  const old = sealRecord({ ...makeRecord({ id: 'exec-old', timestamp: '2025-12-20T10:00:00.000Z' }) });
  return [old, a, b, bake, edited, d] as ExecutionRecord[];
}

const issues: IncidentIssueFact[] = [
  // The bot's own draft: filled.
  {
    number: 1,
    url: 'u/1',
    title: 'work on web: crash',
    bot: true,
    context: false,
    createdAt: '2026-01-03T10:09:01Z',
  },
  // Opened by hand, named exec-b: the bot offered its context.
  {
    number: 2,
    url: 'u/2',
    title: 'web is down after exec-b',
    bot: false,
    context: true,
    createdAt: '2026-01-04T08:00:00Z',
  },
  // Opened by hand, naming nothing the records know.
  {
    number: 3,
    url: 'u/3',
    title: 'checkout slow',
    bot: false,
    context: false,
    createdAt: '2026-01-06T08:00:00Z',
  },
  // Before the period: not counted.
  { number: 4, url: 'u/4', title: 'old', bot: false, context: false, createdAt: '2025-12-01T08:00:00Z' },
];

function ledgerEntry(id: string, over: Partial<LedgerEntry>): LedgerEntry {
  return {
    id,
    trigger: 'repeated_anomaly',
    action: 'tighten',
    title: id,
    state: 'open',
    branch: `intentops/learn/${id}`,
    first_evidence: '2025-12-28T00:00:00.000Z',
    last_evidence: '2026-01-01T00:00:00.000Z',
    evidence: 3,
    content: 'sha256:x',
    opened_at: '2026-01-01T12:00:00.000Z',
    updated_at: '2026-01-01T12:00:00.000Z',
    ...over,
  } as LedgerEntry;
}

const ledger = [
  // Merged 9 days after its PR opened.
  ledgerEntry('late', { state: 'accepted', pr: 7, decided_at: '2026-01-10T12:00:00.000Z' }),
  // Merged after 2 days (first evidence 2 days before the PR; the others' 4.5 and 5: median 4.5).
  ledgerEntry('quick', {
    state: 'accepted',
    pr: 8,
    first_evidence: '2026-01-01T00:00:00.000Z',
    opened_at: '2026-01-03T00:00:00.000Z',
    decided_at: '2026-01-05T00:00:00.000Z',
  }),
  // Closed after 2 days.
  ledgerEntry('no', {
    state: 'rejected',
    pr: 9,
    opened_at: '2026-01-02T00:00:00.000Z',
    decided_at: '2026-01-04T00:00:00.000Z',
  }),
  // Opened two days before the end: not judged yet.
  ledgerEntry('fresh', { opened_at: '2026-01-09T00:00:00.000Z' }),
];

function input(over: Partial<ScorecardInput> = {}): ScorecardInput {
  return {
    since,
    until,
    records: history().map((r) => recordFacts(r)),
    unreadable: [{ path: 'executions/2026-01-05/exec-bad.yaml', reason: 'not YAML: bad indentation' }],
    rollups: [{ path: 'executions/rollups/2026-W01.yaml', rollup }],
    issues,
    ledger,
    ...over,
  };
}

const byName = (rows: ScoreRow[], c: ScoreRow['criterion']) =>
  rows.find((r) => r.criterion === c) as ScoreRow;

describe('scorecard', () => {
  it('gives the five rows in the seed order with the JSON fields', () => {
    const rows = scorecard(input());
    expect(rows.map((r) => r.criterion)).toEqual([
      'visibility',
      'detection',
      'incident_coverage',
      'learning_velocity',
      'audit',
    ]);
  });

  it('visibility: records with a job summary and a report row ÷ merged requests, rollups included', () => {
    const v = byName(scorecard(input()), 'visibility');
    // Requests: E (pruned), A, B, C, the unreadable file = 5 (D is local, the bake a follow-up).
    // Seen: E (by its record), A, B = 3.
    expect(v.value).toBeCloseTo(3 / 5);
    expect(v.pass).toBe(false);
    expect(v.behind.map((b) => b.id)).toEqual(['exec-c', 'executions/2026-01-05/exec-bad.yaml']);
    expect(v.notes.join('\n')).toMatch(/1 execution\(s\) pruned into rollups/);
    expect(v.notes.join('\n')).toMatch(/1 local run/);
  });

  it('visibility: a drift-denied request run by /retry is one merged request, seen by its own record', () => {
    // The denial is the request's record (written by the action); the retries are the same request.
    const [d, r1, r2] = chain('sha256:e0', [
      {
        id: 'exec-d',
        timestamp: '2026-01-04T10:00:00.000Z',
        origin: GH,
        status: 'denied',
        policy: {
          verdict: 'deny',
          reasons: ['careful/on_drift: deny — the cluster moved since the approved plan'],
        },
      },
      {
        id: 'exec-d-r1',
        timestamp: '2026-01-04T11:00:00.000Z',
        origin: GH,
        status: 'failed',
        retry_of: 'exec-d',
      },
      { id: 'exec-d-r2', timestamp: '2026-01-04T12:00:00.000Z', origin: GH, retry_of: 'exec-d' },
    ]);
    const v = byName(
      scorecard(
        input({
          records: [d, r1, r2].map((r) => recordFacts(r as ExecutionRecord)),
          unreadable: [],
          rollups: [],
        }),
      ),
      'visibility',
    );
    expect(v.detail).toBe(
      '1 of 1 merged request(s) have a committed record, a job summary and a report row (100 %)',
    );
  });

  it('detection: p95 of state shown → flag over anomalies and failed bakes, the slow one behind', () => {
    const d = byName(scorecard(input()), 'detection');
    // B's anomaly 7.5 s, the bake's rule 60 s, the failed bake 420 s: p95 (nearest rank) = 420 s.
    expect(d.value).toBe(420);
    expect(d.threshold).toBe(300);
    expect(d.pass).toBe(false);
    expect(d.detail).toMatch(/p50 1 m 0 s, p95 7 m 0 s, max 7 m 0 s over 3 flag/);
    expect(d.behind).toEqual([
      { id: 'exec-b', why: expect.stringMatching(/^bake failed: .*7 m 0 s after it showed$/) },
    ]);
    expect(d.notes.join('\n')).toMatch(/1 anomal\(ies\) in pruned records \(rollups\) keep no times/);
  });

  it('detection: a run anomaly without a pod time is dated by the run end, and said so', () => {
    const r = makeRecord({ id: 'exec-x', timestamp: '2026-01-02T00:00:00.000Z' });
    const d = byName(scorecard(input({ records: [recordFacts(r)], rollups: [] })), 'detection');
    expect(d.value).toBe(0);
    expect(d.pass).toBe(true);
    expect(d.notes.join('\n')).toMatch(/1 run anomal\(ies\) without a pod time/);
  });

  it('incident coverage: hand-opened issues count; the one without context is behind', () => {
    const c = byName(scorecard(input()), 'incident_coverage');
    expect(c.value).toBeCloseTo(2 / 3);
    expect(c.pass).toBe(false);
    expect(c.detail).toMatch(/2 of 3 incident issue\(s\).*2 opened by hand, 1 of them given the context/);
    expect(c.behind).toEqual([{ id: 'u/3', why: '#3 "checkout slow": opened by hand, no context' }]);
  });

  it('incident coverage: without the issues the row says why and does not pass', () => {
    const c = byName(
      scorecard(input({ issues: { unavailable: 'no GitHub repository' } })),
      'incident_coverage',
    );
    expect(c.value).toBeNull();
    expect(c.pass).toBe(false);
    expect(c.detail).toBe('incident issues not read: no GitHub repository');
  });

  it('learning velocity: median PR opened → decided, the 9-day merge counted late', () => {
    const l = byName(scorecard(input()), 'learning_velocity');
    // Judged: late 9 d, quick 2 d, no 2 d (fresh is 2 days old): median 2 d; 1 of 3 merged within 7 d.
    expect(l.value).toBe(2);
    expect(l.pass).toBe(true);
    expect(l.detail).toMatch(/median 2 day\(s\) over 3 suggestion\(s\); 1 of 3 merged within 7 days/);
    expect(l.detail).toMatch(/first evidence → PR opened median 4.5 day/);
    expect(l.notes).toEqual(['1 suggestion PR(s) open for less than 7 days: not judged yet']);
    // Alone, the 9-day merge fails the row and is named.
    const alone = byName(scorecard(input({ ledger: [ledger[0] as LedgerEntry] })), 'learning_velocity');
    expect(alone.value).toBe(9);
    expect(alone.pass).toBe(false);
    expect(alone.behind).toEqual([{ id: 'late (PR #7)', why: 'merged 9 days after its PR opened' }]);
  });

  it('audit: records that verify and replay ÷ records kept, rollups included', () => {
    const a = byName(scorecard(input()), 'audit');
    // Kept in the period: E (rollup), A, B, B's bake, C, D, the unreadable file = 7; C changed, the file unreadable.
    expect(a.value).toBeCloseTo(5 / 7);
    expect(a.pass).toBe(false);
    expect(a.behind.map((b) => b.id)).toEqual(['exec-c', 'executions/2026-01-05/exec-bad.yaml']);
    expect(a.behind[0]?.why).toMatch(/^changed: /);
  });

  it('audit: a changed rollup fails its entries', () => {
    const bad = { ...rollup, records: [{ ...entry, status: 'failed' as const }] };
    const a = byName(
      scorecard(input({ rollups: [{ path: 'executions/rollups/2026-W01.yaml', rollup: bad }] })),
      'audit',
    );
    expect(a.behind.map((b) => b.id)).toContain(entry.id);
  });

  it('an empty period has no values, says so, and hides nothing behind a 100 %', () => {
    const rows = scorecard(input({ records: [], unreadable: [], rollups: [], issues: [], ledger: [] }));
    expect(rows.map((r) => r.value)).toEqual([null, null, null, null, null]);
    expect(rows.map((r) => r.detail)).toEqual([
      'no merged request in the period',
      'no anomaly or failed bake in the period',
      'no incident issue opened in the period',
      'no suggestion PR to judge in the period',
      'no record in the period',
    ]);
  });

  it('renders as text, Markdown and one line', () => {
    const rows = scorecard(input());
    const text = scorecardText(rows);
    expect(text.split('\n')[1]).toMatch(/^criterion\s+value\s+threshold\s+result$/);
    expect(text).toMatch(/^visibility\s+60 %\s+≥ 100 %\s+FAIL$/m);
    expect(text).toMatch(/^detection\s+7 m 0 s\s+≤ 5 m 0 s\s+FAIL$/m);
    expect(text).toMatch(/^learning_velocity\s+2 d\s+≤ 7 d\s+pass$/m);
    expect(text).toMatch(/behind: exec-c — the record does not say which run wrote it/);
    const md = scorecardMarkdown(rows);
    expect(md).toMatch(/^\| audit \| Can replay any execution from logs \| 71.4 % \| ≥ 100 % \| ❌ fail \|/m);
    expect(scorecardLine(rows)).toBe(
      '**Scorecard:** visibility 60 % ❌ · detection 7 m 0 s ❌ · incident_coverage 66.7 % ❌ · learning_velocity 2 d ✅ · audit 71.4 % ❌',
    );
  });
});
