import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { type ActionRunOptions, bakeOnDispatch, runAction } from './helpers/action-runner.js';
import { keepBody } from './helpers/bot-bodies.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { type GitOpsRemote, git, gitopsRemote } from './helpers/gitops-remote.js';

// The bake workflow's `observe` after a failed bake (issue 15): the policy's answer through the
// afterFollowUp hook. `auto`: the bake job does NOT roll back (it has no environment and read-only
// credentials); it pushes a rollback request and dispatches the execute workflow, whose job runs the
// rollback once. `ask`: a comment on the request's PR, no request, no dispatch, no rollback.
// The action as a runner runs it, fresh checkouts of a bare remote, the GitHub double.

const intent = (
  name: string,
  undo = 'echo undo >> {{marks}}/undo-{{app}} && echo 0 > {{marks}}/restarts-{{app}}',
) => `name: ${name}
description: a deploy whose restarts climb in the bake until it is rolled back
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
  marks: { type: string, pattern: "^[A-Za-z0-9/._-]+$" }
steps:
  - name: deploy
    run: echo run >> {{marks}}/runs-{{app}}
rollback:
  - name: undo
    run: ${undo}
capture:
  pod_restarts: { run: "cat {{marks}}/restarts-{{app}} 2>/dev/null || echo 0" }
`;
const OUTCOMES = `observe: { for: 2s, interval: 500ms }
outcomes:
  success:
    - { condition: said, check: "echo ok", expected: { regex: "ok" }, timeout: 5s, interval: 100ms }
`;

let double: GitHubDouble;
let repo: GitOpsRemote;
let marks: string;

beforeAll(async () => {
  double = await startGitHubDouble();
  double.state.addWorkflow('intentops-bake.yml', { execution: true, target: false });
  // The shipped execute workflow's workflow_dispatch declares no inputs.
  double.state.addWorkflow('intentops-execute.yml', {});
  repo = await gitopsRemote('intentops-bake-rollback-', {
    'intents/catalog/bake-auto.yaml': intent('bake-auto'),
    'intents/catalog/bake-ask.yaml': intent('bake-ask'),
    'intents/outcomes/bake-auto.yaml': OUTCOMES,
    'intents/outcomes/bake-ask.yaml': OUTCOMES,
    'intents/catalog/bake-broken.yaml': intent(
      'bake-broken',
      'echo undo >> {{marks}}/undo-{{app}} && exit 3',
    ),
    'intents/outcomes/bake-broken.yaml': OUTCOMES,
    'intents/catalog/bake-changed.yaml': intent('bake-changed'),
    'intents/outcomes/bake-changed.yaml': OUTCOMES,
    'intents/anomaly-rules/default.yaml': `anomaly_rules:
  - name: restarts_in_bake
    condition: "pod_restarts_after > 3"
    severity: P2
    action: create_incident_draft
`,
    'intents/policies/rollback.yaml': `policies:
  - name: auto-undo
    match: { intents: [bake-auto, bake-broken, bake-changed] }
    rollback: auto
  - name: ask-first
    match: { intents: [bake-ask] }
    rollback: ask
`,
  });
  marks = join(repo.root, 'marks');
  await mkdir(marks, { recursive: true });
});

afterAll(async () => {
  await double.stop();
  await repo.cleanup();
});

function executeOptions(work: string, how: 'push' | 'workflow_dispatch' = 'push'): ActionRunOptions {
  const sha = git(work, 'rev-parse', 'HEAD');
  return {
    inputs: { command: 'execute', 'github-token': 'ghs_test', 'repo-path': work, 'dry-run': 'false' },
    event:
      how === 'push'
        ? { ref: 'refs/heads/main', before: `${sha.slice(0, 39)}0`, after: sha, commits: [] }
        : { ref: 'refs/heads/main', inputs: {} },
    eventName: how,
    sha,
    apiUrl: double.url,
    cwd: work,
    env: { GITHUB_RUN_ID: how === 'push' ? '700' : '702' },
  };
}

