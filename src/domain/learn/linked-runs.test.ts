import { describe, expect, it } from 'vitest';
import { followUpId } from '../records/bake-record.js';
import { rollbackId } from '../rollback/rollback.js';
import { linkedRuns } from './linked-runs.js';

describe('linkedRuns', () => {
  it('finds the run a rolled-up follow-up observed and a rolled-up rollback undid, by id alone', () => {
    const run = {
      id: 'exec-20260101-120000-deploy-app-shop-abc123',
      intent: 'deploy-app',
      params: { app: 'shop' },
    };
    const other = { ...run, id: 'exec-20260101-130000-deploy-app-shop-def456' };
    const bakeId = followUpId(run, new Date('2026-01-01T12:30:00Z'));
    const rollbackOfOther = rollbackId(other, new Date('2026-01-01T13:20:00Z'));
    const link = linkedRuns([run, other].map((r) => ({ id: r.id, intent: r.intent, target: 'shop' })));
    expect(link(bakeId)).toEqual({ observationOf: run.id });
    expect(link(rollbackOfOther)).toEqual({ rollbackOf: other.id });
    expect(link(other.id)).toEqual({});
    expect(link(followUpId({ ...run, params: { app: 'mail' } }, new Date()))).toEqual({});
  });
});
