import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../test/helpers/record-fixture.js';
import { outcomeKey, outcomeRow, rowOfExecution, rowsOf } from './outcome-comment.js';
import { renderSynced } from './outcome-sync.js';

const inputs = { serverUrl: 'https://github.example', owner: 'acme', repo: 'gitops', runUrl: '' };
const path = (n: string) => `intents/requests/${n}.yaml`;
const rec = (n: string, id: string, at: string, over: Parameters<typeof makeRecord>[0] = {}) =>
  makeRecord({ id, timestamp: at, request: { path: path(n), commit: 'c1', reason: 'r' }, ...over });
const mine = (r: ReturnType<typeof rec>) => ({
  key: outcomeKey(r.request.path),
  row: outcomeRow({ path: r.request.path, record: r, recordUrl: 'u', followed: { kind: 'ask' } }, inputs),
  record: r,
});
const shown = (body: string | undefined) =>
  Object.fromEntries([...rowsOf(body)].map(([k, l]) => [k, rowOfExecution(l)]));

describe('the outcome comment rendered from the committed records', () => {
  const interrupted = rec('a', 'exec-a-1', '2026-12-06T07:00:00Z', { status: 'interrupted' });
  const retry = rec('a', 'exec-a-2', '2026-12-06T07:05:00Z', { retry_of: 'exec-a-1' });
  const b = rec('b', 'exec-b-1', '2026-12-06T07:01:00Z', { status: 'failed' });

  it('a stale row, or a missing one, is made again from the newest committed attempt', () => {
    const stale = renderSynced(inputs, undefined, [], { rows: [mine(interrupted)] });
    const body = renderSynced(
      inputs,
      stale,
      [
        { path: path('a'), record: retry, recordPath: 'executions/2026-12-06/exec-a-2.yaml' },
        { path: path('b'), record: b, recordPath: 'executions/2026-12-06/exec-b-1.yaml' },
      ],
      {},
    );
    expect(shown(body)).toEqual({ 'a.yaml': 'exec-a-2', 'b.yaml': 'exec-b-1' });
    expect(body).toContain('(retry of <code>exec-a-1</code>)');
  });

  it("this job's row stands unless a newer attempt was pushed since; its detail is kept", () => {
    const committed = [{ path: path('b'), record: b, recordPath: 'executions/2026-12-06/exec-b-1.yaml' }];
    const body = renderSynced(inputs, undefined, committed, { rows: [mine(b)] });
    expect(body).toContain('To roll back, someone with write access comments'); // the job's "ask"
    const newer = [{ path: path('a'), record: retry, recordPath: 'x' }];
    expect(shown(renderSynced(inputs, undefined, newer, { rows: [mine(interrupted)] }))).toEqual({
      'a.yaml': 'exec-a-2',
    });
  });

  it("a next action lands on its execution's row; none there, nothing to write", () => {
    const body = renderSynced(inputs, undefined, [], { rows: [mine(b)] });
    const next = renderSynced(inputs, body, [], { next: { of: 'exec-b-1', text: 'Rolled back.' } });
    expect(next).toContain('| Rolled back. |');
    expect(renderSynced(inputs, body, [], { next: { of: 'exec-x', text: 'x' } })).toBeUndefined();
    expect(renderSynced(inputs, undefined, [], {})).toBeUndefined();
  });
});
