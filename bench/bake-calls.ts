// What a bake costs in API calls (issue 15: ≤ 1 call per interval per provider, and no GitHub call
// while nothing is wrong). A healthy bake of 20 intervals (10 s every 500 ms: the count per interval
// is what matters, a 10-minute bake at 30 s has the same 20) through `intentops observe`, against a
// loopback Kubernetes API server (pods as a live collection with watch) and a counting loopback
// Prometheus. GitHub calls of the bake workflow are asserted in test/action-bake.test.ts (start and
// end comment only).
//
//   npx tsx bench/bake-calls.ts

import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FakeApiServer, fixture } from '../test/helpers/fake-apiserver.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'src', 'cli', 'index.ts');
const PODS = '/api/v1/namespaces/shop/pods';

async function countingPrometheus(): Promise<{ url: string; calls: () => number; close: () => void }> {
  let n = 0;
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/api/v1/query')) n++;
    const t = Date.now() / 1000;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: {}, value: [t, '0'] }] },
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => n,
    close: () => server.close(),
  };
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
const prom = await countingPrometheus();
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
      error_rate: sum(rate(errors_total[1m]))
`,
    'intents/outcomes/deploy-app.yaml': `observe: { for: 10s, interval: 500ms }
outcomes:
  success:
    - condition: pods_ready
      pods_ready: { namespace: shop, selector: "app={{app}}" }
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
  const promBefore = prom.calls();
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
  const promCalls = prom.calls() - promBefore;
  console.log(
    `bake: ${verdict} (exit ${baked.code}), ${samples} intervals of 500 ms; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `kubernetes: ${calls} calls (${[...byPath].map(([k, v]) => `${k} ${v}`).join(', ')}) + ${watches} watch connection(s) = ${(calls / samples).toFixed(2)} calls per interval (target ≤ 1)`,
  );
  console.log(
    `prometheus: ${promCalls} queries = ${(promCalls / samples).toFixed(2)} per interval (1 capture query; target ≤ 1)`,
  );
  console.log(
    'github: 0 calls from the bake loop (the CLI has no GitHub client; the action comments at start and end only)',
  );
} finally {
  prom.close();
  await api.close();
  await rm(dir, { recursive: true, force: true });
}
