import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOctokit } from '../../src/adapters/github/client.js';
import { bakeOnDispatch, executeOnPush, startAction } from '../helpers/action-runner.js';
import { FakeApiServer, type FakeCollection, fixture } from '../helpers/fake-apiserver.js';
import { FakeLoki, streamsResponse, vectorResponse } from '../helpers/fake-loki.js';
import { baseFiles } from '../helpers/fixture-catalog.js';
import { startGitHubDouble } from '../helpers/github-double.js';
import { git, gitopsRemote } from '../helpers/gitops-remote.js';
import { type PrometheusServer, startPrometheus } from '../helpers/prometheus-server.js';
import { type FaultProxy, startFaultProxy } from './fault-proxy.js';
import type { JobRun } from './job-world.js';
import { noteRecords, SECRET_TOKEN, setRun, type World } from './world.js';

// The world of the Kubernetes and observability faults: the execute job (before/after snapshots,
// the step, the checks) and the bake job it dispatches, reading a Kubernetes double (pods as a live
// collection, watchable), a real Prometheus and the Loki double — each behind its own fault proxy,
// so a scenario fails exactly the calls it names. A World, so checkInvariants judges it as any.

/** One step that notes each run in the marker file (a step run twice shows there). */
const INTENT = (marks: string) => `name: kube-deploy
description: a deploy observed in the cluster, in Prometheus and in Loki
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
steps:
  - name: deploy
    run: echo "deploy {{app}}" >> ${marks}/steps
    timeout: 30s
rollback:
  - name: undo
    run: echo "undo {{app}}" >> ${marks}/steps
capture:
  timeout: 5s
  kubernetes: { namespace: shop, selector: "app={{app}}" }
  prometheus:
    queries:
      up: 'vector(1)'
  loki:
    selector: '{app="{{app}}"}'
    lines: 2
`;

/** Two checks (the pods, a metric) and a CrashLoopBackOff indicator the watch judges; a bake of `bakeFor`. */
const OUTCOMES = (bakeFor: string) => `observe: { for: ${bakeFor}, interval: 500ms }
outcomes:
  success:
    - condition: pods_ready
      pods_ready: { namespace: shop, selector: "app={{app}}" }
      timeout: 10s
      interval: 200ms
    - condition: metric_ok
      prometheus: { query: 'vector(1)' }
      expected: { op: ">", value: 0 }
      timeout: 10s
      interval: 200ms
  failure_indicators:
    - { pattern: CrashLoopBackOff, severity: P1 }
`;

/** A failed bake asks for its rollback, which the execute workflow it dispatches runs. */
const POLICY = `policies:
  - name: auto-undo
    match: { intents: [kube-deploy] }
    rollback: auto
`;

const PODS = '/api/v1/namespaces/shop/pods';

type Pod = Record<string, unknown> & { status: { containerStatuses: Record<string, unknown>[] } };
export const healthyPods = (): Pod[] =>
  structuredClone((fixture('pods-web-healthy') as unknown as { items: Pod[] }).items);

/** The pod in a crash loop: not ready, waiting in CrashLoopBackOff. */
export function crashing(p: Pod): Pod {
  const q = structuredClone(p);
  q.status.containerStatuses = q.status.containerStatuses.map((c) => ({
    ...c,
    ready: false,
    state: { waiting: { reason: 'CrashLoopBackOff' } },
  }));
  return q;
}

let prometheus: Promise<PrometheusServer> | undefined;

/** One real Prometheus for every world of this process: its queries (vector(1)) need no data. */
export function sharedPrometheus(): Promise<PrometheusServer> {
  prometheus ??= startPrometheus();
  return prometheus;
}

export async function stopSharedPrometheus(): Promise<void> {
  const p = prometheus;
  prometheus = undefined;
  await (await p)?.stop();
}

export interface KubeWorld extends World {
  api: FakeApiServer;
  pods: FakeCollection;
  loki: FakeLoki;
  kube: FaultProxy;
  prom: FaultProxy;
  lokiProxy: FaultProxy;
  /** The one merged request (app web). */
  request: string;
  /** The execute job on a push (run `runId`, attempt `attempt`), or as a failed bake's dispatch starts it. */
  execute(runId: number, attempt?: number, how?: 'push' | 'workflow_dispatch'): Promise<JobRun>;
  /** The plan job on pull request #1, which adds the request (the merge commit over the catalog). */
  plan(attempt?: number): Promise<JobRun>;
  /** The bake job the execute job dispatched; `during` runs while it runs. */
  bake(attempt?: number, during?: () => Promise<void>): Promise<JobRun>;
}

