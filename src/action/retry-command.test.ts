import { describe, expect, it } from 'vitest';
import type { ReconcileItem } from '../app/execute/reconcile.js';
import type { ExecutionRecord } from '../domain/schemas/record.js';
import { renderRetryOutcome } from './retry-command.js';

const grant = {
  of: 'exec-1-a',
  request: 'intents/requests/a.yaml',
  commit: 'c0ffee',
  merged_at: '2026-01-01T00:00:00Z',
  by: 'alice',
  comment_id: 7,
  granted_at: '2026-01-02T00:00:00Z',
};
const record = (status: ExecutionRecord['status'], steps: number) =>
  ({ status, commands_run: Array.from({ length: steps }, () => ({})) }) as unknown as ExecutionRecord;
const link = (p: string) => `https://example/${p}`;

describe('the reply to a granted /retry', () => {
  it('names every request the job ran, the retry and the pending ones, and what still waits', () => {
    const items: ReconcileItem[] = [
      {
        path: 'intents/requests/b.yaml',
        id: 'exec-2-b',
        status: 'denied',
        record: record('denied', 0),
        recordPath: 'executions/d/b.yaml',
      },
      {
        path: 'intents/requests/a.yaml',
        id: 'exec-3-a',
        status: 'success',
        record: record('success', 2),
        recordPath: 'executions/d/a.yaml',
      },
      {
        path: 'intents/requests/c.yaml',
        id: 'exec-4-c',
        status: 'waiting',
        reason: 'the change window is closed',
      },
    ];
    const text = renderRetryOutcome({ login: 'alice', grants: [grant] }, items, link, 1);
    expect(text.split('\n')).toEqual([
      '`alice` asked to run `intents/requests/a.yaml` again: granted.',
      '',
      'This job ran 2 request(s) — the retry job reconciles, so it also runs every other merged request still pending, in merge order:',
      '',
      '- `intents/requests/b.yaml` (pending): `exec-2-b` **denied**, no step ran ([record](https://example/executions/d/b.yaml))',
      '- `intents/requests/a.yaml` (the retry): `exec-3-a` **success** ([record](https://example/executions/d/a.yaml))',
      '- `intents/requests/c.yaml` (pending): not run, still waiting — the change window is closed',
      '',
      'It also ran 1 rollback(s) a failed bake asked for (see their records).',
    ]);
  });

  it('says so when the retry itself was not run by this job', () => {
    const text = renderRetryOutcome({ login: 'alice', grants: [grant] }, [], link);
    expect(text).toContain('This job ran no request:');
    expect(text).toContain('`intents/requests/a.yaml` (the retry): not run by this job');
  });

  it('never says "no step ran" of a retry whose run was lost: its steps may have run in part', () => {
    // Found by the fault sweep (issue 28): a /retry killed after its claim, re-delivered, was settled
    // interrupted by the re-run, and the reply told the writer that no step ran.
    const items: ReconcileItem[] = [
      {
        path: 'intents/requests/a.yaml',
        id: 'exec-3-a',
        status: 'interrupted',
        record: record('interrupted', 0),
        recordPath: 'executions/d/a.yaml',
      },
    ];
    const text = renderRetryOutcome({ login: 'alice', grants: [grant] }, items, link);
    expect(text).not.toContain('no step ran');
    expect(text).toContain(
      '- `intents/requests/a.yaml` (the retry): `exec-3-a` **interrupted**, its run was lost and its steps may have run in part ([record](https://example/executions/d/a.yaml))',
    );
  });
});
