import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { FakeApiServer, type FakeCollection, fixture } from './helpers/fake-apiserver.js';
import { SEED_RULES } from './helpers/fixture-catalog.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// While the outcome checks wait, the target's pods are watched: a crash loop that appears between
// two attempts ends the wait when the API shows it, not at the next attempt (a minute later here).

const PODS = '/api/v1/namespaces/shop/pods';
type Pod = Record<string, unknown> & {
  metadata: { name: string };
  status: { containerStatuses: Record<string, unknown>[]; conditions: { type: string; status: string }[] };
};

function pods(): Pod[] {
  return (fixture('pods-web-healthy') as unknown as { items: Pod[] }).items;
}

/** The pod with its container in `waiting`, not ready. */
function waiting(p: Pod, reason: string): Pod {
  const q = structuredClone(p);
  q.status.containerStatuses = q.status.containerStatuses.map((c) => ({
    ...c,
    ready: false,
    state: { waiting: { reason } },
  }));
  q.status.conditions = q.status.conditions.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' } : c));
  return q;
}

let api: FakeApiServer;
let coll: FakeCollection;
let kubeDir: string;
const repos: string[] = [];

beforeAll(async () => {
  api = await FakeApiServer.start();
  kubeDir = await mkdtemp(join(tmpdir(), 'intentops-kubeconfig-'));
  api
    .on('GET', '/apis/apps/v1/namespaces/shop/deployments', { labelSelector: 'app=web' }, 'deployments-web')
    .on(
      'GET',
      '/apis/apps/v1/namespaces/shop/replicasets',
      {},
      {
        body: { kind: 'List', apiVersion: 'v1', metadata: {}, items: [] },
      },
    )
    .on(
      'GET',
      '/api/v1/namespaces/shop/events',
      { fieldSelector: 'type=Warning' },
      {
        body: { kind: 'List', apiVersion: 'v1', metadata: {}, items: [] },
      },
    );
  process.env.KUBECONFIG = await api.writeKubeconfig(kubeDir);
});

afterAll(async () => {
  delete process.env.KUBECONFIG;
  await Promise.all([api.close(), rm(kubeDir, { recursive: true, force: true }), ...repos.map(removeRepo)]);
});

const INTENT = `name: deploy-app
description: watched deploy
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
steps:
  - name: deploy
    run: [echo, rolled out]
capture:
  timeout: 10s
  kubernetes: { namespace: shop, selector: "app={{app}}" }
`;

const OUTCOMES = `outcomes:
  success:
    - condition: pods_ready
      pods_ready: { namespace: shop, selector: "app={{app}}" }
      timeout: 100s
      interval: 60s
  failure_indicators:
    - { pattern: CrashLoopBackOff, severity: P1 }
`;

async function run(): Promise<{ code: number; record: ExecutionRecord; stderr: string }> {
  const dir = await makeRepo({
    'intents/catalog/deploy-app.yaml': INTENT,
    'intents/outcomes/deploy-app.yaml': OUTCOMES,
    'intents/anomaly-rules/default.yaml': SEED_RULES,
    'intents/requests/r.yaml': 'intent: deploy-app\nparams: { app: web }\nreason: watch\n',
  });
  repos.push(dir);
  const res = await cli(['--repo', dir, 'run', 'intents/requests/r.yaml']);
  const day = (await readdir(join(dir, 'executions')))[0] ?? '';
  const [file] = (await readdir(join(dir, 'executions', day))).filter((f) => f.endsWith('.yaml'));
  const record = parse(await readFile(join(dir, 'executions', day, file ?? ''), 'utf8')) as ExecutionRecord;
  return { code: res.code, record, stderr: res.stderr };
}

async function until(ok: () => boolean): Promise<void> {
  while (!ok()) await new Promise((r) => setTimeout(r, 20));
}

describe('checks watch the pods', () => {
  it('a crash loop between two attempts ends the wait without a second attempt', async () => {
    const [first, second] = pods();
    if (!first || !second) throw new Error('fixture');
    coll = api.collection(PODS, 'app=web', [waiting(first, 'ContainerCreating'), second]);
    const running = run();
    // Lists: the before-snapshot's, the watch's, then the first attempt's (pods_ready), which finds
    // the pods not ready; the wait until the next attempt (60 s) begins.
    const lists = () => api.requests.filter((r) => r.path === PODS && r.query === 'labelSelector=app%3Dweb');
    await until(() => coll.openWatches === 1 && lists().length >= 3);
    coll.put(waiting(first, 'CrashLoopBackOff'));
    const { code, record } = await running;
    expect(code).toBe(1);
    expect(record.checks[0]?.attempts).toHaveLength(1);
    expect(record.checks[0]?.result).toBe('fail');
    expect(record.status_reason).toMatch(
      /^P1 failure indicator 'CrashLoopBackOff' in pod:web-5d8f7c9b6-4xv2m\/web/,
    );
    const watches = api.requests.filter((r) => r.path === PODS && r.params.some(([k]) => k === 'watch'));
    expect(watches.length).toBeGreaterThan(0);
  });
});
