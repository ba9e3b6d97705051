import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../test/helpers/record-fixture.js';
import { OUTCOME_MARKER, outcomeKey, outcomeRow, renderOutcomeComment } from './outcome-comment.js';

const where = { serverUrl: 'https://github.example', owner: 'acme', repo: 'gitops' };
const row = (path: string, over: Parameters<typeof makeRecord>[0]) => ({
  key: outcomeKey(path),
  row: outcomeRow(
    { path, record: makeRecord(over), recordUrl: 'https://r.example/x.yaml', followed: { kind: 'none' } },
    where,
  ),
});

describe('the outcome comment', () => {
  it('keeps the rows of earlier runs, and a retry replaces its request row in place', () => {
    const web = row('intents/requests/web.yaml', {});
    const db = row('intents/requests/db.yaml', {
      id: 'exec-20260101-120000-work-db-aaaaaa',
      status: 'interrupted',
    });
    const first = renderOutcomeComment(undefined, [web, db]);
    expect(first.split('\n', 1)[0]).toBe('### intentops ran 2 requests: ⚠️ 1 interrupted · ✅ 1 succeeded');
    const retried = row('intents/requests/db.yaml', {
      id: 'exec-20260101-130000-work-db-bbbbbb',
      retry_of: 'exec-20260101-120000-work-db-aaaaaa',
    });
    const second = renderOutcomeComment(first, [retried]);
    const rows = second.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows).toEqual([web.row, retried.row]);
    expect(rows[1]).toContain('(retry of <code>exec-20260101-120000-work-db-aaaaaa</code>)');
    expect(second.split('\n', 1)[0]).toBe('### intentops ran 2 requests: ✅ 2 succeeded');
    expect(second.trimEnd().endsWith(OUTCOME_MARKER)).toBe(true);
    // The same rows again change nothing: the sticky comment is left as it is.
    expect(renderOutcomeComment(second, [retried])).toBe(second);
  });

  it('a P1 indicator names the failure; its text is a cell, not markup', () => {
    const r = row('intents/requests/web.yaml', {
      status: 'failed',
      failure_indicators: [{ pattern: 'Crash|Loop <b>', severity: 'P1', source: 'step:apply', line: 'x' }],
    });
    expect(r.row).toContain('❌ failed P1 indicator <code>Crash\\|Loop &lt;b&gt;</code> in step:apply');
    expect(r.row.split(' | ')).toHaveLength(4);
  });
});
