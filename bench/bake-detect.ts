// How soon the bake flags what goes wrong after the run (issue 15), median and max over 5 runs:
// (a) a crash loop and an OOMKill: from the moment the loopback API server shows it (a watch event) to the bake's
//     verdict (target ≤ 2 s), with a 30 s interval — without the watch it would wait for the interval;
// (b) a metric anomaly: from the moment a real Prometheus answers the bad value (pushed through a real
//     Pushgateway, scraped every second) to the bake's verdict (target ≤ one interval, 2 s here).
// The verdict time is the follow-up record's `observation.ended`: a failing bake stops at once.
// Each bake runs as `intentops observe <id>` in a child process, as an operator runs it.
//
//   npm run bench:bake

import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FakeApiServer, fixture } from '../test/helpers/fake-apiserver.js';
import { observedIntent } from '../test/helpers/observed-intent.js';
import { hasPrometheus, startPrometheus } from '../test/helpers/prometheus-server.js';
import { hasPushgateway, startPushgateway } from '../test/helpers/pushgateway.js';

const RUNS = 5;
const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'src', 'cli', 'index.ts');
const PODS = '/api/v1/namespaces/shop/pods';
type Pod = Record<string, unknown> & { status: { containerStatuses: Record<string, unknown>[] } };

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)] ?? Number.NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cli(dir: string, env: Record<string, string>, ...args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--repo', dir, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => {
    err += String(d);
  });
  const baking = new Promise<void>((resolve) =>
    child.stderr.on('data', () => err.includes('◷ baking') && resolve()),
  );
  const done = new Promise<{ code: number | null; err: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, err })),
  );
  return { baking, done };
}

async function repo(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'intentops-bench-detect-'));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
  const g = ['-c', 'user.email=b@b', '-c', 'user.name=b'];
  execFileSync('git', ['init', '-q'], { cwd: dir });
  execFileSync('git', [...g, 'add', '-A'], { cwd: dir });
  execFileSync('git', [...g, 'commit', '-qm', 'fixture'], { cwd: dir });
  return dir;
}

/** Runs the request without its bake, then starts `observe`; `meanwhile` breaks something and says when it showed. */
async function bakeOnce(
  dir: string,
  env: Record<string, string>,
  meanwhile: () => Promise<number>,
): Promise<{ ms: number; verdict: string }> {
  const ran = await cli(dir, env, 'run', '--no-bake', 'intents/requests/r.yaml').done;
  if (ran.code !== 0) throw new Error(`run failed: ${ran.err}`);
  const day = (await readdir(join(dir, 'executions'))).find((d) => /^\d/.test(d)) as string;
  const id = ((await readdir(join(dir, 'executions', day)))[0] as string).replace(/\.yaml$/, '');
  const bake = cli(dir, env, 'observe', id);
  await bake.baking;
  const shown = await meanwhile();
  const res = await bake.done;
  const follow = (await readdir(join(dir, 'executions', day))).find((f) => f.includes('-bake-'));
  if (!follow) throw new Error(`no follow-up: ${res.err}`);
  const text = await readFile(join(dir, 'executions', day, follow), 'utf8');
  const ended = Date.parse(/\n {2}ended: '?([^'\n]+)'?/.exec(text)?.[1] ?? '');
  return { ms: ended - shown, verdict: /verdict: (\w+)/.exec(text)?.[1] ?? '?' };
}

const INTENT = (capture: string) => observedIntent({ capture });

