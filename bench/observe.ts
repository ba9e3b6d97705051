// Benchmarks for observing real systems (issue 3, "Speed"). Prints figures; asserts nothing.
//   npx tsx bench/observe.ts
// 1. Time to detect: a pod goes into CrashLoopBackOff at a known moment T while a pods_ready check
//    (timeout 300 s) polls; from T to the run concluding, with the default interval and with 1 s.
// 2. Capture overhead: one snapshot with all four providers answering, then with Loki hanging.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runRequest } from '../src/app/execute/run-request.js';
import { observe } from '../src/app/observe/snapshot.js';
import { createObservers } from '../src/app/shared/providers.js';
import { realPorts } from '../src/app/shared/real-ports.js';
import type { ObservePlan } from '../src/domain/plan/plan-observe.js';
import { FakeApiServer, fixture } from '../test/helpers/fake-apiserver.js';
import { FakeLoki, streamsResponse, vectorResponse } from '../test/helpers/fake-loki.js';
import { SEED_RULES } from '../test/helpers/fixture-catalog.js';
import { hasPrometheus, type PrometheusServer, startPrometheus } from '../test/helpers/prometheus-server.js';

const SNAPSHOTS = Number(process.env.BENCH_RUNS ?? 10);
const PODS = '/api/v1/namespaces/shop/pods';
const API = { labelSelector: 'app=api' };

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)] ?? Number.NaN;

// The few fields of the recorded PodList the bench rewrites.
interface PodList {
  items: { status: { containerStatuses?: ContainerStatus[] } }[];
}
interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  state: Record<string, unknown>;
  lastState: Record<string, unknown>;
}

/** pods-api-crashloop as it was a little earlier: the api container started, not ready yet, no restarts. */
function podsNotReady(): unknown {
  const list = fixture('pods-api-crashloop') as unknown as PodList;
  for (const c of list.items[0]?.status.containerStatuses ?? []) {
    c.restartCount = 0;
    c.lastState = {};
    c.state = { running: { startedAt: new Date().toISOString() } };
    c.ready = c.name !== 'api'; // envoy is up; api's readiness probe has not passed yet
  }
  return list;
}

/** A DeploymentList holding the recorded `api` Deployment, as a list by label selector returns it. */
function deploymentsApi(): unknown {
  const { kind: _k, apiVersion: _a, ...item } = fixture('deployment-api');
  return {
    kind: 'DeploymentList',
    apiVersion: 'apps/v1',
    metadata: { resourceVersion: '4823341' },
    items: [item],
  };
}

function serveCluster(api: FakeApiServer): void {
  api
    .on('GET', PODS, API, { body: podsNotReady() })
    .on('GET', '/apis/apps/v1/namespaces/shop/deployments', API, { body: deploymentsApi() })
    .on('GET', '/api/v1/namespaces/shop/events', { fieldSelector: 'type=Warning' }, 'events-warning')
    .on('GET', '/apis/velero.io/v1/namespaces/velero/backups', {}, 'velero-backups');
}

// ---- 1. time to detect -------------------------------------------------------------------------

const INTENT = `name: deploy-app
description: deploy watched for crash loops
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
steps:
  - name: deploy
    run: [echo, rolled out]
capture:
  kubernetes: { namespace: shop, selector: "app={{app}}" }
`;

function outcomes(interval: string | undefined): string {
  return `outcomes:
  success:
    - condition: pods_ready
      pods_ready: { namespace: shop, selector: "app={{app}}" }
      timeout: 300s
${interval ? `      interval: ${interval}\n` : ''}  failure_indicators:
    - { pattern: CrashLoopBackOff, severity: P1 }
`;
}

