import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentCredentials, environmentSecrets } from '../src/action/environment-credentials.js';
import { runRequest } from '../src/app/execute/run-request.js';
import { runRollback } from '../src/app/rollback/run-rollback.js';
import { loadRepo } from '../src/app/shared/load-repo.js';
import { realPorts } from '../src/app/shared/real-ports.js';
import { validate } from '../src/app/validate/validate.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';
import { fakeCluster } from './helpers/fake-cluster.js';
import { makeRepo, removeRepo } from './helpers/repo.js';
import { selfSignedCert } from './helpers/tls-cert.js';

// Issue 26 item 5: each request gets its environment's cluster credentials, for intentops' own
// Kubernetes client and for the steps' kubectl alike. Two environments, two API doubles over TLS
// (kubectl sends no bearer token over plain http), each kubeconfig's user a fake credential plugin
// (`exec`) that records each call and prints an ExecCredential. The real kubectl runs in a step.

const KUBECTL = (() => {
  try {
    execFileSync('kubectl', ['version', '--client', '-o', 'json'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** The fake plugin: one JSON line per call (who called it, what it was given), then a credential. */
const PLUGIN = `const fs = require('node:fs');
const path = require('node:path');
const [env, calls] = process.argv.slice(2);
let parent = '';
try { parent = path.basename(fs.readFileSync('/proc/' + process.ppid + '/cmdline', 'latin1').split('\\0')[0]); } catch {}
let oidc = 'none';
try { oidc = fs.readFileSync(process.env.INTENTOPS_OIDC_TOKEN_FILE, 'utf8'); } catch {}
fs.appendFileSync(calls, JSON.stringify({
  env, parent, oidc,
  idVars: Object.keys(process.env).filter((k) => k.startsWith('ACTIONS_ID_TOKEN')),
}) + '\\n');
process.stdout.write(JSON.stringify({
  apiVersion: 'client.authentication.k8s.io/v1beta1',
  kind: 'ExecCredential',
  status: { token: env + '-cluster-token', expirationTimestamp: new Date(Date.now() + 3600e3).toISOString() },
}));
`;

/** A step: what it sees of its environment and of the job's temp folder, written to argv[2]. */
const PROBE = `const fs = require('node:fs');
const path = require('node:path');
const [out, root, ...needles] = process.argv.slice(2);
const found = [];
const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) {
  const p = path.join(d, e.name);
  if (e.isDirectory()) walk(p);
  else { try { const t = fs.readFileSync(p, 'utf8'); for (const n of needles) if (t.includes(n)) found.push(n + ' in ' + p); } catch {} }
} };
walk(root);
const kc = process.env.KUBECONFIG;
fs.writeFileSync(out, JSON.stringify({
  env: process.env,
  kubeconfig: kc ? fs.readFileSync(kc, 'utf8') : null,
  mode: kc ? (fs.statSync(kc).mode & 0o777) : null,
  found,
}));
`;

const OIDC_REQUEST_TOKEN = `oidc-request-${Math.random().toString(36).slice(2)}`;
const SA_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.in-cluster-sa.sig';

let tmp: string;
let staging: FakeApiServer;
let production: FakeApiServer;
let oidc: Server;
let oidcUrl: string;
const oidcAsked: { audience: string | null; authorization: string | undefined }[] = [];
const repos: string[] = [];

/** A JWT-shaped token for `aud`, valid five minutes, as GitHub's OIDC provider gives. */
function jwt(aud: string): string {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'RS256' })}.${b({ aud, exp: Math.floor(Date.now() / 1000) + 300 })}.sig-${aud}`;
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'intentops-env-creds-'));
  const tls = selfSignedCert(tmp);
  staging = await FakeApiServer.start({ tls });
  production = await FakeApiServer.start({ tls });
  staging.fallback = fakeCluster();
  production.fallback = fakeCluster();
  oidc = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://oidc');
    const audience = url.searchParams.get('audience');
    oidcAsked.push({ audience, authorization: req.headers.authorization });
    if (req.headers.authorization !== `bearer ${OIDC_REQUEST_TOKEN}`) return res.writeHead(401).end();
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ value: jwt(audience ?? '') }));
  });
  await new Promise<void>((r) => oidc.listen(0, '127.0.0.1', r));
  oidcUrl = `http://127.0.0.1:${(oidc.address() as AddressInfo).port}/token?api-version=2.0`;
  writeFileSync(join(tmp, 'plugin.cjs'), PLUGIN);
  writeFileSync(join(tmp, 'probe.cjs'), PROBE);
  mkdirSync(join(tmp, 'home'));
}, 60_000);

afterAll(async () => {
  await Promise.all([staging?.close(), production?.close(), ...repos.map(removeRepo)]);
  await new Promise<void>((r) => (oidc ? oidc.close(() => r()) : r()));
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

function kubeconfigFor(api: FakeApiServer, env: string, calls: string): string {
  // The CA is the double's own certificate: kubectl and the client verify it.
  const ca = Buffer.from(readFileSync(join(tmp, 'apiserver.crt'))).toString('base64');
  return api
    .kubeconfig({
      user: {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: process.execPath,
          args: [join(tmp, 'plugin.cjs'), env, calls],
          interactiveMode: 'Never',
        },
      },
    })
    .replace('insecure-skip-tls-verify: true', `certificate-authority-data: ${ca}`);
}

function intent(out: string, root: string, needles: string[]): string {
  return `name: deploy-app
description: kubectl and a probe in the request's environment
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
  label: { type: string, pattern: "^[a-z0-9-]+$" }
env: { pass: [ACTIONS_ID_TOKEN_REQUEST_TOKEN, ACTIONS_ID_TOKEN_REQUEST_URL] }
steps:
  - name: kubectl
    run: [kubectl, get, pods, -n, shop, -l, "app={{app}}", -o, name]
    timeout: 30s
  - name: probe
    run: [${JSON.stringify(process.execPath)}, ${JSON.stringify(join(tmp, 'probe.cjs'))}, "${out}/{{label}}.json", ${JSON.stringify(root)}, ${needles.map((n) => JSON.stringify(n)).join(', ')}]
    timeout: 30s
rollback:
  - name: undo
    run: [kubectl, get, "deployment/{{app}}", -n, shop, -o, name]
    timeout: 30s
capture:
  timeout: 10s
  kubernetes: { namespace: shop, selector: "app={{app}}" }
`;
}

const ENVIRONMENTS = `environments:
  - name: staging
    kubeconfig: STAGING_KUBECONFIG
    oidc_audience: staging.example
  - name: production
    kubeconfig: PROD_KUBECONFIG
    kube_context: PROD_KUBE_CONTEXT
  - name: qa
    kubeconfig: QA_KUBECONFIG
`;

interface Probe {
  env: Record<string, string>;
  kubeconfig: string | null;
  mode: number | null;
  found: string[];
}

async function run(
  repo: string,
  path: string,
  o: Parameters<typeof environmentCredentials>[0],
  env: Record<string, string>,
) {
  const { catalog } = await loadRepo(repo, []);
  const opts = { ...o, ...(catalog.environments ? { environments: catalog.environments } : {}) };
  return runRequest(
    {
      repoDir: repo,
      requestPath: path,
      toolVersion: 'test',
      env,
      connect: environmentCredentials(opts).connect,
      secrets: environmentSecrets(opts),
    },
    realPorts(() => {}, o.base),
  );
}

describe.skipIf(!KUBECTL)(
  'credentials per environment (kubectl is not on PATH: install it, Debian: kubernetes-client)',
  () => {
    const calls = () => join(tmp, 'calls.jsonl');
    let repo: string;
    let root: string;
    let out: string;
    let secrets: Record<string, string>;
    let hostEnv: Record<string, string>;
    let o: Parameters<typeof environmentCredentials>[0];
    const results: Record<string, Awaited<ReturnType<typeof run>>> = {};

    beforeAll(async () => {
      root = join(tmp, 'runner-temp');
      out = join(tmp, 'out');
      mkdirSync(root);
      mkdirSync(out);
      const prod = kubeconfigFor(production, 'production', calls()).replace(
        /contexts:\n/,
        `contexts:\n  - name: prod-admin\n    context: { cluster: fake, user: ci, namespace: shop }\n`,
      );
      secrets = {
        STAGING_KUBECONFIG: kubeconfigFor(staging, 'staging', calls()),
        PROD_KUBECONFIG: prod,
        PROD_KUBE_CONTEXT: 'prod-admin',
      };
      repo = await makeRepo({
        'intents/environments.yaml': ENVIRONMENTS,
        'intents/catalog/deploy-app.yaml': intent(out, root, [
          'production-cluster',
          'staging.example',
          OIDC_REQUEST_TOKEN,
        ]),
        'intents/requests/staging.yaml':
          'intent: deploy-app\nenvironment: staging\nparams: { app: web, label: staging }\nreason: t\n',
        'intents/requests/production.yaml':
          'intent: deploy-app\nenvironment: production\nparams: { app: web, label: production }\nreason: t\n',
        'intents/requests/qa.yaml':
          'intent: deploy-app\nenvironment: qa\nparams: { app: web, label: qa }\nreason: t\n',
      });
      repos.push(repo);
      // The action's environment as the steps' host: the request token is in it, as in the action's
      // sealed environment; an intent naming it in env.pass must still not get it.
      hostEnv = {
        PATH: process.env.PATH ?? '',
        HOME: join(tmp, 'home'),
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: OIDC_REQUEST_TOKEN,
        ACTIONS_ID_TOKEN_REQUEST_URL: oidcUrl,
      };
      o = {
        lookup: (n: string) => secrets[n],
        base: {},
        root,
        oidcRequest: { url: oidcUrl, token: OIDC_REQUEST_TOKEN },
      };
      for (const name of ['staging', 'production', 'qa'])
        results[name] = await run(repo, `intents/requests/${name}.yaml`, o, hostEnv);
    }, 180_000);

    const probe = (label: string): Probe => JSON.parse(readFileSync(join(out, `${label}.json`), 'utf8'));
    const callLines = () =>
      readFileSync(calls(), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { env: string; parent: string; oidc: string; idVars: string[] });
    const bearers = (api: FakeApiServer) => new Set(api.requests.map((r) => r.headers.authorization));
    const agents = (api: FakeApiServer) =>
      new Set(
        api.requests.map((r) =>
          String(r.headers['user-agent']).startsWith('kubectl') ? 'kubectl' : 'client',
        ),
      );

    it('runs both requests, each against its own cluster with its own token, from the client and kubectl', () => {
      expect(results.staging?.record.status, results.staging?.record.status_reason).toBe('success');
      expect(results.production?.record.status, results.production?.record.status_reason).toBe('success');
      expect(bearers(staging)).toEqual(new Set(['Bearer staging-cluster-token']));
      expect(bearers(production)).toEqual(new Set(['Bearer production-cluster-token']));
      expect(agents(staging)).toEqual(new Set(['kubectl', 'client']));
      expect(agents(production)).toEqual(new Set(['kubectl', 'client']));
      // The client's before and after snapshots read the cluster: their pods are in the record.
      const kube = results.production?.record.before?.kubernetes as { pods?: unknown[] } | undefined;
      expect(kube?.pods?.length).toBeGreaterThan(0);
    });

    it('the plugin is called by both, and the client keeps its credential until it expires', () => {
      const lines = callLines();
      for (const env of ['staging', 'production']) {
        const mine = lines.filter((l) => l.env === env);
        const api = env === 'staging' ? staging : production;
        const byKubectl = api.requests.filter((r) => String(r.headers['user-agent']).startsWith('kubectl'));
        console.log(
          `${env}: the client made ${api.requests.length - byKubectl.length} API calls with ${mine.filter((l) => !l.parent.startsWith('kubectl')).length} plugin call(s); kubectl made ${byKubectl.length} with ${mine.filter((l) => l.parent.startsWith('kubectl')).length}`,
        );
        expect(mine.filter((l) => l.parent.startsWith('kubectl')).length).toBeGreaterThanOrEqual(1);
        // One call from intentops' client for the whole request, though it made several API calls.
        expect(mine.filter((l) => !l.parent.startsWith('kubectl'))).toHaveLength(1);
      }
      expect(
        staging.requests.filter((r) => !String(r.headers['user-agent']).startsWith('kubectl')).length,
      ).toBeGreaterThan(1);
    });

    it('the plugin gets a token minted for its environment’s audience, never the request token', () => {
      const lines = callLines();
      expect(lines.every((l) => l.idVars.length === 0)).toBe(true);
      const stagingOidc = lines.filter((l) => l.env === 'staging').map((l) => l.oidc);
      expect(new Set(stagingOidc).size).toBe(1);
      expect(JSON.parse(Buffer.from(stagingOidc[0]?.split('.')[1] ?? '', 'base64url').toString()).aud).toBe(
        'staging.example',
      );
      expect(lines.filter((l) => l.env === 'production').every((l) => l.oidc === 'none')).toBe(true);
      expect(oidcAsked.map((a) => a.audience)).toEqual(['staging.example']);
    });

    it('a step gets its environment’s kubeconfig (0600, the declared context), nothing of the other one', () => {
      const s = probe('staging');
      const p = probe('production');
      expect(s.mode).toBe(0o600);
      expect(p.mode).toBe(0o600);
      expect(s.kubeconfig).toContain(staging.url);
      expect(s.kubeconfig).not.toContain(production.url);
      expect(p.kubeconfig).toContain(production.url);
      expect(p.kubeconfig).toMatch(/current-context: prod-admin/);
      for (const seen of [s, p]) {
        const text = JSON.stringify(seen.env);
        expect(text).not.toContain(OIDC_REQUEST_TOKEN);
        expect(Object.keys(seen.env).filter((k) => k.startsWith('ACTIONS_ID_TOKEN'))).toEqual([]);
        expect(seen.env.KUBECONFIG?.startsWith(root)).toBe(true);
      }
      // In the job's temp folder while staging ran: staging's files only (its OIDC token among them).
      expect(s.found.filter((f) => f.startsWith('production-cluster'))).toEqual([]);
      expect(s.found.some((f) => f.startsWith('staging.example'))).toBe(true);
      expect(p.found).toEqual([]);
      // And nothing is left behind after the requests.
      expect(readdirSync(root)).toEqual([]);
    });

    it('a declared secret missing in the job: the request is recorded as refused with the file:line, nothing runs', () => {
      const r = results.qa?.record;
      expect(r?.status).toBe('denied');
      expect(r?.commands_run).toEqual([]);
      expect(r?.not_run?.decision).toBe('invalid');
      expect(r?.environment).toBe('qa');
      expect(r?.status_reason).toContain(
        'the secret QA_KUBECONFIG (kubeconfig at intents/environments.yaml:9)',
      );
      expect(r?.status_reason).toContain("GitHub environment 'qa'");
      expect(existsSync(join(out, 'qa.json'))).toBe(false);
    });

    it('the bake job, outside the environment, says what it lacks and uses its own kubeconfig input', async () => {
      const { catalog } = await loadRepo(repo, []);
      const said: string[] = [];
      const { connect } = environmentCredentials({
        ...o,
        ...(catalog.environments ? { environments: catalog.environments } : {}),
        base: { kubeconfigPath: '/observe/kubeconfig' },
        missing: 'job-default',
        log: (l) => said.push(l),
      });
      const c = await connect('qa');
      if ('refused' in c) throw new Error(c.refused);
      c.release();
      expect(c.observe.kubeconfigPath).toBe('/observe/kubeconfig');
      expect(c.stepEnv).toEqual({});
      expect(said.join('\n')).toMatch(/QA_KUBECONFIG .*: the job's own inputs are used for it/);
      // A name the file does not declare is refused all the same: never the default cluster.
      expect(await connect('prod')).toMatchObject({
        refused: expect.stringMatching(/'prod' is not declared/),
      });
    });

    it('validate warns, at its line, that an intent naming the OIDC request variables never gets them', async () => {
      const { diagnostics } = await validate(repo, { now: new Date(), approvals: null, history: [] });
      const warned = diagnostics.filter((d) => /is never passed to a command/.test(d.message));
      expect(warned.map((d) => `${d.severity} ${d.file}:${d.line}`)).toEqual([
        'warning intents/catalog/deploy-app.yaml:7',
        'warning intents/catalog/deploy-app.yaml:7',
      ]);
    });

    it('a rollback of the production execution runs with production’s credentials', async () => {
      const before = { staging: staging.requests.length, production: production.requests.length };
      const { catalog } = await loadRepo(repo, []);
      const opts = { ...o, ...(catalog.environments ? { environments: catalog.environments } : {}) };
      const r = await runRollback(
        {
          repoDir: repo,
          toolVersion: 'test',
          env: hostEnv,
          id: results.production?.record.id ?? '',
          by: 'alice',
          mode: 'ask',
          bake: false,
          connect: environmentCredentials(opts).connect,
        },
        realPorts(() => {}, {}),
      );
      expect(r.record.status, JSON.stringify(r.record.commands_run)).toBe('success');
      expect(r.record.environment).toBe('production');
      expect(staging.requests.length).toBe(before.staging);
      const sent = production.requests.slice(before.production);
      expect(sent.some((q) => String(q.headers['user-agent']).startsWith('kubectl'))).toBe(true);
      expect(new Set(sent.map((q) => q.headers.authorization))).toEqual(
        new Set(['Bearer production-cluster-token']),
      );
      expect(readdirSync(root)).toEqual([]);
    }, 60_000);
  },
);

describe.skipIf(!KUBECTL)(
  'in a pod, no kubeconfig (kubectl is not on PATH: install it, Debian: kubernetes-client)',
  () => {
    it('the client and the steps’ kubectl use the service account; the steps’ kubeconfig is 0600 and removed after', async () => {
      const sa = join(tmp, 'sa');
      mkdirSync(sa, { recursive: true });
      writeFileSync(join(sa, 'token'), SA_TOKEN);
      writeFileSync(join(sa, 'ca.crt'), readFileSync(join(tmp, 'apiserver.crt')));
      writeFileSync(join(sa, 'namespace'), 'intentops');
      const root = join(tmp, 'pod-temp');
      const out = join(tmp, 'pod-out');
      mkdirSync(root);
      mkdirSync(out);
      const repo = await makeRepo({
        'intents/catalog/deploy-app.yaml': intent(out, root, [SA_TOKEN]),
        'intents/requests/web.yaml': 'intent: deploy-app\nparams: { app: web, label: pod }\nreason: t\n',
      });
      repos.push(repo);
      const before = staging.requests.length;
      const saved = { ...process.env };
      process.env.KUBERNETES_SERVICE_HOST = '127.0.0.1';
      process.env.KUBERNETES_SERVICE_PORT = new URL(staging.url).port;
      process.env.HOME = join(tmp, 'home');
      delete process.env.KUBECONFIG;
      let result: Awaited<ReturnType<typeof run>>;
      try {
        result = await run(
          repo,
          'intents/requests/web.yaml',
          { lookup: () => undefined, base: { serviceAccountDir: sa }, root, serviceAccountDir: sa },
          { PATH: process.env.PATH ?? '', HOME: join(tmp, 'home') },
        );
      } finally {
        for (const k of ['KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT', 'HOME', 'KUBECONFIG']) {
          if (saved[k] === undefined) delete process.env[k];
          else process.env[k] = saved[k];
        }
      }
      expect(result.record.status, result.record.status_reason).toBe('success');
      const sent = staging.requests.slice(before);
      expect(new Set(sent.map((r) => r.headers.authorization))).toEqual(new Set([`Bearer ${SA_TOKEN}`]));
      expect(
        new Set(
          sent.map((r) => (String(r.headers['user-agent']).startsWith('kubectl') ? 'kubectl' : 'client')),
        ),
      ).toEqual(new Set(['kubectl', 'client']));
      const seen = JSON.parse(readFileSync(join(out, 'pod.json'), 'utf8')) as Probe;
      expect(seen.mode).toBe(0o600);
      expect(seen.env.KUBECONFIG?.startsWith(root)).toBe(true);
      // It names the token's file; the token itself is in no file of the job's temp folder.
      expect(seen.kubeconfig).toContain(join(sa, 'token'));
      expect(seen.found).toEqual([]);
      expect(existsSync(seen.env.KUBECONFIG ?? '')).toBe(false);
      expect(statSync(root).isDirectory()).toBe(true);
      expect(readdirSync(root)).toEqual([]);
    }, 120_000);
  },
);

describe('the client’s exec credential', () => {
  /** A plugin whose credential expires `ttl` seconds from now (0: already expired); one line per call. */
  const plugin = (calls: string, ttl: number) => ({
    exec: {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: process.execPath,
      args: [
        '-e',
        `require('node:fs').appendFileSync(${JSON.stringify(calls)}, 'x\\n'); process.stdout.write(JSON.stringify({ kind: 'ExecCredential', status: { token: 't${ttl}', expirationTimestamp: new Date(Date.now() + ${ttl} * 1000).toISOString() } }))`,
      ],
    },
  });
  const countIn = (file: string) =>
    existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').length : 0;

  it.each([
    [3600, 1],
    [0, 3],
  ])('expiring in %i s: %i plugin call(s) for three API calls', async (ttl, expected) => {
    const { createKubeReader } = await import('../src/adapters/kubernetes.js');
    const api = await FakeApiServer.start();
    api.fallback = fakeCluster();
    try {
      const calls = join(tmp, `cache-${ttl}.calls`);
      const reader = createKubeReader({ kubeconfigYaml: api.kubeconfig({ user: plugin(calls, ttl) }) });
      for (let i = 0; i < 3; i++) await reader.pods('shop', 'app=web', { timeoutMs: 10_000 });
      expect(countIn(calls)).toBe(expected);
      expect(new Set(api.requests.map((r) => r.headers.authorization))).toEqual(new Set([`Bearer t${ttl}`]));
    } finally {
      await api.close();
    }
  });

  it('a plugin that fails says so, with what it printed on stderr', async () => {
    const { createKubeReader } = await import('../src/adapters/kubernetes.js');
    const api = await FakeApiServer.start();
    try {
      const reader = createKubeReader({
        kubeconfigYaml: api.kubeconfig({
          user: {
            exec: {
              command: process.execPath,
              args: ['-e', 'console.error("no session: run aws sso login"); process.exit(3)'],
            },
          },
        }),
      });
      await expect(reader.pods('shop', 'app=web', { timeoutMs: 10_000 })).rejects.toThrow(
        /credential plugin .* exited 3: no session: run aws sso login/,
      );
      expect(api.requests).toEqual([]);
    } finally {
      await api.close();
    }
  });
});
