import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { driftSince } from '../src/app/execute/drift-guard.js';
import { outcomesFor } from '../src/app/plan/prepare.js';
import { deriveRbac } from '../src/app/rbac/rbac.js';
import { loadRepo } from '../src/app/shared/load-repo.js';
import { createObservers } from '../src/app/shared/providers.js';
import type { SeenWorkload } from '../src/domain/plan/live-state.js';
import { renderArgv, renderText } from '../src/domain/plan/template.js';
import { allows, type IdentityRbac } from '../src/domain/rbac/grants.js';
import { isKubectl } from '../src/domain/rbac/kubectl-access.js';
import type { Intent } from '../src/domain/schemas/catalog.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';
import { type ApiCall, apiCall, fakeCluster } from './helpers/fake-cluster.js';
import { SEED_RULES } from './helpers/fixture-catalog.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';
import { selfSignedCert } from './helpers/tls-cert.js';

// `intentops rbac` against what really happens: every example intent's argv `kubectl` commands run
// by the real kubectl, and intentops' own Kubernetes client run through `intentops run` (execute)
// and `intentops observe` (the bake), all against the Kubernetes double, each identity with its own
// token. Every API call made must be allowed by the generated rules, and every right granted must
// have been used by at least one call: nothing more than those calls is granted.

const execFileP = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');

/** A catalog intent that only intentops' provider touches: its steps never call the cluster. */
const OBSERVED = `name: observed-app
description: watched by intentops' own Kubernetes client
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
  ns: { type: string, enum: [shop, store] }
steps:
  - name: say
    run: [echo, deployed]
capture:
  timeout: 5s
  kubernetes: { namespace: "{{ns}}", selector: "app={{app}}" }
  velero: {}
`;
const OBSERVED_OUTCOMES = `observe: { for: 1s, interval: 500ms }
outcomes:
  success:
    - condition: pods_ready
      pods_ready: { namespace: "{{ns}}", selector: "app={{app}}" }
      timeout: 10s
      interval: 200ms
    - condition: backup_fresh
      velero: { max_age: 87600h }
      timeout: 10s
      interval: 200ms
  failure_indicators:
    - { pattern: CrashLoopBackOff, severity: P1 }
`;
/** The provider with a named deployment and no checks: a snapshot, in one fixed namespace. */
const NAMED = `name: named-app
description: a named deployment's snapshot
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
steps:
  - name: say
    run: [echo, hi]
capture:
  kubernetes: { namespace: shop, selector: "app={{app}}", deployment: "{{app}}" }
`;
/** kubectl commands the example catalog does not have: scale, apply -k, logs, rollout undo, a read-only capture. */
const SCALE = `name: scale-app
description: apply, scale, read logs
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
  replicas: { type: integer, min: 0, max: 10, default: 2 }
steps:
  - name: apply
    # no OpenAPI document in the double to validate against
    run: [kubectl, apply, -k, deploy/base, --validate=false]
  - name: scale
    run: [kubectl, scale, "deployment/{{app}}", "--replicas={{replicas}}", -n, shop]
  - name: logs
    run: [kubectl, logs, "deployment/{{app}}", -n, shop, --tail=10]
rollback:
  - name: undo
    run: [kubectl, rollout, undo, "deployment/{{app}}", -n, shop]
capture:
  pod_restarts:
    run: [kubectl, get, pods, -n, shop, -l, "app={{app}}", -o, "jsonpath={.items[*].status.containerStatuses[*].restartCount}"]
`;
const SCALE_OUTCOMES = `observe: { for: 1s, interval: 500ms }
outcomes:
  success:
    - condition: rolled_out
      check: [kubectl, rollout, status, "deployment/{{app}}", -n, shop, --timeout=10s]
      expected: { regex: "successfully rolled out" }
`;
const KUSTOMIZATION = 'namespace: shop\nresources: [service.yaml, config.yaml]\n';
const SERVICE = `apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
`;
const CONFIG = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: web-config }\ndata: { mode: fast }\n';

let api: FakeApiServer;
let home: string;
let fixtureRepo: string;

let kubectlMinor = 0;

