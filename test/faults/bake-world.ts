import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { bakeOnDispatch, executeOnPush } from '../helpers/action-runner.js';
import { startGitHubDouble } from '../helpers/github-double.js';
import { git, gitopsRemote } from '../helpers/gitops-remote.js';
import { type JobKindWorld, type JobWorld, runKillable } from './job-world.js';
import { SECRET_TOKEN } from './world.js';

// The bake job after a run whose restarts climb (a failed bake, policy auto): however the bake is
// killed or failed, its re-run leaves one follow-up record, the rollback request, at most one bake
// comment; then the execute workflow the request starts rolls back exactly once.

const INTENT = `name: bake-auto
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
    run: echo undo >> {{marks}}/undo-{{app}} && echo 0 > {{marks}}/restarts-{{app}}
capture:
  pod_restarts: { run: "cat {{marks}}/restarts-{{app}} 2>/dev/null || echo 0" }
`;
const OUTCOMES = `observe: { for: 2s, interval: 500ms }
outcomes:
  success:
    - { condition: said, check: "echo ok", expected: { regex: "ok" }, timeout: 5s, interval: 100ms }
`;
const RULES = `anomaly_rules:
  - name: restarts_in_bake
    condition: "pod_restarts_after > 3"
    severity: P2
    action: create_incident_draft
`;
const POLICY = `policies:
  - name: auto-undo
    match: { intents: [bake-auto] }
    rollback: auto
`;

/** A merged request run by the execute job, its restarts climbing: the bake it dispatched will fail. */
async function failingBakeWorld() {
  const double = await startGitHubDouble();
  double.state.addWorkflow('intentops-bake.yml', { execution: true, target: false });
  double.state.addWorkflow('intentops-execute.yml', {});
  const repo = await gitopsRemote('intentops-fault-bake-', {
    'intents/catalog/bake-auto.yaml': INTENT,
    'intents/outcomes/bake-auto.yaml': OUTCOMES,
    'intents/anomaly-rules/default.yaml': RULES,
    'intents/policies/rollback.yaml': POLICY,
  });
  const marks = join(repo.root, 'marks');
  await mkdir(marks, { recursive: true });
  const path = 'intents/requests/a1.yaml';
  const sha = await repo.merge(
    { [path]: `intent: bake-auto\nparams: { app: a1, marks: ${marks} }\nreason: fault harness\n` },
    'merge a1',
  );
  double.state.adoptCommit(sha, 'merge a1');
  const pr = double.state.mergedPull(sha, 'a1');
  const exec = async (
    how: 'push' | 'workflow_dispatch',
    runId: string,
    attempt = 1,
    fault?: string,
    env: Record<string, string> = {},
  ) => {
    const work = repo.checkout();
    const base = executeOnPush(work, double.url);
    // GitHub knows the run: a later job asking whether a killed one's claim is live gets an answer.
    const run = (status: 'in_progress' | 'completed') =>
      double.state.workflowRuns.set(Number(runId), {
        id: Number(runId),
        attempt,
        status,
        conclusion: status === 'completed' ? 'failure' : null,
      });
    run('in_progress');
    const end = await runKillable({
      ...base,
      inputs: { ...base.inputs, 'github-token': SECRET_TOKEN },
      ...(how === 'push' ? {} : { eventName: how, event: { ref: 'refs/heads/main', inputs: {} } }),
      env: {
        GITHUB_RUN_ID: runId,
        GITHUB_RUN_ATTEMPT: String(attempt),
        ...(fault ? { INTENTOPS_FAULT: fault } : {}),
        ...env,
      },
    });
    run('completed');
    return end;
  };
  const ran = await exec('push', '700');
  if (ran.code !== 0) throw new Error(`the execute job failed: ${ran.stdout}`);
  const execution = repo.records().find((r) => r.request.path === path);
  const dispatch = double.state.dispatches.find((d) => d.inputs.execution === execution?.id);
  if (!execution || !dispatch) throw new Error('the execute job dispatched no bake');
  // The restarts climb after the run: the bake's first sample sees them, the bake fails.
  await writeFile(join(marks, 'restarts-a1'), '5\n');
  const undos = () => {
    const f = join(marks, 'undo-a1');
    return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').length : 0;
  };
  const bake = (n: number, fault?: string, env?: Record<string, string>) => {
    const o = bakeOnDispatch(repo.checkout(), double.url, dispatch.inputs, '701');
    return runKillable({
      ...o,
      inputs: { ...o.inputs, 'github-token': SECRET_TOKEN },
      env: { ...o.env, GITHUB_RUN_ATTEMPT: String(n), ...(fault ? { INTENTOPS_FAULT: fault } : {}), ...env },
    });
  };
  const stop = async () => {
    await double.stop();
    await repo.cleanup();
  };
  return { double, repo, execution, pr, exec, undos, bake, stop };
}

