// What a bake costs in API calls (issue 15: ≤ 1 call per interval per provider, and no GitHub call
// while nothing is wrong). A healthy bake of 20 intervals (10 s every 500 ms: the count per interval
// is what matters, a 10-minute bake at 30 s has the same 20) through `intentops observe`, against a
// loopback Kubernetes API server (pods as a live collection with watch), a real Prometheus (its
// fixture series; three capture queries and a metric check, counted by Prometheus's own
// prometheus_http_requests_total) and a loopback Loki (recent lines + error count). GitHub calls of
// the bake workflow are asserted in test/action-bake.test.ts (start and end comment only).
//
//   npx tsx bench/bake-calls.ts   (part of npm run bench:bake)

import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FakeApiServer, fixture } from '../test/helpers/fake-apiserver.js';
import { FakeLoki, streamsResponse } from '../test/helpers/fake-loki.js';
import { hasPrometheus, startPrometheus } from '../test/helpers/prometheus-server.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'src', 'cli', 'index.ts');
const PODS = '/api/v1/namespaces/shop/pods';

if (!hasPrometheus) {
  console.log('bake-calls: SKIPPED, needs /usr/bin/prometheus (apt-get install prometheus)');
  process.exit(0);
}

/** Prometheus's own count of the instant queries it answered. */
async function promQueries(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('prometheus_http_requests_total{') && l.includes('handler="/api/v1/query"'))
    .reduce((n, l) => n + Number(l.split(' ').pop()), 0);
}

function cli(
  dir: string,
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--repo', dir, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => {
      err += String(d);
    });
    child.on('exit', (code) => resolve({ code, err }));
  });
}

const api = await FakeApiServer.start();
const prom = await startPrometheus();
const loki = await FakeLoki.start();
const ns = BigInt(Date.now()) * 1_000_000n;
loki.reply('/loki/api/v1/query_range', {
  body: streamsResponse([
    {
      stream: { app: 'web' },
      values: [
        [String(ns), 'level=error msg="db timeout"'],
        [String(ns - 1n), 'level=info msg=started'],
      ],
    },
  ]),
});
const dir = await mkdtemp(join(tmpdir(), 'intentops-bench-bake-'));
try {
  api.collection(
    PODS,
    'app=web',
    (fixture('pods-web-healthy') as unknown as { items: Record<string, unknown>[] }).items,
  );
  api
    .on('GET', '/apis/apps/v1/namespaces/shop/deployments', { labelSelector: 'app=web' }, 'deployments-web')
    .on('GET', '/api/v1/namespaces/shop/events', { fieldSelector: 'type=Warning' }, { body: { items: [] } })
    .on(
      'GET',
      '/apis/apps/v1/namespaces/shop/replicasets',
      {},
      { body: { kind: 'List', apiVersion: 'v1', metadata: {}, items: [] } },
    );
  const files: Record<string, string> = {
    'intents/catalog/deploy-app.yaml': `name: deploy-app
description: observed deploy
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
steps:
  - name: deploy
    run: [echo, rolled out]
capture:
  timeout: 5s
  kubernetes: { namespace: shop, selector: "app={{app}}" }
  prometheus:
    url: ${prom.url}
    queries:
      memory: 'sum(container_memory_working_set_bytes{namespace="home-portal"})'
      requests: 'sum(rate(http_requests_total{code="500"}[5m]))'
      missing: 'sum(errors_total{app="{{app}}"})'
  loki:
    url: ${loki.url}
    selector: '{app="{{app}}"}'
    lines: 10
`,
    'intents/outcomes/deploy-app.yaml': `observe: { for: 10s, interval: 500ms }
outcomes:
  success:
    - condition: pods_ready
      pods_ready: { namespace: shop, selector: "app={{app}}" }
      timeout: 20s
      interval: 200ms
    - condition: memory_ok
      prometheus: { query: 'sum(container_memory_working_set_bytes{namespace="home-portal"})' , url: "${prom.url}" }
      expected: { op: "<", value: 1000000000 }
      timeout: 20s
      interval: 200ms
  failure_indicators:
    - { pattern: CrashLoopBackOff, severity: P1 }
`,
    'intents/requests/r.yaml': 'intent: deploy-app\nparams: { app: web }\nreason: bench\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
  execFileSync('git', ['init', '-q'], { cwd: dir });
  execFileSync('git', ['-c', 'user.email=b@b', '-c', 'user.name=b', 'add', '-A'], { cwd: dir });
  execFileSync('git', ['-c', 'user.email=b@b', '-c', 'user.name=b', 'commit', '-qm', 'fixture'], {
    cwd: dir,
  });
  const env = { KUBECONFIG: await api.writeKubeconfig(dir) };
  const ran = await cli(dir, env, 'run', '--no-bake', 'intents/requests/r.yaml');
  if (ran.code !== 0) throw new Error(`run failed: ${ran.err}`);
  const day = (await readdir(join(dir, 'executions'))).find((d) => /^\d/.test(d)) as string;
  const id = ((await readdir(join(dir, 'executions', day)))[0] as string).replace(/\.yaml$/, '');

  const kubeBefore = api.requests.length;
  const promBefore = await promQueries(prom.url);
  const lokiBefore = loki.requests.length;
  const baked = await cli(dir, env, 'observe', id);
  const follow = (await readdir(join(dir, 'executions', day))).find((f) => f.includes('-bake-')) as string;
  const record = await readFile(join(dir, 'executions', day, follow), 'utf8');
  const samples = Number(/expected_samples: (\d+)/.exec(record)?.[1]);
  const verdict = /verdict: (\w+)/.exec(record)?.[1];
  const kube = api.requests.slice(kubeBefore);
  const watches = kube.filter((r) => /(^|&)watch=true/.test(r.query)).length;
  const calls = kube.length - watches;
  const byPath = new Map<string, number>();
  for (const r of kube.filter((x) => !/(^|&)watch=true/.test(x.query)))
    byPath.set(r.path.split('/').pop() ?? r.path, (byPath.get(r.path.split('/').pop() ?? r.path) ?? 0) + 1);
  const promCalls = (await promQueries(prom.url)) - promBefore;
  const lokiCalls = loki.requests.length - lokiBefore;
  console.log(
    `bake: ${verdict} (exit ${baked.code}), ${samples} intervals of 500 ms; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `kubernetes: ${calls} calls (${[...byPath].map(([k, v]) => `${k} ${v}`).join(', ')}) + ${watches} watch connection(s) = ${(calls / samples).toFixed(2)} calls per interval (target ≤ 1)`,
  );
  console.log(
    `prometheus: ${promCalls} requests = ${(promCalls / samples).toFixed(2)} per interval (3 capture queries + 1 metric check, one request; target ≤ 1)`,
  );
  console.log(
    `loki: ${lokiCalls} requests = ${(lokiCalls / samples).toFixed(2)} per interval (recent lines + error count, one query_range; target ≤ 1)`,
  );
  console.log(
    'github: 0 calls from the bake loop (the CLI has no GitHub client; the action comments at start and end only)',
  );
} finally {
  await Promise.all([prom.stop(), loki.close(), api.close()]);
  await rm(dir, { recursive: true, force: true });
}