beforeAll(async () => {
  // The real kubectl makes the calls (Debian's kubernetes-client in CI, see .ci/run).
  const { stdout } = await execFileP('kubectl', ['version', '--client', '-o', 'json']).catch(() => {
    throw new Error('kubectl is not on PATH: install it (Debian: kubernetes-client) to run this test');
  });
  kubectlMinor = Number.parseInt(JSON.parse(stdout).clientVersion.minor, 10);
  home = await mkdtemp(join(tmpdir(), 'intentops-rbac-home-'));
  // over https: kubectl sends no bearer token over plain http, and the token tells the identities apart
  api = await FakeApiServer.start({ tls: selfSignedCert(home) });
  api.fallback = fakeCluster();
  fixtureRepo = await makeRepo({
    'intents/catalog/observed-app.yaml': OBSERVED,
    'intents/outcomes/observed-app.yaml': OBSERVED_OUTCOMES,
    'intents/catalog/named-app.yaml': NAMED,
    'intents/catalog/scale-app.yaml': SCALE,
    'intents/outcomes/scale-app.yaml': SCALE_OUTCOMES,
    'intents/anomaly-rules/default.yaml': SEED_RULES,
    'deploy/base/kustomization.yaml': KUSTOMIZATION,
    'deploy/base/service.yaml': SERVICE,
    'deploy/base/config.yaml': CONFIG,
  });
}, 60_000);

afterAll(async () => {
  delete process.env.KUBECONFIG;
  await Promise.all([api.close(), rm(home, { recursive: true, force: true }), removeRepo(fixtureRepo)]);
});

async function kubeconfig(token: string): Promise<string> {
  const file = join(home, `${token}.kubeconfig`);
  await writeFile(file, api.kubeconfig({ token }), { mode: 0o600 });
  return file;
}

/** The resource calls made with this token. */
function callsOf(token: string): ApiCall[] {
  return api.requests
    .filter((r) => r.headers.authorization === `Bearer ${token}`)
    .map(apiCall)
    .filter((c): c is ApiCall => c !== undefined);
}

/** Values to run an intent with: each value of an enum param in turn (the others at their defaults). */
function sampleValues(intent: Intent): Record<string, string>[] {
  const base: Record<string, string> = {};
  for (const [name, spec] of Object.entries(intent.params)) {
    const v = spec.default ?? spec.enum?.[0] ?? (spec.type === 'string' ? 'web' : (spec.min ?? 1));
    base[name] = String(v);
  }
  const out = [base];
  for (const [name, spec] of Object.entries(intent.params))
    for (const v of spec.enum?.slice(1) ?? []) out.push({ ...base, [name]: String(v) });
  return out;
}

interface Use {
  argv: string[];
  observe: boolean;
}

/** Every argv kubectl command of the catalog, rendered; captures of a baked intent run in the bake too. */
async function kubectlCommands(repo: string): Promise<Use[]> {
  const { catalog } = await loadRepo(repo, []);
  const out: Use[] = [];
  for (const { data: intent } of catalog.intents.values()) {
    const outcomes = outcomesFor(catalog, intent.name)?.data;
    const baked = !!(intent.observe ?? outcomes?.observe);
    const cap = intent.capture;
    const commands: [string | string[] | undefined, boolean][] = [
      ...intent.steps.map((s): [string | string[], boolean] => [s.run, false]),
      ...(intent.rollback ?? []).map((s): [string | string[], boolean] => [s.run, false]),
      ...(outcomes?.outcomes.success ?? []).map((c): [string | string[] | undefined, boolean] => [
        c.check,
        false,
      ]),
      ...Object.values(cap?.metrics ?? {}).map((m): [string | string[], boolean] => [m.run, baked]),
      [cap?.pod_restarts?.run, baked],
      [cap?.error_count?.run, baked],
      [cap?.logs?.run, baked],
    ];
    for (const values of sampleValues(intent))
      for (const [c, observe] of commands)
        if (Array.isArray(c) && isKubectl(c)) out.push({ argv: renderArgv(c, values), observe });
  }
  for (const p of catalog.policies.flatMap((f) => f.data.policies))
    for (const c of p.prechecks ?? [])
      if (Array.isArray(c.run) && isKubectl(c.run)) out.push({ argv: c.run, observe: false });
  return out;
}

async function kubectl(argv: readonly string[], cwd: string, config: string): Promise<void> {
  await execFileP('kubectl', argv.slice(1), {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: config },
    timeout: 30_000,
  }).catch(() => {}); // a failing command (exec has no stream here) still made its calls
}

/**
 * Runs through intentops the intents its own client observes (plans them with the observe identity,
 * as the plan job reads the live state), then bakes them with the observe identity.
 */
