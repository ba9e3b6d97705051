import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_MARKER, renderPlanComment } from '../src/action/plan-comment.js';
import { driftSince, liveNow } from '../src/app/execute/drift-guard.js';
import { clusterOf, type LiveReport, readLive } from '../src/app/plan/live-state.js';
import { planRequests } from '../src/app/plan/plan-requests.js';
import { loadRepo } from '../src/app/shared/load-repo.js';
import { createObservers } from '../src/app/shared/providers.js';
import { seenIn } from '../src/domain/plan/live-state.js';
import { FakeApiServer, status } from './helpers/fake-apiserver.js';
import { liveRepoFiles, REQUEST_PATHS, serveShop, statefulSet } from './helpers/live-cluster.js';
import { startMcp } from './helpers/mcp-client.js';
import { hasPrometheus, type PrometheusServer, startPrometheus } from './helpers/prometheus-server.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// The plan shows the cluster as it is now (issue 27): read through the real client from the
// Kubernetes double (one list per kind and namespace, never a write) and a real Prometheus.

let api: FakeApiServer;
let prom: PrometheusServer | undefined;
let dir = '';
let kubeDir = '';
let now = new Date();

beforeAll(async () => {
  prom = hasPrometheus ? await startPrometheus() : undefined;
  now = prom?.time ?? new Date();
  api = await FakeApiServer.start();
  serveShop(api, now);
  kubeDir = await mkdtemp(join(tmpdir(), 'live-plan-'));
  dir = await makeRepo(liveRepoFiles(prom?.url ?? 'http://127.0.0.1:9', now));
}, 60_000);
afterAll(async () => {
  await api.close();
  await prom?.stop();
  await removeRepo(dir);
  await rm(kubeDir, { recursive: true, force: true });
});

async function plannedAndLive(kubeconfigPath: string | undefined) {
  const { catalog } = await loadRepo(dir, REQUEST_PATHS);
  const requests = planRequests(catalog, REQUEST_PATHS, { now, approvals: null, history: [] });
  const observers = createObservers(
    kubeconfigPath ? { kubeconfigPath } : { kubeconfigPath: join(kubeDir, 'none') },
  );
  const cluster = kubeconfigPath
    ? await clusterOf(requests, observers)
    : { noCluster: 'the plan job has no read-only kubeconfig' };
  const live = await readLive(requests, {
    repoDir: dir,
    now,
    ...cluster,
    observers,
    incidents: async () => (await import('../src/app/incidents/open-incidents.js')).localDrafts(dir),
  });
  return { requests, live };
}

