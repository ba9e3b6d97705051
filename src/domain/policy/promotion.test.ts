import { describe, expect, it } from 'vitest';
import { decide } from './policy.js';
import { decidePromotion, type PromotionRun } from './promotion.js';

const NOW = new Date('2026-12-06T12:00:00Z');
const GATE = { from: 'staging', within: '7d' };
const PROD = {
  intent: 'deploy-app',
  params: { app: 'web', tag: 'v2' },
  environment: 'production',
  bakes: true,
};

function run(over: Partial<PromotionRun> = {}): PromotionRun {
  return {
    id: 'exec-1',
    intent: 'deploy-app',
    // Another key order: the same change.
    params: { tag: 'v2', app: 'web' },
    environment: 'staging',
    timestamp: '2026-12-05T12:00:00Z',
    status: 'success',
    bake: 'pass',
    ...over,
  };
}

describe('decidePromotion', () => {
  it('passes on a recent successful run of the same change in `from` whose bake passed, naming it with its link', () => {
    const v = decidePromotion(GATE, PROD, [run({ url: 'https://github.com/o/r/actions/runs/1' })], NOW);
    expect(v).toEqual({
      outcome: 'pass',
      execution: 'exec-1',
      reason:
        'the same change succeeded in staging: exec-1 (https://github.com/o/r/actions/runs/1) at 2026-12-05T12:00:00Z, its bake passed',
    });
  });

  it('says exactly what is missing', () => {
    const reason = (runs: PromotionRun[]) => decidePromotion(GATE, PROD, runs, NOW)?.reason;
    expect(reason([])).toBe('waits for staging: no run of deploy-app with these params in staging');
    expect(reason([run({ params: { app: 'web', tag: 'v1' } })])).toMatch(/no run of deploy-app/);
    expect(reason([run({ environment: 'production' })])).toMatch(/no run of deploy-app/);
    expect(reason([run({ status: 'failed' })])).toBe(
      'waits for staging: its latest run in staging, exec-1, ended failed',
    );
    expect(reason([run({ bake: undefined })] as PromotionRun[])).toBe(
      'waits for staging: the bake of exec-1 in staging is still running (or has not started)',
    );
    expect(reason([run({ rolledBack: true })])).toBe(
      'waits for staging: its latest run in staging, exec-1, was rolled back',
    );
    expect(reason([run({ bake: 'fail' })])).toBe(
      'waits for staging: the bake of exec-1 in staging ended fail',
    );
    expect(reason([run({ timestamp: '2026-11-20T12:00:00Z' })])).toBe(
      'waits for staging: the latest run of deploy-app with these params in staging, exec-1 at 2026-11-20T12:00:00Z, is older than 7d',
    );
  });

  it('an earlier good run counts though a later one failed; without a bake window the run alone does', () => {
    const runs = [run({ id: 'exec-2', status: 'failed', timestamp: '2026-12-06T10:00:00Z' }), run()];
    expect(decidePromotion(GATE, PROD, runs, NOW)?.execution).toBe('exec-1');
    expect(
      decidePromotion(GATE, { ...PROD, bakes: false }, [run({ bake: undefined })] as PromotionRun[], NOW),
    ).toMatchObject({ outcome: 'pass', execution: 'exec-1' });
  });

  it('does not apply to a request in `from` itself', () => {
    expect(decidePromotion(GATE, { ...PROD, environment: 'staging' }, [], NOW)).toBeUndefined();
  });
});

describe('decide: environments and promotion', () => {
  const policies = [{ name: 'staging-first', match: { environments: ['production'] }, promotion: GATE }];
  const subject = { intent: 'deploy-app', risk: 'low' as const, params: PROD.params, bakes: true };

  it('`match: { environments }` alone matches every request there, and only there', () => {
    const facts = { now: NOW, approvals: null, history: [] };
    expect(decide(policies, { ...subject, environment: 'production' }, facts)).toMatchObject({
      verdict: 'hold',
      matched: ['staging-first'],
    });
    expect(decide(policies, { ...subject, environment: 'staging' }, facts).matched).toEqual([]);
    expect(decide(policies, subject, facts).matched).toEqual([]);
  });

  it('reads the history the records give: a qualifying run allows, and the rule names it', () => {
    const history = [{ ...run(), target: 'web' }];
    const d = decide(
      policies,
      { ...subject, environment: 'production' },
      { now: NOW, approvals: null, history },
    );
    expect(d.verdict).toBe('allow');
    expect(d.results).toEqual([
      expect.objectContaining({ rule: 'promotion', outcome: 'pass', execution: 'exec-1' }),
    ]);
  });
});