const observeOptions = (work: string, inputs: Record<string, string>) =>
  bakeOnDispatch(work, double.url, inputs, '701');

const records = () => repo.records();

const lines = (file: string) =>
  existsSync(join(marks, file)) ? readFileSync(join(marks, file), 'utf8').trim().split('\n') : [];

const mergedPr = (sha: string, branch: string) => double.state.mergedPull(sha, branch);
/** The PR's one outcome comment, and the row of one request in it. */
const outcomeOf = (pr: number) =>
  double.state.commentsOf(pr).find((c) => c.body?.includes('<!-- intentops:outcome -->'))?.body ?? '';
const outcomeRowOf = (pr: number, name: string) =>
  outcomeOf(pr)
    .split('\n')
    .find((l) => l.startsWith(`| \`${name}\` |`)) ?? '';

/** Merges the request, runs the execute job, makes the restarts climb, runs the bake it dispatched. */
async function runAndBadBake(name: string, app: string) {
  const path = `intents/requests/${app}.yaml`;
  const sha = await repo.merge(
    { [path]: `intent: ${name}\nparams: { app: ${app}, marks: ${marks} }\nreason: bake rollback\n` },
    `merge ${app}`,
  );
  double.state.adoptCommit(sha, `merge ${app}`);
  const pr = mergedPr(sha, app);
  const ran = await runAction(executeOptions(repo.checkout()));
  expect(ran.code, ran.stdout + ran.stderr).toBe(0);
  const exec = records().find((r) => r.request.path === path);
  expect(exec?.status).toBe('success');
  const dispatch = double.state.dispatches.find((d) => d.inputs.execution === exec?.id);
  expect(dispatch?.workflow).toBe('intentops-bake.yml');
  // The restarts climb after the run: the bake's first sample sees them.
  await writeFile(join(marks, `restarts-${app}`), '5\n');
  const dispatchesBefore = double.state.dispatches.length;
  const baked = await runAction(observeOptions(repo.checkout(), dispatch?.inputs ?? {}));
  const follow = records().find((r) => r.observation_of === exec?.id);
  return {
    pr,
    exec: exec as ExecutionRecord,
    baked,
    follow,
    dispatched: double.state.dispatches.slice(dispatchesBefore),
  };
}

