import type { ObservePlan } from '../../domain/plan/plan-observe.js';
import type { Snapshot } from '../../domain/schemas/record.js';
import type { Observers } from '../shared/providers.js';
import { reasonOf, withDeadline } from './deadline.js';

// Before and after each run, every configured provider is asked in parallel, each under its own
// deadline. A provider that is down, slow or misconfigured is recorded as unavailable with the
// reason; the others' answers still land, and the run goes on.

export interface ObserveWindow {
  phase: 'before' | 'after';
  /** When the run started: the before-window of error counts ends here. */
  runStart: Date;
  now: Date;
  signal?: AbortSignal;
}

type Part = Partial<Snapshot> & Record<string, unknown>;

async function kubernetes(plan: ObservePlan, o: Observers, signal: AbortSignal): Promise<Part> {
  const target = plan.kubernetes;
  if (!target) return {};
  const kube = await o.kube();
  const opts = { signal, timeoutMs: plan.timeoutMs };
  const [pods, deployments] = await Promise.all([
    kube.pods(target.namespace, target.selector, opts),
    kube.deployments(
      target.namespace,
      target.deployment ? undefined : target.selector,
      target.deployment,
      opts,
    ),
  ]);
  const names = [...pods.map((p) => p.name), ...deployments.map((d) => d.name)];
  const events = await kube.warningEvents(target.namespace, names, undefined, opts);
  return {
    kubernetes: { pods, deployments, events },
    pod_restarts: pods.reduce((sum, p) => sum + p.restarts, 0),
  };
}

async function prometheus(
  plan: ObservePlan,
  o: Observers,
  w: ObserveWindow,
  signal: AbortSignal,
): Promise<Part> {
  const p = plan.prometheus;
  if (!p) return {};
  const client = o.prometheus(p.url);
  const metrics: Record<string, number | null> = {};
  const detail: Record<string, unknown> = {};
  const unavailable: { source: string; reason: string }[] = [];
  await Promise.all(
    Object.entries(p.queries).map(async ([name, query]) => {
      try {
        const r = await client.instantQuery(query, { time: w.now, signal });
        metrics[name] = r.value;
        detail[name] = {
          query,
          value: r.value,
          result_type: r.resultType,
          series: r.series,
          ...(r.partial ? { partial: true, warnings: r.warnings } : {}),
        };
      } catch (err) {
        metrics[name] = null;
        unavailable.push({ source: `prometheus:${name}`, reason: reasonOf(err) });
      }
    }),
  );
  return { metrics, prometheus: detail, ...(unavailable.length ? { unavailable } : {}) };
}

async function loki(plan: ObservePlan, o: Observers, w: ObserveWindow, signal: AbortSignal): Promise<Part> {
  const l = plan.loki;
  if (!l) return {};
  const client = o.loki(l.url);
  // Equal windows before and after, so `error_count_after > error_count_before * 2` compares like with like.
  const end = w.phase === 'before' ? w.runStart : w.now;
  const start = new Date(end.getTime() - l.windowMs);
  const [recent, errors] = await Promise.all([
    client.recentLines(l.selector, { limit: l.lines, start, end, signal }),
    client.errorCount(l.selector, l.errorPattern, { start, end, signal }),
  ]);
  return {
    recent_logs: recent.lines,
    error_count: errors,
    loki: {
      selector: l.selector,
      error_pattern: l.errorPattern,
      window: { start: start.toISOString(), end: end.toISOString() },
    },
  };
}

async function velero(plan: ObservePlan, o: Observers, signal: AbortSignal): Promise<Part> {
  if (!plan.velero) return {};
  const kube = await o.kube();
  const backups = await kube.backups(plan.velero.namespace, { signal, timeoutMs: plan.timeoutMs });
  return {
    velero: { namespace: plan.velero.namespace, backups: backups.length, newest: backups[0] ?? null },
  };
}

function merge(into: Part, part: Part): void {
  for (const [k, v] of Object.entries(part)) {
    if (k === 'metrics') into.metrics = { ...(into.metrics ?? {}), ...(v as Record<string, number | null>) };
    else if (k === 'unavailable')
      into.unavailable = [...(into.unavailable ?? []), ...(v as { source: string; reason: string }[])];
    else into[k] = v;
  }
}

export async function observe(plan: ObservePlan | undefined, o: Observers, w: ObserveWindow): Promise<Part> {
  if (!plan) return {};
  const providers: [string, boolean, (s: AbortSignal) => Promise<Part>][] = [
    ['kubernetes', !!plan.kubernetes, (s) => kubernetes(plan, o, s)],
    ['prometheus', !!plan.prometheus, (s) => prometheus(plan, o, w, s)],
    ['loki', !!plan.loki, (s) => loki(plan, o, w, s)],
    ['velero', !!plan.velero, (s) => velero(plan, o, s)],
  ];
  // Loading the Kubernetes client is this process's start-up, not the API server's answer: it happens
  // before the deadline starts (a cold import takes seconds on a busy runner). A client that cannot
  // be made (a bad kubeconfig) fails again inside the provider and is recorded as unavailable.
  if (plan.kubernetes || plan.velero) await o.kube().catch(() => {});
  const out: Part = {};
  const results = await Promise.allSettled(
    providers
      .filter(([, on]) => on)
      .map(async ([name, , run]) => {
        try {
          return await withDeadline(plan.timeoutMs, w.signal, run);
        } catch (err) {
          throw Object.assign(new Error(reasonOf(err)), { provider: name });
        }
      }),
  );
  for (const r of results) {
    if (r.status === 'fulfilled') merge(out, r.value);
    else
      merge(out, {
        unavailable: [
          { source: (r.reason as { provider: string }).provider, reason: (r.reason as Error).message },
        ],
      });
  }
  if (out.unavailable) out.unavailable.sort((a, b) => a.source.localeCompare(b.source));
  return out;
}
