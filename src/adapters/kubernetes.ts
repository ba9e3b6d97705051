import { setTimeout as sleep } from 'node:timers/promises';
import {
  ApiException,
  AppsV1Api,
  type ConfigurationOptions,
  CoreV1Api,
  CustomObjectsApi,
  IsomorphicFetchHttpLibrary,
} from '@kubernetes/client-node';
import { boundText } from '../domain/observe/clip.js';
import {
  currentTemplateHash,
  type DeploymentState,
  deploymentState,
  type EventState,
  eventState,
  eventsFor,
  isNamespace,
  isObjectName,
  type PodState,
  podState,
} from '../domain/observe/kube-state.js';
import { type BackupState, parseBackupList } from '../domain/observe/velero-state.js';
import {
  type LivePod,
  type LiveWorkload,
  type NamespaceState,
  WORKLOAD_KINDS,
  type WorkloadKind,
} from '../domain/plan/live-state.js';
import { type KWorkload, liveWorkload } from '../domain/plan/live-workload.js';
import { KubernetesError, type KubeSource, loadKubeConfig } from './kubernetes-config.js';
import { type PodWatch, type PodWatchOptions, startPodWatch } from './kubernetes-watch.js';

/**
 * Reads pods, deployments, Warning events and Velero backups through @kubernetes/client-node, and
 * watches pods (kubernetes-watch.ts). With kubernetes-config.ts, kubernetes-watch.ts and
 * kubernetes-dry-run.ts, the only code that imports the client: callers load it with
 * `import()` so commands that never talk to a cluster do not pay its start-up. Every call has a
 * deadline (the client has none): a per-call HTTP library puts an AbortSignal on the request, and
 * the call settles at the deadline even if something in the client ignores it. Names and selectors
 * go in as parameters for the client to encode; namespaces and names are checked first, so `..`
 * cannot reshape a path.
 */

export type {
  ContainerState,
  DeploymentState,
  EventState,
  PodIndicator,
  PodState,
} from '../domain/observe/kube-state.js';
export { type IndicatorScope, podIndicators } from '../domain/observe/kube-state.js';
export type { BackupState } from '../domain/observe/velero-state.js';
export {
  describeKubeConfig,
  KubernetesError,
  type KubernetesErrorKind,
  type KubeSource,
  type KubeTargetInfo,
} from './kubernetes-config.js';
export type { PodWatch, PodWatchOptions } from './kubernetes-watch.js';

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs: number;
}

export interface KubeReader {
  pods(namespace: string, labelSelector: string, opts: CallOptions): Promise<PodState[]>;
  /** By name (a missing one gives []) or by label selector. */
  deployments(
    namespace: string,
    labelSelector: string | undefined,
    name: string | undefined,
    opts: CallOptions,
  ): Promise<DeploymentState[]>;
  /** type=Warning events of the named objects and of the ReplicaSets/pods generated from them, newest first, ≤ 50. */
  warningEvents(
    namespace: string,
    involvedNames: string[],
    since: Date | undefined,
    opts: CallOptions,
  ): Promise<EventState[]>;
  /**
   * A namespace's workloads (of `kinds`, all three by default), pods and Warning events, one list
   * call each (the plan asks once per namespace for all its requests). Read-only: GETs only. A kind
   * the identity may not list (403, or 404) is in `unlisted`, not a failure. Optional for doubles.
   */
  namespaceState?(
    namespace: string,
    opts: CallOptions & { kinds?: readonly WorkloadKind[] },
  ): Promise<NamespaceState>;
  /** velero.io/v1 Backups, newest first. */
  backups(namespace: string, opts: CallOptions): Promise<BackupState[]>;
  /**
   * The pod-template-hash of the deployment's current revision (its newest ReplicaSet); undefined
   * when it has none. Optional so that doubles of this interface need not have it.
   */
  currentTemplateHash?(namespace: string, deployment: string, opts: CallOptions): Promise<string | undefined>;
  /**
   * Lists the pods, then follows them through the watch API (polling when watch is refused);
   * rejects when the first list fails.
   */
  watchPods?(
    namespace: string,
    labelSelector: string,
    opts: Omit<PodWatchOptions, 'timeoutMs'> & CallOptions,
  ): Promise<PodWatch>;
}