function report(what: string, runs: { ms: number; verdict: string }[], target: string): void {
  const ms = runs.map((r) => r.ms);
  console.log(
    `${what}: median ${median(ms).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms over ${runs.length} runs (verdicts ${[...new Set(runs.map((r) => r.verdict))].join(',')}; target ${target}); load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

// (a) a crash loop, then an OOMKill, through the watch, 30 s interval
const BREAK: Record<string, (c: Record<string, unknown>) => Record<string, unknown>> = {
  'crash loop': (c) => ({ ...c, ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } } }),
  OOMKill: (c) => ({
    ...c,
    restartCount: Number(c.restartCount ?? 0) + 1,
    lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: new Date().toISOString() } },
  }),
};
for (const [what, breakIt] of Object.entries(BREAK)) {
  const runs: { ms: number; verdict: string }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const api = await FakeApiServer.start();
    const kube = await mkdtemp(join(tmpdir(), 'intentops-bench-kube-'));
    const pods = (fixture('pods-web-healthy') as unknown as { items: Pod[] }).items;
    const coll = api.collection(PODS, 'app=web', structuredClone(pods));
    api
      .on('GET', '/apis/apps/v1/namespaces/shop/deployments', { labelSelector: 'app=web' }, 'deployments-web')
      .on('GET', '/api/v1/namespaces/shop/events', { fieldSelector: 'type=Warning' }, { body: { items: [] } })
      .on(
        'GET',
        '/apis/apps/v1/namespaces/shop/replicasets',
        {},
        { body: { kind: 'List', apiVersion: 'v1', metadata: {}, items: [] } },
      );
    const dir = await repo({
      'intents/catalog/deploy-app.yaml': INTENT(
        '  kubernetes: { namespace: shop, selector: "app={{app}}" }\n',
      ),
      'intents/outcomes/deploy-app.yaml': `observe: { for: 60s, interval: 30s }
outcomes:
  success:
    - { condition: pods_ready, pods_ready: { namespace: shop, selector: "app={{app}}" }, timeout: 20s, interval: 200ms }
  failure_indicators:
    - { pattern: CrashLoopBackOff, severity: P1 }
    - { pattern: OOMKilled, severity: P1 }
`,
      'intents/requests/r.yaml': 'intent: deploy-app\nparams: { app: web }\nreason: bench\n',
    });
    try {
      runs.push(
        await bakeOnce(dir, { KUBECONFIG: await api.writeKubeconfig(kube) }, async () => {
          while (coll.openWatches === 0) await sleep(5);
          await sleep(500 + Math.random() * 2000);
          const bad = structuredClone(pods[0] as Pod);
          bad.status.containerStatuses = bad.status.containerStatuses.map(breakIt);
          coll.put(bad);
          return Date.now();
        }),
      );
    } finally {
      await api.close();
      await rm(dir, { recursive: true, force: true });
      await rm(kube, { recursive: true, force: true });
    }
  }
  report(`(a) ${what} during the bake, flagged after the API shows it (interval 30 s)`, runs, '≤ 2 s');
}

// (b) metric anomaly through a real Prometheus, 2 s interval
if (!hasPrometheus || !hasPushgateway) {
  console.log('(b) skipped: prometheus and prometheus-pushgateway are not installed');
} else {
  const gateway = await startPushgateway();
  const prom = await startPrometheus({ scrape: [{ job: 'pushgateway', url: `${gateway.url}/metrics` }] });
  const query = (app: string) => `max(bench_errors{app="${app}"})`;
  const value = async (q: string) => {
    const r = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(q)}`);
    const j = (await r.json()) as { data: { result: { value: [number, string] }[] } };
    return Number(j.data.result[0]?.value[1] ?? Number.NaN);
  };
  try {
    const runs: { ms: number; verdict: string }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const app = `web${i}`;
      await gateway.push('bench', 'bench_errors 0\n', { app });
      while ((await value(query(app))) !== 0) await sleep(100);
      const dir = await repo({
        'intents/catalog/deploy-app.yaml': INTENT(''),
        'intents/outcomes/deploy-app.yaml': `observe: { for: 60s, interval: 2s }
outcomes:
  success:
    - condition: few_errors
      prometheus: { query: '${query('{{app}}')}', url: "${prom.url}" }
      expected: { op: "<", value: 5 }
      timeout: 10s
      interval: 200ms
`,
        'intents/requests/r.yaml': `intent: deploy-app\nparams: { app: ${app} }\nreason: bench\n`,
      });
      try {
        runs.push(
          await bakeOnce(dir, {}, async () => {
            await sleep(500 + Math.random() * 3000);
            await gateway.push('bench', 'bench_errors 10\n', { app });
            // "Shows in Prometheus": the first moment a query answers the bad value.
            while ((await value(query(app))) !== 10) await sleep(20);
            return Date.now();
          }),
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    report(
      '(b) metric anomaly during the bake, flagged after Prometheus shows it (interval 2 s)',
      runs,
      '≤ 2000 ms',
    );
  } finally {
    await Promise.all([prom.stop(), gateway.stop()]);
  }
}
