import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { createKubeReader, KubernetesError } from '../src/adapters/kubernetes.js';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';
import { observedIntent } from './helpers/observed-intent.js';
import { makeRepo, removeRepo } from './helpers/repo.js';
import { selfSignedCert } from './helpers/tls-cert.js';

// In a pod — a self-hosted runner of Actions Runner Controller in the cluster (docs/cluster-access.md)
// — with no kubeconfig anywhere, the Kubernetes reader uses the pod's service account:
// KUBERNETES_SERVICE_HOST/PORT, and the token, ca.crt and namespace in
// /var/run/secrets/kubernetes.io/serviceaccount/. The API double serves https with a certificate that
// folder's ca.crt is, and checks the bearer token.

const ROOT = join(import.meta.dirname, '..');
const SA = 'var/run/secrets/kubernetes.io/serviceaccount';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.in-cluster-runner.sig';
const PODS = '/api/v1/namespaces/shop/pods';

const tmp = mkdtempSync(join(tmpdir(), 'intentops-in-cluster-'));
/** A file system root holding the pod's service account files. */
const fsRoot = join(tmp, 'root');
/** An empty home: no ~/.kube/config. */
const home = join(tmp, 'home');
let api: FakeApiServer;
let port: string;
const repos: string[] = [];

beforeAll(async () => {
  const tls = selfSignedCert(tmp);
  api = await FakeApiServer.start({ tls });
  port = new URL(api.url).port;
  api
    .on('GET', PODS, { labelSelector: 'app=web' }, 'pods-web-healthy')
    .on('GET', '/apis/apps/v1/namespaces/shop/deployments', { labelSelector: 'app=web' }, 'deployments-web')
    .on('GET', '/api/v1/namespaces/shop/events', { fieldSelector: 'type=Warning' }, 'events-warning');
  mkdirSync(join(fsRoot, SA), { recursive: true });
  mkdirSync(home);
  writeFileSync(join(fsRoot, SA, 'token'), TOKEN);
  writeFileSync(join(fsRoot, SA, 'ca.crt'), tls.cert);
  writeFileSync(join(fsRoot, SA, 'namespace'), 'intentops');
});

afterAll(async () => {
  await api.close();
  await Promise.all(repos.map(removeRepo));
  rmSync(tmp, { recursive: true, force: true });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/** The environment of a pod: where the API server is, no kubeconfig, a home without one. */
function inPod(): void {
  vi.stubEnv('KUBERNETES_SERVICE_HOST', '127.0.0.1');
  vi.stubEnv('KUBERNETES_SERVICE_PORT', port);
  vi.stubEnv('KUBECONFIG', undefined);
  vi.stubEnv('HOME', home);
}

describe('in-cluster service account', () => {
  it('with no kubeconfig, finds the service account, trusts its ca.crt and sends its token', async () => {
    inPod();
    const before = api.requests.length;
    const reader = createKubeReader({ fsRoot });
    const pods = await reader.pods('shop', 'app=web', { timeoutMs: 5000 });
    expect(pods.length).toBeGreaterThan(0);
    const sent = api.requests.slice(before);
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${PODS}`]);
    expect(sent[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('refuses an API server whose certificate ca.crt does not vouch for, before sending the token', async () => {
    inPod();
    const other = join(tmp, 'other-root');
    mkdirSync(join(other, SA), { recursive: true });
    writeFileSync(join(other, SA, 'token'), TOKEN);
    writeFileSync(join(other, SA, 'ca.crt'), selfSignedCert(tmp, 'another-ca').cert);
    const before = api.requests.length;
    const err = await createKubeReader({ fsRoot: other })
      .pods('shop', 'app=web', { timeoutMs: 5000 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubernetesError);
    expect((err as KubernetesError).kind).toBe('unreachable');
    expect(api.requests.length).toBe(before);
  });

  it('says what is missing when the pod has a token but no KUBERNETES_SERVICE_HOST/PORT', () => {
    inPod();
    vi.stubEnv('KUBERNETES_SERVICE_PORT', undefined);
    expect(() => createKubeReader({ fsRoot })).toThrow(
      'in-cluster: KUBERNETES_SERVICE_HOST/PORT are not set',
    );
  });
});

/**
 * How to run a command with a folder bound over /run (so /var/run/secrets/… holds the test's files)
 * in a mount namespace of its own: as root, or through an unprivileged user namespace; undefined
 * where neither is allowed (a container without CAP_SYS_ADMIN, AppArmor's restriction of
 * unprivileged user namespaces on Ubuntu 24.04).
 */
function mountNamespace(): string[] | undefined {
  const bind = ['sh', '-c', 'mount --bind "$0" /run && exec "$@"'];
  for (const unshare of [
    ['unshare', '--mount', '--propagation', 'private'],
    ['unshare', '--user', '--map-root-user', '--mount', '--propagation', 'private'],
  ]) {
    const probe = spawnSync(unshare[0] as string, [...unshare.slice(1), ...bind, tmp, 'true'], {
      stdio: 'ignore',
    });
    if (probe.status === 0) return [...unshare, ...bind];
  }
  return undefined;
}

describe('in-cluster, end to end at the real path', () => {
  const ns = process.platform === 'linux' ? mountNamespace() : undefined;

  it.skipIf(!ns)(
    '`intentops run` in a pod-like mount namespace snapshots the cluster through /var/run/secrets/kubernetes.io/serviceaccount (skipped where no mount namespace can be made: not root, and unprivileged user namespaces refused)',
    async () => {
      const dir = await makeRepo({
        'intents/catalog/deploy-app.yaml': observedIntent(),
        'intents/requests/r.yaml': 'intent: deploy-app\nparams: { app: web }\nreason: in-cluster\n',
      });
      repos.push(dir);
      // The folder bound over /run: /var/run is /run's link on the distributions CI runs.
      const run = join(fsRoot, 'var', 'run');
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        HOME: home,
        KUBERNETES_SERVICE_HOST: '127.0.0.1',
        KUBERNETES_SERVICE_PORT: port,
      };
      delete env.KUBECONFIG;
      const before = api.requests.length;
      const [cmd, ...args] = ns as string[];
      const child = spawn(
        cmd as string,
        [
          ...args,
          run,
          process.execPath,
          '--import',
          'tsx',
          join(ROOT, 'src/cli/index.ts'),
          '--repo',
          dir,
          'run',
          'intents/requests/r.yaml',
        ],
        { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.stderr.on('data', (d) => {
        out += d;
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code, out).toBe(0);
      const day = (await readdir(join(dir, 'executions')))[0] ?? '';
      const [file] = (await readdir(join(dir, 'executions', day))).filter((f) => f.endsWith('.yaml'));
      const record = parse(
        await readFile(join(dir, 'executions', day, file ?? ''), 'utf8'),
      ) as ExecutionRecord;
      const kube = record.before?.kubernetes as { pods?: unknown[] } | undefined;
      expect(kube?.pods?.length, JSON.stringify(record.before?.unavailable)).toBeGreaterThan(0);
      const sent = api.requests.slice(before);
      expect(sent.some((r) => r.path === PODS)).toBe(true);
      expect(sent.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    },
  );
});
