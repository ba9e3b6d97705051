import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { FakeApiServer, type FakeCollection, fixture } from './helpers/fake-apiserver.js';
import { observedIntent } from './helpers/observed-intent.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// The bake follows the pods through one watch: a healthy bake costs at most one Kubernetes call per
// interval, a crash loop wakes it when the API shows it (not at the next interval), and a watch
// connection dropped mid-bake resumes, or falls back to polling with a message.

const PODS = '/api/v1/namespaces/shop/pods';
type Pod = Record<string, unknown> & {
  metadata: { name: string };
  status: { containerStatuses: Record<string, unknown>[] };
};
const healthyPods = () => structuredClone((fixture('pods-web-healthy') as unknown as { items: Pod[] }).items);

function crashing(p: Pod): Pod {
  const q = structuredClone(p);
  q.status.containerStatuses = q.status.containerStatuses.map((c) => ({
    ...c,
    ready: false,
    state: { waiting: { reason: 'CrashLoopBackOff' } },
  }));
  return q;
}

let api: FakeApiServer;
let pods: FakeCollection;
let kubeDir: string;
const repos: string[] = [];

beforeAll(async () => {
  api = await FakeApiServer.start();
  kubeDir = await mkdtemp(join(tmpdir(), 'intentops-kubeconfig-'));
  api
    .on('GET', '/apis/apps/v1/namespaces/shop/deployments', { labelSelector: 'app=web' }, 'deployments-web')
    .on('GET', '/api/v1/namespaces/shop/events', { fieldSelector: 'type=Warning' }, { body: { items: [] } })
    .on(
      'GET',
      '/apis/apps/v1/namespaces/shop/replicasets',
      {},
      {
        body: { kind: 'List', apiVersion: 'v1', metadata: {}, items: [] },
      },
    );
  process.env.KUBECONFIG = await api.writeKubeconfig(kubeDir);
});

beforeEach(() => {
  pods = api.collection(PODS, 'app=web', healthyPods());
});

afterAll(async () => {
  delete process.env.KUBECONFIG;
  await Promise.all([api.close(), rm(kubeDir, { recursive: true, force: true }), ...repos.map(removeRepo)]);
});

async function repo(
  window: string,
  indicators = '    - { pattern: CrashLoopBackOff, severity: P1 }\n',
): Promise<string> {
  const dir = await makeRepo({
    'intents/catalog/deploy-app.yaml': observedIntent(),
    'intents/outcomes/deploy-app.yaml': `observe: ${window}
outcomes:
  success:
    - condition: pods_ready
      pods_ready: { namespace: shop, selector: "app={{app}}" }
      timeout: 20s
      interval: 200ms
  failure_indicators:
${indicators}`,
    'intents/requests/r.yaml': 'intent: deploy-app\nparams: { app: web }\nreason: bake\n',
  });
  repos.push(dir);
  return dir;
}

async function records(dir: string): Promise<ExecutionRecord[]> {
  const out: ExecutionRecord[] = [];
  for (const day of (await readdir(join(dir, 'executions'))).filter((d) => /^\d/.test(d)).sort())
    for (const f of (await readdir(join(dir, 'executions', day))).filter((f) => f.endsWith('.yaml')).sort())
      out.push(parse(await readFile(join(dir, 'executions', day, f), 'utf8')) as ExecutionRecord);
  return out;
}

/** Runs the request without its bake, then bakes it with `observe`, doing `during` meanwhile. */
async function bakeWith(dir: string, during: () => void) {
  const ran = await cli(['--repo', dir, 'run', '--no-bake', 'intents/requests/r.yaml']);
  expect(ran.code, ran.stderr).toBe(0);
  const [exec] = await records(dir);
  const before = api.requests.length;
  during();
  const res = await cli(['--repo', dir, 'observe', exec?.id ?? '']);
  const follow = (await records(dir)).find((r) => r.observation_of === exec?.id);
  const calls = api.requests.slice(before).filter((r) => !/(^|&)watch=true/.test(r.query));
  return { res, follow, calls };
}

