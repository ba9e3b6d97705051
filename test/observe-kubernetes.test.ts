import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { FakeApiServer, fixture } from './helpers/fake-apiserver.js';
import { SEED_RULES } from './helpers/fixture-catalog.js';
import { observedIntent } from './helpers/observed-intent.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// A run that observes a (recorded) cluster through the real Kubernetes client.

const PODS = '/api/v1/namespaces/shop/pods';

/** The recorded Warning events, moved to the present so they count as this run's. */
function recentEvents(): Record<string, unknown> {
  const list = fixture('events-warning') as { items: Record<string, unknown>[] };
  const soon = new Date(Date.now() + 60_000).toISOString();
  for (const e of list.items) {
    if (e.lastTimestamp) e.lastTimestamp = soon;
    if (e.eventTime) e.eventTime = soon;
    const series = e.series as { lastObservedTime?: string } | undefined;
    if (series?.lastObservedTime) series.lastObservedTime = soon;
  }
  return list;
}
interface RecordedPod {
  metadata: { name: string; labels: Record<string, string> };
  status?: {
    containerStatuses?: { restartCount?: number; lastState?: { terminated?: Record<string, unknown> } }[];
  };
}

/** Healthy, ready pods whose container was OOMKilled once, finished at `finishedAt`. */
function restartedAfterOom(app: string, finishedAt: string): Record<string, unknown> {
  const list = fixture('pods-web-healthy') as unknown as { items: RecordedPod[] };
  for (const p of list.items) {
    p.metadata.name = p.metadata.name.replace(/^web-/, `${app}-`);
    p.metadata.labels.app = app;
    for (const c of p.status?.containerStatuses ?? []) {
      c.restartCount = 1;
      c.lastState = { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: finishedAt, finishedAt } };
    }
  }
  return list;
}

/** The recorded crash loop, its OOMKill moved to the present so it happened during the run. */
function recentOomKills(): Record<string, unknown> {
  const list = fixture('pods-api-crashloop') as unknown as { items: RecordedPod[] };
  const soon = new Date(Date.now() + 60_000).toISOString();
  for (const p of list.items) {
    for (const c of p.status?.containerStatuses ?? []) {
      if (c.lastState?.terminated) c.lastState.terminated.finishedAt = soon;
    }
  }
  return list;
}

let api: FakeApiServer;
let kubeDir: string;
const repos: string[] = [];

beforeAll(async () => {
  api = await FakeApiServer.start();
  kubeDir = await mkdtemp(join(tmpdir(), 'intentops-kubeconfig-'));
  api
    .on('GET', PODS, { labelSelector: 'app=web' }, 'pods-web-healthy')
    .on('GET', PODS, { labelSelector: 'app=api' }, { body: recentOomKills() })
    .on('GET', '/apis/apps/v1/namespaces/shop/deployments', { labelSelector: 'app=web' }, 'deployments-web')
    .on('GET', '/apis/apps/v1/namespaces/shop/deployments', { labelSelector: 'app=api' }, 'deployments-web')
    .on(
      'GET',
      '/apis/apps/v1/namespaces/shop/deployments',
      { labelSelector: 'app=old-oom' },
      'deployments-web',
    )
    .on(
      'GET',
      '/apis/apps/v1/namespaces/shop/deployments',
      { labelSelector: 'app=new-oom' },
      'deployments-web',
    )
    .on(
      'GET',
      PODS,
      { labelSelector: 'app=old-oom' },
      { body: restartedAfterOom('old-oom', '2026-01-05T03:00:00Z') },
    )
    .on(
      'GET',
      PODS,
      { labelSelector: 'app=new-oom' },
      { body: restartedAfterOom('new-oom', new Date(Date.now() + 60_000).toISOString()) },
    )
    .on('GET', '/api/v1/namespaces/shop/events', { fieldSelector: 'type=Warning' }, { body: recentEvents() })
    .on('GET', '/apis/velero.io/v1/namespaces/velero/backups', {}, 'velero-backups');
  process.env.KUBECONFIG = await api.writeKubeconfig(kubeDir);
});

afterAll(async () => {
  delete process.env.KUBECONFIG;
  await Promise.all([api.close(), rm(kubeDir, { recursive: true, force: true }), ...repos.map(removeRepo)]);
});

const INTENT = observedIntent();

