import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActionRunOptions, executeOnPush, runAction, startAction } from './helpers/action-runner.js';
import { baseFiles, request } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { type GitOpsRemote, git, gitopsRemote } from './helpers/gitops-remote.js';

// Exactly once, whatever GitHub does with the runs: the execute job reconciles every merged request
// with its record, on a real bare remote, in fresh runner checkouts, against the GitHub double.

const SLOW = `name: slow
description: hangs until it is stopped
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
  marks: { type: string, pattern: "^[A-Za-z0-9/._-]+$" }
steps:
  - name: hang
    run: echo run >> {{marks}}/runs-{{app}}; test -e {{marks}}/release-{{app}} || (sleep 300 & echo $! > {{marks}}/child-{{app}}; wait)
    timeout: 600s
`;
const TICK = `name: tick
description: notes when it starts and ends
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
  n: { type: integer }
  marks: { type: string, pattern: "^[A-Za-z0-9/._-]+$" }
steps:
  - name: tick
    run: echo "start {{n}}" >> {{marks}}/ticks && sleep 0.3 && echo "end {{n}}" >> {{marks}}/ticks
    timeout: 30s
`;

let double: GitHubDouble;
let repo: GitOpsRemote;
let marks: string;

beforeAll(async () => {
  double = await startGitHubDouble();
  double.state.grant({ login: 'alice', id: 401, type: 'User' }, 'write');
  double.state.grant({ login: 'eve', id: 505, type: 'User' }, 'read');
  repo = await gitopsRemote('intentops-reconcile-', {
    ...baseFiles(),
    'intents/catalog/slow.yaml': SLOW,
    'intents/catalog/tick.yaml': TICK,
  });
  marks = join(repo.root, 'marks');
  await mkdir(marks, { recursive: true });
});

afterAll(async () => {
  await double.stop();
  await repo.cleanup();
});

const options = (work: string, extra: Partial<ActionRunOptions> = {}) =>
  executeOnPush(work, double.url, extra);

/** A job: a fresh checkout (as actions/checkout makes it), then the action. */
function job(extra: Partial<ActionRunOptions> = {}, mode: 'blobless' | 'shallow' = 'blobless') {
  const work = repo.checkout(mode);
  return runAction(options(work, extra));
}

const records = () => repo.records();

const recordOf = (path: string) => records().filter((r) => r.request.path === path);

function adopt(sha: string, message: string): void {
  double.state.adoptCommit(sha, message);
}

