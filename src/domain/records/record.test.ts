import { describe, expect, it } from 'vitest';
import { canonicalJson, executionId, formatSeconds, recordDigest, recordPath } from './record.js';

describe('record helpers', () => {
  it('hashes key order away', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe(
      '{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}',
    );
  });

  it('digest ignores the digest field and changes with any other field', () => {
    const base = { id: 'x', prev_digest: null, status: 'success' } as never;
    const d = recordDigest(base);
    expect(recordDigest({ ...(base as object), digest: 'whatever' } as never)).toBe(d);
    expect(recordDigest({ ...(base as object), status: 'failed' } as never)).not.toBe(d);
    expect(recordDigest({ ...(base as object), prev_digest: 'sha256:1' } as never)).not.toBe(d);
  });

  it('builds seed-style ids and dated paths', () => {
    const id = executionId({
      at: new Date('2025-12-23T14:30:52Z'),
      intent: 'deploy-app',
      target: 'home-portal',
      unique: 'a',
    });
    expect(id).toMatch(/^exec-20251223-143052-deploy-app-home-portal-[0-9a-f]{6}$/);
    expect(recordPath({ id, timestamp: '2025-12-23T14:30:52Z' })).toBe(`executions/2025-12-23/${id}.yaml`);
    expect(formatSeconds(45000)).toBe('45s');
    expect(formatSeconds(1234)).toBe('1.234s');
  });
});
