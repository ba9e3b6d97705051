import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../../test/helpers/record-fixture.js';
import type { Anomaly } from '../schemas/record.js';
import { incidentRows } from './incidents.js';

const anomaly = (rule: string, severity: Anomaly['severity']): Anomaly => ({
  rule,
  severity,
  action: 'create_incident_draft',
  condition: 'x',
  rules_file: 'intents/anomaly-rules/default.yaml',
  inputs: {},
});

const run = (id: string, at: string, fp: string, path: string, severity: Anomaly['severity'] = 'P2') => ({
  record: makeRecord({
    id,
    timestamp: at,
    params: { app: 'web' },
    anomalies: [anomaly('memory_spike', severity)],
    drafts: [{ fingerprint: fp, path, new: false }],
  }),
});

describe('the report’s incidents list', () => {
  it('counts occurrences per fingerprint, prefers the issue link, and is closed only by a later closing', () => {
    const rows = incidentRows(
      [
        run('a', '2026-01-01T10:00:00Z', 'fp-web', '../../incidents/drafts/web.md'),
        run('b', '2026-01-02T10:00:00Z', 'fp-web', 'https://github.com/o/r/issues/4'),
        run('c', '2026-01-01T10:00:00Z', 'fp-old', 'https://github.com/o/r/issues/2', 'P1'),
        run('d', '2026-01-03T10:00:00Z', 'fp-back', 'https://github.com/o/r/issues/3', 'P3'),
      ],
      [],
      [
        { fingerprint: 'fp-old', at: Date.parse('2026-01-01T12:00:00Z') }, // closed after its only run
        { fingerprint: 'fp-back', at: Date.parse('2026-01-02T12:00:00Z') }, // happened again after closing
      ],
    );
    expect(rows.map((r) => [r.fingerprint, r.open, r.occurrences, r.link])).toEqual([
      ['fp-web', true, 2, 'https://github.com/o/r/issues/4'],
      ['fp-back', true, 1, 'https://github.com/o/r/issues/3'],
      ['fp-old', false, 1, 'https://github.com/o/r/issues/2'], // closed ones last, even a P1
    ]);
    expect(rows[0]?.title).toBe('Work web: unexpected memory spike');
  });

  it("a local draft's front matter gives the title a person may have edited and its own count", () => {
    const rows = incidentRows(
      [run('a', '2026-01-01T10:00:00Z', 'fp-web', '../../incidents/drafts/web.md')],
      [
        {
          fingerprint: 'fp-web',
          title: 'Web leaks memory',
          severity: 'P1',
          occurrences: 4,
          where: 'incidents/drafts/web.md',
        },
        {
          fingerprint: null,
          title: 'hand-written.md',
          severity: null,
          where: 'incidents/drafts/hand-written.md',
        },
      ],
      [],
    );
    expect(rows).toMatchObject([
      { fingerprint: 'fp-web', title: 'Web leaks memory', severity: 'P1', occurrences: 4, open: true },
      { fingerprint: 'file:incidents/drafts/hand-written.md', severity: '?', occurrences: 1, open: true },
    ]);
  });
});
