import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyPushRejection, Git, GitError, redactUrlCredentials } from '../src/adapters/git.js';
import { ANOMALY_LOG, backoffMs, publish } from '../src/adapters/git-publish.js';
import { RecordPublisher } from '../src/app/records/record-publisher.js';

const run = promisify(execFile);

async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await run('git', args, { cwd })).stdout.trim();
}

async function put(dir: string, rel: string, text: string, append = false): Promise<void> {
  await mkdir(dirname(join(dir, rel)), { recursive: true });
  const prev = append ? await readFile(join(dir, rel), 'utf8').catch(() => '') : '';
  await writeFile(join(dir, rel), prev + text);
}

let root = '';
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = '';
});

/** A bare `origin` with one commit on main, and clones `a` and `b` of it, each with its own identity. */
async function setup(seed: Record<string, string> = {}): Promise<{ bare: string; a: string; b: string }> {
  root = await mkdtemp(join(tmpdir(), 'intentops-publish-'));
  const bare = join(root, 'origin.git');
  await run('git', ['-c', 'init.defaultBranch=main', 'init', '-q', '--bare', bare]);
  const seedDir = join(root, 'seed');
  await run('git', ['-c', 'init.defaultBranch=main', 'init', '-q', seedDir]);
  await put(seedDir, 'README.md', '# ops\n');
  for (const [rel, text] of Object.entries(seed)) await put(seedDir, rel, text);
  await git(seedDir, 'add', '-A');
  await git(seedDir, '-c', 'user.name=seed', '-c', 'user.email=seed@localhost', 'commit', '-q', '-m', 'seed');
  await git(seedDir, 'push', '-q', bare, 'HEAD:refs/heads/main');
  const clones = [join(root, 'a'), join(root, 'b')];
  for (const dir of clones) {
    await run('git', ['clone', '-q', '--branch', 'main', bare, dir]);
    await new Git(dir).configureIdentity(`bot-${dir.slice(-1)}`, 'bot@localhost');
    await git(dir, 'config', '--local', 'commit.gpgsign', 'false');
  }
  return { bare, a: clones[0] as string, b: clones[1] as string };
}

const noWait = { baseDelayMs: 5, jitter: () => 0 };