const STATUS_MESSAGE_BOUND = 4096;

/** The API server's Status message, when the body is one. */
function statusMessage(body: unknown): string | undefined {
  let b = body;
  if (typeof b === 'string') {
    try {
      b = JSON.parse(b);
    } catch {
      return undefined;
    }
  }
  const m = (b as { message?: unknown } | undefined)?.message;
  // Bounded only: the ports cut error messages after redacting them (app/shared/redacted-observers.ts).
  return typeof m === 'string' ? boundText(m, STATUS_MESSAGE_BOUND) : undefined;
}

interface Outcome {
  timeoutMs: number;
  timedOut: boolean;
  responded: boolean;
}

function classify(err: unknown, what: string, { timeoutMs, timedOut, responded }: Outcome): KubernetesError {
  if (err instanceof KubernetesError) return err;
  if (timedOut)
    return new KubernetesError('timeout', `${what}: no answer within ${timeoutMs} ms`, undefined, {
      cause: err,
    });
  if (err instanceof ApiException) {
    const code = err.code;
    const kind = code === 401 || code === 403 ? 'forbidden' : code === 404 ? 'not_found' : 'http';
    return new KubernetesError(kind, `${what}: ${statusMessage(err.body) ?? `HTTP ${code}`}`, code, {
      cause: err,
    });
  }
  const e = err as { name?: string; code?: string; type?: string; message?: string } | undefined;
  const detail = e?.message ?? String(err);
  if (e?.name === 'FetchError' && e.type === 'system') {
    return new KubernetesError('unreachable', `${what}: cannot connect (${e.code ?? detail})`, undefined, {
      cause: err,
    });
  }
  // Answered 2xx but unreadable; or failed before sending, e.g. an exec credential plugin that is missing.
  const kind = responded ? 'bad_data' : 'config';
  return new KubernetesError(
    kind,
    `${what}: ${responded ? 'unreadable answer' : 'not sent'} (${detail})`,
    undefined,
    {
      cause: err,
    },
  );
}

const http = new IsomorphicFetchHttpLibrary();

/** Tries after the first; each must also fit before the call's deadline. */
const MAX_RETRIES = 2;
/** The longest Retry-After honoured: a longer one is the server saying "not now", not "in a moment". */
const MAX_RETRY_AFTER_MS = 10_000;

function retryAfterMs(headers: Record<string, string> | undefined): number | undefined {
  const raw = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
  if (raw === undefined) return undefined;
  const seconds = Number(raw.trim());
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(raw) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS) : undefined;
}

/**
 * How long to wait before asking again, or undefined when asking again cannot help. As client-go
 * does for reads: the API server's 429 (API Priority and Fairness sheds load with it) and a 5xx
 * that carries Retry-After, after the time it asks; a connection reset (a load balancer, an API
 * server restarting) at once. Every call here is a GET, or a PATCH with dryRun=All
(kubernetes-dry-run.ts) that stores nothing, so asking twice changes nothing.
 */
function retryWait(err: unknown, retry: number): number | undefined {
  if (retry > MAX_RETRIES) return undefined;
  if (err instanceof ApiException) {
    const after = retryAfterMs(err.headers);
    if (err.code === 429) return after ?? 500 * retry;
    return err.code >= 500 && after !== undefined ? after : undefined;
  }
  const e = err as { name?: string; code?: string; message?: string } | undefined;
  const reset = e?.code === 'ECONNRESET' || e?.code === 'EPIPE' || /socket hang up/i.test(e?.message ?? '');
  return e?.name === 'FetchError' && reset ? 100 * retry : undefined;
}

/**
 * Runs one API call under `opts.timeoutMs` and the caller's signal (kubernetes-dry-run.ts too),
 * asking again after a 429 or a connection reset (retryWait) while the deadline allows: the
 * deadline covers every attempt.
 */
