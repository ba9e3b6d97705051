import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadRepo } from '../shared/load-repo.js';
import { historyFor } from './history.js';

// What the promotion gate reads of executions/: each execution with its environment and params,
// its bake's verdict from the follow-up record, and whether a rollback undid it.

const dir = mkdtempSync(join(tmpdir(), 'intentops-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(rel: string, data: unknown): void {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), typeof data === 'string' ? data : stringify(data));
}

describe('historyFor: the promotion gate', () => {
  it('attaches the bake verdict and marks a rolled-back execution; a rollback is no change to promote', async () => {
    write(
      'intents/policies/p.yaml',
      'policies:\n  - name: gate\n    match: { environments: [production] }\n    promotion: { from: staging, within: 7d }\n',
    );
    write('intents/environments.yaml', 'environments: [{ name: staging }, { name: production }]\n');
    const base = { intent: 'deploy-app', params: { app: 'web' }, environment: 'staging', status: 'success' };
    write('executions/2026-12-05/a.yaml', { ...base, id: 'exec-a', timestamp: '2026-12-05T10:00:00Z' });
    write('executions/2026-12-05/a-bake.yaml', {
      ...base,
      id: 'exec-a-bake',
      timestamp: '2026-12-05T10:10:00Z',
      observation_of: 'exec-a',
      observation: { verdict: 'pass' },
    });
    write('executions/2026-12-05/b.yaml', { ...base, id: 'exec-b', timestamp: '2026-12-05T11:00:00Z' });
    write('executions/2026-12-05/c.yaml', {
      ...base,
      id: 'exec-c',
      timestamp: '2026-12-05T11:30:00Z',
      rollback_of: 'exec-b',
    });
    const { catalog } = await loadRepo(dir);
    const history = await historyFor(catalog, dir, new Date('2026-12-06T00:00:00Z'));
    expect(history.find((h) => h.id === 'exec-a')).toMatchObject({ bake: 'pass', environment: 'staging' });
    expect(history.find((h) => h.id === 'exec-b')).toMatchObject({ rolledBack: true });
    // The rollback is counted (rate limits) but carries no id or params for the gate to match.
    const rollback = history.find((h) => h.timestamp === '2026-12-05T11:30:00Z');
    expect(rollback).toBeDefined();
    expect(rollback?.id).toBeUndefined();
    expect(rollback?.params).toBeUndefined();
    expect(history.some((h) => h.id === 'exec-a-bake')).toBe(false);
  });
});
