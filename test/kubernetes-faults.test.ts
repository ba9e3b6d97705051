import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKubeReader, type KubeReader, KubernetesError } from '../src/adapters/kubernetes.js';
import { FakeApiServer, status } from './helpers/fake-apiserver.js';

// How the Kubernetes reader fails: each fault becomes a KubernetesError whose kind lets the
// snapshot record the provider as unavailable with a reason, within the call's deadline.

const PODS = '/api/v1/namespaces/shop/pods';
const opts = { timeoutMs: 2000 };

let api: FakeApiServer;
let dir: string;
let reader: KubeReader;

beforeAll(async () => {
  api = await FakeApiServer.start();
  dir = await mkdtemp(join(tmpdir(), 'intentops-kube-'));
  api.on('GET', PODS, { labelSelector: 'app=web' }, 'pods-web-healthy');
  reader = createKubeReader({ kubeconfigYaml: api.kubeconfig() });
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

describe('faults', () => {
  it('ends a call at its timeout although the server would answer in 5 s', async () => {
    api.on(
      'GET',
      PODS,
      { labelSelector: 'app=slow' },
      { delayMs: 5000, body: { kind: 'PodList', items: [] } },
    );
    const t0 = performance.now();
    const err = await failure(reader.pods('shop', 'app=slow', { timeoutMs: 300 }));
    const elapsed = performance.now() - t0;
    expect(err.kind).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2000);
  });

  it('gives the caller’s own abort reason back, not a timeout', async () => {
    api.on('GET', PODS, { labelSelector: 'app=hang' }, { hang: true });
    const cancelled = new Error('run cancelled');
    const controller = new AbortController();
    setTimeout(() => controller.abort(cancelled), 50);
    await expect(
      reader.pods('shop', 'app=hang', { timeoutMs: 5000, signal: controller.signal }),
    ).rejects.toBe(cancelled);
  });

  it.each([
    [
      403,
      'forbidden',
      'pods is forbidden: User "system:serviceaccount:ci:intentops" cannot list resource "pods"',
    ],
    [401, 'forbidden', 'Unauthorized'],
    [404, 'not_found', 'namespaces "shop" not found'],
    [500, 'http', 'etcdserver: request timed out'],
  ])('maps %i to %s', async (code, kind, message) => {
    const selector = `app=status-${code}`;
    api.on('GET', PODS, { labelSelector: selector }, status(code, message, { kind: 'pods' }));
    const err = await failure(reader.pods('shop', selector, opts));
    expect([err.kind, err.status]).toEqual([kind, code]);
    // The generated client drops the body of a 401; for the others the Status message is kept.
    if (code !== 401) expect(err.message).toContain(message);
  });

  it.each([
    [
      'truncated JSON',
      { body: '{"kind":"PodList","apiVersion":"v1","items":[', contentType: 'application/json' },
    ],
    ['a non-JSON 200', { body: 'OK', contentType: 'text/plain; charset=utf-8' }],
    ['JSON that is not a list', { body: { kind: 'Status', status: 'Success' } }],
  ])('says bad_data for %s', async (_what, reply) => {
    const selector = `app=bad-${api.requests.length}`;
    api.on('GET', PODS, { labelSelector: selector }, reply);
    expect((await failure(reader.pods('shop', selector, opts))).kind).toBe('bad_data');
  });

  it('says unreachable when nothing listens, and honours the chosen context', async () => {
    const dead = await FakeApiServer.start();
    const deadUrl = dead.url;
    await dead.close();
    const yaml = api.kubeconfig({ others: [{ name: 'dead', server: deadUrl }] });
    const err = await failure(
      createKubeReader({ kubeconfigYaml: yaml, context: 'dead' }).pods('shop', 'app=web', opts),
    );
    expect(err.kind).toBe('unreachable');
    expect(err.message).toContain('ECONNREFUSED');
    expect(await createKubeReader({ kubeconfigYaml: yaml }).pods('shop', 'app=web', opts)).toHaveLength(2);
  });
});

describe('configuration', () => {
  it('says config when the credential plugin cannot run, and sends nothing', async () => {
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: join(dir, 'no-such-kubelogin'),
      args: ['get-token'],
      interactiveMode: 'Never',
    };
    const before = api.requests.length;
    const execReader = createKubeReader({ kubeconfigYaml: api.kubeconfig({ user: { exec } }) });
    const err = await failure(execReader.pods('shop', 'app=web', opts));
    expect(err.kind).toBe('config');
    expect(err.message).toContain('ENOENT');
    expect(api.requests.length).toBe(before);
  });

  it('refuses an unknown context, plain http without insecure-skip-tls-verify, and no config at all', async () => {
    const yaml = api.kubeconfig();
    expect(() => createKubeReader({ kubeconfigYaml: yaml, context: 'prod' })).toThrow(/context "prod"/);
    const strict = yaml.replace('insecure-skip-tls-verify: true', 'insecure-skip-tls-verify: false');
    expect(() => createKubeReader({ kubeconfigYaml: strict })).toThrow(/insecure-skip-tls-verify/);
    expect(() => createKubeReader({ kubeconfigPath: join(dir, 'missing') })).toThrow(KubernetesError);
    if (!existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token')) {
      vi.stubEnv('KUBECONFIG', '');
      vi.stubEnv('HOME', dir);
      let err: unknown;
      try {
        createKubeReader({});
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({ kind: 'config', message: expect.stringContaining('no kubeconfig') });
    }
  });
});
