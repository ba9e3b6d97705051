import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createKubeReader,
  type KubeReader,
  KubernetesError,
  podIndicators,
} from '../src/adapters/kubernetes.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';

// The real @kubernetes/client-node against recorded API answers on loopback, reached through a
// kubeconfig (file, $KUBECONFIG or YAML input) exactly as against a cluster.

const NOW = new Date('2025-03-10T05:14:00Z');
const PODS = '/api/v1/namespaces/shop/pods';
const EVENTS = '/api/v1/namespaces/shop/events';
const BACKUPS = '/apis/velero.io/v1/namespaces/velero/backups';
const opts = { timeoutMs: 2000 };

let api: FakeApiServer;
let dir: string;
let reader: KubeReader;

beforeAll(async () => {
  api = await FakeApiServer.start();
  dir = await mkdtemp(join(tmpdir(), 'intentops-kube-'));
  api
    .on('GET', PODS, { labelSelector: 'app=web' }, 'pods-web-healthy')
    .on('GET', PODS, { labelSelector: 'app=api' }, 'pods-api-crashloop')
    .on('GET', PODS, { labelSelector: 'app=worker' }, 'pods-worker-imagepull')
    .on('GET', '/apis/apps/v1/namespaces/shop/deployments', { labelSelector: 'app=web' }, 'deployments-web')
    .on('GET', '/apis/apps/v1/namespaces/shop/deployments/api', {}, 'deployment-api')
    .on('GET', EVENTS, { fieldSelector: 'type=Warning' }, 'events-warning')
    .on('GET', BACKUPS, {}, 'velero-backups');
  reader = createKubeReader({ kubeconfigYaml: api.kubeconfig() }, () => NOW);
});

afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

async function failure(p: Promise<unknown>): Promise<KubernetesError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KubernetesError);
  return err as KubernetesError;
}

describe('pods', () => {
  it('reads a healthy deployment’s pods through $KUBECONFIG, with the token and selector sent', async () => {
    vi.stubEnv('KUBECONFIG', await api.writeKubeconfig(dir, { token: 'token-from-file' }));
    const before = api.requests.length;
    const pods = await createKubeReader({}).pods('shop', 'app=web', opts);
    expect(pods.map((p) => [p.name, p.phase, p.ready, p.restarts])).toEqual([
      ['web-5d8f7c9b6-4xv2m', 'Running', true, 0],
      ['web-5d8f7c9b6-n9tqs', 'Running', true, 1],
    ]);
    expect(pods[1]?.containers).toEqual([
      {
        name: 'web',
        image: 'ghcr.io/example/web:2.3.1',
        ready: true,
        restarts: 1,
        lastTerminated: 'Completed',
        lastTerminatedAt: '2025-03-10T03:12:30.000Z',
      },
    ]);
    expect(pods[1]?.templateHash).toBe('5d8f7c9b6');
    const req = api.requests[before];
    expect(req?.headers.authorization).toBe('Bearer token-from-file');
    expect(req?.path).toBe(PODS);
    expect(req?.params).toEqual([['labelSelector', 'app=web']]);
    expect(podIndicators(pods)).toEqual([]);
  });

  it('reads CrashLoopBackOff with OOMKilled as the last termination, per container', async () => {
    const [crashing, pending] = await reader.pods('shop', 'app=api', opts);
    expect(crashing).toMatchObject({
      name: 'api-6b7d9c5f4-k2x7p',
      phase: 'Running',
      ready: false,
      restarts: 6,
    });
    expect(crashing?.containers).toEqual([
      {
        name: 'api',
        image: 'ghcr.io/example/api:1.8.0',
        ready: false,
        restarts: 5,
        waiting: 'CrashLoopBackOff',
        lastTerminated: 'OOMKilled',
        lastTerminatedAt: '2025-03-10T05:11:03.000Z',
        message:
          'back-off 2m40s restarting failed container=api pod=api-6b7d9c5f4-k2x7p_shop(5f1e9a3c-7b2d-4c8e-9f0a-1b2c3d4e5f60)',
      },
      {
        name: 'envoy',
        image: 'envoyproxy/envoy:v1.29.2',
        ready: true,
        restarts: 1,
        lastTerminated: 'Completed',
        lastTerminatedAt: '2025-03-10T05:04:01.000Z',
      },
    ]);
    // Unscheduled: no container statuses yet, containers still listed from the spec.
    expect(pending).toMatchObject({
      name: 'api-6b7d9c5f4-zt5hd',
      phase: 'Pending',
      ready: false,
      restarts: 0,
    });
    expect(pending?.containers.map((c) => [c.name, c.ready, c.waiting])).toEqual([
      ['api', false, undefined],
      ['envoy', false, undefined],
    ]);
    expect(podIndicators([crashing, pending].filter((p) => p !== undefined))).toEqual([
      { pod: 'api-6b7d9c5f4-k2x7p', container: 'api', reason: 'CrashLoopBackOff', where: 'waiting' },
      {
        pod: 'api-6b7d9c5f4-k2x7p',
        container: 'api',
        reason: 'OOMKilled',
        where: 'lastTerminated',
        at: '2025-03-10T05:11:03.000Z',
      },
    ]);
  });

  it('reads ImagePullBackOff next to a completed init container', async () => {
    const pods = await reader.pods('shop', 'app=worker', opts);
    expect(pods[0]?.containers).toEqual([
      {
        name: 'migrate',
        image: 'ghcr.io/example/worker-migrate:0.9.4',
        ready: true,
        restarts: 0,
        terminated: 'Completed',
        terminatedAt: '2025-03-10T05:06:51.000Z',
        init: true,
      },
      {
        name: 'worker',
        image: 'ghcr.io/example/worker:0.9.4-rc1',
        ready: false,
        restarts: 0,
        waiting: 'ImagePullBackOff',
        message: 'Back-off pulling image "ghcr.io/example/worker:0.9.4-rc1"',
      },
    ]);
    expect(podIndicators(pods)).toEqual([
      { pod: 'worker-7c4b9d8f5-h6qzs', container: 'worker', reason: 'ImagePullBackOff', where: 'waiting' },
    ]);
  });
});

