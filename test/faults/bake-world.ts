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

export const bakeJob: JobKindWorld = {
  name: 'bake',
  async start(): Promise<JobWorld> {
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
    const exec = async (how: 'push' | 'workflow_dispatch', runId: string) => {
      const work = repo.checkout();
      const base = executeOnPush(work, double.url);
      return runKillable({
        ...base,
        inputs: { ...base.inputs, 'github-token': SECRET_TOKEN },
        ...(how === 'push' ? {} : { eventName: how, event: { ref: 'refs/heads/main', inputs: {} } }),
        env: { GITHUB_RUN_ID: runId },
      });
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
    let attempt = 0;
    return {
      double,
      // A failed bake ends red (1); a re-run that finds it baked ends green.
      codes: [0, 1],
      expectedErrors: [/the bake of exec-.* failed|bake fail/],
      run({ fault, env } = {}) {
        const o = bakeOnDispatch(repo.checkout(), double.url, dispatch.inputs, '701');
        return runKillable({
          ...o,
          inputs: { ...o.inputs, 'github-token': SECRET_TOKEN },
          env: {
            ...o.env,
            GITHUB_RUN_ATTEMPT: String(++attempt),
            ...(fault ? { INTENTOPS_FAULT: fault } : {}),
            ...env,
          },
        });
      },
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
        // The execute workflow the request starts, then the schedule: the rollback runs once.
        const first = await exec('workflow_dispatch', '702');
        const again = await exec('push', '703');
        for (const [label, e] of [
          ['the dispatched execute', first],
          ['the next execute', again],
        ] as const)
          if (e.code !== 0)
            out.push(
              `${label} ended ${e.code}: ${e.stdout
                .split('\n')
                .filter((l) => l.startsWith('::error'))
                .join(' ')}`,
            );
        const rollbacks = repo.records().filter((r) => r.rollback_of === execution.id);
        if (rollbacks.length !== 1 || rollbacks[0]?.rollback?.mode !== 'auto')
          out.push(`${rollbacks.length} rollback records (one auto rollback expected)`);
        if (undos() !== 1) out.push(`the rollback's step ran ${undos()} times (once expected)`);
        if (git(repo.remote, 'log', '-p', '--all').includes(SECRET_TOKEN))
          out.push('the token is in a pushed file or commit message');
        return out;
      },
      stop: async () => {
        await double.stop();
        await repo.cleanup();
      },
    };
  },
};