/** The first web pod after its container was OOMKilled at `at`: restarted, running and ready again. */
function oomKilled(p: Pod, at: Date, restarts: number): Pod {
  const q = structuredClone(p);
  const started = new Date(at.getTime() + 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  q.status.containerStatuses = q.status.containerStatuses.map((c) => ({
    ...c,
    restartCount: restarts,
    state: { running: { startedAt: started } },
    lastState: {
      terminated: {
        exitCode: 137,
        reason: 'OOMKilled',
        startedAt: new Date(at.getTime() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        finishedAt: at.toISOString().replace(/\.\d+Z$/, 'Z'),
        containerID: 'containerd://0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d',
      },
    },
  }));
  return q;
}

const crashAfter = (ms: number) => setTimeout(() => pods.put(crashing(healthyPods()[0] as Pod)), ms);

describe('the bake watches the pods', () => {
  it('a healthy bake costs at most one Kubernetes call per interval: deployments and events only when the pods change', async () => {
    const dir = await repo('{ for: 4s, interval: 200ms }');
    const { res, follow, calls } = await bakeWith(dir, () => {});
    expect(res.code, res.stderr).toBe(0);
    const o = follow?.observation;
    expect(o?.verdict).toBe('pass');
    // Was: pods, deployments and events at every interval (3 per interval).
    expect(calls.length, calls.map((c) => c.path).join('\n')).toBeLessThanOrEqual(o?.expected_samples ?? 0);
    expect(calls.filter((c) => c.path.endsWith('/events'))).toHaveLength(1);
    expect(calls.filter((c) => c.path.endsWith('/pods'))).toHaveLength(1);
    // The snapshots still hold what the rules need.
    expect(o?.samples.at(-1)?.snapshot?.pod_restarts).toBe(follow?.after?.pod_restarts);
  });

  it('a crash loop wakes the bake when the API shows it, not at the next 30 s interval', async () => {
    const dir = await repo('{ for: 60s, interval: 30s }');
    let t: NodeJS.Timeout | undefined;
    const { follow } = await bakeWith(dir, () => {
      t = crashAfter(1500);
    });
    clearTimeout(t);
    const o = follow?.observation;
    expect(o?.verdict).toBe('fail');
    expect(o?.reason).toMatch(/CrashLoopBackOff/);
    expect(o?.samples).toHaveLength(1);
    // Sampled when the watch saw it: well before the first interval was due.
    expect(Date.parse(o?.samples[0]?.at ?? '') - Date.parse(o?.started ?? '')).toBeLessThan(30_000);
  });

  it('a watch connection dropped mid-bake resumes from where it was: a crash after the drop is flagged', async () => {
    const dir = await repo('{ for: 60s, interval: 30s }');
    const timers: NodeJS.Timeout[] = [];
    const { follow, calls } = await bakeWith(dir, () => {
      timers.push(
        setTimeout(() => pods.dropWatches(), 1500),
        crashAfter(3000),
      );
    });
    timers.forEach(clearTimeout);
    expect(follow?.observation?.verdict).toBe('fail');
    const o = follow?.observation;
    expect(o?.samples).toHaveLength(1);
    expect(Date.parse(o?.samples[0]?.at ?? '') - Date.parse(o?.started ?? '')).toBeLessThan(30_000);
    // Resumed by resourceVersion: no second list of the pods.
    expect(calls.filter((c) => c.path.endsWith('/pods'))).toHaveLength(1);
  });

  it('a watch refused after the drop falls back to polling at the interval, and says so', async () => {
    const dir = await repo('{ for: 8s, interval: 1s }');
    const timers: NodeJS.Timeout[] = [];
    const { res, follow } = await bakeWith(dir, () => {
      timers.push(
        setTimeout(() => {
          pods.refuseWatch = 403;
          pods.dropWatches();
        }, 1500),
        crashAfter(3500),
      );
    });
    timers.forEach(clearTimeout);
    expect(res.stderr).toMatch(/pods: watch refused \(HTTP 403\); polling instead/);
    expect(follow?.observation?.verdict).toBe('fail');
    expect(follow?.observation?.reason).toMatch(/CrashLoopBackOff/);
  });
});

describe('the bake judges what is new by when it happened', () => {
  const OOM = '    - { pattern: OOMKilled, severity: P1 }\n';

  it("a fresh OOMKill during the bake fails it, though the pod's history already held an OOMKill from 3 days ago", async () => {
    const [web, other] = healthyPods() as [Pod, Pod];
    const old = oomKilled(web, new Date(Date.now() - 3 * 86_400_000), 1);
    pods = api.collection(PODS, 'app=web', [old, other]);
    const dir = await repo('{ for: 6s, interval: 2s }', OOM);
    let t: NodeJS.Timeout | undefined;
    const { res, follow } = await bakeWith(dir, () => {
      t = setTimeout(() => pods.put(oomKilled(web, new Date(), 2)), 1500);
    });
    clearTimeout(t);
    // The run's after-snapshot holds the old OOMKill: that one is history, not this run's.
    const [exec] = await records(dir);
    expect(exec?.status).toBe('success');
    const o = follow?.observation;
    expect(o?.verdict, res.stderr).toBe('fail');
    expect(o?.reason).toBe(`P1 failure indicator 'OOMKilled' in kubernetes:${web.metadata.name}/web`);
    expect(o?.first_seen.map((f) => f.what)).toContain(
      `indicator:OOMKilled@kubernetes:${web.metadata.name}/web`,
    );
    expect(res.code).toBe(1);
  });

  it('the old OOMKill alone, unchanged through the bake, is not a failure', async () => {
    const [web, other] = healthyPods() as [Pod, Pod];
    pods = api.collection(PODS, 'app=web', [oomKilled(web, new Date(Date.now() - 3 * 86_400_000), 1), other]);
    const dir = await repo('{ for: 2s, interval: 500ms }', OOM);
    const { res, follow } = await bakeWith(dir, () => {});
    expect(follow?.observation?.verdict, res.stderr).toBe('pass');
    expect(follow?.observation?.samples.every((s) => s.indicators.length === 0)).toBe(true);
  });
});