async function runProvider(repo: string, execute: string, observe: string): Promise<void> {
  const { catalog } = await loadRepo(repo, []);
  for (const { data: intent } of catalog.intents.values()) {
    const outcomes = outcomesFor(catalog, intent.name)?.data;
    const probes = (outcomes?.outcomes.success ?? []).some((c) => c.pods_ready || c.velero);
    if (!intent.capture?.kubernetes && !intent.capture?.velero && !probes) continue;
    // Its steps must not call the cluster: the calls with this token are intentops' own.
    expect(JSON.stringify(intent.steps)).not.toMatch(/kubectl/);
    for (const [i, values] of sampleValues(intent).entries()) {
      const req = `intents/requests/rbac-${intent.name}-${i}.yaml`;
      const params = Object.entries(values).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`);
      await mkdir(join(repo, 'intents', 'requests'), { recursive: true });
      await writeFile(
        join(repo, req),
        `intent: ${intent.name}\nparams:\n${params.join('\n')}\nreason: rbac\n`,
      );
      const id = `exec-rbac-${intent.name}-${i}`;
      if (intent.capture?.kubernetes) {
        // The plan job's live state, with the observe identity (as the workflow gives it).
        process.env.KUBECONFIG = observe;
        const planned = await cli(['--repo', repo, 'plan', req]);
        expect(planned.code, planned.stderr).toBe(0);
        expect(planned.stdout).toContain('live state (read-only');
        expect(planned.stdout).not.toContain('not listed');
      }
      const k = intent.capture?.kubernetes;
      if (k) {
        // The drift guard, in the execute job, with the execute identity: it lists again what the
        // approved plan saw — here a target running all three kinds (a named deployment: only it).
        const namespace = renderText(k.namespace, values, (v) => v);
        const at = { namespace, name: values.app ?? 'web', generation: 1, images: [], replicas: 1 };
        const seen: SeenWorkload[] = k.deployment
          ? [at]
          : [at, { ...at, kind: 'statefulset' }, { ...at, kind: 'daemonset' }];
        const drift = await driftSince(seen, createObservers({ kubeconfigPath: execute }));
        expect(drift.unread).toBeUndefined();
        expect(drift.now.length).toBeGreaterThan(0);
      }
      process.env.KUBECONFIG = execute;
      const ran = await cli(['--repo', repo, 'run', '--no-bake', '--id', id, req]);
      expect(ran.code, ran.stderr).toBe(0);
      if (!(intent.observe ?? outcomes?.observe)) continue;
      process.env.KUBECONFIG = observe;
      const baked = await cli(['--repo', repo, 'observe', id]);
      expect(baked.code, baked.stderr).toBe(0);
    }
  }
  delete process.env.KUBECONFIG;
}

/** Every right the identity grants: `Role shop: apps/deployments:patch`, `ClusterRole: …`. */
function granted(
  id: IdentityRbac,
): { namespace: string | undefined; group: string; resource: string; verb: string }[] {
  return id.roles.flatMap((role) =>
    role.rules.flatMap((r) =>
      r.apiGroups.flatMap((group) =>
        r.resources.flatMap((resource) =>
          r.verbs.map((verb) => ({ namespace: role.namespace, group, resource, verb })),
        ),
      ),
    ),
  );
}

const show = (c: { namespace: string | undefined; group: string; resource: string; verb: string }) =>
  `${c.namespace ?? '(cluster-wide)'}: ${c.group}/${c.resource}:${c.verb}`;

async function exercise(name: string, repo: string, changeManifests?: () => Promise<void>) {
  const [execute, observe] = await Promise.all([
    kubeconfig(`${name}-execute`),
    kubeconfig(`${name}-observe`),
  ]);
  const ids = await deriveRbac(repo);
  // twice: a retry runs the same commands again, after the manifests changed (`kubectl apply`
  // creates the objects, then patches them)
  for (let round = 0; round < 2; round++) {
    if (round === 1) await changeManifests?.();
    for (const use of await kubectlCommands(repo)) {
      await kubectl(use.argv, repo, execute);
      if (use.observe) await kubectl(use.argv, repo, observe);
    }
  }
  await runProvider(repo, execute, observe);
  return {
    ids: ids.identities,
    calls: { execute: callsOf(`${name}-execute`), observe: callsOf(`${name}-observe`) },
  };
}

function expectExact(id: IdentityRbac, calls: readonly ApiCall[]): void {
  const refused = calls.filter((c) => !allows(id, c)).map(show);
  expect(refused, `${id.name}: calls the generated rules do not allow`).toEqual([]);
  const unused = granted(id)
    .filter(
      (g) =>
        !calls.some(
          (c) =>
            c.group === g.group &&
            c.resource === g.resource &&
            c.verb === g.verb &&
            (g.namespace === undefined || g.namespace === c.namespace),
        ),
    )
    .map(show);
  // kubectl before 1.30 streams `exec` over SPDY (a POST: create); 1.30 and later over a WebSocket
  // (a GET), so the rules grant both and an older client leaves the GET unused.
  const websocketOnly = (u: string) => kubectlMinor < 30 && u.endsWith(': /pods/exec:get');
  expect(
    unused.filter((u) => !websocketOnly(u)),
    `${id.name}: rights no call used`,
  ).toEqual([]);
}

describe('intentops rbac: the rights of the calls, no more', () => {
  it.each([
    ['examples', ROOT],
    ['template', join(ROOT, 'templates', 'gitops')],
  ])(
    'the %s catalog: its argv kubectl commands, run by kubectl',
    async (name, source) => {
      // A copy (a run writes requests and records); the template's intents/execute.yaml holds a
      // placeholder `init` fills in.
      const repo = join(home, name);
      await cp(join(source, 'intents'), join(repo, 'intents'), { recursive: true });
      await rm(join(repo, 'intents', 'execute.yaml'), { force: true });
      const { ids, calls } = await exercise(name, repo);
      const [execute, observe] = ids as [IdentityRbac, IdentityRbac];
      expectExact(execute, calls.execute);
      expectExact(observe, calls.observe);
      if (name === 'examples') {
        expect(calls.execute.length).toBeGreaterThan(10);
        // the shell strings and velero are listed for a person, with the command
        expect(execute.byHand.map((h) => h.command)).toEqual(
          expect.arrayContaining([
            'kubectl apply -k apps/{{app}}',
            'velero backup get --selector velero.io/schedule-name={{schedule}}',
          ]),
        );
      }
    },
    180_000,
  );

  it('a catalog of the provider, scale, apply -k, logs and rollout undo: execute and observe exact', async () => {
    const { ids, calls } = await exercise('fixture', fixtureRepo, async () => {
      await writeFile(join(fixtureRepo, 'deploy/base/config.yaml'), CONFIG.replace('fast', 'safe'));
      await writeFile(join(fixtureRepo, 'deploy/base/service.yaml'), SERVICE.replace('80', '8080'));
    });
    const [execute, observe] = ids as [IdentityRbac, IdentityRbac];
    expectExact(execute, calls.execute);
    expectExact(observe, calls.observe);
    // the enum namespace param gives Roles in its namespaces (and Velero's), no ClusterRole
    expect(execute.roles.map((r) => r.namespace ?? 'cluster')).toEqual(['shop', 'store', 'velero']);
    expect(observe.roles.map((r) => r.namespace ?? 'cluster')).toEqual(['shop', 'store', 'velero']);
    expect(granted(observe).filter((g) => !['get', 'list', 'watch'].includes(g.verb))).toEqual([]);
    // the bake watched the pods with the observe identity
    expect(calls.observe).toContainEqual(
      expect.objectContaining({ resource: 'pods', verb: 'watch', namespace: 'store' }),
    );
    // the drift guard listed every workload kind with the execute identity, as granted
    for (const resource of ['deployments', 'statefulsets', 'daemonsets'])
      expect(calls.execute).toContainEqual(
        expect.objectContaining({ group: 'apps', resource, verb: 'list', namespace: 'store' }),
      );
  }, 180_000);
});

describe('intentops rbac (CLI)', () => {
  it('prints YAML manifests: ServiceAccounts, roles, bindings, and the commands to add by hand', async () => {
    const res = await cli(['--repo', ROOT, 'rbac']);
    expect(res.code, res.stderr).toBe(0);
    const docs = parseAllDocuments(res.stdout).map((d) => {
      expect(d.errors).toEqual([]);
      return d.toJS() as { kind: string; metadata: { name: string } };
    });
    expect(docs.map((d) => `${d.kind} ${d.metadata.name}`)).toEqual([
      'ServiceAccount intentops-execute',
      'ClusterRole intentops-execute',
      'ClusterRoleBinding intentops-execute',
      'ServiceAccount intentops-observe',
    ]);
    expect(res.stdout).toContain('# add by hand: kubectl apply -k apps/{{app}}');
    const json = await cli(['--repo', ROOT, '--json', 'rbac', '--sa-namespace', 'ops']);
    const parsed = JSON.parse(json.stdout) as { manifests: { metadata: { namespace?: string } }[] };
    expect(parsed.manifests[0]?.metadata.namespace).toBe('ops');
    const bad = await cli(['--repo', ROOT, 'rbac', '--sa-namespace', 'ops\nkind: ClusterRole']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^--sa-namespace: "ops\\nkind: ClusterRole" is not a namespace name/);
  });

  it('grants the execute identity what the drift guard lists, in the namespaces of capture.kubernetes, saying why', async () => {
    const repo = await makeRepo({ 'intents/catalog/observed-app.yaml': OBSERVED });
    try {
      const res = await cli(['--repo', repo, 'rbac']);
      expect(res.code, res.stderr).toBe(0);
      const execute = res.stdout.slice(0, res.stdout.indexOf('# intentops-observe:'));
      // a Role in each namespace the enum allows, no ClusterRole
      expect(execute).not.toContain('kind: ClusterRole');
      const rule = [
        '  # drift guard (policies on_drift): the workloads of capture.kubernetes listed again at execute, compared with the approved plan (intentops)',
        '  # observed-app capture.kubernetes (intentops)',
        '  - apiGroups: [apps]',
        '    resources: [daemonsets, deployments, statefulsets]',
        '    verbs: [list]',
      ].join('\n');
      const roles = execute.split('\n---\n').filter((d) => /^kind: Role$/m.test(d));
      // capture.velero's namespace has its own Role, without the drift guard's lists
      expect(roles.map((r) => /namespace: (\S+)/.exec(r)?.[1])).toEqual(['shop', 'store', 'velero']);
      expect(roles.map((r) => r.includes(rule))).toEqual([true, true, false]);
    } finally {
      await removeRepo(repo);
    }
  });

  it('--environment before intents/environments.yaml exists: says so, exit 2, no stack trace', async () => {
    const res = await cli(['--repo', ROOT, 'rbac', '--environment', 'production']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(
      /environment 'production' is named but there is no intents\/environments\.yaml/,
    );
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('--environment with the file: an unknown name gets did-you-mean; a known one is named in the output', async () => {
    const repo = await makeRepo({
      'intents/catalog/observed-app.yaml': OBSERVED,
      'intents/environments.yaml': 'environments: [{ name: staging }, { name: production }]\n',
    });
    try {
      const bad = await cli(['--repo', repo, 'rbac', '--environment', 'prodution']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("unknown environment 'prodution' (did you mean 'production'?)");
      const ok = await cli(['--repo', repo, 'rbac', '--environment', 'production']);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toContain('for the environment production');
    } finally {
      await removeRepo(repo);
    }
  });

  it('a malformed intents/environments.yaml stops it with the file and line', async () => {
    const repo = await makeRepo({
      'intents/catalog/observed-app.yaml': OBSERVED,
      'intents/environments.yaml':
        'environments:\n  - name: staging\n  - name: production\n    kubconfig: PROD_KUBECONFIG\n',
    });
    try {
      const bad = await cli(['--repo', repo, 'rbac', '--environment', 'production']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/intents\/environments\.yaml:4:\d+.*kubconfig/);
      expect(bad.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await removeRepo(repo);
    }
  });

  it('a broken catalog: the file and line, exit 2, nothing printed on stdout', async () => {
    const repo = await makeRepo({
      'intents/catalog/observed-app.yaml': OBSERVED.replace('risk: low', 'risk: lowish'),
    });
    try {
      const res = await cli(['--repo', repo, 'rbac']);
      expect(res.code).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr).toMatch(/^intents\/catalog\/observed-app\.yaml:\d+:\d+: /);
      expect(res.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await removeRepo(repo);
    }
  });
});

describe('docs/cluster-access.md', () => {
  it("shows the example catalog's generated RBAC as `intentops rbac` prints it", async () => {
    const res = await cli(['--repo', ROOT, 'rbac']);
    const guide = await readFile(join(ROOT, 'docs', 'cluster-access.md'), 'utf8');
    const block = /<!-- intentops rbac: begin -->\n```yaml\n([\s\S]*?)```\n<!-- intentops rbac: end -->/.exec(
      guide,
    );
    expect(block, 'the generated block in docs/cluster-access.md').not.toBeNull();
    expect(block?.[1]).toBe(res.stdout);
  });
});
