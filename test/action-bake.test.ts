import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bakeOnDispatch, executeOnPush, runAction, startAction } from './helpers/action-runner.js';
import { unbalanced } from './helpers/bot-bodies.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { type GitOpsRemote, gitopsRemote } from './helpers/gitops-remote.js';

// The bake on GitHub: the execute job pushes the record and dispatches the bake workflow (its own
// run, its own concurrency group per target); the bake workflow's `observe` bakes and pushes the
// follow-up. A real bare remote, fresh runner checkouts, the GitHub double.

const NOOP = `name: noop
description: a step that passes
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
steps:
  - name: ok
    run: [echo, done]
`;
const outcomes = (window: string) => `observe: ${window}
outcomes:
  success:
    - { condition: said, check: "echo ok", expected: { regex: "ok" }, timeout: 5s, interval: 100ms }
`;
const BAKE_WORKFLOW = join(
  import.meta.dirname,
  '..',
  'templates',
  'gitops',
  '.github',
  'workflows',
  'intentops-bake.yml',
);

let double: GitHubDouble;
let repo: GitOpsRemote;

beforeAll(async () => {
  double = await startGitHubDouble();
  // The double knows the workflow by the inputs the shipped template declares.
  const declared = parse(readFileSync(BAKE_WORKFLOW, 'utf8')).on.workflow_dispatch.inputs as Record<
    string,
    { required?: boolean }
  >;
  double.state.addWorkflow(
    'intentops-bake.yml',
    Object.fromEntries(Object.entries(declared).map(([k, v]) => [k, v.required === true])),
  );
  repo = await gitopsRemote('intentops-bake-gh-', {
    'intents/catalog/noop.yaml': NOOP,
    'intents/outcomes/noop.yaml': outcomes('{ for: 2s, interval: 500ms }'),
    'intents/catalog/slowbake.yaml': NOOP.replace('name: noop', 'name: slowbake'),
    'intents/outcomes/slowbake.yaml': outcomes('{ for: 120s, interval: 500ms }'),
    // Restarts read from a file in the checkout: the test raises them while the bake runs.
    'intents/catalog/flaky.yaml': `${NOOP.replace('name: noop', 'name: flaky')}capture:
  pod_restarts: { run: "cat state/restarts 2>/dev/null || echo 0" }
`,
    'intents/outcomes/flaky.yaml': outcomes('{ for: 30s, interval: 500ms }'),
    'intents/anomaly-rules/default.yaml': `anomaly_rules:
  - name: restarts_in_bake
    condition: "pod_restarts_after > 3"
    severity: P2
    action: create_incident_draft
`,
  });
});

afterAll(async () => {
  await double.stop();
  await repo.cleanup();
});

const executeOptions = (work: string, env: Record<string, string> = {}) =>
  executeOnPush(work, double.url, { env });

const observeOptions = (work: string, inputs: Record<string, string>) =>
  bakeOnDispatch(work, double.url, inputs, '900');

const records = () => repo.records();

/** The request's PR, merged: its merge commit is the one on main. */
const mergedPr = (sha: string, branch: string) => double.state.mergedPull(sha, branch);

async function merge(file: string, body: string): Promise<number> {
  const sha = await repo.merge({ [file]: body }, `merge ${file}`);
  double.state.adoptCommit(sha, `merge ${file}`);
  return mergedPr(sha, file);
}

const bakeComments = (pr: number) =>
  double.state.commentsOf(pr).filter((c) => c.body?.includes('<!-- intentops:bake='));
const outcomeOf = (pr: number) =>
  double.state.commentsOf(pr).find((c) => c.body?.includes('<!-- intentops:outcome -->'))?.body ?? '';