describe('execute reconciles merged requests with their records', { timeout: 420_000 }, () => {
  it('runs the requests of a run GitHub dropped with the next run, oldest first; a re-run runs nothing', async () => {
    const a = await repo.merge({ 'intents/requests/a.yaml': request({ app: 'a' }) }, 'merge a');
    adopt(a, 'merge a');
    const first = await job();
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(recordOf('intents/requests/a.yaml')).toHaveLength(1);

    // b's push gets no run (a newer pending run cancelled it, or GITHUB_TOKEN pushed it).
    adopt(await repo.merge({ 'intents/requests/b.yaml': request({ app: 'b' }) }, 'merge b'), 'merge b');
    adopt(await repo.merge({ 'intents/requests/c.yaml': request({ app: 'c' }) }, 'merge c'), 'merge c');
    const third = await job();
    expect(third.code, third.stdout + third.stderr).toBe(0);
    const ids = (third.outputs['execution-ids'] ?? '').split(',');
    expect(ids).toHaveLength(2);
    expect(ids[0]).toContain('-b-');
    expect(ids[1]).toContain('-c-');
    for (const p of ['a', 'b', 'c']) expect(recordOf(`intents/requests/${p}.yaml`)).toHaveLength(1);
    // each request was claimed, then recorded, in its own pushed commits
    expect(repo.log().filter((m) => m.startsWith('intentops: claim'))).toHaveLength(3);
    expect(repo.files().filter((f) => f.startsWith('executions/claims/'))).toHaveLength(3);

    const commits = repo.log().length;
    const again = await job();
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs.status).toBe('skipped');
    expect(again.outputs['execution-ids']).toBe('');
    expect(again.summary).toContain('Every merged request has its record');
    expect(repo.log().length).toBe(commits);
    // A re-run of an old event starts on its old commit: the records pushed since still count.
    const old = repo.checkout();
    git(old, 'reset', '-q', '--hard', a);
    const rerun = await runAction(options(old));
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(rerun.outputs['execution-ids']).toBe('');
    expect(repo.log().length).toBe(commits);
    expect(double.rejected()).toEqual([]);
  });

  it('runs two requests for one target merged together one after the other, never overlapping', async () => {
    const sha = await repo.merge(
      {
        'intents/requests/t1.yaml': `intent: tick\nparams: { app: shared, n: 1, marks: ${marks} }\nreason: one\n`,
        'intents/requests/t2.yaml': `intent: tick\nparams: { app: shared, n: 2, marks: ${marks} }\nreason: two\n`,
      },
      'merge t1 and t2',
    );
    adopt(sha, 'merge t1 and t2');
    const r = await job();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(readFileSync(join(marks, 'ticks'), 'utf8').trim().split('\n')).toEqual([
      'start 1',
      'end 1',
      'start 2',
      'end 2',
    ]);
  });

  it('a request older than the age limit is expired, not run; one merged before the start point is left alone', async () => {
    const old = new Date(Date.now() - 30 * 3600_000);
    adopt(
      await repo.merge({ 'intents/requests/old.yaml': request({ app: 'old' }) }, 'merge old', { date: old }),
      'merge old',
    );
    const r = await job();
    expect(r.code).toBe(1);
    const [rec] = recordOf('intents/requests/old.yaml');
    expect(rec?.status).toBe('expired');
    expect(rec?.not_run?.decision).toBe('expired');
    expect(rec?.status_reason).toMatch(/over the 24 h age limit, and never run/);
    expect(rec?.commands_run).toEqual([]);
    expect(r.summary).toContain('⌛ expired');

    // intentops installed after this request: it is never run nor recorded
    const before = new Date(Date.now() - 3600_000);
    await repo.merge({ 'intents/requests/legacy.yaml': request({ app: 'legacy' }) }, 'legacy', {
      date: before,
    });
    await repo.merge(
      { 'intents/execute.yaml': `start: ${new Date(Date.now() - 1800_000).toISOString()}\nmax_age: 24h\n` },
      'install',
    );
    const again = await job();
    expect(again.code, again.stdout).toBe(0);
    expect(recordOf('intents/requests/legacy.yaml')).toEqual([]);
  });

  it('a request edited or deleted after merge gets a record saying so, and nothing runs', async () => {
    // Both merged in one push whose run was dropped, then changed before any run.
    await repo.merge(
      {
        'intents/requests/edit-me.yaml': request({ app: 'edited' }),
        'intents/requests/drop-me.yaml': request({ app: 'dropped' }),
      },
      'merge two',
    );
    await repo.merge({ 'intents/requests/edit-me.yaml': request({ app: 'edited', mem: 99 }) }, 'edit', {
      remove: ['intents/requests/drop-me.yaml'],
    });
    const r = await job();
    expect(r.code).toBe(1);
    const [edited] = recordOf('intents/requests/edit-me.yaml');
    expect(edited?.status).toBe('denied');
    expect(edited?.not_run?.decision).toBe('edited');
    expect(edited?.status_reason).toMatch(/changed by [0-9a-f]{7} after it was merged/);
    const [dropped] = recordOf('intents/requests/drop-me.yaml');
    expect(dropped?.status).toBe('cancelled');
    expect(dropped?.status_reason).toMatch(/withdrawn: the request file was deleted/);
    expect(dropped?.params).toEqual({ app: 'dropped' }); // read from the commit that added it
  });

  it('a force-push that rewrote the history: noticed, and nothing settled before runs again', async () => {
    const runs = records().length;
    git(repo.dev, 'pull', '-q', '--rebase', 'origin', 'main');
    // Every commit gets a new id: the requests' execution ids change.
    git(
      repo.dev,
      '-c',
      'core.editor=true',
      'rebase',
      '-q',
      '--force-rebase',
      '--committer-date-is-author-date',
      '--root',
    );
    git(repo.dev, 'push', '-q', '--force', 'origin', 'main');
    const r = await job();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('the history was rewritten');
    // Commits after the bot's first one got new ids (a rebase makes the bot's commits the pusher's).
    expect(r.stdout).toMatch(/intents\/requests\/c\.yaml: settled before the history was rewritten/);
    expect(r.outputs['execution-ids']).toBe('');
    expect(records().length).toBe(runs);
  });

  it('a shallow checkout fetches the history it needs', async () => {
    adopt(
      await repo.merge({ 'intents/requests/shallow.yaml': request({ app: 'shallow' }) }, 'merge shallow'),
      'merge shallow',
    );
    await repo.merge({ 'README.md': 'later\n' }, 'unrelated');
    const r = await job({}, 'shallow');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('the checkout was shallow');
    expect(recordOf('intents/requests/shallow.yaml').map((x) => x.status)).toEqual(['success']);
  });

  it('a shallow checkout after a reconcile fetches back to its watermark only, not the whole history', async () => {
    // Old history, settled by a run (the bot's commit carries the watermark); then new history.
    for (let i = 0; i < 40; i++) await repo.merge({ 'OLD.md': `old ${i}\n` }, `old ${i}`);
    adopt(
      await repo.merge({ 'intents/requests/settled.yaml': request({ app: 'settled' }) }, 'merge settled'),
      'merge settled',
    );
    expect((await job()).code).toBe(0);
    for (let i = 0; i < 3; i++) await repo.merge({ 'README.md': `later ${i}\n` }, `unrelated ${i}`);
    adopt(
      await repo.merge({ 'intents/requests/deep.yaml': request({ app: 'deep' }) }, 'merge deep'),
      'merge deep',
    );
    const work = repo.checkout('shallow');
    const r = await runAction(options(work));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('fetched the history back to the last reconcile');
    // Still shallow: the year of history before the watermark was never fetched.
    expect(git(work, 'rev-parse', '--is-shallow-repository')).toBe('true');
    expect(Number(git(work, 'rev-list', '--count', 'HEAD'))).toBeLessThan(
      Number(git(repo.checkout(), 'rev-list', '--count', 'HEAD')),
    );
    expect(recordOf('intents/requests/deep.yaml').map((x) => x.status)).toEqual(['success']);
  });
});

