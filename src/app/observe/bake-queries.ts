import type { Plan } from '../../domain/plan/plan.js';
import type { LokiReader, Observers, PrometheusReader } from '../shared/providers.js';
import { withDeadline } from './deadline.js';

// A bake sample costs one call per provider (issue 15). Prometheus: every query of the interval —
// the capture's queries and the metric checks' — goes in ONE request per Prometheus URL
// (PrometheusClient.instantQueries), made before the snapshot, and the snapshot and the checks are
// then answered from it. Loki: the snapshot's recent lines and its error count come from one
// query_range (LokiClient.windowLogs). Each answer is what the query alone would have answered;
// anything asked differently than planned goes to the provider as before.

type Answer = Awaited<ReturnType<PrometheusReader['instantQuery']>> | Error;

function promKey(url: string | undefined, query: string): string {
  return `${url ?? ''}\n${query}`;
}

/** The interval's Prometheus queries, by URL (undefined: the configured default). */
function plannedQueries(plan: Plan): Map<string | undefined, string[]> {
  const byUrl = new Map<string | undefined, string[]>();
  const add = (url: string | undefined, query: string) => {
    const list = byUrl.get(url) ?? [];
    if (!list.includes(query)) list.push(query);
    byUrl.set(url, list);
  };
  const p = plan.observe?.prometheus;
  if (p) for (const q of Object.values(p.queries)) add(p.url, q);
  for (const c of plan.checks) if (c.probe?.kind === 'prometheus') add(c.probe.url, c.probe.query);
  return byUrl;
}

async function prefetch(
  plan: Plan,
  observers: Observers,
  at: { now: Date; signal?: AbortSignal },
): Promise<Map<string, Answer>> {
  const answers = new Map<string, Answer>();
  const timeoutMs = plan.observe?.timeoutMs ?? 10_000;
  await Promise.all(
    [...plannedQueries(plan)].map(async ([url, queries]) => {
      let client: PrometheusReader;
      try {
        client = observers.prometheus(url);
      } catch {
        return; // no URL configured: the snapshot records why, as before
      }
      try {
        const results = await withDeadline(timeoutMs, at.signal, (signal) =>
          client.instantQueries(queries, { time: at.now, signal }),
        );
        for (const [i, q] of queries.entries()) answers.set(promKey(url, q), results[i] as Answer);
      } catch (err) {
        // Down, slow or cancelled: every query of it answers so, without asking again.
        for (const q of queries)
          answers.set(promKey(url, q), err instanceof Error ? err : new Error(String(err)));
      }
    }),
  );
  return answers;
}

function prefetchedPrometheus(
  real: PrometheusReader,
  url: string | undefined,
  answers: Map<string, Answer>,
  now: Date,
): PrometheusReader {
  return {
    instantQuery: (query, opts = {}) => {
      const hit = answers.get(promKey(url, query));
      // Same query at the same instant (or at "now") with the default reduce: the batch answered it.
      const same = !opts.reduce && (!opts.time || opts.time.getTime() === now.getTime());
      if (!hit || !same) return real.instantQuery(query, opts);
      return hit instanceof Error ? Promise.reject(hit) : Promise.resolve(hit);
    },
    instantQueries: (queries, opts) => real.instantQueries(queries, opts),
  };
}

/** recentLines + errorCount of the planned Loki capture, answered by one windowLogs per window. */
function oneCallLoki(real: LokiReader, l: NonNullable<NonNullable<Plan['observe']>['loki']>): LokiReader {
  const windows = new Map<string, ReturnType<LokiReader['windowLogs']>>();
  const window = (start: Date, end: Date, signal?: AbortSignal) => {
    const key = `${start.getTime()}-${end.getTime()}`;
    let w = windows.get(key);
    if (!w) {
      w = real.windowLogs(l.selector, l.errorPattern, {
        limit: l.lines,
        start,
        end,
        ...(signal ? { signal } : {}),
      });
      windows.set(key, w);
    }
    return w;
  };
  return {
    recentLines: async (selector, opts) => {
      if (selector !== l.selector || opts.limit !== l.lines) return real.recentLines(selector, opts);
      const { lines, streams } = await window(opts.start, opts.end, opts.signal);
      return { lines, streams };
    },
    errorCount: async (selector, pattern, opts) => {
      if (selector !== l.selector || pattern !== l.errorPattern || opts.regex === false)
        return real.errorCount(selector, pattern, opts);
      return (await window(opts.start, opts.end, opts.signal)).errorCount;
    },
    windowLogs: (selector, pattern, opts) => real.windowLogs(selector, pattern, opts),
  };
}

/** The observers for one bake sample taken at `now`: Prometheus already asked, Loki in one call. */
export async function sampleObservers(
  plan: Plan,
  observers: Observers,
  at: { now: Date; signal?: AbortSignal },
): Promise<Observers> {
  const answers = await prefetch(plan, observers, at);
  const l = plan.observe?.loki;
  return {
    ...observers,
    prometheus: (url) => prefetchedPrometheus(observers.prometheus(url), url, answers, at.now),
    loki: (url) => {
      const real = observers.loki(url);
      return l && url === l.url ? oneCallLoki(real, l) : real;
    },
  };
}
