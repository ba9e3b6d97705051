import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bakeOnDispatch, executeOnPush, runAction } from './helpers/action-runner.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { type GitOpsRemote, gitopsRemote } from './helpers/gitops-remote.js';
import { cli } from './helpers/repo.js';

// A bake of a staging execution whose environment declares its own credentials, in a bake job that
// lacks them: observing with the job's own kubeconfig could read another cluster, so the bake ends
// inconclusive, never pass or fail — and, like every other inconclusive bake, commits its follow-up
// record (verdict and reason): the audit and the learning loop read verdicts from records.

const NOOP = `name: noop
description: a step that passes
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
steps:
  - name: ok
    run: [echo, done]
`;
const OUTCOMES = `observe: { for: 1s, interval: 500ms }
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
  const declared = parse(readFileSync(BAKE_WORKFLOW, 'utf8')).on.workflow_dispatch.inputs as Record<
    string,
    { required?: boolean }
  >;
  double.state.addWorkflow(
    'intentops-bake.yml',
    Object.fromEntries(Object.entries(declared).map(([k, v]) => [k, v.required === true])),
  );
  repo = await gitopsRemote('intentops-bake-creds-', {
    'intents/environments.yaml':
      'environments:\n  - name: staging\n    prometheus_token: STAGING_PROM_TOKEN\n',
    'intents/catalog/noop.yaml': NOOP,
    'intents/outcomes/noop.yaml': OUTCOMES,
  });
});

afterAll(async () => {
  await double.stop();
  await repo.cleanup();
});

describe('the bake of an execution whose environment declares credentials the bake job lacks', {
  timeout: 120_000,
}, () => {
  it('ends inconclusive, saying so, commits one inconclusive follow-up, and a re-run adds none', async () => {
    const sha = await repo.merge(
      { 'intents/requests/a.yaml': 'intent: noop\nenvironment: staging\nparams: { app: a }\nreason: a\n' },
      'merge a',
    );
    double.state.adoptCommit(sha, 'merge a');
    const o = executeOnPush(repo.checkout(), double.url);
    const ran = await runAction({ ...o, inputs: { ...o.inputs, secrets: '{"STAGING_PROM_TOKEN":"tok"}' } });
    const id = ran.outputs['execution-ids'] ?? '';
    expect(
      repo.records().map((r) => r.status),
      ran.stdout + ran.stderr,
    ).toEqual(['success']);
    const bake = await runAction(bakeOnDispatch(repo.checkout(), double.url, { execution: id }, '7001'));
    expect(bake.outputs.status, bake.stdout + bake.stderr).toBe('inconclusive');
    expect(bake.code).not.toBe(0);
    expect(bake.stdout + bake.stderr).toContain('STAGING_PROM_TOKEN');
    const followUps = () => repo.records().filter((r) => r.observation_of === id);
    expect(
      followUps().map((r) => [r.status, r.observation?.verdict]),
      bake.stdout + bake.stderr,
    ).toEqual([['inconclusive', 'inconclusive']]);
    const [followUp] = followUps();
    expect(followUp?.observation?.reason).toContain('the bake could not observe environment staging');
    expect(followUp?.observation?.reason).toContain('STAGING_PROM_TOKEN');
    // The bake job's own situation, not an execute job's advice kept forever in the record.
    expect(followUp?.observation?.reason).toContain(
      'add it as a repository secret (the bake job runs in no GitHub environment',
    );
    expect(followUp?.observation?.reason).not.toMatch(/nothing ran|toJSON\(secrets\)/);
    expect(followUp?.observation?.samples).toEqual([]);
    expect(followUp?.status_reason).toMatch(/^bake inconclusive: /);
    expect(repo.log()[0]).toBe(`intentops: bake inconclusive for ${id}`);
    // It joins the digest chain after the execution, as any follow-up does.
    const verify = await cli(['--repo', repo.checkout(), 'audit', 'verify']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout + verify.stderr).toMatch(/\b2 record/);
    // and replay gives it the verdict it recorded, from the record alone
    const replay = await cli(['--repo', repo.checkout(), 'replay', '--all']);
    expect(replay.code, replay.stdout + replay.stderr).toBe(0);
    expect(replay.stderr).toContain('replayed 2 record(s): 2 same verdict');
    // A re-run of the bake job finds the follow-up: nothing new is written or pushed.
    const again = await runAction(bakeOnDispatch(repo.checkout(), double.url, { execution: id }, '7001'));
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.outputs.status).toBe('skipped');
    expect(followUps().map((r) => r.id)).toEqual([followUp?.id]);
  });
});