describe('a cancelled or killed run', { timeout: 420_000 }, () => {
  it('SIGINT, then SIGTERM 7.5 s later: the step tree is stopped and a cancelled record is pushed; a re-run runs nothing', async () => {
    adopt(
      await repo.merge(
        {
          'intents/requests/cancel.yaml': `intent: slow\nparams: { app: cancel, marks: ${marks} }\nreason: cancel\n`,
        },
        'merge cancel',
      ),
      'merge cancel',
    );
    const work = repo.checkout();
    const { child, done } = await startAction(options(work));
    const childFile = join(marks, 'child-cancel');
    await waitFor(() => existsSync(childFile), 30_000);
    const grandchild = Number(readFileSync(childFile, 'utf8'));
    const sent = Date.now();
    child.kill('SIGINT');
    // GitHub's timings: SIGTERM after 7.5 s, SIGKILL 2.5 s after that.
    const term = setTimeout(() => child.kill('SIGTERM'), 7500);
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const r = await done;
    clearTimeout(term);
    clearTimeout(kill);
    const took = Date.now() - sent;
    console.log(`SIGINT → cancelled record pushed, process ended: ${took} ms`);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(alive(grandchild)).toBe(false);
    const [rec] = recordOf('intents/requests/cancel.yaml');
    expect(rec?.status).toBe('cancelled');
    expect(rec?.commands_run[0]).toMatchObject({ step: 'hang', cancelled: true });
    expect(rec?.digest).toMatch(/^sha256:/);

    const again = await job();
    expect(again.outputs['execution-ids']).toBe('');
    expect(readFileSync(join(marks, 'runs-cancel'), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('SIGKILL mid-step, then a re-run: an interrupted record, the steps do not run again; /retry from a writer runs it, from a reader not', async () => {
    const merged = await repo.merge(
      {
        'intents/requests/killed.yaml': `intent: slow\nparams: { app: killed, marks: ${marks} }\nreason: kill\n`,
      },
      'merge killed',
    );
    adopt(merged, 'merge killed');
    const pr = mergedPr(merged, 'killed');
    const work = repo.checkout();
    const { child, done } = await startAction(options(work));
    const childFile = join(marks, 'child-killed');
    await waitFor(() => existsSync(childFile), 30_000);
    child.kill('SIGKILL');
    await done;
    // What GitHub's runner does at the end of a job: orphans of the job are killed.
    const orphan = Number(readFileSync(childFile, 'utf8'));
    if (alive(orphan)) process.kill(orphan, 'SIGKILL');
    expect(repo.files().some((f) => f.startsWith('executions/claims/') && f.includes('-killed-'))).toBe(true);
    expect(recordOf('intents/requests/killed.yaml')).toEqual([]);

    const rerun = await job({ env: { GITHUB_RUN_ATTEMPT: '2' } });
    expect(rerun.code).toBe(1);
    const [rec] = recordOf('intents/requests/killed.yaml');
    expect(rec?.status).toBe('interrupted');
    expect(rec?.not_run?.claim).toMatch(/^executions\/claims\/exec-.*-killed-[0-9a-f]{6}\.yaml$/);
    expect(rec?.status_reason).toMatch(/claimed by run 42 attempt 1 .* ended without a record/);
    expect(readFileSync(join(marks, 'runs-killed'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(rerun.summary).toContain('⚠️ interrupted');
    const comments = double.state.commentsOf(pr).map((c) => c.body ?? '');
    // Its row in the PR's one outcome comment: interrupted, why, and /retry as the next action.
    const outcome = comments.filter((b) => b.includes('<!-- intentops:outcome -->'));
    expect(outcome).toHaveLength(1);
    const row = outcome[0]?.split('\n').find((l) => l.startsWith('| `killed.yaml` |')) ?? '';
    expect(row).toMatch(/\| ⚠️ interrupted: claimed by run 42 attempt 1 .* ended without a record/);
    expect(row).toContain('comments <code>/retry</code>');
    expect(comments.some((b) => b.includes('<!-- intentops:not-run='))).toBe(false);

    // /retry from someone who can only read: nothing runs.
    await writeFile(join(marks, 'release-killed'), '');
    const byReader = await job(retryEvent(pr, 901, 'eve'));
    expect(byReader.outputs['execution-ids'], byReader.stdout).toBe('');
    expect(double.state.commentsOf(pr).some((c) => c.body?.includes('only people with write access'))).toBe(
      true,
    );
    expect(readFileSync(join(marks, 'runs-killed'), 'utf8').trim().split('\n')).toHaveLength(1);
    // /retry from a writer: granted, pushed, run once; a re-delivery of the same comment runs nothing.
    const byWriter = await job(retryEvent(pr, 902, 'alice'));
    expect(byWriter.code, byWriter.stdout + byWriter.stderr).toBe(0);
    const runs = recordOf('intents/requests/killed.yaml');
    expect(runs.map((x) => x.status).sort()).toEqual(['interrupted', 'success']);
    expect(runs.find((x) => x.status === 'success')?.retry_of).toBe(rec?.id);
    // The retry replaced the interrupted row of the same one outcome comment.
    const after = double.state.commentsOf(pr).filter((c) => c.body?.includes('<!-- intentops:outcome -->'));
    expect(after).toHaveLength(1);
    expect(after[0]?.body).toMatch(/\| `killed\.yaml` \| ✅ succeeded.*\(retry of <code>exec-/);
    expect(after[0]?.body).not.toContain('⚠️ interrupted');
    // Lead time starts when the request PR was opened: the record says when, as GitHub does.
    expect(runs.find((x) => x.status === 'success')?.request.pr_opened_at).toBe(
      double.state.issues.get(pr)?.createdAt,
    );
    expect(repo.files().some((f) => f.startsWith('executions/retries/'))).toBe(true);
    const again = await job(retryEvent(pr, 902, 'alice'));
    expect(again.outputs['execution-ids']).toBe('');
    expect(readFileSync(join(marks, 'runs-killed'), 'utf8').trim().split('\n')).toHaveLength(2);
    // A later run with nothing merged since: the settled retry stays settled (its claim is not
    // taken for a lost run, whatever day its record was filed under).
    const later = await job({ env: { GITHUB_RUN_ID: '4242' } });
    expect(later.code, later.stdout + later.stderr).toBe(0);
    expect(
      recordOf('intents/requests/killed.yaml')
        .map((x) => x.status)
        .sort(),
    ).toEqual(['interrupted', 'success']);
    expect(double.rejected()).toEqual([]);
  });
});

describe('a branch that refuses the bot', { timeout: 420_000 }, () => {
  it('puts the claims and records on intentops/records/<run-id>, opens one pull request, and fails the job', async () => {
    const sha = await repo.merge(
      { 'intents/requests/guarded.yaml': request({ app: 'guarded' }) },
      'merge guarded',
    );
    adopt(sha, 'merge guarded');
    const hook = join(repo.remote, 'hooks', 'pre-receive');
    await writeFile(
      hook,
      '#!/bin/sh\nwhile read old new ref; do [ "$ref" = refs/heads/main ] && { echo "remote: error: GH006: Protected branch update failed for refs/heads/main." >&2; exit 1; }; done; exit 0\n',
      { mode: 0o755 },
    );
    // The double learns the branch when it is pushed, as GitHub does.
    double.state.writeFiles('intentops/records/42', { 'executions/.keep': '' }, 'records');
    try {
      const r = await job();
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(
        /::error::main refused the records, so they were pushed to intentops\/records\/42 and pull request #\d+/,
      );
      const branchFiles = repo.files('intentops/records/42');
      expect(branchFiles.some((f) => f.startsWith('executions/claims/') && f.includes('-guarded-'))).toBe(
        true,
      );
      expect(branchFiles.some((f) => /^executions\/\d{4}-\d{2}-\d{2}\/.*-guarded-/.test(f))).toBe(true);
      expect(repo.files().some((f) => f.includes('-guarded-'))).toBe(false);
      const prs = [...double.state.issues.values()].filter((i) => i.pull?.head === 'intentops/records/42');
      expect(prs).toHaveLength(1);

      // A re-run sees the records on the fallback branch: nothing runs twice, no second PR.
      const again = await job({ env: { GITHUB_RUN_ATTEMPT: '2' } });
      expect(again.outputs['execution-ids']).toBe('');
      expect(again.outputs.pending, again.stdout).toBe('0');
      expect(
        [...double.state.issues.values()].filter((i) => i.pull?.head === 'intentops/records/42'),
      ).toHaveLength(1);
      expect(double.rejected()).toEqual([]);
    } finally {
      await rm(hook, { force: true });
    }
  });
});

const mergedPr = (sha: string, branch: string) => double.state.mergedPull(sha, branch);

function retryEvent(pr: number, commentId: number, login: string): Partial<ActionRunOptions> {
  return {
    eventName: 'issue_comment',
    event: {
      action: 'created',
      issue: { number: pr, pull_request: { url: 'x' } },
      comment: { id: commentId, body: '/retry', user: { login, type: 'User' } },
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z/.test(stat);
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