describe('publish', () => {
  it('lands both records and every anomaly line when two clones race to push', async () => {
    const { bare, a, b } = await setup({ [ANOMALY_LOG]: '{"seed":0}\n' });
    const recA = 'executions/2025-01-02/20250102T100000Z-a.yaml';
    const recB = 'executions/2025-01-02/20250102T100001Z-b.yaml';
    await put(a, recA, 'id: a\n');
    await put(b, recB, 'id: b\n');
    await put(a, ANOMALY_LOG, '{"from":"a"}\n', true);
    await put(b, ANOMALY_LOG, '{"from":"b"}\n', true);
    const delays: number[] = [];
    const sleep = async (ms: number) => {
      delays.push(ms);
    };

    // Both clones commit on the same base, so whichever pushes second must fetch, rebase and retry.
    const [ra, rb] = await Promise.all([
      publish(new Git(a), {
        paths: [recA, ANOMALY_LOG],
        message: 'record a',
        branch: 'main',
        ...noWait,
        sleep,
      }),
      publish(new Git(b), {
        paths: [recB, ANOMALY_LOG],
        message: 'record b',
        branch: 'main',
        ...noWait,
        sleep,
      }),
    ]);

    expect(ra).toMatchObject({ pushed: true, committed: true, rejected: null });
    expect(rb).toMatchObject({ pushed: true, committed: true, rejected: null });
    expect(Math.max(ra.attempts, rb.attempts)).toBeGreaterThan(1);
    expect(delays.length).toBeGreaterThan(0);
    const head = await git(bare, 'rev-parse', 'main');
    expect([ra.sha, rb.sha]).toContain(head);
    const tree = (await git(bare, 'ls-tree', '-r', '--name-only', 'main')).split('\n');
    expect(tree).toEqual(expect.arrayContaining([recA, recB, ANOMALY_LOG, '.gitattributes']));
    const log = (await git(bare, 'show', `main:${ANOMALY_LOG}`)).split('\n');
    expect(log[0]).toBe('{"seed":0}');
    expect(log.slice(1).sort()).toEqual(['{"from":"a"}', '{"from":"b"}']);
    expect(await git(bare, 'show', 'main:.gitattributes')).toBe(`${ANOMALY_LOG} merge=union`);
    // The loser's rebased history sits on top of the winner's: nothing was force-pushed.
    expect(await git(bare, 'log', '--format=%s', 'main')).toMatch(/^record [ab]\nrecord [ab]\nseed$/);
  });

  it('commits a record with its day’s fact index, which two runs of a day append to and both land', async () => {
    const index = 'executions/2025-01-02/fact-index.jsonl';
    const { bare, a, b } = await setup({ [index]: '{"path":"seed"}\n' });
    const recA = 'executions/2025-01-02/20250102T100000Z-a.yaml';
    const recB = 'executions/2025-01-02/20250102T100001Z-b.yaml';
    await put(a, recA, 'id: a\n');
    await put(b, recB, 'id: b\n');
    await put(a, index, '{"path":"a"}\n', true);
    await put(b, index, '{"path":"b"}\n', true);
    // One names the record only, the other the whole folder (as the execute job does).
    const ra = await publish(new Git(a), { paths: [recA], message: 'record a', branch: 'main', ...noWait });
    const rb = await publish(new Git(b), {
      paths: ['executions', 'incidents'],
      message: 'record b',
      branch: 'main',
      ...noWait,
    });
    expect(ra).toMatchObject({ pushed: true, committed: true });
    expect(rb).toMatchObject({ pushed: true, committed: true });
    expect(rb.attempts).toBeGreaterThan(1);
    expect((await git(bare, 'show', `main:${index}`)).split('\n')).toEqual([
      '{"path":"seed"}',
      '{"path":"a"}',
      '{"path":"b"}',
    ]);
    expect(await git(bare, 'show', 'main:.gitattributes')).toBe('executions/*/fact-index.jsonl merge=union');
    expect(await git(b, 'status', '--porcelain')).toBe('');
  });

  // Reconcile, observe and rollback publish whole folders; the anomaly log and the day's fact index
  // must merge by union whatever names them.
  it.each([[['executions', 'incidents']], [['.']]])(
    'a publish of %j merges the anomaly log and the day’s fact index by union',
    async (paths) => {
      const index = 'executions/2025-01-02/fact-index.jsonl';
      const { bare, a, b } = await setup({ [ANOMALY_LOG]: '{"n":0}\n', [index]: '{"path":"seed"}\n' });
      // Both clones record a run and append to the log and the index on the same base: the second to
      // push must rebase its appends onto the first's.
      for (const [dir, who] of [
        [a, 'a'],
        [b, 'b'],
      ] as const) {
        await put(
          dir,
          `executions/2025-01-02/20250102T10000${who === 'a' ? 0 : 1}Z-${who}.yaml`,
          `id: ${who}\n`,
        );
        await put(dir, index, `{"path":"${who}"}\n`, true);
        await put(dir, ANOMALY_LOG, `{"n":"${who}"}\n`, true);
      }
      const ra = await publish(new Git(a), { paths, message: 'a', branch: 'main', ...noWait });
      const rb = await publish(new Git(b), { paths, message: 'b', branch: 'main', ...noWait });
      expect(ra).toMatchObject({ pushed: true, committed: true, attempts: 1 });
      expect(rb).toMatchObject({ pushed: true, committed: true, attempts: 2, rejected: null });
      expect(await git(bare, 'show', `main:${ANOMALY_LOG}`)).toBe('{"n":0}\n{"n":"a"}\n{"n":"b"}');
      expect(await git(bare, 'show', `main:${index}`)).toBe('{"path":"seed"}\n{"path":"a"}\n{"path":"b"}');
      expect((await git(bare, 'show', 'main:.gitattributes')).split('\n').sort()).toEqual([
        'executions/*/fact-index.jsonl merge=union',
        `${ANOMALY_LOG} merge=union`,
      ]);
      expect(await git(b, 'status', '--porcelain')).toBe('');
    },
  );

  it('two runs that each add another union line to .gitattributes at once both land', async () => {
    const index = 'executions/2025-01-02/fact-index.jsonl';
    const { bare, a, b } = await setup({ [ANOMALY_LOG]: '{"n":0}\n', [index]: '{"path":"seed"}\n' });
    // One records a run (its day's index), the other appends to the log only: each is the first to
    // set up its union line, so both add a .gitattributes on the same base.
    await put(a, 'executions/2025-01-02/20250102T100000Z-a.yaml', 'id: a\n');
    await put(a, index, '{"path":"a"}\n', true);
    await put(b, ANOMALY_LOG, '{"n":"b"}\n', true);
    const ra = await publish(new Git(a), { paths: ['executions'], message: 'a', branch: 'main', ...noWait });
    const rb = await publish(new Git(b), { paths: ['incidents'], message: 'b', branch: 'main', ...noWait });
    expect(ra).toMatchObject({ pushed: true, attempts: 1 });
    expect(rb).toMatchObject({ pushed: true, attempts: 2, rejected: null });
    expect((await git(bare, 'show', 'main:.gitattributes')).split('\n')).toEqual([
      'executions/*/fact-index.jsonl merge=union',
      `${ANOMALY_LOG} merge=union`,
    ]);
    expect(await git(b, 'status', '--porcelain')).toBe('');
  });

  it('merges the log by union with the remote lines first, in order, then ours', async () => {
    const { bare, a, b } = await setup({ [ANOMALY_LOG]: '{"n":0}\n' });
    await put(a, ANOMALY_LOG, '{"n":"a1"}\n{"n":"a2"}\n', true);
    await put(b, ANOMALY_LOG, '{"n":"b1"}\n', true);
    const ra = await publish(new Git(a), { paths: [ANOMALY_LOG], message: 'a', branch: 'main', ...noWait });
    const rb = await publish(new Git(b), { paths: [ANOMALY_LOG], message: 'b', branch: 'main', ...noWait });
    expect([ra.attempts, rb.attempts]).toEqual([1, 2]);
    expect(rb.pushed).toBe(true);
    expect(await git(bare, 'show', `main:${ANOMALY_LOG}`)).toBe(
      '{"n":0}\n{"n":"a1"}\n{"n":"a2"}\n{"n":"b1"}',
    );
  });

  it('does not retry a protected-branch rejection and keeps the local commit', async () => {
    const { bare, a } = await setup();
    const hook = join(bare, 'hooks', 'pre-receive');
    await writeFile(
      hook,
      '#!/bin/sh\necho "GH006: Protected branch update failed for refs/heads/main." >&2\nexit 1\n',
    );
    await chmod(hook, 0o755);
    const before = await git(bare, 'rev-parse', 'main');
    const rec = 'executions/2025-01-02/x.yaml';
    await put(a, rec, 'id: x\n');

    const r = await publish(new Git(a), { paths: [rec], message: 'record x', branch: 'main', ...noWait });

    expect(r).toMatchObject({ pushed: false, rejected: 'protected', attempts: 1, committed: true });
    expect(r.error).toContain('GH006');
    expect(await git(bare, 'rev-parse', 'main')).toBe(before);
    expect(r.sha).toBe(await git(a, 'rev-parse', 'HEAD'));
    expect(await git(a, 'log', '-1', '--format=%s')).toBe('record x');
    expect(await git(a, 'ls-files', rec)).toBe(rec);
  });

  it('stops on a conflict outside the log, aborts the rebase and leaves the clone clean', async () => {
    const { bare, a, b } = await setup({ 'catalog/db.yaml': 'replicas: 1\n' });
    await put(a, 'catalog/db.yaml', 'replicas: 2\n');
    await put(b, 'catalog/db.yaml', 'replicas: 3\n');
    await put(b, 'executions/2025-01-02/b.yaml', 'id: b\n');
    const ra = await publish(new Git(a), {
      paths: ['catalog/db.yaml'],
      message: 'a',
      branch: 'main',
      ...noWait,
    });
    expect(ra.pushed).toBe(true);
    const localB = await publish(new Git(b), {
      paths: ['catalog/db.yaml', 'executions/2025-01-02/b.yaml'],
      message: 'b',
      branch: 'main',
      ...noWait,
    });

    expect(localB.pushed).toBe(false);
    expect(localB.error).toContain('catalog/db.yaml');
    expect(localB.error).toContain('rebase aborted');
    expect(await git(b, 'status', '--porcelain')).toBe('');
    expect(existsSync(join(b, '.git', 'rebase-merge'))).toBe(false);
    expect(await git(b, 'log', '-1', '--format=%s')).toBe('b');
    expect(localB.sha).toBe(await git(b, 'rev-parse', 'HEAD'));
    expect(await git(bare, 'rev-parse', 'main')).toBe(ra.sha);
  });

  it('pushes HEAD even when there is nothing new to commit', async () => {
    const { bare, a } = await setup();
    const r = await publish(new Git(a), {
      paths: ['executions/none.yaml'],
      message: 'x',
      branch: 'main',
      ...noWait,
    });
    expect(r).toMatchObject({ pushed: true, committed: false, attempts: 1 });
    expect(r.sha).toBe(await git(bare, 'rev-parse', 'main'));
  });

  it('retries a ref that keeps moving with growing delays, then gives up', async () => {
    const { bare, a } = await setup();
    // What a server answers when another push took the ref between our check and our update.
    const hook = join(bare, 'hooks', 'pre-receive');
    await writeFile(
      hook,
      '#!/bin/sh\necho "cannot lock ref \'refs/heads/main\': is at 1 but expected 2" >&2\nexit 1\n',
    );
    await chmod(hook, 0o755);
    await put(a, 'executions/a.yaml', 'id: a\n');
    const delays: number[] = [];
    const r = await publish(new Git(a), {
      paths: ['executions/a.yaml'],
      message: 'a',
      branch: 'main',
      attempts: 3,
      baseDelayMs: 10,
      jitter: () => 0.5,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    expect(r).toMatchObject({ pushed: false, rejected: 'non-fast-forward', attempts: 3, committed: true });
    expect(r.error).toContain('after 3 attempts');
    expect(delays).toEqual([15, 30]);
  });
});

describe('git adapter', () => {
  it('redacts a token in a remote URL from errors', async () => {
    const { a } = await setup();
    const url = 'https://x-access-token:ghs_SuperSecret123@127.0.0.1:9/o/r.git';
    const err = await new Git(a).fetch(url, 'main').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).message).not.toContain('ghs_SuperSecret123');
    expect((err as GitError).message).toContain('https://***@127.0.0.1:9/o/r.git');
    const push = await new Git(a).tryPush(url, 'main');
    expect(push.ok).toBe(false);
    expect(push.stderr).not.toContain('ghs_SuperSecret123');
  });

  it('redacts credentials and classifies push refusals', () => {
    expect(redactUrlCredentials("fatal: unable to access 'https://user:tok@github.com/o/r/'")).toBe(
      "fatal: unable to access 'https://***@github.com/o/r/'",
    );
    expect(redactUrlCredentials('see https://github.com/o/r')).toBe('see https://github.com/o/r');
    expect(classifyPushRejection('remote: error: GH006: Protected branch update failed')).toBe('protected');
    expect(classifyPushRejection(' ! [rejected]        main -> main (fetch first)')).toBe('non-fast-forward');
    expect(classifyPushRejection(' ! [rejected]        main -> main (non-fast-forward)')).toBe(
      'non-fast-forward',
    );
    expect(classifyPushRejection("fatal: could not read Username for 'https://github.com'")).toBe('other');
  });

  it('reports branch, head, and commit null when nothing is staged', async () => {
    const { a } = await setup();
    const g = new Git(a);
    expect(await g.currentBranch()).toBe('main');
    const head = await g.headSha();
    expect(await g.commit('empty')).toBeNull();
    await put(a, 'x.txt', 'x\n');
    await g.addPaths(['x.txt']);
    const sha = await g.commit('x', { author: { name: 'Alice', email: 'alice@localhost' } });
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(sha).not.toBe(head);
    expect(await git(a, 'log', '-1', '--format=%an <%ae> / %cn')).toBe('Alice <alice@localhost> / bot-a');
    await git(a, 'checkout', '-q', '--detach');
    expect(await g.currentBranch()).toBeNull();
  });

  it('backs off exponentially with jitter on top', () => {
    expect([1, 2, 3].map((n) => backoffMs(n, 100, () => 0))).toEqual([100, 200, 400]);
    expect(backoffMs(2, 100, () => 0.5)).toBe(300);
  });
});