export async function call<T>(
  what: string,
  opts: CallOptions,
  run: (options: ConfigurationOptions) => Promise<T>,
): Promise<T> {
  const deadline = AbortSignal.timeout(opts.timeoutMs);
  const ends = Date.now() + opts.timeoutMs;
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
  let responded = false;
  // The generated client hands a request's signal to fetch; a per-call httpApi is the typed way to
  // set it (call-time `middleware` is typed as Observables but run as Promises in 1.4).
  const options: ConfigurationOptions = {
    httpApi: {
      send(request) {
        request.setSignal(signal);
        return http.send(request).pipe((response) => {
          responded = true;
          return response;
        });
      },
    },
  };
  const attempts = async (): Promise<T> => {
    for (let retry = 1; ; retry++) {
      try {
        return await run(options);
      } catch (err) {
        const wait = retryWait(err, retry);
        if (wait === undefined || signal.aborted || Date.now() + wait >= ends) throw err;
        responded = false;
        // Aborted meanwhile: the race below settles the call with the deadline or the caller's reason.
        await sleep(wait, undefined, { signal }).catch(() => {});
      }
    }
  };
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([attempts(), aborted]);
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    throw classify(err, what, { timeoutMs: opts.timeoutMs, timedOut: deadline.aborted, responded });
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function checkNamespace(namespace: string): void {
  if (!isNamespace(namespace)) {
    throw new KubernetesError('invalid', `${JSON.stringify(namespace)} is not a valid namespace`);
  }
}

function items<T>(what: string, list: { items?: T[] } | undefined): T[] {
  if (!Array.isArray(list?.items)) throw new KubernetesError('bad_data', `${what}: answer has no items list`);
  return list.items;
}

export function createKubeReader(source: KubeSource, now: () => Date = () => new Date()): KubeReader {
  const kc = loadKubeConfig(source);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);

  /** One list of a workload kind in a namespace, as the plan sees each workload. */
  const workloadsOf = async (kind: WorkloadKind, namespace: string, opts: CallOptions) => {
    const what = `${kind}s in ${namespace}`;
    const list =
      kind === 'deployment'
        ? await call(what, opts, (o) => apps.listNamespacedDeployment({ namespace }, o))
        : kind === 'statefulset'
          ? await call(what, opts, (o) => apps.listNamespacedStatefulSet({ namespace }, o))
          : await call(what, opts, (o) => apps.listNamespacedDaemonSet({ namespace }, o));
    return items<KWorkload>(what, list).map((w) => liveWorkload(kind, w));
  };

  return {
    async pods(namespace, labelSelector, opts) {
      checkNamespace(namespace);
      const what = `pods in ${namespace}`;
      const list = await call(what, opts, (o) =>
        core.listNamespacedPod({ namespace, labelSelector: labelSelector || undefined }, o),
      );
      return items(what, list).map(podState);
    },

    async deployments(namespace, labelSelector, name, opts) {
      checkNamespace(namespace);
      if (name === undefined) {
        const what = `deployments in ${namespace}`;
        const list = await call(what, opts, (o) =>
          apps.listNamespacedDeployment({ namespace, labelSelector: labelSelector || undefined }, o),
        );
        return items(what, list).map(deploymentState);
      }
      if (!isObjectName(name)) {
        throw new KubernetesError('invalid', `${JSON.stringify(name)} is not a valid deployment name`);
      }
      try {
        const d = await call(`deployment ${namespace}/${name}`, opts, (o) =>
          apps.readNamespacedDeployment({ namespace, name }, o),
        );
        return [deploymentState(d)];
      } catch (err) {
        if (err instanceof KubernetesError && err.kind === 'not_found') return [];
        throw err;
      }
    },

    async warningEvents(namespace, involvedNames, since, opts) {
      checkNamespace(namespace);
      if (involvedNames.length === 0) return [];
      // A field selector cannot match generated names (ReplicaSets): names are matched here.
      const what = `events in ${namespace}`;
      const list = await call(what, opts, (o) =>
        core.listNamespacedEvent({ namespace, fieldSelector: 'type=Warning' }, o),
      );
      return eventsFor(items(what, list), involvedNames, since);
    },

    async currentTemplateHash(namespace, deployment, opts) {
      checkNamespace(namespace);
      if (!isObjectName(deployment)) {
        throw new KubernetesError('invalid', `${JSON.stringify(deployment)} is not a valid deployment name`);
      }
      const what = `replicasets in ${namespace}`;
      const list = await call(what, opts, (o) => apps.listNamespacedReplicaSet({ namespace }, o));
      return currentTemplateHash(items(what, list), deployment);
    },

    async watchPods(namespace, labelSelector, opts) {
      checkNamespace(namespace);
      const what = `pods in ${namespace}`;
      const list = async (timeoutMs: number, signal: AbortSignal) => {
        const callOpts = { timeoutMs, signal: opts.signal ? AbortSignal.any([opts.signal, signal]) : signal };
        const l = await call(what, callOpts, (o) =>
          core.listNamespacedPod({ namespace, labelSelector: labelSelector || undefined }, o),
        );
        return { items: items(what, l), resourceVersion: l.metadata?.resourceVersion ?? '' };
      };
      // The path is built from a checked namespace: it cannot be reshaped.
      const path = `/api/v1/namespaces/${namespace}/pods`;
      const w = await startPodWatch(kc, path, labelSelector, list, opts);
      if (opts.signal?.aborted) w.close();
      else opts.signal?.addEventListener('abort', () => w.close(), { once: true });
      return w;
    },

    async namespaceState(namespace, opts) {
      checkNamespace(namespace);
      const kinds = opts.kinds ?? WORKLOAD_KINDS;
      const unlisted: NonNullable<NamespaceState['unlisted']> = [];
      // One list per kind; a kind this identity may not list is noted, the others still shown.
      const listKind = async (kind: WorkloadKind): Promise<LiveWorkload[]> => {
        try {
          return await workloadsOf(kind, namespace, opts);
        } catch (err) {
          if (err instanceof KubernetesError && (err.kind === 'forbidden' || err.kind === 'not_found')) {
            unlisted.push({ kind, why: err.kind === 'forbidden' ? 'forbidden' : 'not served' });
            return [];
          }
          throw err;
        }
      };
      const [lists, pods, events] = await Promise.all([
        Promise.all(kinds.map(listKind)),
        call(`pods in ${namespace}`, opts, (o) => core.listNamespacedPod({ namespace }, o)),
        call(`events in ${namespace}`, opts, (o) =>
          core.listNamespacedEvent({ namespace, fieldSelector: 'type=Warning' }, o),
        ),
      ]);
      const hourAgo = now().getTime() - 60 * 60_000;
      const livePods: LivePod[] = items(`pods in ${namespace}`, pods).map((p) => {
        const s = podState(p);
        return {
          name: s.name,
          labels: p.metadata?.labels ?? {},
          ready: s.ready,
          restarts: s.restarts,
          restartsLastHour: s.containers.filter(
            (c) => c.lastTerminatedAt !== undefined && Date.parse(c.lastTerminatedAt) >= hourAgo,
          ).length,
        };
      });
      const warnings = items(`events in ${namespace}`, events)
        .map(eventState)
        .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''));
      unlisted.sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind));
      return {
        workloads: lists.flat(),
        pods: livePods,
        events: warnings,
        ...(unlisted.length ? { unlisted } : {}),
      };
    },

    async backups(namespace, opts) {
      checkNamespace(namespace);
      const what = `velero backups in ${namespace}`;
      const group = { group: 'velero.io', version: 'v1', namespace, plural: 'backups' };
      const list: unknown = await call(what, opts, (o) => custom.listNamespacedCustomObject(group, o));
      try {
        return parseBackupList(list, now());
      } catch (err) {
        throw new KubernetesError('bad_data', `${what}: not a BackupList`, undefined, { cause: err });
      }
    },
  };
}