function detectRepo(interval: string | undefined): string {
  const repo = mkdtempSync(join(tmpdir(), 'intentops-bench-detect-'));
  for (const d of ['catalog', 'outcomes', 'anomaly-rules', 'requests']) {
    mkdirSync(join(repo, 'intents', d), { recursive: true });
  }
  writeFileSync(join(repo, 'intents', 'catalog', 'deploy-app.yaml'), INTENT);
  writeFileSync(join(repo, 'intents', 'outcomes', 'deploy-app.yaml'), outcomes(interval));
  writeFileSync(join(repo, 'intents', 'anomaly-rules', 'default.yaml'), SEED_RULES);
  writeFileSync(
    join(repo, 'intents', 'requests', 'r.yaml'),
    'intent: deploy-app\nparams: { app: api }\nreason: bench time to detect\n',
  );
  execFileSync('git', ['init', '-q'], { cwd: repo });
  return repo;
}

/** One run: healthy-but-not-ready pods until `offsetMs` into the checks, then the crash loop. */
async function detectOnce(api: FakeApiServer, kubeconfigPath: string, repo: string, offsetMs: number) {
  serveCluster(api);
  let switchedAt: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  const log = (line: string) => {
    // runChecks logs this line just before the first attempt of the check.
    if (timer === undefined && /check pods_ready: polling/.test(line)) {
      timer = setTimeout(() => {
        api.on('GET', PODS, API, 'pods-api-crashloop');
        switchedAt = performance.now();
      }, offsetMs);
    }
    if (process.env.BENCH_VERBOSE) console.log(`    ${line}`);
  };
  const { record } = await runRequest(
    { repoDir: repo, requestPath: 'intents/requests/r.yaml', toolVersion: 'bench', env: process.env },
    realPorts(log, { kubeconfigPath }),
  );
  const done = performance.now();
  clearTimeout(timer);
  const hit = record.failure_indicators.find((i) => i.pattern === 'CrashLoopBackOff' && i.severity === 'P1');
  if (switchedAt === undefined || record.status !== 'failed' || !hit) {
    throw new Error(
      `time to detect: expected a failed run ended by CrashLoopBackOff after the switch; got status ${record.status} (${record.status_reason}), switched ${switchedAt !== undefined}`,
    );
  }
  return { ms: done - switchedAt, attempts: record.checks[0]?.attempts.length ?? 0, source: hit.source };
}

async function timeToDetect(api: FakeApiServer, kubeconfigPath: string): Promise<void> {
  const repo = detectRepo(undefined);
  // T spread over the 5 s interval: the wait for the next poll is what varies.
  const offsets = [300, 1300, 2300, 3300, 4300];
  const runs = [];
  for (const off of offsets) runs.push(await detectOnce(api, kubeconfigPath, repo, off));
  const ms = sorted(runs.map((r) => r.ms));
  console.log(
    `time to detect CrashLoopBackOff (interval 5s default, check timeout 300s): median ${fmt(median(ms))}, min ${fmt(ms[0] ?? Number.NaN)}, max ${fmt(ms.at(-1) ?? Number.NaN)} over ${runs.length} runs, T at ${offsets.map((o) => `${o / 1000}s`).join('/')} into the checks; attempts ${runs.map((r) => r.attempts).join('/')}; seen in ${runs[0]?.source} (target ≤ 5 s = one interval, ≤ 15 s)`,
  );
  rmSync(repo, { recursive: true, force: true });

  const fast = detectRepo('1s');
  const one = await detectOnce(api, kubeconfigPath, fast, 2300);
  console.log(
    `time to detect CrashLoopBackOff (interval 1s): ${fmt(one.ms)}, T at 2.3s into the checks, ${one.attempts} attempts (target ≤ 1 s = one interval)`,
  );
  rmSync(fast, { recursive: true, force: true });
}

// ---- 2. capture overhead -----------------------------------------------------------------------

function serveLoki(loki: FakeLoki): void {
  const ns = BigInt(Date.now()) * 1_000_000n;
  loki
    .reply('/loki/api/v1/query_range', {
      body: streamsResponse([
        {
          stream: { namespace: 'shop', pod: 'api-6b7d9c5f4-k2x7p' },
          values: [
            [String(ns), 'level=error msg="OOM: heap limit reached"'],
            [String(ns - 1_000_000n), 'level=info msg="serving on :8080"'],
          ],
        },
      ]),
    })
    .reply('/loki/api/v1/query', { body: vectorResponse('3') });
}