describe('the plan shows the live cluster', () => {
  it('reads each target once per kind and namespace, writes nothing, and shows it under the request', async () => {
    api.requests.length = 0;
    const file = await api.writeKubeconfig(kubeDir);
    const { requests, live } = await plannedAndLive(file);
    expect(live.looked).toBe(true);
    const web0 = live.byPath['intents/requests/web-0.yaml'];
    expect(web0?.kube).toMatchObject({
      workloads: [{ name: 'web-0', generation: 3, images: ['registry.example/web-0:1.4.0'], replicas: 2 }],
      ready: 1,
      desired: 2,
      restartsLastHour: 1,
      restarts: 4,
      events: [{ reason: 'BackOff', object: 'Pod/web-0-6b7d9c5f4-k2x7p', count: 3 }],
    });
    expect(web0?.last).toMatchObject({ id: 'exec-last-web-0', status: 'success', bake: 'pass' });
    expect(web0?.from).toBe('1.4.0');
    expect(live.byPath['intents/requests/web-1.yaml']?.incidents).toEqual([
      { title: 'web-1 OOMKilled after deploy', where: 'incidents/drafts/web-1-oom.md' },
    ]);
    if (prom) expect(web0?.metrics?.memory).toBeGreaterThan(100_000_000);

    // One list per kind for the one namespace, for all ten requests; only GETs.
    const calls = api.requests.filter((r) => r.path.includes('/namespaces/'));
    expect(calls.map((r) => r.path).sort()).toEqual([
      '/api/v1/namespaces/shop/events',
      '/api/v1/namespaces/shop/pods',
      '/apis/apps/v1/namespaces/shop/daemonsets',
      '/apis/apps/v1/namespaces/shop/deployments',
      '/apis/apps/v1/namespaces/shop/statefulsets',
    ]);
    // A StatefulSet and a DaemonSet, each with its own kind, replicas and generation.
    expect(live.byPath['intents/requests/web-8.yaml']?.kube).toMatchObject({
      workloads: [
        {
          kind: 'statefulset',
          name: 'web-8',
          generation: 3,
          images: ['registry.example/web-8:1.4.0'],
          replicas: 3,
        },
      ],
      ready: 2,
      desired: 3,
    });
    expect(live.byPath['intents/requests/web-9.yaml']?.kube).toMatchObject({
      workloads: [
        { kind: 'daemonset', name: 'web-9', images: ['registry.example/web-9:1.4.0'], replicas: 4 },
      ],
      ready: 2,
      desired: 4,
    });
    expect(live.byPath['intents/requests/web-9.yaml']?.from).toBe('1.4.0');
    expect(live).not.toHaveProperty('unlisted');
    expect(api.requests.filter((r) => r.method !== 'GET')).toEqual([]);

    const body = renderPlanComment({
      requests,
      diagnostics: [],
      checkedFiles: 10,
      mixed: [],
      sha: 'abcdef1234',
      live,
    });
    expect(body).toContain('Live state read with read-only credentials (kubeconfig ');
    expect(body).toContain('deploy-app app=web-0 version=1.5.0 (1.4.0 → 1.5.0)');
    expect(body).toContain('deployment shop/web-0: registry.example/web-0:1.4.0 (generation 3)');
    expect(body).toContain(
      'replicas ready 1/2; containers restarted in the last hour: 1 (4 restart(s) since their pods started)',
    );
    expect(body).toContain('last execution on this target: exec-last-web-0 — success, bake pass');
    expect(body).toContain('open incidents on this target: web-1 OOMKilled after deploy');
    expect(body).toContain('statefulset shop/web-8: registry.example/web-8:1.4.0 (generation 3)');
    expect(body).toContain('daemonset shop/web-9: registry.example/web-9:1.4.0 (generation 3)');
    expect(body).toContain('replicas ready 2/4;');
    expect(body).not.toContain('Back-off restarting'); // the cluster's words stay out of the comment
    expect(body.length).toBeLessThan(65_536);
    expect(body.endsWith(`${PLAN_MARKER}\n`)).toBe(true);
    expect(seenIn(body)?.['intents/requests/web-3.yaml']).toEqual([
      {
        namespace: 'shop',
        name: 'web-3',
        generation: 3,
        images: ['registry.example/web-3:1.4.0'],
        replicas: 2,
      },
    ]);
    expect(seenIn(body)?.['intents/requests/web-8.yaml']?.[0]).toMatchObject({
      kind: 'statefulset',
      name: 'web-8',
    });
    expect(seenIn(body)?.['intents/requests/web-9.yaml']?.[0]).toMatchObject({
      kind: 'daemonset',
      name: 'web-9',
    });
  });

  it('a kind the credentials may not list (403) is said once, not a failure; the others still show', async () => {
    api.dropCollection('/apis/apps/v1/namespaces/shop/daemonsets');
    api.on(
      'GET',
      '/apis/apps/v1/namespaces/shop/daemonsets',
      {},
      status(403, 'daemonsets.apps is forbidden'),
    );
    try {
      api.requests.length = 0;
      const { requests, live } = await plannedAndLive(await api.writeKubeconfig(kubeDir));
      expect(live).toMatchObject({ looked: true, unlisted: ['daemonsets in shop (forbidden)'] });
      expect(live.byPath['intents/requests/web-8.yaml']?.kube).toMatchObject({
        workloads: [{ name: 'web-8' }],
      });
      expect(live.byPath['intents/requests/web-9.yaml']?.kube).toMatchObject({ workloads: [] });
      // Still one list per kind: the forbidden one is not asked again per request.
      expect(api.requests.filter((r) => r.path.endsWith('/daemonsets'))).toHaveLength(1);
      const body = renderPlanComment({
        requests,
        diagnostics: [],
        checkedFiles: 10,
        mixed: [],
        sha: 'abcdef1234',
        live,
      });
      expect(body.split('daemonsets in shop (forbidden)')).toHaveLength(2);
      expect(body).toContain(
        'Workload kinds not listed (the credentials may not list them, so their workloads are not shown): daemonsets in shop (forbidden).',
      );
      expect(body).toContain('deployment shop/web-0: registry.example/web-0:1.4.0 (generation 3)');
    } finally {
      serveShop(api, now);
    }
  });

  it('without credentials it says it did not look, and still shows the records and incidents', async () => {
    api.requests.length = 0;
    const { requests, live } = await plannedAndLive(undefined);
    expect(live).toMatchObject({ looked: false, why: 'the plan job has no read-only kubeconfig' });
    expect(api.requests).toEqual([]);
    const body = renderPlanComment({
      requests,
      diagnostics: [],
      checkedFiles: 10,
      mixed: [],
      sha: 'abcdef1234',
      live,
    });
    expect(body).toContain(
      'Live state: the cluster was not read — the plan job has no read-only kubeconfig.',
    );
    expect(body).toContain('live state: the cluster was not read');
    expect(body).toContain('last execution on this target: exec-last-web-0 — success, bake pass');
    // The last success's version stands in for the live tag.
    expect(body).toContain('(1.4.0 → 1.5.0)');
    expect(seenIn(body)).toBeUndefined();
  });

  it('a comment of many requests with long live sections stays under GitHub’s limit', () => {
    const many = Array.from({ length: 400 }, (_, i) => `intents/requests/r${i}.yaml`);
    const live: LiveReport = {
      looked: true,
      from: 'kubeconfig x',
      byPath: Object.fromEntries(
        many.map((p) => [
          p,
          {
            capturesKube: true,
            incidents: [],
            kube: {
              namespace: 'shop',
              selector: 'app=x',
              workloads: Array.from({ length: 50 }, (_, j) => ({
                namespace: 'shop',
                name: `w${j}`,
                generation: 1,
                images: [`r/${'x'.repeat(80)}:1`],
                replicas: 1,
              })),
              ready: 1,
              desired: 1,
              restartsLastHour: 0,
              restarts: 0,
              events: [],
            },
          },
        ]),
      ),
    };
    const plan = {
      intent: 'x',
      risk: 'low',
      params: {},
      prechecks: [],
      steps: [],
      checks: [],
      indicators: [],
      captures: [],
      rules: [],
      policy: { verdict: 'allow', matched: [], results: [] },
    } as never;
    const body = renderPlanComment({
      requests: many.map((path) => ({ path, plan, diagnostics: [] })),
      diagnostics: [],
      checkedFiles: 400,
      mixed: [],
      sha: 'abcdef1234',
      live,
    });
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain('more line(s) left out');
    expect(body).toContain('What 400 request(s) saw of their workloads is too much to note in the comment');
  });

  it('`intentops plan` reads with the current kubeconfig and names it; --no-live skips it', async () => {
    const file = await api.writeKubeconfig(kubeDir);
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = file;
    try {
      const shown = await cli(['--repo', dir, 'plan', 'intents/requests/web-2.yaml']);
      expect(shown.code).toBe(0);
      expect(shown.stdout).toContain(`live state (read-only, kubeconfig ${file}, context fake`);
      expect(shown.stdout).toContain('deployment shop/web-2: registry.example/web-2:1.4.0 (generation 3)');
      api.requests.length = 0;
      const skipped = await cli(['--repo', dir, 'plan', '--no-live', 'intents/requests/web-2.yaml']);
      expect(skipped.code).toBe(0);
      expect(skipped.stdout).not.toContain('live state');
      expect(api.requests.filter((r) => r.path.includes('/namespaces/'))).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
  });

  it('MCP plan_intent returns the live state as untrusted data, fenced; live: false (and previews: false) leaves it out', async () => {
    const file = await api.writeKubeconfig(kubeDir);
    const mcp = await startMcp(dir, { agent: 'ops-agent', env: { KUBECONFIG: file } });
    try {
      const res = await mcp.call('plan_intent', {
        intent: 'deploy-app',
        params: { app: 'web-0', version: '1.5.0' },
      });
      const data = mcp.json(res);
      expect(data).toMatchObject({ verdict: 'allow', untrusted: true });
      const live = (data.captured as { live: Record<string, unknown> }).live;
      expect(live).toMatchObject({
        looked: true,
        kube: {
          workloads: [{ name: 'web-0', images: ['registry.example/web-0:1.4.0'] }],
          ready: 1,
          desired: 2,
        },
        last: { id: 'exec-last-web-0', status: 'success', bake: 'pass' },
        from: '1.4.0',
      });
      expect(String(live.from)).not.toContain('kubeconfig'); // `from` is the version; where is in the fence
      const fenced = res.content.find(
        (c) => c.type === 'text' && c.text.includes('<untrusted-data source="live_state">'),
      );
      expect(fenced).toBeDefined();
      // The plain part holds nothing the cluster wrote.
      const plain = res.content[0]?.type === 'text' ? res.content[0].text : '';
      expect(plain).not.toContain('registry.example/web-0:1.4.0');
      const without = mcp.json(
        await mcp.call('plan_intent', {
          intent: 'deploy-app',
          params: { app: 'web-0', version: '1.5.0' },
          live: false,
          previews: false,
        }),
      );
      expect(without.captured).toBeUndefined();
      expect(without.untrusted).toBeUndefined();
    } finally {
      await mcp.close();
    }
  }, 60_000);
});

describe('the drift guard reads the kinds the plan saw', () => {
  const sts = {
    kind: 'statefulset' as const,
    namespace: 'shop',
    name: 'web-8',
    generation: 3,
    images: ['registry.example/web-8:1.4.0'],
    replicas: 3,
  };
  const dep = {
    namespace: 'shop',
    name: 'web-0',
    generation: 3,
    images: ['registry.example/web-0:1.4.0'],
    replicas: 2,
  };

  it('lists only those kinds; a StatefulSet that moved is said with its kind', async () => {
    serveShop(api, now);
    api.collection('/apis/apps/v1/namespaces/shop/statefulsets', '', [statefulSet('web-8', '1.4.1', 4)]);
    const observers = createObservers({ kubeconfigPath: await api.writeKubeconfig(kubeDir) });
    api.requests.length = 0;
    const drift = await driftSince([sts, dep], observers);
    expect(drift.moved).toEqual([
      'statefulset shop/web-8: generation 3 → 4; image registry.example/web-8:1.4.0 → registry.example/web-8:1.4.1',
    ]);
    expect(drift.unread).toBeUndefined();
    const kinds = api.requests
      .filter((r) => r.path.startsWith('/apis/apps/'))
      .map((r) => r.path.split('/').pop());
    expect(kinds.sort()).toEqual(['deployments', 'statefulsets']);
    // An older plan's trailer (deployments only) lists deployments only.
    api.requests.length = 0;
    expect((await driftSince([dep], observers)).moved).toEqual([]);
    expect(api.requests.filter((r) => r.path.startsWith('/apis/apps/')).map((r) => r.path)).toEqual([
      '/apis/apps/v1/namespaces/shop/deployments',
    ]);
  });

  it('a kind the credentials may not list is not compared (never called gone), and no fresh plan is approved on it', async () => {
    serveShop(api, now);
    api.dropCollection('/apis/apps/v1/namespaces/shop/statefulsets');
    api.on(
      'GET',
      '/apis/apps/v1/namespaces/shop/statefulsets',
      {},
      status(403, 'statefulsets.apps is forbidden'),
    );
    try {
      const observers = createObservers({ kubeconfigPath: await api.writeKubeconfig(kubeDir) });
      const drift = await driftSince([sts, dep], observers);
      expect(drift.moved).toEqual([]);
      expect(drift.unread).toEqual(['statefulsets in shop (forbidden)']);
      expect(await liveNow([sts, dep], observers)).toBeUndefined();
      expect(await liveNow([dep], observers)).toEqual([dep]);
    } finally {
      serveShop(api, now);
    }
  });
});
