import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bakeOnDispatch, executeOnPush, runAction } from './helpers/action-runner.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { type GitOpsRemote, gitopsRemote } from './helpers/gitops-remote.js';

// Two environments, each with its own cluster (a multi-cluster setup): staging declares its
// execute kubeconfig and a read-only observe_kubeconfig. The bake workflow's bake-names job lists
// the execution's environment's read-only names, the bake job is handed those values only, and the
// bake observes staging with its observe kubeconfig (never the execute one): it passes, and the
// production request the promotion gate held until then runs.

const NOOP = `name: noop
description: a step that passes
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
steps:
  - name: ok
    run: [echo, done]
`;
// The check passes on the kubeconfig of the request's environment: the execute job's after the
// run, the observe one in the bake; any other cluster fails it.
const OUTCOMES = `observe: { for: 1s, interval: 500ms }
outcomes:
  success:
    - condition: staging_cluster
      check: [sh, -c, 'grep -o "https://[a-z-]*" "$KUBECONFIG"']
      expected: { regex: "^https://(execute|observe)-(staging|production)$" }
      timeout: 5s
      interval: 100ms
`;
const POLICY = `policies:
  - name: staging-first
    match: { environments: [production] }
    promotion: { from: staging, within: 7d }
`;
const kubeconfig = (cluster: string) => `apiVersion: v1
kind: Config
clusters:
  - name: ${cluster}
    cluster: { server: "https://${cluster}.example:6443" }
users:
  - name: u
    user: { token: s3cr3t${cluster.length}x }
contexts:
  - name: ${cluster}
    context: { cluster: ${cluster}, user: u }
current-context: ${cluster}
`;
const ENVIRONMENTS = `environments:
  - name: staging
    kubeconfig: STAGING_KUBECONFIG
    observe_kubeconfig: STAGING_OBSERVE_KUBECONFIG
  - name: production
    kubeconfig: PROD_KUBECONFIG
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
const request = (environment: string) =>
  `intent: noop\nenvironment: ${environment}\nparams: { app: a }\nreason: a\n`;

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
  repo = await gitopsRemote('intentops-bake-observe-', {
    'intents/environments.yaml': ENVIRONMENTS,
    'intents/catalog/noop.yaml': NOOP,
    'intents/outcomes/noop.yaml': OUTCOMES,
    'intents/policies/promotion.yaml': POLICY,
  });
});

afterAll(async () => {
  await double.stop();
  await repo.cleanup();
});

describe('the bake of an environment declaring its own read-only observe_kubeconfig', {
  timeout: 120_000,
}, () => {
  it('bake-names lists its read-only names, the bake observes with them and passes, and production is let through', async () => {
    const sha = await repo.merge({ 'intents/requests/a-staging.yaml': request('staging') }, 'merge a');
    double.state.adoptCommit(sha, 'merge a');
    const o = executeOnPush(repo.checkout(), double.url);
    const ran = await runAction({
      ...o,
      inputs: {
        ...o.inputs,
        secrets: JSON.stringify({ STAGING_KUBECONFIG: kubeconfig('execute-staging') }),
      },
    });
    const id = ran.outputs['execution-ids'] ?? '';
    expect(
      repo.records().map((r) => [r.status, r.environment]),
      ran.stdout + ran.stderr,
    ).toEqual([['success', 'staging']]);

    // The bake workflow's bake-names job: the read-only names of the execution's environment.
    const head = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: repo.checkout(),
      encoding: 'utf8',
    }).trim();
    const names = await runAction({
      inputs: {
        command: 'shards',
        'github-token': 'ghs_test',
        'repo-path': repo.checkout(),
        'names-of-execution': id,
      },
      event: { ref: 'refs/heads/main', inputs: { execution: id } },
      eventName: 'workflow_dispatch',
      sha: head,
      apiUrl: 'http://127.0.0.1:9',
      cwd: repo.checkout(),
    });
    expect(names.code, names.stdout + names.stderr).toBe(0);
    expect(names.outputs).toEqual({
      environment: 'staging',
      observe_kubeconfig: 'STAGING_OBSERVE_KUBECONFIG',
      kube_context: '',
      prometheus_url: '',
      prometheus_token: '',
      loki_url: '',
      loki_token: '',
    });

    // The bake job, handed those values (as the template's format(…) builds them) and, as a job
    // handed every secret would be, the execute kubeconfig's name on another cluster: never used.
    const b = bakeOnDispatch(repo.checkout(), double.url, { execution: id }, '7101');
    const bake = await runAction({
      ...b,
      inputs: {
        ...b.inputs,
        secrets: JSON.stringify({
          STAGING_OBSERVE_KUBECONFIG: kubeconfig('observe-staging'),
          STAGING_KUBECONFIG: kubeconfig('other-cluster'),
        }),
        vars: '{"":null}',
      },
    });
    expect(bake.outputs.status, bake.stdout + bake.stderr).toBe('pass');
    expect(bake.code).toBe(0);
    const followUp = repo.records().find((r) => r.observation_of === id);
    expect([followUp?.status, followUp?.observation?.verdict]).toEqual(['success', 'pass']);
    expect(followUp?.outcome_checks).toEqual({ staging_cluster: 'pass' });

    // The staging bake passed: the promotion gate (which holds a production run until staging's bake
    // passed, test/promotion.test.ts) lets the same change through to production.
    const prod = await repo.merge({ 'intents/requests/a-production.yaml': request('production') }, 'merge b');
    double.state.adoptCommit(prod, 'merge b');
    const po = executeOnPush(repo.checkout(), double.url);
    const p = await runAction({
      ...po,
      inputs: {
        ...po.inputs,
        secrets: JSON.stringify({ PROD_KUBECONFIG: kubeconfig('execute-production') }),
      },
    });
    const production = repo.records().find((r) => r.environment === 'production');
    expect(production?.status, p.stdout + p.stderr).toBe('success');
  });

  it('a bake job handed only the execute kubeconfig ends inconclusive, naming the observe one it lacks', async () => {
    const sha = await repo.merge(
      { 'intents/requests/c-staging.yaml': request('staging').replace('app: a', 'app: c') },
      'merge c',
    );
    double.state.adoptCommit(sha, 'merge c');
    const o = executeOnPush(repo.checkout(), double.url);
    const ran = await runAction({
      ...o,
      inputs: { ...o.inputs, secrets: JSON.stringify({ STAGING_KUBECONFIG: kubeconfig('execute-staging') }) },
    });
    const id = ran.outputs['execution-ids'] ?? '';
    expect(id, ran.stdout + ran.stderr).toMatch(/^exec-/);
    const b = bakeOnDispatch(repo.checkout(), double.url, { execution: id }, '7102');
    // Handed the execute kubeconfig (a workflow as it was, toJSON(secrets)): never used.
    const bake = await runAction({
      ...b,
      inputs: { ...b.inputs, secrets: JSON.stringify({ STAGING_KUBECONFIG: kubeconfig('execute-staging') }) },
    });
    expect(bake.outputs.status, bake.stdout + bake.stderr).toBe('inconclusive');
    const followUp = repo.records().find((r) => r.observation_of === id);
    expect(followUp?.observation?.verdict).toBe('inconclusive');
    expect(followUp?.observation?.reason).toContain(
      'the secret STAGING_OBSERVE_KUBECONFIG (observe_kubeconfig at intents/environments.yaml:4)',
    );
    expect(followUp?.observation?.reason).toContain('add it as a repository secret');
  });
});
