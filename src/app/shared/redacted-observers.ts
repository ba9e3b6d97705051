import type { KubeReader, PodState, PodWatch } from '../../adapters/kubernetes.js';
import type { Redactor } from '../../adapters/redactor.js';
import { clipBytes, clipText } from '../../domain/observe/clip.js';
import { clipMessages, MESSAGE_LIMIT } from '../../domain/observe/kube-state.js';
import type { LokiReader, Observers, PrometheusReader } from './providers.js';

/*
 * The observers a run's steps, checks and snapshots use: every answer from Kubernetes, Prometheus,
 * Loki and an HTTP probe, and every error message, is redacted before anything sees it — and only
 * then cut to the sizes a record keeps (a 512-character message, a 2 KiB log line, a 500-character
 * error), so a secret across a cut is redacted whole (issue 23). The adapters hand over text
 * bounded far above those sizes and never inside a word (domain/observe/clip.ts). A pod watch answers
 * synchronously: a container message, the one text of it that is cut, shows in its pods once it
 * has been redacted; the rest of a watched pod (names, reasons) is redacted with the record.
 */

/** Bytes of a Loki line a record keeps. */
export const LOG_LINE_BYTES = 2048;
/** Characters of a provider's error message a record keeps. */
export const ERROR_LIMIT = 500;

type Redact = <T>(value: T) => Promise<T>;

/** `err` with its message (and the stack that repeats it) redacted and cut; other values as they are. */
async function redactError(redact: Redact, err: unknown): Promise<unknown> {
  if (!(err instanceof Error)) return err;
  const message = clipText(await redact(err.message), ERROR_LIMIT);
  if (message !== err.message) {
    const stack = err.stack?.split(err.message).join(message);
    Object.defineProperty(err, 'message', { value: message, writable: true, configurable: true });
    if (stack !== undefined)
      Object.defineProperty(err, 'stack', { value: stack, writable: true, configurable: true });
  }
  return err;
}

/** `call`'s answer as it is, its error with a redacted message. */
async function errorsRedacted<T>(redact: Redact, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw await redactError(redact, err);
  }
}

/** `call`'s answer redacted, then cut by `cut`; its error with a redacted message. */
async function redacted<T>(redact: Redact, call: () => Promise<T>, cut: (v: T) => T = (v) => v): Promise<T> {
  return cut(await redact(await errorsRedacted(redact, call)));
}

function clipLines<T extends { lines: string[] }>(r: T): T {
  return { ...r, lines: r.lines.map((l) => clipBytes(l, LOG_LINE_BYTES)) };
}

function prometheus(p: PrometheusReader, redact: Redact): PrometheusReader {
  return {
    instantQuery: (query, opts) => redacted(redact, () => p.instantQuery(query, opts)),
    // Each answer is a result or the error its query alone would have thrown.
    instantQueries: async (queries, opts) => {
      const answers = await errorsRedacted(redact, () => p.instantQueries(queries, opts));
      const results = await redact(answers.filter((a) => !(a instanceof Error)));
      const out: typeof answers = [];
      for (const a of answers)
        out.push(a instanceof Error ? a : (results.shift() as (typeof answers)[number]));
      await Promise.all(out.map((a) => (a instanceof Error ? redactError(redact, a) : undefined)));
      return out;
    },
  };
}

function loki(l: LokiReader, redact: Redact): LokiReader {
  return {
    recentLines: (selector, opts) => redacted(redact, () => l.recentLines(selector, opts), clipLines),
    errorCount: (selector, pattern, opts) => redacted(redact, () => l.errorCount(selector, pattern, opts)),
    windowLogs: (selector, pattern, opts) =>
      redacted(redact, () => l.windowLogs(selector, pattern, opts), clipLines),
  };
}

/**
 * A pod watch whose pods carry each container message once it is redacted and cut (the watch
 * answers synchronously; redaction is not): a message not redacted yet is left out.
 */
