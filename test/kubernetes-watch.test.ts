import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKubeReader, type PodState, type PodWatch } from '../src/adapters/kubernetes.js';
import { FakeApiServer, type FakeCollection, fixture } from './helpers/fake-apiserver.js';

// The pod watch through the real client against the loopback API server: list + watch, resume after
// a dropped connection, re-list on 410 Gone, polling when watch is refused or never answers.

const PODS = '/api/v1/namespaces/shop/pods';
type Pod = Record<string, unknown> & { metadata: { name: string } };

let api: FakeApiServer;
let pods: FakeCollection;
const open: PodWatch[] = [];

function healthy(): Pod[] {
  return (fixture('pods-web-healthy') as { items: Pod[] }).items;
}

/** The first healthy pod, its container now waiting in `reason`. */
function waiting(reason: string, name?: string): Pod {
  const p = structuredClone(healthy()[0]) as Pod & {
    status: { containerStatuses: Record<string, unknown>[] };
  };
  if (name) p.metadata.name = name;
  p.status.containerStatuses = p.status.containerStatuses.map((c) => ({
    ...c,
    ready: false,
    state: { waiting: { reason, message: 'back-off restarting failed container' } },
  }));
  return p;
}

function reasons(list: PodState[]): string[] {
  return list
    .flatMap((p) => p.containers.flatMap((c) => (c.waiting ? [`${p.name}:${c.waiting}`] : [])))
    .sort();
}

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function watch(extra: { timeoutMs?: number; pollMs?: number } = {}) {
  const changes: PodState[][] = [];
  const fallbacks: string[] = [];
  const reader = createKubeReader({ kubeconfigYaml: api.kubeconfig() });
  const w = await reader.watchPods?.('shop', 'app=web', {
    timeoutMs: extra.timeoutMs ?? 5000,
    pollMs: extra.pollMs ?? 100,
    onChange: (p) => changes.push(p),
    onFallback: (r) => fallbacks.push(r),
  });
  if (!w) throw new Error('no watchPods');
  open.push(w);
  return { w, changes, fallbacks };
}

const watchRequests = () =>
  api.requests.filter((r) => r.path === PODS && r.params.some(([k]) => k === 'watch'));
const listRequests = () =>
  api.requests.filter((r) => r.path === PODS && !r.params.some(([k]) => k === 'watch'));

beforeEach(async () => {
  api = await FakeApiServer.start();
  pods = api.collection(PODS, 'app=web', healthy());
});

afterEach(async () => {
  for (const w of open.splice(0)) w.close();
  await api.close();
});

describe('pod watch', () => {
  it('lists, then streams each change with the resourceVersion of the list', async () => {
    const { w, changes } = await watch();
    expect(w.mode).toBe('watch');
    expect(reasons(w.pods())).toEqual([]);
    await until('the watch connection', () => pods.openWatches === 1);
    const listed = pods.resourceVersion;
    pods.put(waiting('CrashLoopBackOff'));
    await until('the change', () => reasons(w.pods()).length === 1);
    expect(reasons(changes.at(-1) ?? [])).toEqual(['web-5d8f7c9b6-4xv2m:CrashLoopBackOff']);
    const params = new URLSearchParams(watchRequests()[0]?.query);
    expect(params.get('resourceVersion')).toBe(String(listed));
    expect(params.get('labelSelector')).toBe('app=web');
    expect(listRequests()).toHaveLength(1);
  });

  it('a dropped connection resumes from the last resourceVersion and loses no change', async () => {
    const { w, changes } = await watch();
    await until('the watch connection', () => pods.openWatches === 1);
    const seen = pods.put(waiting('ContainerCreating'));
    await until('first change', () => changes.length === 2);
    pods.dropWatches();
    // Changes while no connection is open: the resumed watch must replay them.
    pods.put(waiting('CrashLoopBackOff'));
    pods.put(waiting('ImagePullBackOff', 'web-5d8f7c9b6-new01'));
    await until('both changes', () => reasons(w.pods()).length === 2);
    expect(reasons(w.pods())).toEqual([
      'web-5d8f7c9b6-4xv2m:CrashLoopBackOff',
      'web-5d8f7c9b6-new01:ImagePullBackOff',
    ]);
    expect(w.mode).toBe('watch');
    expect(new URLSearchParams(watchRequests()[1]?.query).get('resourceVersion')).toBe(String(seen));
    expect(listRequests()).toHaveLength(1); // resumed, not re-listed
  });

  it('says its view is out of date while it cannot connect again, and current once it has', async () => {
    const { w } = await watch();
    await until('the watch connection', () => pods.openWatches === 1);
    expect(w.unreadable()).toBeUndefined();
    // The API server stops serving watches (500), then the connection drops: the pods last seen
    // are what the cluster said before, and a bake must not judge them as now (issue 28).
    pods.refuseWatch = 500;
    pods.dropWatches();
    await until('the view marked out of date', () => w.unreadable() !== undefined);
    expect(w.unreadable()).toMatch(/^watch lost: /);
    expect(w.pods()).toHaveLength(2);
    pods.refuseWatch = undefined;
    await until('the watch back', () => pods.openWatches === 1 && w.unreadable() === undefined);
    expect(w.mode).toBe('watch');
  });

  it('410 Gone (history compacted) re-lists and goes on watching', async () => {
    const { w } = await watch();
    await until('the watch connection', () => pods.openWatches === 1);
    pods.dropWatches();
    pods.put(waiting('CrashLoopBackOff'));
    pods.compact();
    await until('the re-list', () => listRequests().length === 2);
    await until('the state after the re-list', () => reasons(w.pods()).length === 1);
    await until('a new watch', () => pods.openWatches === 1);
    pods.delete('web-5d8f7c9b6-4xv2m');
    await until('the deletion', () => w.pods().length === 1);
    expect(w.mode).toBe('watch');
  });

  it.each([403, 405])('watch refused with %i: polls the list instead', async (code) => {
    pods.refuseWatch = code;
    const { w, fallbacks } = await watch({ pollMs: 50 });
    await until('the fallback', () => w.mode === 'poll');
    expect(fallbacks).toEqual([`watch refused (HTTP ${code})`]);
    pods.put(waiting('CrashLoopBackOff'));
    await until('the change, by polling', () => reasons(w.pods()).length === 1);
    expect(listRequests().length).toBeGreaterThan(1);
  });

  it('a watch that never answers falls back to polling at its deadline', async () => {
    pods.hangWatch = true;
    const { w, fallbacks } = await watch({ timeoutMs: 300, pollMs: 50 });
    await until('the fallback', () => w.mode === 'poll');
    expect(fallbacks[0]).toMatch(/^watch not established: no answer within 300 ms/);
    pods.put(waiting('OOMKilled'));
    await until('the change, by polling', () => reasons(w.pods()).length === 1);
  });

  it('a first list that fails rejects with the API error', async () => {
    const reader = createKubeReader({ kubeconfigYaml: api.kubeconfig() });
    await expect(
      reader.watchPods?.('shop', 'app=none', { timeoutMs: 2000, pollMs: 100 }),
    ).rejects.toMatchObject({ kind: 'not_found' });
  });
});
