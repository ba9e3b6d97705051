import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { keyOfRequest, requestExecutionId } from '../src/domain/reconcile/request-id.js';
import { baseFiles, request } from './helpers/fixture-catalog.js';
import { cli, makeRepo, removeRepo, writeFiles } from './helpers/repo.js';

// `intentops status`: the execute job's view of the merged requests, read from real git history.

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeRepo));
});

function commit(dir: string, message: string, date?: Date): string {
  const env = date
    ? { ...process.env, GIT_AUTHOR_DATE: date.toISOString(), GIT_COMMITTER_DATE: date.toISOString() }
    : process.env;
  execFileSync('git', ['add', '-A'], { cwd: dir });
  execFileSync('git', ['commit', '-qm', message], { cwd: dir, env });
  return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
}

describe('intentops status', () => {
  it('lists each merged request without a record and what the next execute run does with it', async () => {
    const dir = await makeRepo(baseFiles());
    dirs.push(dir);
    await writeFiles(dir, { 'intents/requests/old.yaml': request({ app: 'old' }) });
    commit(dir, 'old', new Date(Date.now() - 30 * 3600_000));
    await writeFiles(dir, { 'intents/requests/claimed.yaml': request({ app: 'claimed' }) });
    const claimedAt = new Date(Date.now() - 3600_000);
    const sha = commit(dir, 'claimed', claimedAt);
    await writeFiles(dir, { 'intents/requests/new.yaml': request({ app: 'new' }) });
    commit(dir, 'new');
    // A run claimed one and died: its lease is over.
    const ref = {
      path: 'intents/requests/claimed.yaml',
      commit: sha,
      mergedAt: new Date(Math.floor(claimedAt.getTime() / 1000) * 1000),
    };
    const id = requestExecutionId(ref, { intent: 'work', target: 'claimed' });
    expect(id).toContain(keyOfRequest(ref).split('/')[1]);
    await writeFiles(dir, {
      [`executions/claims/${id}.yaml`]: stringify({
        id,
        request: ref.path,
        commit: sha,
        claimed_at: claimedAt.toISOString(),
        run: { id: '9', attempt: 1 },
        host: 'gone',
        pid: 1,
        lease_until: new Date(Date.now() - 60_000).toISOString(),
      }),
    });
    commit(dir, 'intentops: claim');

    const res = await cli(['--repo', dir, '--json', 'status']);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as { requests: { path: string; state: string; why: string }[] };
    expect(out.requests.map((r) => [r.path, r.state])).toEqual([
      ['intents/requests/old.yaml', 'expired'],
      ['intents/requests/claimed.yaml', 'interrupted'],
      ['intents/requests/new.yaml', 'pending'],
    ]);
    expect(out.requests[1]?.why).toMatch(/claimed by run 9 attempt 1/);

    const text = await cli(['--repo', dir, 'status']);
    expect(text.stdout).toMatch(/^pending\s+intents\/requests\/new\.yaml/m);
    expect(text.stderr).toContain('3 request(s) without a final record');
  });

  it('knows a local run of a merged request: names it, and says the execute job still runs it', async () => {
    const dir = await makeRepo(baseFiles());
    dirs.push(dir);
    await writeFiles(dir, { 'intents/requests/web.yaml': request({ app: 'web' }) });
    commit(dir, 'web');
    // Run by hand after the merge: its record says it is local.
    const ran = await cli(['--repo', dir, 'run', 'intents/requests/web.yaml']);
    expect(ran.code, ran.stderr).toBe(0);
    commit(dir, 'local record');

    const res = await cli(['--repo', dir, '--json', 'status']);
    const out = JSON.parse(res.stdout) as {
      requests: { path: string; state: string; local_run?: { id: string; status: string; origin: object } }[];
    };
    expect(out.requests).toHaveLength(1);
    expect(out.requests[0]).toMatchObject({
      path: 'intents/requests/web.yaml',
      state: 'pending',
      local_run: { status: 'success', origin: { kind: 'local', host: hostname() } },
    });
    const id = out.requests[0]?.local_run?.id ?? '';
    const text = await cli(['--repo', dir, 'status']);
    expect(text.stdout).toMatch(
      new RegExp(
        `^ {12}ran locally as ${id} \\(success\\) by \\S+ on ${hostname()}: a local run does not settle it, the execute job still runs it$`,
        'm',
      ),
    );
  });
});
