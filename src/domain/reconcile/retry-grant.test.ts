import { describe, expect, it } from 'vitest';
import { grantPath, retryGrants } from './retry-grant.js';

describe('retryGrants: what a /retry on a merged request PR grants', () => {
  const o = {
    commit: 'c'.repeat(40),
    mergedAt: new Date('2026-12-01T10:00:00Z'),
    by: 'alice',
    comment: { id: 42, html_url: 'https://github.example/acme/gitops/pull/7#issuecomment-42' },
    now: new Date('2026-12-06T04:00:00Z'),
  };

  it('grants only the interrupted runs and says why each other request is refused', () => {
    const out = retryGrants(
      [
        { path: 'intents/requests/a.yaml', record: { id: 'exec-a', status: 'interrupted' } },
        { path: 'intents/requests/b.yaml', record: { id: 'exec-b', status: 'success' } },
        { path: 'intents/requests/c.yaml' },
      ],
      o,
    );
    expect(out.grants).toEqual([
      {
        of: 'exec-a',
        request: 'intents/requests/a.yaml',
        commit: o.commit,
        merged_at: '2026-12-01T10:00:00.000Z',
        by: 'alice',
        comment_id: 42,
        comment_url: o.comment.html_url,
        granted_at: '2026-12-06T04:00:00.000Z',
      },
    ]);
    expect(out.refused).toEqual([
      '`intents/requests/b.yaml`: its run ended as success',
      '`intents/requests/c.yaml`: it has no interrupted record',
    ]);
    expect(grantPath(out.grants[0] ?? { of: '', comment_id: 0 })).toBe('executions/retries/exec-a-c42.yaml');
  });

  it('a comment without a URL grants without one; nothing interrupted grants nothing', () => {
    const one = retryGrants([{ path: 'r.yaml', record: { id: 'exec-r', status: 'interrupted' } }], {
      ...o,
      comment: { id: 1 },
    });
    expect(one.grants[0]).not.toHaveProperty('comment_url');
    expect(retryGrants([], o)).toEqual({ grants: [], refused: [] });
  });
});
