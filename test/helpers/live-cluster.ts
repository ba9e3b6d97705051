import { stringify } from 'yaml';
import type { FakeApiServer } from './fake-apiserver.js';
import { SEED_RULES } from './fixture-catalog.js';
import { makeRecord } from './record-fixture.js';

// A GitOps repository of ten deploy requests and the Kubernetes double's namespace `shop` they
// target (web-0…web-7 Deployments, web-8 a StatefulSet, web-9 a DaemonSet): what the live-plan
// test, the drift guard test and bench/live-plan.ts read.

export const APPS = Array.from({ length: 10 }, (_, i) => `web-${i}`);

/** Without `promUrl`, no Prometheus capture. */
export function liveIntent(promUrl?: string): string {
  return `name: deploy-app
description: deploy an app
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
  version: { type: string, pattern: "^[0-9.]+$" }
steps:
  - name: deploy
    run: [echo, deploy]
capture:
  timeout: 5s
  kubernetes: { namespace: shop, selector: "app={{app}}" }
${
  promUrl
    ? `  prometheus:
    url: ${promUrl}
    queries:
      memory: 'sum(container_memory_working_set_bytes{namespace="home-portal"})'
`
    : ''
}`;
}

export function deployment(app: string, tag: string, generation = 3, replicas = 2) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: app, namespace: 'shop', generation, labels: { app } },
    spec: {
      replicas,
      selector: { matchLabels: { app } },
      template: { spec: { containers: [{ name: 'app', image: `registry.example/${app}:${tag}` }] } },
    },
    status: {
      replicas,
      readyReplicas: replicas - 1,
      availableReplicas: replicas - 1,
      observedGeneration: generation,
    },
  };
}

/** A StatefulSet: replicas and readyReplicas, as a Deployment. */
export function statefulSet(app: string, tag: string, generation = 3, replicas = 3) {
  const d = deployment(app, tag, generation, replicas);
  return { ...d, kind: 'StatefulSet', spec: { ...d.spec, serviceName: app } };
}

/** A DaemonSet: no replicas, one pod per node it schedules on (desiredNumberScheduled, numberReady). */
export function daemonSet(app: string, tag: string, generation = 3, nodes = 4) {
  const { spec, ...d } = deployment(app, tag, generation);
  return {
    ...d,
    kind: 'DaemonSet',
    spec: { selector: spec.selector, template: spec.template },
    status: { desiredNumberScheduled: nodes, numberReady: nodes - 2, observedGeneration: generation },
  };
}

function pod(app: string, restartedAt: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${app}-6b7d9c5f4-k2x7p`,
      namespace: 'shop',
      labels: { app, 'pod-template-hash': '6b7d9c5f4' },
    },
    spec: { containers: [{ name: 'app', image: `registry.example/${app}:1.4.0` }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        {
          name: 'app',
          ready: true,
          restartCount: 4,
          state: { running: {} },
          lastState: { terminated: { reason: 'OOMKilled', finishedAt: restartedAt } },
        },
      ],
    },
  };
}

/**
 * The double's namespace `shop`: eight deployments, a StatefulSet (web-8) and a DaemonSet (web-9),
 * their pods, one warning event. Returns the deployments (change one with `put`).
 */
export function serveShop(api: FakeApiServer, now: Date) {
  const deployments = api.collection(
    '/apis/apps/v1/namespaces/shop/deployments',
    '',
    APPS.slice(0, 8).map((a) => deployment(a, '1.4.0')),
  );
  api.collection('/apis/apps/v1/namespaces/shop/statefulsets', '', [statefulSet('web-8', '1.4.0')]);
  api.collection('/apis/apps/v1/namespaces/shop/daemonsets', '', [daemonSet('web-9', '1.4.0')]);
  const recent = new Date(now.getTime() - 10 * 60_000).toISOString();
  api.collection(
    '/api/v1/namespaces/shop/pods',
    '',
    APPS.map((a) => pod(a, recent)),
  );
  api.collection('/api/v1/namespaces/shop/events', '', [
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web-0.1', namespace: 'shop' },
      involvedObject: { kind: 'Pod', name: 'web-0-6b7d9c5f4-k2x7p' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      type: 'Warning',
      count: 3,
      lastTimestamp: recent,
    },
  ]);
  return deployments;
}

export function liveRepoFiles(promUrl: string, now: Date): Record<string, string> {
  const day = now.toISOString().slice(0, 10);
  const earlier = new Date(now.getTime() - 3_600_000).toISOString();
  const last = makeRecord({
    id: 'exec-last-web-0',
    timestamp: earlier,
    intent: 'deploy-app',
    params: { app: 'web-0', version: '1.4.0' },
    status: 'success',
  });
  const files: Record<string, string> = {
    'intents/catalog/deploy-app.yaml': liveIntent(promUrl),
    'intents/anomaly-rules/default.yaml': SEED_RULES,
    [`executions/${day}/exec-last-web-0.yaml`]: stringify(last),
    [`executions/${day}/exec-last-web-0-bake.yaml`]: stringify({
      id: 'exec-last-web-0-bake',
      timestamp: new Date(now.getTime() - 1_800_000).toISOString(),
      intent: 'deploy-app',
      params: { app: 'web-0', version: '1.4.0' },
      status: 'success',
      observation_of: 'exec-last-web-0',
      observation: { verdict: 'pass' },
    }),
    'incidents/drafts/web-1-oom.md':
      '---\ntitle: web-1 OOMKilled after deploy\nstatus: draft\nseverity: P2\nintent: deploy-app\ntarget: web-1\nfingerprint: abc\n---\n\nbody\n',
  };
  for (const a of APPS)
    files[`intents/requests/${a}.yaml`] =
      `intent: deploy-app\nparams: { app: ${a}, version: "1.5.0" }\nreason: live\n`;
  return files;
}

export const REQUEST_PATHS = APPS.map((a) => `intents/requests/${a}.yaml`);