describe('deployments', () => {
  it('lists by selector and reads by name, replica counts and generations apart', async () => {
    expect(await reader.deployments('shop', 'app=web', undefined, opts)).toEqual([
      {
        name: 'web',
        desired: 2,
        updated: 2,
        ready: 2,
        available: 2,
        observedGeneration: 4,
        generation: 4,
        conditions: [
          { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
          { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
        ],
      },
    ]);
    const [apiDeploy] = await reader.deployments('shop', undefined, 'api', opts);
    expect(apiDeploy).toMatchObject({
      desired: 3,
      updated: 2,
      ready: 2,
      available: 2,
      generation: 13,
      observedGeneration: 12,
    });
  });

  it('gives [] for a named deployment that does not exist (404)', async () => {
    expect(await reader.deployments('shop', undefined, 'gone', opts)).toEqual([]);
  });
});

describe('warning events', () => {
  const names = ['api-6b7d9c5f4-k2x7p', 'api-6b7d9c5f4-zt5hd', 'api'];

  it('keeps the target’s pods, deployment and ReplicaSets, newest first, with the selector sent', async () => {
    const before = api.requests.length;
    const events = await reader.warningEvents('shop', names, undefined, opts);
    expect(api.requests[before]?.params).toEqual([['fieldSelector', 'type=Warning']]);
    expect(events.map((e) => [e.reason, e.object, e.count, e.lastSeen])).toEqual([
      ['BackOff', 'Pod/api-6b7d9c5f4-k2x7p', 23, '2025-03-10T05:13:12.000Z'],
      // events.k8s.io-style: count and time from `series`.
      ['FailedScheduling', 'Pod/api-6b7d9c5f4-zt5hd', 8, '2025-03-10T05:12:44.918Z'],
      ['Unhealthy', 'Pod/api-6b7d9c5f4-k2x7p', 4, '2025-03-10T05:11:01.000Z'],
      ['FailedCreate', 'ReplicaSet/api-6b7d9c5f4', 2, '2025-03-10T04:58:31.000Z'],
    ]);
    expect(events.every((e) => e.type === 'Warning')).toBe(true);
    expect(events[2]?.message).toContain('Readiness probe failed');
  });

  it('drops events last seen before `since`', async () => {
    const events = await reader.warningEvents('shop', names, new Date('2025-03-10T05:00:00Z'), opts);
    expect(events.map((e) => e.reason)).toEqual(['BackOff', 'FailedScheduling', 'Unhealthy']);
  });
});

describe('velero backups', () => {
  it('reads velero.io/v1 Backups newest first with phase, counts and age', async () => {
    const backups = await reader.backups('velero', opts);
    expect(backups.map((b) => b.name)).toEqual([
      'nightly-20250310020012',
      'manual-pre-upgrade-20250309',
      'nightly-20250309020011',
    ]);
    expect(backups[0]).toEqual({
      name: 'nightly-20250310020012',
      phase: 'Completed',
      errors: 0,
      warnings: 0,
      started: '2025-03-10T02:00:12.000Z',
      completed: '2025-03-10T02:14:00.000Z',
      ageSeconds: 3 * 3600,
      schedule: 'nightly',
    });
    expect(backups[1]).toMatchObject({
      phase: 'PartiallyFailed',
      errors: 2,
      warnings: 5,
      ageSeconds: 45_128,
    });
    expect(backups[1]?.schedule).toBeUndefined();
  });

  it('says not_found when Velero is not installed (no such resource)', async () => {
    const err = await failure(reader.backups('backup-system', opts));
    expect(err.kind).toBe('not_found');
    expect(err.status).toBe(404);
  });
});

describe('hostile input', () => {
  it('sends a hostile label selector encoded, as one parameter, on the same path', async () => {
    const hostile = 'app=web&watch=true#/../../api/v1/secrets?limit=1';
    api.on('GET', PODS, { labelSelector: hostile }, 'pods-web-healthy');
    const before = api.requests.length;
    expect(await reader.pods('shop', hostile, opts)).toHaveLength(2);
    const req = api.requests[before];
    expect(req?.path).toBe(PODS);
    expect(req?.params).toEqual([['labelSelector', hostile]]);
    expect(req?.query).not.toContain('&watch');
    expect(req?.query).toContain('%26watch%3Dtrue%23%2F..%2F..%2Fapi%2Fv1%2Fsecrets%3Flimit%3D1');
  });

  it('refuses a namespace or name that would change the path, before any request', async () => {
    const before = api.requests.length;
    expect((await failure(reader.pods('..', 'app=web', opts))).kind).toBe('invalid');
    expect((await failure(reader.backups('velero/../kube-system', opts))).kind).toBe('invalid');
    expect((await failure(reader.deployments('shop', undefined, '../../secrets', opts))).kind).toBe(
      'invalid',
    );
    expect(api.requests.length).toBe(before);
  });
});