describe('a failed bake on GitHub: the policy through the observe command', { timeout: 420_000 }, () => {
  it('policy auto: the bake job asks, the execute workflow rolls back, once', async () => {
    const { pr, exec, baked, follow, dispatched } = await runAndBadBake('bake-auto', 'a1');
    expect(baked.code, baked.stdout + baked.stderr).toBe(1);
    expect(baked.outputs.status).toBe('fail');
    expect(follow?.observation?.verdict).toBe('fail');
    // Not in the bake job: no rollback step ran there, no rollback record, no claim.
    expect(lines('undo-a1')).toEqual([]);
    expect(records().filter((r) => r.rollback_of)).toEqual([]);
    expect(repo.files()).not.toContain(`executions/claims/rollback-${exec.id}.yaml`);
    // It pushed the request and started the execute workflow on the branch.
    const request = parse(repo.show(`executions/rollback-requests/${exec.id}.yaml`));
    expect(request).toMatchObject({ rollback_of: exec.id, because_of: follow?.id, pr, run: { id: '701' } });
    expect(request.trigger).toMatch(/the bake of exec-.* failed: anomaly rule 'restarts_in_bake'/);
    expect(dispatched).toEqual([
      expect.objectContaining({ workflow: 'intentops-execute.yml', ref: 'main', inputs: {} }),
    ]);
    const said = double.state.commentsOf(pr).map((c) => c.body ?? '');
    expect(said.join('\n')).toMatch(/Rolling back\*\* `exec-.*` automatically \(policy: auto\)/);
    expect(said.join('\n')).toMatch(/runs in the `intentops-execute\.yml` workflow/);

    // The dispatched execute run (environment production) runs it.
    const executed = await runAction(executeOptions(repo.checkout(), 'workflow_dispatch'));
    expect(executed.code, executed.stdout + executed.stderr).toBe(0);
    expect(lines('undo-a1')).toEqual(['undo']);
    const rollbacks = records().filter((r) => r.rollback_of === exec.id);
    expect(rollbacks).toHaveLength(1);
    expect(rollbacks[0]?.rollback).toMatchObject({ mode: 'auto', by: 'policy' });
    expect(rollbacks[0]?.rollback?.trigger).toBe(request.trigger);
    expect(rollbacks[0]?.run?.id).toBe('702');
    expect(repo.files()).toContain(`executions/claims/rollback-${exec.id}.yaml`);
    expect(
      double.state
        .commentsOf(pr)
        .map((c) => c.body ?? '')
        .join('\n'),
    ).toMatch(/Rolled back\*\* `exec-/);
    // Said as the request's next action in the PR's one outcome comment, not in comments of their own.
    expect(outcomeRowOf(pr, 'a1.yaml')).toMatch(/\| \*\*Rolled back\*\* `exec-[^|]*\|$/);
    expect(double.state.commentsOf(pr).some((c) => c.body?.includes('intentops:rollback-of='))).toBe(false);

    // Exactly once: the next execute run (schedule, push) finds nothing to do.
    const again = await runAction(executeOptions(repo.checkout()));
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(lines('undo-a1')).toEqual(['undo']);
    expect(records().filter((r) => r.rollback_of === exec.id)).toHaveLength(1);
    expect(double.rejected().filter((x) => x.operationId !== 'actions/get-workflow-run')).toEqual([]);
  });

  it('policy ask: the PR is told how to roll back; no request, no dispatch, no rollback', async () => {
    const { pr, exec, baked, follow, dispatched } = await runAndBadBake('bake-ask', 'a2');
    expect(baked.code, baked.stdout + baked.stderr).toBe(1);
    expect(follow?.observation?.verdict).toBe('fail');
    expect(
      double.state
        .commentsOf(pr)
        .map((c) => c.body ?? '')
        .join('\n'),
    ).toMatch(new RegExp(`Rollback available\\*\\* \\(policy: ask\\)[\\s\\S]*/rollback ${exec.id}`));
    const row = outcomeRowOf(pr, 'a2.yaml');
    keepBody('outcome-rollback-ask', outcomeOf(pr));
    expect(row).toMatch(/^\| `a2\.yaml` \| ✅ succeeded/);
    expect(row).toContain(`**Rollback available** (policy: ask)`);
    expect(row).toContain(`\`/rollback ${exec.id}\``);
    expect(double.state.commentsOf(pr).some((c) => c.body?.includes('intentops:rollback-of='))).toBe(false);
    expect(dispatched).toEqual([]);
    expect(repo.files()).not.toContain(`executions/rollback-requests/${exec.id}.yaml`);
    const executed = await runAction(executeOptions(repo.checkout()));
    expect(executed.code, executed.stdout + executed.stderr).toBe(0);
    expect(lines('undo-a2')).toEqual([]);
    expect(records().filter((r) => r.rollback_of === exec.id)).toEqual([]);
  });

  it('a requested rollback that fails is recorded once, a human is asked, the job fails; no loop', async () => {
    const { pr, exec } = await runAndBadBake('bake-broken', 'b1');
    const executed = await runAction(executeOptions(repo.checkout(), 'workflow_dispatch'));
    expect(executed.code).toBe(1);
    expect(executed.stdout).toMatch(/::error::.*did not succeed: a human is needed/);
    const rollbacks = records().filter((r) => r.rollback_of === exec.id);
    expect(rollbacks.map((r) => r.status)).toEqual(['failed']);
    expect(
      double.state
        .commentsOf(pr)
        .map((c) => c.body ?? '')
        .join('\n'),
    ).toMatch(/The rollback `exec-[^`]+` did not succeed: a human is needed/);
    // The next execute run neither retries it nor rolls the failed rollback back.
    const again = await runAction(executeOptions(repo.checkout()));
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(lines('undo-b1')).toEqual(['undo']);
    expect(
      records().filter((r) => r.rollback_of === exec.id || r.rollback_of === rollbacks[0]?.id),
    ).toHaveLength(1);
  });

  it('a requested rollback whose steps now name a param the execution never had is refused once, never run', async () => {
    const { pr, exec } = await runAndBadBake('bake-changed', 'c1');
    // The catalog changes before the execute job gets to it: the rollback now needs `revision`.
    const changed = intent('bake-changed', 'echo undo {{revision}} >> {{marks}}/undo-{{app}}').replace(
      '  marks:',
      '  revision: { type: string, pattern: "^[0-9]+$" }\n  marks:',
    );
    const sha = await repo.merge(
      { 'intents/catalog/bake-changed.yaml': changed },
      'rollback needs a revision',
    );
    double.state.adoptCommit(sha, 'rollback needs a revision');
    const executed = await runAction(executeOptions(repo.checkout(), 'workflow_dispatch'));
    expect(executed.code, executed.stdout + executed.stderr).toBe(0);
    expect(lines('undo-c1')).toEqual([]);
    expect(records().filter((r) => r.rollback_of === exec.id)).toEqual([]);
    const said = () =>
      double.state
        .commentsOf(pr)
        .map((c) => c.body ?? '')
        .filter((b) => b.includes('No automatic rollback'));
    expect(said()).toHaveLength(1);
    expect(said()[0]).toMatch(/use \{\{revision\}\}, which this execution had no value for/);
    expect(parse(repo.show(`executions/rollback-requests/${exec.id}.yaml`)).refused).toMatch(/revision/);
    const commentsBefore = double.state.commentsOf(pr).length;
    const again = await runAction(executeOptions(repo.checkout()));
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).not.toMatch(/rollback of exec-/);
    expect(double.state.commentsOf(pr)).toHaveLength(commentsBefore);
  });

  it('a requested rollback is refused when a newer execution for the target ran since (a fix-forward)', async () => {
    const merged = async (file: string) => {
      const sha = await repo.merge(
        { [file]: `intent: bake-auto\nparams: { app: n1, marks: ${marks} }\nreason: ${file}\n` },
        `merge ${file}`,
      );
      double.state.adoptCommit(sha, `merge ${file}`);
      const pr = mergedPr(sha, file);
      const ran = await runAction(executeOptions(repo.checkout()));
      expect(ran.code, ran.stdout + ran.stderr).toBe(0);
      return { pr, exec: records().find((r) => r.request.path === file) as ExecutionRecord };
    };
    const first = await merged('intents/requests/n1.yaml');
    const second = await merged('intents/requests/n1-fix.yaml');
    expect(second.exec.timestamp > first.exec.timestamp).toBe(true);
    // The first execution's bake fails after the fix-forward ran: the request is pushed …
    await writeFile(join(marks, 'restarts-n1'), '5\n');
    const dispatch = double.state.dispatches.find((d) => d.inputs.execution === first.exec.id);
    const baked = await runAction(observeOptions(repo.checkout(), dispatch?.inputs ?? {}));
    expect(baked.code).toBe(1);
    expect(repo.files()).toContain(`executions/rollback-requests/${first.exec.id}.yaml`);
    // … but rolling it back now would undo on top of the fix: refused, said, not run.
    const executed = await runAction(executeOptions(repo.checkout(), 'workflow_dispatch'));
    expect(executed.code, executed.stdout + executed.stderr).toBe(0);
    expect(lines('undo-n1')).toEqual([]);
    expect(records().filter((r) => r.rollback_of)).not.toContainEqual(
      expect.objectContaining({ rollback_of: first.exec.id }),
    );
    expect(
      double.state
        .commentsOf(first.pr)
        .map((c) => c.body ?? '')
        .join('\n'),
    ).toContain(
      `No automatic rollback of \`${first.exec.id}\`**: ${second.exec.id} ran for the same target since`,
    );
  });
});