describe('a busy branch (issue 26: shards pushing at once)', () => {
  it('spaces the retries no further apart than the cap', () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffMs(n, 200, () => 0, 3000))).toEqual([
      200, 400, 800, 1600, 3000, 3000,
    ]);
    expect(backoffMs(9, 200, () => 0)).toBe(51_200);
  });

  it('a claim still behind after its retries stays off the fallback branch; a record goes there', async () => {
    const { bare, a, b } = await setup();
    await put(a, 'executions/2026-12-01/x.yaml', 'id: x\n');
    expect(
      (await publish(new Git(a), { paths: ['executions'], message: 'record x', branch: 'main', ...noWait }))
        .pushed,
    ).toBe(true);
    // b is behind and gets one push: as if every retry found the branch moved again.
    const claim = new RecordPublisher(new Git(b), {
      branch: 'main',
      runId: '308',
      log: () => {},
      attempts: 1,
    });
    await put(b, 'executions/claims/y.yaml', 'id: y\n');
    const out = await claim.publish(['executions/claims/y.yaml'], 'intentops: claim y', {}, { busy: 'fail' });
    // A claim on another branch would not keep out a run racing for it on main: it is not pushed.
    expect(out).toMatchObject({ pushed: false });
    expect(claim.diverted).toBe(false);
    expect(await git(bare, 'branch', '--list', 'intentops/records/*')).toBe('');
    // Waiting for the next run, not lost: the claim commit is dropped, the checkout is the branch's.
    expect(out).toMatchObject({ busy: true });
    expect(await git(b, 'rev-parse', 'HEAD')).toBe(await git(bare, 'rev-parse', 'main'));
    expect(existsSync(join(b, 'executions/claims/y.yaml'))).toBe(false);
    const record = new RecordPublisher(new Git(b), {
      branch: 'main',
      runId: '309',
      log: () => {},
      attempts: 1,
    });
    // The branch moves again: b is behind once more, and a record still behind goes to the fallback.
    await put(a, 'executions/2026-12-01/z.yaml', 'id: z\n');
    await publish(new Git(a), { paths: ['executions'], message: 'record z', branch: 'main', ...noWait });
    await put(b, 'executions/2026-12-01/y.yaml', 'id: y\n');
    expect(await record.publish(['executions'], 'intentops: record y')).toMatchObject({
      pushed: true,
      branch: 'intentops/records/309',
    });
  });
});