describe('the bake on GitHub', { timeout: 300_000 }, () => {
  it('execute dispatches the bake and ends; observe bakes, pushes the follow-up, comments at start and end only', async () => {
    const pr = await merge('intents/requests/a.yaml', 'intent: noop\nparams: { app: web }\nreason: bake\n');
    const ran = await runAction(executeOptions(repo.checkout()));
    expect(ran.code, ran.stdout + ran.stderr).toBe(0);
    const [exec] = records();
    expect(exec?.status).toBe('success');
    // The execute job did not bake: only the execution record, and one dispatch naming it.
    expect(records()).toHaveLength(1);
    expect(double.state.dispatches).toEqual([
      {
        workflow: 'intentops-bake.yml',
        ref: 'main',
        inputs: { execution: exec?.id, target: 'web' },
        at: expect.any(String),
      },
    ]);

    const before = double.requests.length;
    const baked = await runAction(observeOptions(repo.checkout(), double.state.dispatches[0]?.inputs ?? {}));
    expect(baked.code, baked.stdout + baked.stderr).toBe(0);
    expect(baked.outputs.status).toBe('pass');
    const follow = records().find((r) => r.observation_of === exec?.id);
    expect(follow?.observation?.verdict).toBe('pass');
    expect(follow?.prev_digest).toBe(exec?.digest);
    expect(baked.outputs['execution-ids']).toBe(follow?.id);
    expect(repo.log()[0]).toBe(`intentops: bake pass for ${exec?.id}`);
    // The summary holds the verdict; the PR comment was written at the start and rewritten at the end.
    expect(baked.summary).toMatch(/bake pass\*\* of `exec-/);
    // The bake's own comment, beside the execute job's outcome comment (which says a bake follows).
    const comments = bakeComments(pr);
    expect(comments).toHaveLength(1);
    expect(outcomeOf(pr)).toContain('Nothing now: the bake watches it for its window.');
    expect(comments[0]?.body).toMatch(/bake pass\*\* of/);
    expect(comments[0]?.body).not.toMatch(/baking: |Last: /);
    expect(comments[0]?.body).toContain('Next: nothing — the change held through the bake.');
    expect(comments[0]?.body).toContain(`<!-- intentops:bake=${exec?.id} -->`);
    const created = double.requests.slice(before).find((r) => r.operationId === 'issues/create-comment');
    expect((created?.body as { body?: string })?.body).toMatch(/baking: 0 of 2 s, no anomalies so far/);
    const calls = double.requests.slice(before).map((r) => r.operationId);
    // No call while the bake ran: the comment at the start (list + create) and at the end (list + update).
    expect(calls).toEqual([
      'issues/list-comments',
      'issues/create-comment',
      'issues/list-comments',
      'issues/update-comment',
    ]);
    expect(double.rejected()).toEqual([]);

    // A second dispatch for the same execution finds the follow-up: nothing is baked twice.
    const again = await runAction(
      observeOptions(repo.checkout(), { execution: exec?.id ?? '', target: 'web' }),
    );
    expect(again.outputs.status).toBe('skipped');
    expect(records().filter((r) => r.observation_of === exec?.id)).toHaveLength(1);
  });

  it('a re-run attempt dispatches a bake its first attempt pushed but never started; never twice', async () => {
    await merge('intents/requests/b.yaml', 'intent: noop\nparams: { app: shop }\nreason: bake\n');
    const first = await runAction(executeOptions(repo.checkout(), { GITHUB_RUN_ID: '77' }));
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const exec = records().find((r) => r.request.path === 'intents/requests/b.yaml');
    const forB = () => double.state.dispatches.filter((d) => d.inputs.execution === exec?.id);
    expect(forB()).toHaveLength(1);
    // As if the first attempt had died before its dispatch: forget it, then re-run the same run.
    double.state.dispatches.splice(double.state.dispatches.indexOf(forB()[0] as never), 1);
    const rerun = await runAction(
      executeOptions(repo.checkout(), { GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '2' }),
    );
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect(rerun.outputs['execution-ids']).toBe('');
    expect(forB()).toHaveLength(1);
    // Another run (a push, the schedule) never dispatches an old execution.
    await runAction(executeOptions(repo.checkout(), { GITHUB_RUN_ID: '78' }));
    expect(forB()).toHaveLength(1);
    // Once baked, a further re-run attempt does not dispatch it again.
    const baked = await runAction(observeOptions(repo.checkout(), forB()[0]?.inputs ?? {}));
    expect(baked.outputs.status, baked.stdout + baked.stderr).toBe('pass');
    await runAction(executeOptions(repo.checkout(), { GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '3' }));
    expect(forB()).toHaveLength(1);
    // The reconcile asks whether run 77 still runs (a claim of another run): the double does not
    // implement actions/get-workflow-run and answers 501, which the job treats as "still running".
    const refused = double.rejected().filter((r) => r.operationId !== 'actions/get-workflow-run');
    expect(refused.map((r) => `${r.operationId} ${r.rejected}`)).toEqual([]);
  });

  it('a bake that finds an anomaly fails the step, files the incident issue and says so on the PR', async () => {
    const pr = await merge('intents/requests/f.yaml', 'intent: flaky\nparams: { app: cart }\nreason: bake\n');
    expect((await runAction(executeOptions(repo.checkout()))).code).toBe(0);
    const exec = records().find((r) => r.request.path === 'intents/requests/f.yaml');
    expect(exec?.status).toBe('success');
    const dispatch = double.state.dispatches.find((d) => d.inputs.execution === exec?.id);
    const work = repo.checkout();
    const issuesBefore = double.state.issues.size;
    const { child, done } = await startAction(observeOptions(work, dispatch?.inputs ?? {}));
    let out = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
    });
    const until = Date.now() + 60_000;
    while (!/baking: \d+ of/.test(out) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    await mkdir(join(work, 'state'), { recursive: true });
    await writeFile(join(work, 'state', 'restarts'), '5\n');
    const r = await done;
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.outputs.status).toBe('fail');
    expect(r.stdout).toMatch(/::error::bake fail: anomaly rule 'restarts_in_bake'/);
    const follow = records().find((x) => x.observation_of === exec?.id);
    expect(follow?.status).toBe('failed');
    expect(follow?.anomalies.map((a) => a.rule)).toEqual(['restarts_in_bake']);
    // The incident issue, saying when it appeared; its number is the follow-up's draft and the output.
    const issues = [...double.state.issues.values()].slice(issuesBefore).filter((i) => !i.pull);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.body).toMatch(/appeared \d+ s after the run ended \(bake of `exec-/);
    expect(r.outputs['incident-issues']).toBe(String(issues[0]?.number));
    const comment = bakeComments(pr)[0]?.body ?? '';
    expect(comment).toMatch(/bake fail\*\* of `exec-/);
    expect(comment).toMatch(/rule:restarts_in_bake \(P2\) appeared \d+ s after the run ended/);
    // It links the incident it opened by name, drops the stale progress line, says the next action.
    expect(comment).toContain(`opened [incident #${issues[0]?.number}](`);
    expect(comment).not.toMatch(/baking: |Last: /);
    expect(comment).toContain(
      `Next: read the incident; to undo the change, comment \`/rollback ${exec?.id}\``,
    );
    expect(unbalanced(comment)).toEqual([]);
    expect(double.rejected().filter((x) => x.operationId !== 'actions/get-workflow-run')).toEqual([]);
  });

  it.each([
    ['cancelled', false],
    ['superseded', true],
  ] as const)('GitHub cancels the bake (SIGINT): %s', async (verdict, newer) => {
    const app = newer ? 'api' : 'db';
    await merge(`intents/requests/${app}-1.yaml`, `intent: slowbake\nparams: { app: ${app} }\nreason: one\n`);
    expect((await runAction(executeOptions(repo.checkout()))).code).toBe(0);
    const exec = records().find((r) => r.request.path === `intents/requests/${app}-1.yaml`);
    const dispatch = double.state.dispatches.find((d) => d.inputs.execution === exec?.id);
    expect(dispatch?.inputs.target).toBe(app);
    const { child, done } = await startAction(observeOptions(repo.checkout(), dispatch?.inputs ?? {}));
    let out = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
    });
    const until = Date.now() + 60_000;
    while (!/baking: \d+ of/.test(out) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    if (newer) {
      // A newer execution for the same target: its dispatch is what makes GitHub cancel this bake.
      await merge(`intents/requests/${app}-2.yaml`, `intent: noop\nparams: { app: ${app} }\nreason: two\n`);
      expect((await runAction(executeOptions(repo.checkout()))).code).toBe(0);
    }
    const sent = Date.now();
    child.kill('SIGINT');
    const r = await done;
    // GitHub allows ~10 s (SIGTERM at 7.5 s, SIGKILL at 10 s): printed, not asserted.
    console.log(`SIGINT → ${verdict} follow-up pushed, process ended: ${Date.now() - sent} ms`);
    expect(r.outputs.status, r.stdout + r.stderr).toBe(verdict);
    const follow = records().find((x) => x.observation_of === exec?.id);
    expect(follow?.observation?.verdict).toBe(verdict);
    expect(follow?.status).toBe('cancelled');
    expect(follow?.observation?.reason).toMatch(newer ? /newer execution/ : /cancelled/);
  });
});
