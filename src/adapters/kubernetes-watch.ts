import { type KubeConfig, Watch } from '@kubernetes/client-node';
import type { KPod, PodState } from '../domain/observe/kube-state.js';
import { podState } from '../domain/observe/kube-state.js';
import { KubernetesError } from './kubernetes-config.js';

// List + watch of one label-selected set of pods, as an informer does, with the deadlines the
// client leaves out: its Watch has no connect timeout (its 30 s one is overwritten) and no idle
// timeout. Part of kubernetes.ts (the only module that imports this one).
//
// - list, then watch from the list's resourceVersion; each event moves the resourceVersion on, so a
//   dropped connection resumes where it stopped and no change is lost;
// - 410 Gone (history compacted) re-lists;
// - watch refused (401/403/405) or its first connection impossible: poll by listing every pollMs.

export interface PodWatchOptions {
  /** Deadline of each list and of each watch connection's set-up. */
  timeoutMs: number;
  /** Interval of the polling fallback. */
  pollMs: number;
  /** Every change, with all watched pods as they are now. */
  onChange?: (pods: PodState[]) => void;
  /** Why the watch gave way to polling, once. */
  onFallback?: (reason: string) => void;
}

export interface PodWatch {
  /** 'watch' while the watch API is used, 'poll' after falling back. */
  readonly mode: 'watch' | 'poll';
  /** The pods as last seen. */
  pods(): PodState[];
  /**
   * Why the pods as last seen may be out of date: the watch could not connect again (or, polling,
   * the last list failed) since it last heard from the API server; undefined while it is current.
   * A connection that ends and resumes at once is current throughout.
   */
  unreadable(): string | undefined;
  close(): void;
}

type ListPods = (
  timeoutMs: number,
  signal: AbortSignal,
) => Promise<{ items: KPod[]; resourceVersion: string }>;

/** The server ends each watch after this long (it may end it earlier); the client then resumes. */
const WATCH_SECONDS = 240;
const REFUSED = new Set([401, 403, 405]);
/** Consecutive failed reconnects after which polling takes over. */
const MAX_RECONNECTS = 5;

type WatchEnd =
  | { kind: 'closed' }
  | { kind: 'gone' }
  | { kind: 'refused'; status: number }
  | { kind: 'failed'; reason: string; connected: boolean };

function nameOf(p: KPod): string {
  return p.metadata?.name ?? '';
}

