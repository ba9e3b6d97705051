// How long after the API shows a crash loop the checks are woken by it (issue 15: ≤ 2 s, median
// and max over ≥ 5 runs, against a loopback API server). Uses the code the checks use
// (watchIndicators → the client's Watch) against test/helpers/fake-apiserver.ts; the time runs from
// the moment the server writes the change (for polling: makes it visible to a list) to the P1
// alarm. For comparison, the same with watch refused (polling every 5 s, as before).
//
//   npm run bench:watch

import { performance } from 'node:perf_hooks';
import { watchIndicators } from '../src/app/observe/pod-watch.js';
import { createObservers } from '../src/app/shared/providers.js';
import type { Plan } from '../src/domain/plan/plan.js';
import { FakeApiServer, fixture } from '../test/helpers/fake-apiserver.js';

const RUNS = 7;
const PODS = '/api/v1/namespaces/shop/pods';
const plan = { indicators: [{ pattern: 'CrashLoopBackOff', severity: 'P1' }] } as unknown as Plan;
const target = { namespace: 'shop', selector: 'app=web' };

type Pod = Record<string, unknown> & { status: { containerStatuses: Record<string, unknown>[] } };

function crashing(p: Pod): Pod {
  const q = structuredClone(p);
  q.status.containerStatuses = q.status.containerStatuses.map((c) => ({
    ...c,
    ready: false,
    state: { waiting: { reason: 'CrashLoopBackOff' } },
  }));
  return q;
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)] ?? Number.NaN;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

async function once(refuse: boolean): Promise<{ ms: number; mode: string }> {
  const api = await FakeApiServer.start();
  try {
    const pods = (fixture('pods-web-healthy') as unknown as { items: Pod[] }).items;
    const coll = api.collection(PODS, 'app=web', pods);
    if (refuse) coll.refuseWatch = 403;
    api.on(
      'GET',
      '/apis/apps/v1/namespaces/shop/deployments',
      { labelSelector: 'app=web' },
      'deployments-web',
    );
    api.on(
      'GET',
      '/apis/apps/v1/namespaces/shop/replicasets',
      {},
      {
        body: { kind: 'List', apiVersion: 'v1', metadata: {}, items: [] },
      },
    );
    const w = await watchIndicators(plan, target, createObservers({ kubeconfigYaml: api.kubeconfig() }), {
      since: new Date(),
      timeoutMs: 10_000,
      pollMs: 5000,
    });
    if (!w) throw new Error('watch did not start');
    // Let the watch connect (or fall back), then break a pod at a random point of the poll cycle.
    while (!refuse && coll.openWatches === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 200 + Math.random() * 1000));
    const first = pods[0];
    if (!first) throw new Error('fixture');
    const flagged = new Promise<number>((resolve) =>
      w.alarm.addEventListener('abort', () => resolve(performance.now()), { once: true }),
    );
    const shown = performance.now();
    coll.put(crashing(first));
    const ms = (await flagged) - shown;
    const mode = w.mode;
    w.close();
    return { ms, mode };
  } finally {
    await api.close();
  }
}

for (const refuse of [false, true]) {
  const runs: { ms: number; mode: string }[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(refuse));
  const ms = runs.map((r) => r.ms);
  console.log(
    `crash loop flagged after the API shows it (${runs[0]?.mode}${refuse ? ', watch refused with 403, polling every 5 s' : ''}): median ${fmt(median(ms))}, max ${fmt(Math.max(...ms))} over ${RUNS} runs${refuse ? '' : ' (target ≤ 2 s)'}`,
  );
}