async function watch(
  start: NonNullable<KubeReader['watchPods']>,
  redact: Redact,
  args: Parameters<NonNullable<KubeReader['watchPods']>>,
): Promise<PodWatch> {
  const [namespace, selector, opts] = args;
  const done = new Map<string, string>();
  const pending = new Set<string>();
  const learn = (pods: readonly PodState[]): void => {
    const fresh = [
      ...new Set(
        pods.flatMap((p) => p.containers.flatMap((c) => (c.message === undefined ? [] : [c.message]))),
      ),
    ].filter((m) => !done.has(m) && !pending.has(m));
    if (fresh.length === 0) return;
    for (const m of fresh) pending.add(m);
    redact(fresh).then(
      (out) => {
        if (done.size > 1000) done.clear();
        fresh.forEach((m, i) => {
          done.set(m, (out[i] ?? '').slice(0, MESSAGE_LIMIT));
          pending.delete(m);
        });
      },
      () => {
        for (const m of fresh) pending.delete(m); // asked again at the next change
      },
    );
  };
  const view = (pods: PodState[]): PodState[] => {
    learn(pods);
    return pods.map((p) => ({
      ...p,
      containers: p.containers.map(({ message, ...c }) => {
        const shown = message === undefined ? undefined : done.get(message);
        return shown === undefined ? c : { ...c, message: shown };
      }),
    }));
  };
  const { onChange, onFallback } = opts;
  const w = await errorsRedacted(redact, () =>
    start(namespace, selector, {
      ...opts,
      ...(onChange ? { onChange: (pods: PodState[]) => onChange(view(pods)) } : {}),
      ...(onFallback
        ? {
            onFallback: (reason: string) =>
              void redact(reason).then(
                (r) => onFallback(clipText(r, ERROR_LIMIT)),
                () => {},
              ),
          }
        : {}),
    }),
  );
  return {
    get mode() {
      return w.mode;
    },
    pods: () => view(w.pods()),
    // The adapter's reason holds the client's error text, which is redacted only asynchronously:
    // what goes in a record is this fixed sentence instead.
    unreadable: () =>
      w.unreadable() === undefined
        ? undefined
        : 'the watch lost the API server and has not read the pods since',
    close: () => w.close(),
  };
}

function kube(k: KubeReader, redact: Redact): KubeReader {
  const { currentTemplateHash, watchPods } = k;
  return {
    pods: (ns, selector, opts) => redacted(redact, () => k.pods(ns, selector, opts), clipMessages),
    deployments: (ns, selector, name, opts) =>
      redacted(redact, () => k.deployments(ns, selector, name, opts)),
    warningEvents: (ns, names, since, opts) =>
      redacted(redact, () => k.warningEvents(ns, names, since, opts), clipMessages),
    backups: (ns, opts) => redacted(redact, () => k.backups(ns, opts)),
    ...(currentTemplateHash
      ? { currentTemplateHash: (...a) => redacted(redact, () => currentTemplateHash.apply(k, a)) }
      : {}),
    ...(watchPods ? { watchPods: (...a) => watch(watchPods.bind(k), redact, a) } : {}),
  };
}

/** `inner` with every answer redacted before it is cut or used. */
export function redactedObservers(inner: Observers, ready: Redactor | Promise<Redactor>): Observers {
  const redact: Redact = async (value) => (await ready).redactDeep(value);
  const kubeTarget = inner.kubeTarget;
  return {
    prometheus: (url) => prometheus(inner.prometheus(url), redact),
    loki: (url) => loki(inner.loki(url), redact),
    kube: async () => kube(await errorsRedacted(redact, () => inner.kube()), redact),
    http: (url, opts) => redacted(redact, () => inner.http(url, opts)),
    ...(kubeTarget ? { kubeTarget: () => redacted(redact, () => kubeTarget.call(inner)) } : {}),
  };
}