function statusOf(err: unknown): number | undefined {
  const s = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

export async function startPodWatch(
  kc: KubeConfig,
  path: string,
  labelSelector: string,
  list: ListPods,
  opts: PodWatchOptions,
): Promise<PodWatch> {
  const stop = new AbortController();
  const pods = new Map<string, KPod>();
  let rv = '';
  let mode: 'watch' | 'poll' = 'watch';
  let unreadable: string | undefined;
  const snapshot = () => [...pods.values()].map(podState);
  const changed = () => opts.onChange?.(snapshot());

  async function relist(): Promise<void> {
    const r = await list(opts.timeoutMs, stop.signal);
    pods.clear();
    for (const p of r.items) pods.set(nameOf(p), p);
    rv = r.resourceVersion;
    unreadable = undefined;
    changed();
  }

  function watchOnce(): Promise<WatchEnd> {
    return new Promise<WatchEnd>((resolve) => {
      let connected = false;
      let settled = false;
      let controller: AbortController | undefined;
      let idle: NodeJS.Timeout | undefined;
      const finish = (end: WatchEnd) => {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        clearTimeout(idle);
        stop.signal.removeEventListener('abort', onStop);
        controller?.abort();
        resolve(end);
      };
      const onStop = () => finish({ kind: 'closed' });
      stop.signal.addEventListener('abort', onStop, { once: true });
      // A connection that goes quiet past the server's own timeout is dead: resume on a new one.
      const touch = () => {
        clearTimeout(idle);
        idle = setTimeout(
          () => finish({ kind: 'failed', reason: 'watch went quiet', connected: true }),
          WATCH_SECONDS * 1000 + opts.timeoutMs,
        );
      };
      const connectTimer = setTimeout(
        () => finish({ kind: 'failed', reason: `no answer within ${opts.timeoutMs} ms`, connected: false }),
        opts.timeoutMs,
      );
      const query = {
        labelSelector: labelSelector || undefined,
        resourceVersion: rv,
        allowWatchBookmarks: true,
        timeoutSeconds: WATCH_SECONDS,
      };
      new Watch(kc)
        .watch(
          path,
          query,
          (type: string, obj: KPod & { code?: number; message?: string }) => {
            touch();
            if (type === 'ERROR') {
              if (obj.code === 410) finish({ kind: 'gone' });
              else finish({ kind: 'failed', reason: obj.message ?? 'watch error', connected: true });
              return;
            }
            const next = obj.metadata?.resourceVersion;
            if (typeof next === 'string' && next) rv = next;
            if (type === 'BOOKMARK') return;
            if (type === 'DELETED') pods.delete(nameOf(obj));
            else pods.set(nameOf(obj), obj);
            changed();
          },
          (err: unknown) => {
            const status = statusOf(err);
            if (status === 410) finish({ kind: 'gone' });
            else if (status !== undefined && REFUSED.has(status)) finish({ kind: 'refused', status });
            else if (err)
              finish({ kind: 'failed', reason: String((err as Error).message ?? err), connected });
            else finish({ kind: 'closed' });
          },
        )
        .then(
          (c) => {
            controller = c;
            if (settled)
              c.abort(); // gave up on it before it answered
            else if (!c.signal.aborted) {
              connected = true;
              unreadable = undefined;
              clearTimeout(connectTimer);
              touch();
            }
          },
          (err: unknown) => finish({ kind: 'failed', reason: String(err), connected: false }),
        );
    });
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        stop.signal.removeEventListener('abort', done);
        resolve();
      }
      stop.signal.addEventListener('abort', done, { once: true });
    });

  async function poll(reason: string): Promise<void> {
    mode = 'poll';
    opts.onFallback?.(reason);
    while (!stop.signal.aborted) {
      await sleep(opts.pollMs);
      if (stop.signal.aborted) return;
      // A failed poll keeps the last state, marked unreadable; the next one may answer.
      await relist().catch((err: unknown) => {
        unreadable = `pods not listed: ${(err as Error).message ?? String(err)}`;
      });
    }
  }

  async function run(): Promise<void> {
    let everConnected = false;
    let failures = 0;
    while (!stop.signal.aborted) {
      const end = await watchOnce();
      if (stop.signal.aborted) return;
      if (end.kind === 'refused') return poll(`watch refused (HTTP ${end.status})`);
      if (end.kind === 'failed' && !end.connected && !everConnected) {
        return poll(`watch not established: ${end.reason}`);
      }
      if (end.kind === 'failed' && !end.connected) {
        // Not back: what the watch last saw is no longer what the cluster says, until it is.
        unreadable = `watch lost: ${end.reason}`;
        failures += 1;
        if (failures >= MAX_RECONNECTS) return poll(`watch lost: ${end.reason}`);
        await sleep(Math.min(2000, 100 * 2 ** failures));
        continue;
      }
      everConnected = true;
      failures = 0;
      if (end.kind === 'gone') {
        // History is gone: the only way back to a consistent state is a fresh list.
        await relist().catch((err: unknown) => {
          unreadable = `pods not listed after 410 Gone: ${(err as Error).message ?? String(err)}`;
          return sleep(opts.pollMs);
        });
      } else await sleep(50); // a server that ends every watch at once must not make this spin
    }
  }

  try {
    await relist();
  } catch (err) {
    throw err instanceof KubernetesError
      ? err
      : new KubernetesError('unreachable', `pods: ${String(err)}`, undefined, { cause: err });
  }
  void run();
  return {
    get mode() {
      return mode;
    },
    pods: snapshot,
    unreadable: () => unreadable,
    close: () => stop.abort(),
  };
}
