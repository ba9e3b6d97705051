import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActionRunOptions, executeOnPush, runAction, startAction } from './helpers/action-runner.js';
import { botTexts, mentions } from './helpers/bot-bodies.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { type GitOpsRemote, gitopsRemote } from './helpers/gitops-remote.js';

// Issue 23, item 6: a `/retry` the action refuses runs nothing — no reconcile, no step of any
// pending request — and its reply says so; one it grants runs the reconcile, and the reply names
// every request that ran, not only the retried one. A real bare remote, fresh runner checkouts,
// the bundled action in CI, the GitHub double.

const SLOW = `name: slow
description: hangs until it is stopped, the first time
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
  marks: { type: string, pattern: "^[A-Za-z0-9/._-]+$" }
steps:
  - name: hang
    run: echo run >> {{marks}}/runs-{{app}}; test -e {{marks}}/release-{{app}} || (sleep 300 & echo $! > {{marks}}/child-{{app}}; wait)
    timeout: 600s
`;

let double: GitHubDouble;
let repo: GitOpsRemote;
let marks: string;

beforeAll(async () => {
  double = await startGitHubDouble();
  double.state.grant({ login: 'alice', id: 401, type: 'User' }, 'write');
  double.state.grant({ login: 'eve', id: 505, type: 'User' }, 'read');
  repo = await gitopsRemote('intentops-retry-', { 'intents/catalog/slow.yaml': SLOW });
  marks = join(repo.root, 'marks');
  await mkdir(marks, { recursive: true });
});

afterAll(async () => {
  await double.stop();
  await repo.cleanup();
});

const job = (extra: Partial<ActionRunOptions> = {}) => {
  const work = repo.checkout();
  return runAction(executeOnPush(work, double.url, extra));
};

function retry(pr: number, commentId: number, login: string): Partial<ActionRunOptions> {
  return {
    eventName: 'issue_comment',
    event: {
      action: 'created',
      issue: { number: pr, pull_request: { url: 'x' } },
      comment: { id: commentId, body: '/retry', user: { login, type: 'User' } },
    },
  };
}

async function merge(app: string): Promise<number> {
  const file = `intents/requests/${app}.yaml`;
  const sha = await repo.merge(
    { [file]: `intent: slow\nparams: { app: ${app}, marks: ${marks} }\nreason: ${app}\n` },
    `merge ${app}`,
  );
  double.state.adoptCommit(sha, `merge ${app}`);
  return double.state.mergedPull(sha, app);
}

const runsOf = (app: string) =>
  existsSync(join(marks, `runs-${app}`))
    ? readFileSync(join(marks, `runs-${app}`), 'utf8')
        .trim()
        .split('\n').length
    : 0;
const recordsOf = (app: string) =>
  repo.records().filter((r) => r.request.path === `intents/requests/${app}.yaml`);