function snapshotPlan(prom: PrometheusServer | undefined, lokiUrl: string, timeoutMs: number): ObservePlan {
  return {
    timeoutMs,
    kubernetes: { namespace: 'shop', selector: 'app=api' },
    ...(prom
      ? {
          prometheus: {
            url: prom.url,
            queries: {
              memory_usage: 'sum(container_memory_working_set_bytes{namespace="home-portal"}) / 1e6',
              memory_max: 'max(container_memory_working_set_bytes{namespace="home-portal"})',
              error_rate: 'sum(rate(http_requests_total{namespace="home-portal",code="500"}[5m]))',
            },
          },
        }
      : {}),
    loki: {
      url: lokiUrl,
      selector: '{namespace="shop"}',
      lines: 50,
      errorPattern: '(?i)error',
      windowMs: 300_000,
    },
    velero: { namespace: 'velero' },
  };
}

async function captureOverhead(api: FakeApiServer, kubeconfigPath: string, loki: FakeLoki) {
  let prom: PrometheusServer | undefined;
  if (hasPrometheus) prom = await startPrometheus();
  else console.log('capture overhead: /usr/bin/prometheus or promtool missing — Prometheus provider skipped');
  try {
    serveCluster(api);
    serveLoki(loki);
    const observers = createObservers({ kubeconfigPath });
    const snap = async (plan: ObservePlan) => {
      const now = new Date();
      const t0 = performance.now();
      const part = await observe(plan, observers, {
        phase: 'after',
        runStart: new Date(now.getTime() - 60_000),
        now,
      });
      return { ms: performance.now() - t0, part };
    };
    const plan = snapshotPlan(prom, loki.url, 10_000);
    const cold = await snap(plan); // loads the Kubernetes client
    if (cold.part.unavailable)
      throw new Error(`capture: unavailable ${JSON.stringify(cold.part.unavailable)}`);
    const times: number[] = [];
    for (let i = 0; i < SNAPSHOTS; i++) times.push((await snap(plan)).ms);
    const providers = prom
      ? 'kubernetes pods+deployments+events, prometheus ×3 queries, loki lines+count, velero'
      : 'kubernetes, loki, velero (no prometheus)';
    console.log(
      `capture overhead, all providers answering (${providers}): ${fmt(median(times))} median of ${SNAPSHOTS}, min ${fmt(sorted(times)[0] ?? Number.NaN)}, max ${fmt(sorted(times).at(-1) ?? Number.NaN)}; first snapshot (loads the Kubernetes client) ${fmt(cold.ms)} (target ≤ 2 s)`,
    );

    loki.reply('/loki/api/v1/query_range', { hang: true }).reply('/loki/api/v1/query', { hang: true });
    const hung = await snap(snapshotPlan(prom, loki.url, 2_000));
    const lokiDown = hung.part.unavailable?.find((u) => u.source === 'loki');
    const others = Object.keys(hung.part).filter((k) => ['kubernetes', 'metrics', 'velero'].includes(k));
    console.log(
      `capture with Loki never answering, provider deadline 2 s: ${fmt(hung.ms)} (others recorded: ${others.join(', ')}; loki ${lokiDown ? `unavailable: ${lokiDown.reason}` : 'NOT marked unavailable'}) (target: bounded by the 2 s deadline, not the sum)`,
    );
  } finally {
    await prom?.stop();
  }
}

// ---- main --------------------------------------------------------------------------------------

const api = await FakeApiServer.start();
const loki = await FakeLoki.start();
const kubeDir = mkdtempSync(join(tmpdir(), 'intentops-bench-kube-'));
try {
  const kubeconfigPath = await api.writeKubeconfig(kubeDir);
  await timeToDetect(api, kubeconfigPath);
  await captureOverhead(api, kubeconfigPath, loki);
} finally {
  await Promise.all([api.close(), loki.close()]);
  rmSync(kubeDir, { recursive: true, force: true });
}
