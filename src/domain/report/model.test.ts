import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../../test/helpers/record-fixture.js';
import type { ExecutionRecord } from '../schemas/record.js';
import { chartSpecs } from './charts.js';
import { renderExecution } from './execution-page.js';
import { readLedger } from './ledger-view.js';
import { buildReportModel, executionPage } from './model.js';

const at = (day: number, h = 12) =>
  `2026-01-${String(day).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00.000Z`;

function records() {
  return [
    makeRecord({ id: 'a', timestamp: at(1), status: 'success', duration: '10s' }),
    makeRecord({ id: 'b', timestamp: at(2), status: 'failed', duration: '70s', anomalies: [] }),
    makeRecord({ id: 'c', timestamp: at(2, 13), status: 'denied', duration: '0s', anomalies: [] }),
    makeRecord({
      id: 'd',
      timestamp: at(3),
      intent: 'deploy-app',
      status: 'success',
      drafts: [{ fingerprint: 'fp1', path: 'https://github.com/o/r/issues/1', new: true }],
    }),
  ].map((record) => ({ path: `executions/${record.timestamp.slice(0, 10)}/${record.id}.yaml`, record }));
}

describe('report model', () => {
  it("a bake's follow-up record is no execution of its own: its verdict shows on the one it observes", () => {
    const all = records();
    const follow = makeRecord({
      id: 'a-bake',
      timestamp: at(1, 13),
      status: 'failed',
      observation_of: 'a',
      observation: {
        verdict: 'fail',
        reason: 'x',
        for: '3s',
        interval: '0.5s',
        expected_samples: 6,
        run_status: 'success',
        started: at(1),
        ended: at(1, 13),
        samples: [],
        first_seen: [],
      },
    });
    const m = buildReportModel({
      records: [...all, { path: 'executions/2026-01-01/a-bake.yaml', record: follow }],
      draftFingerprints: [],
      filed: [],
      ledger: null,
      now: new Date(at(4)),
    });
    expect(m.executions.map((e) => e.id)).not.toContain('a-bake');
    expect(m.executions.find((e) => e.id === 'a')?.bake).toBe('fail');
    expect(m.intents.find((i) => i.intent === 'work')?.total).toBe(3);
  });

  it('a rollback links both ways: the rollback names what it undid, the undone run its rollback', () => {
    const all = records();
    const rollback = makeRecord({
      id: 'a-rollback',
      timestamp: at(1, 14),
      rollback_of: 'a',
      rollback: { mode: 'auto', by: 'policy', trigger: "check 'x' fail" },
    });
    const m = buildReportModel({
      records: [...all, { path: 'executions/2026-01-01/a-rollback.yaml', record: rollback }],
      draftFingerprints: [],
      filed: [],
      ledger: null,
      now: new Date(at(4)),
    });
    expect(m.executions.find((e) => e.id === 'a')?.rolledBackBy).toBe('a-rollback');
    expect(m.executions.find((e) => e.id === 'a-rollback')?.rollbackOf).toBe('a');
    const page = renderExecution(all[0]?.record as ExecutionRecord, 'executions/x.yaml', {
      rolledBackBy: 'a-rollback',
    });
    expect(page).toContain('rolled back by <a href="a-rollback.html">a-rollback</a>');
    expect(renderExecution(rollback, 'executions/y.yaml')).toMatch(
      /rollback of <a href="a.html">a<\/a> \(auto, by policy\)/,
    );
  });

  it('counts runs, success rate without denied runs, time over expected, anomalies by rule', () => {
    const m = buildReportModel({
      records: records(),
      draftFingerprints: ['fp1', 'fp2'],
      filed: ['fp0-x.md'],
      ledger: null,
      now: new Date(at(4)),
    });
    const work = m.intents.find((i) => i.intent === 'work');
    expect(work).toMatchObject({ total: 3, byStatus: { success: 1, failed: 1, denied: 1, cancelled: 0 } });
    expect(work?.successRate).toBe(0.5);
    expect(work?.over).toBe(1); // 70s against 30s
    expect(m.perDay).toEqual({
      days: ['2026-01-01', '2026-01-02', '2026-01-03'],
      series: [
        { intent: 'deploy-app', counts: [0, 0, 1] },
        { intent: 'work', counts: [1, 2, 0] },
      ],
    });
    expect(m.anomaliesByRule).toEqual([{ rule: 'memory_spike', severity: 'P2', count: 2 }]);
    expect(m.incidents).toEqual({ drafts: 2, filed: 1 });
    expect(m.suggestions.present).toBe(false);
    expect(m.executions.map((e) => e.page)).toContain(executionPage('a'));
  });

  it('keeps only records since the given time', () => {
    const m = buildReportModel({
      records: records(),
      draftFingerprints: [],
      filed: [],
      ledger: null,
      now: new Date(at(4)),
      since: new Date(at(2, 12)),
    });
    expect(m.executions.map((e) => e.id)).toEqual(['b', 'c', 'd']);
  });

  it('reads the learning ledger tolerantly and charts suggestions by state', () => {
    // the learning loop's form (src/domain/schemas/ledger.ts): extra keys are ignored
    // the learning loop's form (src/domain/schemas/ledger.ts); keys the report does not need are ignored
    const ledger = readLedger({
      suggestions: [
        {
          id: 's1',
          trigger: 'repeated_anomaly',
          state: 'accepted',
          pr: 12,
          url: 'https://github.com/o/r/pull/12',
          branch: 'b',
        },
        { id: 's2', trigger: 'repeated_manual_fix', state: 'open', url: 'javascript:alert(1)' },
        { id: 's3', trigger: 'x', state: 'maybe' },
        { id: 's4', trigger: 'post_intent_manual_step', state: 'local' },
      ],
    });
    expect(ledger.skipped).toBe(1);
    expect(readLedger([{ id: 1, trigger: 't', state: 'rejected' }]).entries[0]?.id).toBe('1');
    expect(readLedger('nonsense')).toEqual({ entries: [], skipped: 0 });
    const m = buildReportModel({ records: [], draftFingerprints: [], filed: [], ledger, now: new Date() });
    expect(m.suggestions.byState).toEqual({ open: 1, accepted: 1, rejected: 0, local: 1 });
    expect(m.suggestions.entries.slice(0, 2)).toEqual([
      {
        id: 's1',
        trigger: 'repeated_anomaly',
        state: 'accepted',
        pr: '12',
        url: 'https://github.com/o/r/pull/12',
      },
      { id: 's2', trigger: 'repeated_manual_fix', state: 'open', pr: null, url: null },
    ]);
    expect(chartSpecs(m).find((c) => c.id === 'suggestions')?.labels).toEqual([
      'open',
      'accepted',
      'rejected',
      'local',
    ]);
  });

  it('makes execution page names safe whatever the id', () => {
    expect(executionPage('../../etc/passwd')).toBe('executions/.._.._etc_passwd.html');
  });
});