const replyTo = (pr: number, commentId: number) =>
  double.state.commentsOf(pr).find((c) => c.body?.includes(`<!-- intentops:retry=${commentId} -->`))?.body ??
  '';

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('/retry on a request pull request', { timeout: 300_000 }, () => {
  let killedPr: number;
  let pendingPr: number;

  beforeAll(async () => {
    // `killed`: its run was lost mid-step, and the next run recorded it interrupted.
    killedPr = await merge('killed');
    const { child, done } = await startAction(executeOnPush(repo.checkout(), double.url));
    await waitFor(() => existsSync(join(marks, 'child-killed')), 30_000);
    child.kill('SIGKILL');
    await done;
    const orphan = Number(readFileSync(join(marks, 'child-killed'), 'utf8'));
    try {
      process.kill(orphan, 'SIGKILL');
    } catch {
      // already gone
    }
    await writeFile(join(marks, 'release-killed'), '');
    const rerun = await job({ env: { GITHUB_RUN_ATTEMPT: '2' } });
    expect(
      recordsOf('killed').map((r) => r.status),
      rerun.stdout,
    ).toEqual(['interrupted']);
    // `pending`: merged since; the run its push started was dropped, so it waits for the next.
    await writeFile(join(marks, 'release-pending'), '');
    pendingPr = await merge('pending');
  }, 120_000);

  it('refused (a commenter without write access): nothing runs, no reconcile, and the reply says so', async () => {
    const commits = repo.log().length;
    const r = await job(retry(killedPr, 901, 'eve'));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs['execution-ids']).toBe('');
    // No step of any request ran, nothing was claimed or recorded: the pending request still waits.
    expect(runsOf('pending')).toBe(0);
    expect(recordsOf('pending')).toEqual([]);
    expect(runsOf('killed')).toBe(1);
    expect(repo.log().length).toBe(commits);
    const reply = replyTo(killedPr, 901);
    expect(reply).toMatch(/refused/i);
    expect(reply).toContain('write access');
    expect(reply).toMatch(/nothing was run/i);
    expect(double.rejected()).toEqual([]);
  });

  it('from a writer with nothing to retry: nothing runs either, and the reply says why', async () => {
    const commits = repo.log().length;
    const r = await job(retry(pendingPr, 902, 'alice'));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(runsOf('pending')).toBe(0);
    expect(repo.log().length).toBe(commits);
    const reply = replyTo(pendingPr, 902);
    expect(reply).toContain('Nothing to retry');
    expect(reply).toContain('it has no interrupted record');
    expect(reply).toMatch(/nothing was run/i);
  });

  it('granted: the job runs the retry only; the pending request stays unclaimed for the execute workflow', async () => {
    const r = await job(retry(killedPr, 903, 'alice'));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(
      recordsOf('killed')
        .map((x) => x.status)
        .sort(),
    ).toEqual(['interrupted', 'success']);
    // A comment job runs what the comment names, nothing else: no claim, no record, no step.
    expect(recordsOf('pending')).toEqual([]);
    expect(runsOf('pending')).toBe(0);
    const retried = recordsOf('killed').find((x) => x.status === 'success');
    const reply = replyTo(killedPr, 903);
    expect(reply).not.toMatch(/nothing was run/i);
    expect(reply).toContain('granted');
    expect(reply).toContain('`intents/requests/killed.yaml`');
    expect(reply).toContain(retried?.id);
    expect(reply).not.toContain('`intents/requests/pending.yaml`');
    expect(double.rejected()).toEqual([]);
  });

  it('no reply @mentions anyone: the commenter is named, not pinged', () => {
    const texts = botTexts(double.requests);
    expect(texts.some((t) => /\beve\b/.test(t.text))).toBe(true);
    expect(texts.some((t) => /\balice\b/.test(t.text))).toBe(true);
    expect(texts.flatMap((t) => mentions(t.text).map((m) => `${t.where}: ${m}`))).toEqual([]);
  });
});