/**
 * After the rollback the failed bake asked for: one auto rollback record, its step run at most once;
 * or, when the run rolling back died mid-way, the request refused aloud (a human decides).
 */
function rollbackRanOnce(w: Awaited<ReturnType<typeof failingBakeWorld>>): string[] {
  const out: string[] = [];
  const rollbacks = w.repo.records().filter((r) => r.rollback_of === w.execution.id);
  const request = `executions/rollback-requests/${w.execution.id}.yaml`;
  const refused = w.repo.files().includes(request)
    ? (parse(w.repo.show(request)).refused as string)
    : undefined;
  const stranded = rollbacks.length === 0 && /ended without its record/.test(refused ?? '');
  if (stranded) {
    const told = w.double.state.commentsOf(w.pr).some((c) => c.body?.includes('ended without its record'));
    if (!told) out.push('a stranded rollback was refused without a word on the PR');
  } else if (rollbacks.length !== 1 || rollbacks[0]?.rollback?.mode !== 'auto')
    out.push(
      `${rollbacks.length} rollback records (one auto rollback expected)${refused ? `; refused: ${refused}` : ''}`,
    );
  if (w.undos() > 1) out.push(`the rollback's step ran ${w.undos()} times (at most once)`);
  if (w.undos() === 0 && rollbacks[0]?.status === 'success')
    out.push('a rollback recorded success never ran');
  if (git(w.repo.remote, 'log', '-p', '--all').includes(SECRET_TOKEN))
    out.push('the token is in a pushed file or commit message');
  return out;
}

export const bakeJob: JobKindWorld = {
  name: 'bake',
  async start(): Promise<JobWorld> {
    const w = await failingBakeWorld();
    const { double, repo, execution, pr, exec } = w;
    let attempt = 0;
    return {
      double,
      // A failed bake ends red (1); a re-run that finds it baked ends green.
      codes: [0, 1],
      expectedErrors: [/bake fail: /],
      run: ({ fault, env } = {}) => w.bake(++attempt, fault, env),
      async check() {
        const out: string[] = [];
        const follows = repo.records().filter((r) => r.observation_of === execution.id);
        if (follows.length !== 1) out.push(`${follows.length} follow-up records (exactly one expected)`);
        else if (follows[0]?.observation?.verdict !== 'fail')
          out.push(`the follow-up says ${follows[0]?.observation?.verdict}, not fail`);
        const request = `executions/rollback-requests/${execution.id}.yaml`;
        if (!repo.files().includes(request)) out.push(`the failed bake has no rollback request (${request})`);
        else if (parse(repo.show(request)).rollback_of !== execution.id)
          out.push(`${request} names another run`);
        const comments = double.state.commentsOf(pr).filter((c) => c.body?.includes('<!-- intentops:bake='));
        if (comments.length > 1) out.push(`${comments.length} bake comments on #${pr}`);
        // The execute workflow the request starts, then the next push: the rollback runs once.
        for (const [label, e] of [
          ['the dispatched execute', await exec('workflow_dispatch', '702')],
          ['the next execute', await exec('push', '703')],
        ] as const)
          if (e.code !== 0) out.push(`${label} ended ${e.code}`);
        out.push(...rollbackRanOnce(w));
        return out;
      },
      stop: w.stop,
    };
  },
};

/** The execute job running the rollback a failed bake asked for (workflow_dispatch), re-run after a fault. */
export const rollbackJob: JobKindWorld = {
  name: 'rollback',
  async start(): Promise<JobWorld> {
    const w = await failingBakeWorld();
    const baked = await w.bake(1);
    if (!w.repo.files().includes(`executions/rollback-requests/${w.execution.id}.yaml`))
      throw new Error(`the bake asked for no rollback: ${baked.stdout}`);
    let attempt = 0;
    return {
      double: w.double,
      run: ({ fault, env } = {}) => w.exec('workflow_dispatch', '702', ++attempt, fault, env),
      async check() {
        // The next push settles whatever a killed attempt left (its claim, an interrupted record).
        const next = await w.exec('push', '703');
        const out = next.code === 0 ? [] : [`the next execute ended ${next.code}`];
        out.push(...rollbackRanOnce(w));
        return out;
      },
      stop: w.stop,
    };
  },
};
