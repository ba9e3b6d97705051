import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeReader, KubernetesError } from '../src/adapters/kubernetes.js';
import { type FaultProxy, kubeRequest, startFaultProxy } from './faults/fault-proxy.js';
import { FakeApiServer } from './helpers/fake-apiserver.js';

// The Kubernetes reader asks again, as client-go does for reads, when the API server sheds load
// (429, or a 5xx with Retry-After) or the connection is reset — within the call's one deadline —
// and not when asking again cannot help (a plain 500, a Retry-After past the deadline).
// Found by the fault sweep (issue 28): one 429 made the run's snapshot say the cluster was unavailable.

const PODS = '/api/v1/namespaces/shop/pods';
let api: FakeApiServer;
let proxy: FaultProxy;

beforeAll(async () => {
  api = await FakeApiServer.start();
  api.on('GET', PODS, { labelSelector: 'app=web' }, 'pods-web-healthy');
  proxy = await startFaultProxy(api.url);
});

afterAll(async () => {
  await proxy.close();
  await api.close();
});

const reader = () => createKubeReader({ kubeconfigYaml: api.kubeconfig().replace(api.url, proxy.url) });
const status = (code: number, headers: Record<string, string> = {}) =>
  ({
    kind: 'status',
    status: code,
    headers,
    body: JSON.stringify({ kind: 'Status', status: 'Failure', message: `shed ${code}`, code }),
  }) as const;
const podsSent = () => proxy.seen.filter((s) => kubeRequest('pods', false)(s.request)).length;

describe('the Kubernetes reader asks again', () => {
  it.each([
    ['a 429 with Retry-After', status(429, { 'retry-after': '1' })],
    ['a 429 without it', status(429)],
    ['a 503 with Retry-After', status(503, { 'retry-after': '0' })],
    ['a connection reset', { kind: 'reset' } as const],
  ])('after %s, and reads the pods', async (name, fault) => {
    proxy.arm({ name, match: kubeRequest('pods', false), fault });
    const before = podsSent();
    const pods = await reader().pods('shop', 'app=web', { timeoutMs: 5000 });
    expect(pods).toHaveLength(2);
    expect(proxy.fired(name)).toBe(1);
    expect(podsSent() - before).toBe(2);
  });

  it('gives up after two more tries, with what the server said', async () => {
    proxy.arm({ name: 'reset ×3', match: kubeRequest('pods', false), fault: { kind: 'reset' }, times: 3 });
    const before = podsSent();
    const err = await reader()
      .pods('shop', 'app=web', { timeoutMs: 5000 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubernetesError);
    expect((err as KubernetesError).message).toContain('ECONNRESET');
    expect(podsSent() - before).toBe(3);
  });

  it.each([
    ['a plain 500', status(500), 'http'],
    ['a Retry-After past the deadline', status(429, { 'retry-after': '5' }), 'http'],
  ])('not after %s', async (name, fault, kind) => {
    proxy.arm({ name, match: kubeRequest('pods', false), fault });
    const before = podsSent();
    const err = await reader()
      .pods('shop', 'app=web', { timeoutMs: 2000 })
      .catch((e: unknown) => e);
    expect((err as KubernetesError).kind).toBe(kind);
    expect(podsSent() - before).toBe(1);
  });
});
