import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeOnPush, runAction, startAction } from './helpers/action-runner.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { type GitOpsRemote, gitopsRemote } from './helpers/gitops-remote.js';

// The request PR's one outcome comment is written by jobs that share no concurrency group. Two real
// processes update it at once: the execute job has read the comment and is held (a fault point)
// just before it writes its row, while a `/retry` job runs the PR's other request and writes that
// row; then the execute job's stale write goes through. No row may be lost: the comment is
// rendered from the pushed records and re-read after every write (action/outcome-sync.ts).

const QUICK = `name: quick
description: one step
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
steps:
  - name: go
    run: [echo, go]
`;

let double: GitHubDouble;
let repo: GitOpsRemote;
let holds: string;

beforeAll(async () => {
  double = await startGitHubDouble();
  double.state.grant({ login: 'alice', id: 401, type: 'User' }, 'write');
  repo = await gitopsRemote('intentops-outcome-race-', { 'intents/catalog/quick.yaml': QUICK });
  holds = await mkdtemp(join(tmpdir(), 'intentops-holds-'));
});

afterAll(async () => {
  await double.stop();
  await repo.cleanup();
  await rm(holds, { recursive: true, force: true });
});

async function until(cond: () => boolean, what: string): Promise<void> {
  // A bound on a wait for a state (a file, a record), never what a test decides on.
  for (let i = 0; i < 1200 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!cond()) throw new Error(`never: ${what}`);
}

const rowOf = (pr: number, name: string) =>
  (
    double.state
      .commentsOf(pr)
      .map((c) => c.body ?? '')
      .find((b) => b.includes('<!-- intentops:outcome -->')) ?? ''
  )
    .split('\n')
    .find((l) => l.startsWith(`| \`${name}.yaml\``)) ?? '';

describe('the outcome comment under concurrent jobs', { timeout: 300_000 }, () => {
  it('a stale write by one job drops no row another job wrote meanwhile', async () => {
    const sha = await repo.merge(
      {
        'intents/requests/first.yaml': 'intent: quick\nparams: { app: first }\nreason: race\n',
        'intents/requests/second.yaml': 'intent: quick\nparams: { app: second }\nreason: race\n',
      },
      'merge race',
    );
    double.state.adoptCommit(sha, 'merge race');
    const pr = double.state.mergedPull(sha, 'race');
    const records = (name: string) =>
      repo.records().filter((r) => r.request.path === `intents/requests/${name}.yaml`);

    // A first job is lost right after it claimed `first`: no record, no step.
    const lost = await runAction(
      executeOnPush(repo.checkout(), double.url, { env: { INTENTOPS_FAULT: 'claim.pushed:kill' } }),
    );
    expect(lost.code).not.toBe(0);

    // The next execute job records `first` interrupted (its row: created, write 1), runs `second`
    // and is held before its second write: the edit that adds the row of `second`.
    const a = await startAction(
      executeOnPush(repo.checkout(), double.url, {
        env: { GITHUB_RUN_ATTEMPT: '2', INTENTOPS_FAULT: 'github.write:hold@2', INTENTOPS_FAULT_DIR: holds },
      }),
    );
    await until(() => readdirSync(holds).some((f) => f.startsWith('github.write.held')), 'job A held');
    expect(records('second').map((r) => r.status)).toEqual(['success']);
    expect(rowOf(pr, 'first')).toContain('interrupted');
    expect(rowOf(pr, 'second')).toBe('');

    // Meanwhile a writer's /retry runs `first` again, in a job of its own, and writes its row.
    const b = await runAction(
      executeOnPush(repo.checkout(), double.url, {
        eventName: 'issue_comment',
        event: {
          action: 'created',
          issue: { number: pr, pull_request: { url: 'x' } },
          comment: { id: 7001, body: '/retry', user: { login: 'alice', type: 'User' } },
        },
      }),
    );
    expect(b.code, b.stdout + b.stderr).toBe(0);
    const retried = records('first').find((r) => r.retry_of);
    expect(retried?.status).toBe('success');
    expect(rowOf(pr, 'first')).toContain(`<code>${retried?.id}</code>`);

    // Job A goes on: its write was made from the comment it read before the /retry's.
    await writeFile(join(holds, 'github.write.go'), '');
    const ranA = await a.done;
    // It fails as it should (it recorded `first` interrupted), not on the comment.
    expect(ranA.stdout).toContain(
      '::error::1 request(s) did not succeed: intents/requests/first.yaml (interrupted)',
    );
    expect(ranA.stdout).not.toContain('could not comment the outcome');

    // Both rows stand: `first` shows its retry (not the interrupted run A read), `second` its run.
    expect(rowOf(pr, 'first')).toContain(`<code>${retried?.id}</code>`);
    expect(rowOf(pr, 'first')).toContain('✅ succeeded');
    expect(rowOf(pr, 'second')).toContain(`<code>${records('second')[0]?.id}</code>`);
    const outcomes = double.state
      .commentsOf(pr)
      .filter((c) => c.body?.includes('<!-- intentops:outcome -->'));
    expect(outcomes).toHaveLength(1);
    expect(existsSync(join(holds, 'github.write.go'))).toBe(true);
  });

  it('a job killed after its record was pushed leaves no row: the next execute run writes it', async () => {
    const sha = await repo.merge(
      { 'intents/requests/third.yaml': 'intent: quick\nparams: { app: third }\nreason: killed\n' },
      'merge killed',
    );
    double.state.adoptCommit(sha, 'merge killed');
    const pr = double.state.mergedPull(sha, 'killed');
    const killed = await runAction(
      executeOnPush(repo.checkout(), double.url, { env: { INTENTOPS_FAULT: 'record.pushed:kill' } }),
    );
    expect(killed.code).not.toBe(0);
    const record = repo.records().find((r) => r.request.path === 'intents/requests/third.yaml');
    expect(record?.status).toBe('success');
    expect(rowOf(pr, 'third')).toBe('');

    // The next run has nothing to execute; it notices the record without its row.
    const next = await runAction(executeOnPush(repo.checkout(), double.url));
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect(next.stdout).toContain(`#${pr}: the outcome comment has no row for ${record?.id}: writing it`);
    expect(rowOf(pr, 'third')).toContain(`<code>${record?.id}</code>`);
    expect(rowOf(pr, 'third')).toContain('✅ succeeded');
    expect(repo.records().filter((r) => r.request.path === 'intents/requests/third.yaml')).toHaveLength(1);

    // Once written, a later run finds nothing to repair.
    const again = await runAction(executeOnPush(repo.checkout(), double.url));
    expect(again.stdout).not.toContain('the outcome comment has no row');
  });
});
