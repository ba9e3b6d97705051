import { describe, expect, it } from 'vitest';
import { grantPath, retryable, retryGrants } from './retry-grant.js';

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

  it('a request denied only by the drift guard may be retried; one denied by another rule may not', () => {
    const drift =
      'careful/on_drift: deny — the cluster moved since the approved plan: deployment shop/web-0: generation 3 → 4';
    const approvals = 'default/approvals: deny — 0 of 1 approvals';
    const denied = (...reasons: string[]) => ({ id: 'x', status: 'denied', policy: { reasons } });
    expect(retryable(denied('default/risk: info — low', drift))).toBe('drift');
    expect(retryable(denied(drift, approvals))).toBeUndefined();
    expect(retryable(denied(approvals))).toBeUndefined();
    expect(
      retryable(denied('default/on_drift: info — the cluster moved; on_drift: proceed')),
    ).toBeUndefined();
    expect(retryable({ id: 'x', status: 'interrupted' })).toBe('interrupted');
    expect(retryable({ id: 'x', status: 'success' })).toBeUndefined();
    const out = retryGrants([{ path: 'intents/requests/a.yaml', record: denied(drift) }], o);
    expect(out.grants.map((g) => g.of)).toEqual(['x']);
    expect(retryGrants([{ path: 'intents/requests/a.yaml', record: denied(approvals) }], o).refused).toEqual([
      '`intents/requests/a.yaml`: its run ended as denied',
    ]);
  });

  it('a retried request is judged by its newest retry: succeeded or still pending, nothing more is granted', () => {
    const denied = { id: 'x', status: 'denied', policy: { reasons: ['p/on_drift: deny — moved'] } };
    const path = 'intents/requests/a.yaml';
    const again = (status?: string) =>
      retryGrants(
        [
          {
            path,
            record: denied,
            lastRetry: {
              grant: { by: 'bob', comment_id: 7 },
              ...(status ? { record: { ...denied, id: 'y', status } } : {}),
            },
          },
        ],
        o,
      );
    expect(again('denied').grants.map((g) => g.of)).toEqual(['x']);
    expect(again('success').refused).toEqual(['`intents/requests/a.yaml`: its last retry ended as success']);
    expect(again().refused).toEqual(['`intents/requests/a.yaml`: a retry granted by `bob` has not run yet']);
  });

  it('the same /retry delivered again (its job re-run) grants its own pending retry again, so the re-run settles what the dead attempt left', () => {
    const path = 'intents/requests/a.yaml';
    const interrupted = { id: 'exec-a', status: 'interrupted' };
    const pending = (comment_id: number) =>
      retryGrants([{ path, record: interrupted, lastRetry: { grant: { by: 'alice', comment_id } } }], o);
    expect(pending(o.comment.id).grants.map((g) => [g.of, g.comment_id])).toEqual([['exec-a', 42]]);
    expect(pending(o.comment.id).refused).toEqual([]);
    // Another comment's retry still pending is not granted twice.
    expect(pending(41).refused).toEqual([
      '`intents/requests/a.yaml`: a retry granted by `alice` has not run yet',
    ]);
  });
});
