import { describe, expect, it } from 'vitest';
import { RequestSchema } from './request.js';

describe('RequestSchema', () => {
  it('accepts the DESIGN example and defaults params to {}', () => {
    const r = RequestSchema.parse({
      intent: 'deploy-app',
      params: { app: 'home-portal', tag: 'latest' },
      reason: 'ship',
    });
    expect(r.params).toEqual({ app: 'home-portal', tag: 'latest' });
    expect(RequestSchema.parse({ intent: 'verify-backups', reason: 'weekly' }).params).toEqual({});
  });

  it('needs a non-blank reason and scalar params', () => {
    const blank = RequestSchema.safeParse({ intent: 'deploy-app', reason: '   ' });
    expect(blank.error?.issues.map((i) => i.message)).toEqual(['expected a reason: say why this should run']);
    expect(
      RequestSchema.safeParse({ intent: 'deploy-app', reason: 'x', params: { a: { b: 1 } } }).success,
    ).toBe(false);
    expect(RequestSchema.safeParse({ intent: 'deploy-app', reason: 'x', extra: 1 }).success).toBe(false);
  });
});