export async function startKubeWorld(opts: { bakeFor?: string } = {}): Promise<KubeWorld> {
  const [double, api, loki, server] = await Promise.all([
    startGitHubDouble(),
    FakeApiServer.start(),
    FakeLoki.start(),
    sharedPrometheus(),
  ]);
  double.state.grant({ login: 'alice', id: 401, type: 'User' }, 'write');
  double.state.addWorkflow('intentops-bake.yml', { execution: true, target: false });
  double.state.addWorkflow('intentops-execute.yml', {});
  api
    .on('GET', '/apis/apps/v1/namespaces/shop/deployments', { labelSelector: 'app=web' }, 'deployments-web')
    .on('GET', '/api/v1/namespaces/shop/events', { fieldSelector: 'type=Warning' }, { body: { items: [] } })
    // The plan's live state: the namespace's deployments and pods, one list each (no selector).
    .on('GET', '/apis/apps/v1/namespaces/shop/deployments', {}, 'deployments-web')
    .on('GET', PODS, {}, 'pods-web-healthy')
    .on(
      'GET',
      '/apis/apps/v1/namespaces/shop/replicasets',
      {},
      { body: { kind: 'List', apiVersion: 'v1', metadata: {}, items: [] } },
    );
  const pods = api.collection(PODS, 'app=web', healthyPods());
  const ns = BigInt(Date.now()) * 1_000_000n;
  loki.reply('/loki/api/v1/query_range', {
    body: streamsResponse([{ stream: { app: 'web', pod: 'web-0' }, values: [[String(ns), 'started']] }]),
  });
  loki.reply('/loki/api/v1/query', { body: vectorResponse('0') });
  const [kube, prom, lokiProxy] = await Promise.all([
    startFaultProxy(api.url),
    startFaultProxy(server.url),
    startFaultProxy(loki.url),
  ]);
  // Outside every checkout, so no job's checkout holds the marks.
  const marks = mkdtempSync(join(tmpdir(), 'intentops-fault-kube-marks-'));
  const request = 'intents/requests/web.yaml';
  const repo = await gitopsRemote('intentops-fault-kube-', {
    ...baseFiles(),
    'intents/catalog/kube-deploy.yaml': INTENT(marks),
    'intents/outcomes/kube-deploy.yaml': OUTCOMES(opts.bakeFor ?? '3s'),
    'intents/policies/rollback.yaml': POLICY,
  });
  const sha = await repo.merge(
    { [request]: 'intent: kube-deploy\nparams: { app: web }\nreason: kube faults\n' },
    'merge web',
  );
  double.state.adoptCommit(sha, 'merge web');
  // Pull request #1: the request, over the catalog commit before it.
  await createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' }).rest.issues.create({
    owner: 'acme',
    repo: 'gitops',
    title: 'Deploy web',
  });

  const observers = {
    'github-token': SECRET_TOKEN,
    kubeconfig: api.kubeconfig().replace(api.url, kube.url),
    'prometheus-url': prom.url,
    'loki-url': lokiProxy.url,
  };
  const w: KubeWorld = {
    double,
    repo,
    marks,
    requests: [request],
    seenRecords: new Set(),
    retries: new Map(),
    api,
    pods,
    loki,
    kube,
    prom,
    lokiProxy,
    request,
    async execute(runId, attempt = 1, how = 'push') {
      const base = executeOnPush(repo.checkout(), double.url);
      setRun(w, runId, attempt, 'in_progress');
      const { child, done } = await startAction({
        ...base,
        ...(how === 'push' ? {} : { eventName: how, event: { ref: 'refs/heads/main', inputs: {} } }),
        inputs: { ...base.inputs, ...observers },
        entry: 'dist',
        env: { GITHUB_RUN_ID: String(runId), GITHUB_RUN_ATTEMPT: String(attempt) },
      });
      const r = await done;
      setRun(w, runId, attempt, 'completed');
      noteRecords(w);
      return { ...r, killed: r.code === null && child.signalCode === 'SIGKILL' };
    },
    async plan(attempt = 1) {
      const work = repo.checkout();
      const base = git(work, 'rev-parse', 'HEAD~1');
      const { child, done } = await startAction({
        inputs: { command: 'plan', 'repo-path': work, 'dry-run': 'false', ...observers },
        event: { number: 1, pull_request: { number: 1, base: { sha: base }, head: { sha } } },
        eventName: 'pull_request',
        sha,
        apiUrl: double.url,
        cwd: work,
        entry: 'dist',
        env: { GITHUB_RUN_ID: '501', GITHUB_RUN_ATTEMPT: String(attempt) },
      });
      const r = await done;
      return { ...r, killed: r.code === null && child.signalCode === 'SIGKILL' };
    },
    async bake(attempt = 1, during) {
      const record = repo.records().find((r) => r.request.path === request && !r.observation_of);
      const dispatch = double.state.dispatches.find((d) => d.inputs.execution === record?.id);
      if (!dispatch) throw new Error('the execute job dispatched no bake');
      const o = bakeOnDispatch(repo.checkout(), double.url, dispatch.inputs, '701');
      const { child, done } = await startAction({
        ...o,
        inputs: { ...o.inputs, ...observers },
        entry: 'dist',
        env: { ...o.env, GITHUB_RUN_ATTEMPT: String(attempt) },
      });
      await during?.();
      const r = await done;
      noteRecords(w);
      return { ...r, killed: r.code === null && child.signalCode === 'SIGKILL' };
    },
    async stop() {
      await Promise.all([kube.close(), prom.close(), lokiProxy.close()]);
      await Promise.all([double.stop(), api.close(), loki.close(), repo.cleanup()]);
      rmSync(marks, { recursive: true, force: true });
    },
  };
  return w;
}
