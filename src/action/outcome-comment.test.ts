import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../test/helpers/record-fixture.js';
import {
  OUTCOME_MARKER,
  outcomeKey,
  outcomeRow,
  renderOutcomeComment,
  withNextAction,
} from './outcome-comment.js';

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

  it('mentions nobody: a policy reason naming a team is written so that GitHub links no one', () => {
    const api = row('intents/requests/api.yaml', {
      id: 'exec-api',
      status: 'denied',
      policy: { verdict: 'deny', reasons: ['alice is not in proposers.allow (@acme/sre)'] },
    });
    const body = renderOutcomeComment(undefined, [api]);
    expect(body).toContain('acme/sre');
    expect(body).not.toMatch(/@[A-Za-z0-9]/);
  });

  it('a P1 indicator names the failure; its text is a cell, not markup', () => {
    const r = row('intents/requests/web.yaml', {
      status: 'failed',
      failure_indicators: [{ pattern: 'Crash|Loop <b>', severity: 'P1', source: 'step:apply', line: 'x' }],
    });
    expect(r.row).toContain('❌ failed P1 indicator <code>Crash\\|Loop &lt;b&gt;</code> in step:apply');
    expect(r.row.split(' | ')).toHaveLength(4);
  });

  it('a denied request is a row of the same comment: its reason said once, no step ran, its next action', () => {
    const web = row('intents/requests/web.yaml', {});
    const reason = 'two-humans/approvals: hold — 1 of 2 required approval(s)';
    const api = row('intents/requests/api.yaml', {
      id: 'exec-20260101-120000-work-api-cccccc',
      status: 'denied',
      status_reason: reason,
      policy: { verdict: 'deny', reasons: [reason] },
    });
    const body = renderOutcomeComment(undefined, [web, api]);
    expect(body.split('\n', 1)[0]).toBe('### intentops ran 2 requests: ⛔ 1 denied · ✅ 1 succeeded');
    expect(api.row).toContain(`⛔ denied, no step ran: ${reason} |`);
    expect(api.row).toContain('merge a new request. |');
    expect(body.split(reason)).toHaveLength(2);
    // Only requests that did not run: the headline does not say "ran".
    const alone = renderOutcomeComment(undefined, [api]);
    expect(alone.split('\n', 1)[0]).toBe('### intentops did not run `api.yaml`: ⛔ denied');
    const expired = row('intents/requests/old.yaml', { status: 'expired', status_reason: 'merged 30h ago' });
    expect(expired.row).toContain('⌛ expired, no step ran: merged 30h ago |');
    expect(expired.row).toContain('propose it again as a new request');
  });

  it("the policy's rollback offer or result replaces the next action of its execution's row, and only that", () => {
    const web = row('intents/requests/web.yaml', {});
    const db = row('intents/requests/db.yaml', { id: 'exec-20260101-120000-work-db-aaaaaa' });
    const body = renderOutcomeComment(undefined, [web, db]);
    const text = '**Rollback available** (policy: ask). bake | failed.\n\nComment `/rollback x`.';
    const next = withNextAction(body, 'exec-20260101-120000-work-db-aaaaaa', text) ?? '';
    const rows = next.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows[0]).toBe(web.row);
    expect(rows[1]).toMatch(
      /\| \*\*Rollback available\*\* \(policy: ask\)\. bake \\\| failed\.<br>Comment `\/rollback x`\. \|$/,
    );
    expect(rows[1]?.split(' | ')).toHaveLength(4);
    expect(next.split('\n', 1)[0]).toBe(body.split('\n', 1)[0]);
    // No row for it (another PR, or an older version's comment): the caller comments on its own.
    expect(withNextAction(body, 'exec-other', text)).toBeUndefined();
    expect(withNextAction(undefined, 'exec-other', text)).toBeUndefined();
  });
});