const OUTCOMES = `outcomes:
  success:
    - condition: pods_ready
      pods_ready: { namespace: shop, selector: "app={{app}}" }
      timeout: 30s
      interval: 200ms
  failure_indicators:
    - { pattern: CrashLoopBackOff, severity: P1 }
    - { pattern: OOMKilled, severity: P1 }
    - { pattern: FailedScheduling, severity: P2 }
`;

async function runApp(app: string): Promise<{ code: number; record: ExecutionRecord; stderr: string }> {
  const dir = await makeRepo({
    'intents/catalog/deploy-app.yaml': INTENT,
    'intents/outcomes/deploy-app.yaml': OUTCOMES,
    'intents/anomaly-rules/default.yaml': SEED_RULES,
    'intents/requests/r.yaml': `intent: deploy-app\nparams: { app: ${app} }\nreason: observe\n`,
  });
  repos.push(dir);
  const res = await cli(['--repo', dir, 'run', 'intents/requests/r.yaml']);
  const day = (await readdir(join(dir, 'executions')))[0] ?? '';
  const [file] = (await readdir(join(dir, 'executions', day))).filter((f) => f.endsWith('.yaml'));
  const record = parse(await readFile(join(dir, 'executions', day, file ?? ''), 'utf8')) as ExecutionRecord;
  return { code: res.code, record, stderr: res.stderr };
}

describe('observing Kubernetes', () => {
  it('a healthy rollout: pods, deployments and restarts in the snapshots, pods_ready passes', async () => {
    const { code, record, stderr } = await runApp('web');
    expect(code, stderr).toBe(0);
    const kube = record.before?.kubernetes as {
      pods: { name: string; ready: boolean }[];
      deployments: unknown[];
    };
    expect(kube?.pods, JSON.stringify(record.before?.unavailable)).toBeDefined();
    expect(kube.pods.length).toBeGreaterThan(0);
    expect(kube.pods.every((p) => p.ready)).toBe(true);
    expect(kube.deployments.length).toBe(1);
    expect(record.before?.pod_restarts).toBe(record.after?.pod_restarts);
    expect(record.outcome_checks).toEqual({ pods_ready: 'pass' });
    expect(record.checks[0]?.attempts[0]?.output).toMatch(/^(\d+)\/\1 pods ready$/);
  });

  it('an OOMKilled pod in CrashLoopBackOff ends the wait at once, naming pod, container and reason', async () => {
    const t0 = Date.now();
    const { code, record } = await runApp('api');
    expect(code).toBe(1);
    expect(Date.now() - t0).toBeLessThan(15_000); // far inside the 30 s check timeout
    expect(record.checks[0]?.attempts.length).toBe(1);
    const sources = record.failure_indicators.map((i) => `${i.pattern} ${i.source} ${i.line}`);
    expect(sources).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^CrashLoopBackOff pod:api-[a-z0-9-]+\/[a-z-]+ state\.waiting\.reason=CrashLoopBackOff$/,
        ),
        expect.stringMatching(
          /^OOMKilled pod:api-[a-z0-9-]+\/[a-z-]+ lastState\.terminated\.reason=OOMKilled$/,
        ),
      ]),
    );
    expect(record.status_reason).toMatch(/^P1 failure indicator '(CrashLoopBackOff|OOMKilled)' in pod:api-/);
    // Warning events of the target's pods are matched too.
    expect(record.failure_indicators).toContainEqual(
      expect.objectContaining({
        pattern: 'FailedScheduling',
        severity: 'P2',
        source: 'event:Pod/api-6b7d9c5f4-zt5hd',
      }),
    );
  });

  it('an OOMKill that finished before the run does not fail a healthy restart; one during the run does', async () => {
    const old = await runApp('old-oom');
    expect(old.code, old.stderr).toBe(0);
    expect(old.record.outcome_checks).toEqual({ pods_ready: 'pass' });
    expect(old.record.failure_indicators).toEqual([]);

    const fresh = await runApp('new-oom');
    expect(fresh.code).toBe(1);
    expect(fresh.record.status_reason).toMatch(/^P1 failure indicator 'OOMKilled' in pod:new-oom-/);
    expect(fresh.record.failure_indicators).toContainEqual(
      expect.objectContaining({ pattern: 'OOMKilled', line: 'lastState.terminated.reason=OOMKilled' }),
    );
  });

  it('requests carry the rendered selector, encoded by the client', () => {
    const selectors = api.requests
      .filter((r) => r.path === PODS)
      .map((r) => Object.fromEntries(r.params).labelSelector);
    expect(new Set(selectors)).toEqual(new Set(['app=web', 'app=api', 'app=old-oom', 'app=new-oom']));
  });
});
