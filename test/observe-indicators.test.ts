import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterIndicators } from '../src/app/observe/probes.js';
import { createObservers } from '../src/app/shared/providers.js';
import type { Plan } from '../src/domain/plan/plan.js';
import { FakeApiServer, fixture } from './helpers/fake-apiserver.js';

// Which cluster indicators are this run's, read through the real client: during a rollout only the
// pods of the deployment's current revision count.

const PODS = '/api/v1/namespaces/shop/pods';
const RS = '/apis/apps/v1/namespaces/shop/replicasets';
const DEPLOYMENTS = '/apis/apps/v1/namespaces/shop/deployments';

const plan = { indicators: [{ pattern: 'CrashLoopBackOff', severity: 'P1' }] } as unknown as Plan;

interface RecordedPod {
  metadata: { name: string; labels: Record<string, string> };
  status: { containerStatuses: Record<string, unknown>[] };
}

/** A crash-looping api pod of the ReplicaSet with this pod-template-hash. */
function crashing(hash: string, suffix: string): RecordedPod {
  const [p] = (fixture('pods-api-crashloop') as unknown as { items: RecordedPod[] }).items;
  if (!p) throw new Error('fixture has no pod');
  p.metadata.name = `api-${hash}-${suffix}`;
  p.metadata.labels['pod-template-hash'] = hash;
  return p;
}

function replicaSet(hash: string, revision: string): Record<string, unknown> {
  return {
    metadata: {
      name: `api-${hash}`,
      namespace: 'shop',
      labels: { app: 'api', 'pod-template-hash': hash },
      annotations: { 'deployment.kubernetes.io/revision': revision },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', controller: true }],
    },
  };
}

let api: FakeApiServer;

beforeAll(async () => {
  api = await FakeApiServer.start();
  const events = { kind: 'EventList', apiVersion: 'v1', metadata: {}, items: [] };
  const list = (items: unknown[]) => ({ body: { kind: 'List', apiVersion: 'v1', metadata: {}, items } });
  api
    .on('GET', PODS, { labelSelector: 'app=api,phase=old' }, list([crashing('6b7d9c5f4', 'k2x7p')]))
    .on('GET', PODS, { labelSelector: 'app=api,phase=new' }, list([crashing('8c9dbf7d5', 'w4q8z')]))
    .on('GET', RS, {}, list([replicaSet('6b7d9c5f4', '11'), replicaSet('8c9dbf7d5', '12')]))
    .on('GET', DEPLOYMENTS, { labelSelector: 'app=api,phase=old' }, 'deployments-web')
    .on('GET', '/api/v1/namespaces/shop/events', { fieldSelector: 'type=Warning' }, { body: events });
});

afterAll(() => api.close());

describe('cluster indicators during a rollout', () => {
  const observers = () => createObservers({ kubeconfigYaml: api.kubeconfig() });
  const opts = { timeoutMs: 10_000, since: new Date(Date.now() - 1000) };

  it('a crash-looping pod of the old ReplicaSet does not count; one of the new revision does', async () => {
    const target = (phase: string) => ({
      namespace: 'shop',
      selector: `app=api,phase=${phase}`,
      deployment: 'api',
    });
    expect(await clusterIndicators(plan, target('old'), observers(), opts)).toEqual([]);
    expect(await clusterIndicators(plan, target('new'), observers(), opts)).toEqual([
      {
        pattern: 'CrashLoopBackOff',
        severity: 'P1',
        source: 'pod:api-8c9dbf7d5-w4q8z/api',
        line: 'state.waiting.reason=CrashLoopBackOff',
      },
    ]);
  });

  it('without a deployment name, the one deployment the selector matches gives the revision', async () => {
    // deployments-web holds one deployment (web), which owns none of these ReplicaSets: every pod counts.
    const target = { namespace: 'shop', selector: 'app=api,phase=old' };
    const hits = await clusterIndicators(plan, target, observers(), opts);
    expect(hits.map((h) => h.source)).toEqual(['pod:api-6b7d9c5f4-k2x7p/api']);
  });
});