// The reviewer's case (issue: retry-env): the retry job runs in the GitHub environment
// `production`. A `/retry` of a staging request must not run it there (with production's
// credentials), and an unrelated `/retry` must not claim staging's pending request.
describe('/retry in the production job, of a request in staging', { timeout: 300_000 }, () => {
  let envDouble: GitHubDouble;
  let envRepo: GitOpsRemote;
  let envMarks: string;
  const envJob = (extra: Partial<ActionRunOptions> = {}) => {
    const o = executeOnPush(envRepo.checkout(), envDouble.url, extra);
    return runAction({ ...o, inputs: { ...o.inputs, 'github-environment': 'production' } });
  };
  const envMerge = async (app: string, environment: string) => {
    const file = `intents/requests/${app}.yaml`;
    const sha = await envRepo.merge(
      {
        [file]: `intent: slow\nenvironment: ${environment}\nparams: { app: ${app}, marks: ${envMarks} }\nreason: ${app}\n`,
      },
      `merge ${app}`,
    );
    envDouble.state.adoptCommit(sha, `merge ${app}`);
    return envDouble.state.mergedPull(sha, app);
  };
  const envRecordsOf = (app: string) =>
    envRepo.records().filter((r) => r.request.path === `intents/requests/${app}.yaml`);
  const envRunsOf = (app: string) =>
    existsSync(join(envMarks, `runs-${app}`))
      ? readFileSync(join(envMarks, `runs-${app}`), 'utf8')
          .trim()
          .split('\n').length
      : 0;
  let stagedPr: number;
  let prodPr: number;
  let donePr: number;

  beforeAll(async () => {
    envDouble = await startGitHubDouble();
    envDouble.state.grant({ login: 'alice', id: 401, type: 'User' }, 'write');
    envDouble.state.addWorkflow('intentops-execute.yml', {});
    envRepo = await gitopsRemote('intentops-retry-env-', {
      'intents/catalog/slow.yaml': SLOW,
      'intents/environments.yaml': 'environments:\n  - name: staging\n  - name: production\n',
    });
    envMarks = join(envRepo.root, 'marks');
    await mkdir(envMarks, { recursive: true });
    // `staged` (staging) and `prod` (production): each run was lost mid-step, recorded interrupted since.
    const lost = async (app: string, environment: string) => {
      const pr = await envMerge(app, environment);
      const { child, done } = await startAction(executeOnPush(envRepo.checkout(), envDouble.url));
      await waitFor(() => existsSync(join(envMarks, `child-${app}`)), 30_000);
      child.kill('SIGKILL');
      await done;
      try {
        process.kill(Number(readFileSync(join(envMarks, `child-${app}`), 'utf8')), 'SIGKILL');
      } catch {
        // already gone
      }
      await writeFile(join(envMarks, `release-${app}`), '');
      const rerun = await runAction(
        executeOnPush(envRepo.checkout(), envDouble.url, { env: { GITHUB_RUN_ATTEMPT: '2' } }),
      );
      expect(
        envRecordsOf(app).map((r) => r.status),
        rerun.stdout,
      ).toEqual(['interrupted']);
      return pr;
    };
    stagedPr = await lost('staged', 'staging');
    prodPr = await lost('prod', 'production');
    // `done`: a staging request that ran (a push job runs every pending request).
    await writeFile(join(envMarks, 'release-done'), '');
    donePr = await envMerge('done', 'staging');
    await runAction(executeOnPush(envRepo.checkout(), envDouble.url));
    expect(envRecordsOf('done').map((r) => r.status)).toEqual(['success']);
    // `later`: a staging request merged since, still pending (the run its push started was dropped).
    await writeFile(join(envMarks, 'release-later'), '');
    await envMerge('later', 'staging');
  }, 180_000);

  afterAll(async () => {
    await envDouble.stop();
    await envRepo.cleanup();
  });

  it('an unrelated /retry runs its production retry and leaves the pending staging request unclaimed', async () => {
    const r = await envJob(retry(prodPr, 950, 'alice'));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(
      envRecordsOf('prod')
        .map((x) => x.status)
        .sort(),
    ).toEqual(['interrupted', 'success']);
    expect(envRecordsOf('later')).toEqual([]);
    expect(envRunsOf('later')).toBe(0);
  });

  it('a /retry of the staging request pushes its grant and starts the execute workflow, running nothing here', async () => {
    const runs = envRunsOf('staged');
    const r = await envJob(retry(stagedPr, 951, 'alice'));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(envRunsOf('staged')).toBe(runs);
    expect(envRecordsOf('staged').map((x) => x.status)).toEqual(['interrupted']);
    expect(envRecordsOf('later')).toEqual([]);
    expect(envRepo.log().some((l) => l.includes('granted by alice'))).toBe(true);
    expect(
      envDouble.state.dispatches.map((d) => d.workflow),
      r.stdout,
    ).toEqual(['intentops-execute.yml']);
    const reply =
      envDouble.state.commentsOf(stagedPr).find((c) => c.body?.includes('<!-- intentops:retry=951 -->'))
        ?.body ?? '';
    expect(reply).toContain('GitHub environment `staging`');
    expect(reply).toMatch(/started/);
    expect(envDouble.rejected()).toEqual([]);
  });

  it('a /rollback of a staging execution runs nothing in the production job, and the reply says where it ran', async () => {
    const done = envRecordsOf('done')[0];
    const commits = envRepo.log().length;
    const r = await envJob({
      eventName: 'issue_comment',
      event: {
        action: 'created',
        issue: { number: donePr, pull_request: { url: 'x' } },
        comment: { id: 952, body: `/rollback ${done?.id}`, user: { login: 'alice', type: 'User' } },
      },
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(envRepo.log().length).toBe(commits);
    expect(envRepo.records().filter((x) => x.rollback_of === done?.id)).toEqual([]);
    const reply =
      envDouble.state.commentsOf(donePr).find((c) => c.body?.includes('intentops:rollback=952'))?.body ?? '';
    expect(reply).toContain(`Nothing rolled back for \`${done?.id}\``);
    expect(reply).toContain('GitHub environment `staging`');
  });
});
