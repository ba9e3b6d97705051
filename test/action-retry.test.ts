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

  it('granted: the reconcile runs the retry and the pending request, and the reply names both', async () => {
    const r = await job(retry(killedPr, 903, 'alice'));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(
      recordsOf('killed')
        .map((x) => x.status)
        .sort(),
    ).toEqual(['interrupted', 'success']);
    expect(recordsOf('pending').map((x) => x.status)).toEqual(['success']);
    const retried = recordsOf('killed').find((x) => x.status === 'success');
    const pending = recordsOf('pending')[0];
    const reply = replyTo(killedPr, 903);
    expect(reply).not.toMatch(/nothing was run/i);
    expect(reply).toContain('granted');
    expect(reply).toContain('`intents/requests/killed.yaml`');
    expect(reply).toContain(retried?.id);
    // The other request this run ran is named too, with its outcome.
    expect(reply).toContain('`intents/requests/pending.yaml`');
    expect(reply).toContain(pending?.id);
    expect(reply.match(/\bsuccess\b/g)?.length).toBeGreaterThanOrEqual(2);
    expect(double.rejected()).toEqual([]);
  });

  it('no reply @mentions anyone: the commenter is named, not pinged', () => {
    const texts = botTexts(double.requests);
    expect(texts.some((t) => /\beve\b/.test(t.text))).toBe(true);
    expect(texts.some((t) => /\balice\b/.test(t.text))).toBe(true);
    expect(texts.flatMap((t) => mentions(t.text).map((m) => `${t.where}: ${m}`))).toEqual([]);
  });
});
