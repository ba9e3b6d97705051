import { type KubeReader, KubernetesError } from '../../adapters/kubernetes.js';
import type { DeploymentState, EventState, PodState } from '../../domain/observe/kube-state.js';
import type { Plan } from '../../domain/plan/plan.js';
import type { Observers } from '../shared/providers.js';
import type { IndicatorWatch } from './pod-watch.js';
import { watchIndicators } from './pod-watch.js';

// The bake's view of the cluster, at most one Kubernetes call per interval and none while nothing
// changes: the pods come from one watch connection (a list per interval only when the watch was
// refused and it polls), the deployments are asked again only when the pods changed, and the
// warning events only when a pod is in trouble (not ready, waiting or terminated, restarted) —
// otherwise the last answers stand. The watch's alarm wakes the bake at the first P1 indicator,
// so a crash loop is flagged when the API shows it, not at the next interval.

export interface BakeKube {
  observers: Observers;
  /** Aborted at the first P1 indicator the watch sees. */
  alarm?: AbortSignal;
  mode?: 'watch' | 'poll';
  close(): void;
}

/** What the deployments' status follows: which pods exist, of which revision, ready or not. */
function podsKey(pods: readonly PodState[]): string {
  return pods
    .map((p) => `${p.name}/${p.templateHash ?? ''}/${p.phase}/${p.ready}`)
    .sort()
    .join(',');
}

function troubled(pods: readonly PodState[], restartsBefore: number | undefined): boolean {
  const restarts = pods.reduce((n, p) => n + p.restarts, 0);
  if (restartsBefore !== undefined && restarts !== restartsBefore) return true;
  return pods.some(
    (p) => !p.ready || p.containers.some((c) => c.waiting || (c.terminated && c.terminated !== 'Completed')),
  );
}

function cachingReader(real: KubeReader, watch: IndicatorWatch): KubeReader {
  let deployments: { key: string; value: DeploymentState[] } | undefined;
  let events: { restarts: number; value: EventState[] } | undefined;
  return {
    // Stale pods would let a sample pass on what the cluster said before it stopped answering.
    pods: async (namespace) => {
      const why = watch.unreadable();
      if (why) throw new KubernetesError('unreachable', `pods in ${namespace}: ${why}`);
      return watch.pods();
    },
    deployments: async (namespace, selector, name, opts) => {
      const key = podsKey(watch.pods());
      if (deployments?.key === key) return deployments.value;
      const value = await real.deployments(namespace, selector, name, opts);
      deployments = { key, value };
      return value;
    },
    warningEvents: async (namespace, names, since, opts) => {
      const pods = watch.pods();
      if (events && !troubled(pods, events.restarts)) return events.value;
      const value = await real.warningEvents(namespace, names, since, opts);
      events = { restarts: pods.reduce((n, p) => n + p.restarts, 0), value };
      return value;
    },
    backups: (namespace, opts) => real.backups(namespace, opts),
  };
}

export async function bakeKube(
  plan: Plan,
  observers: Observers,
  opts: { since: Date; intervalMs: number; signal?: AbortSignal; log?: (line: string) => void },
): Promise<BakeKube> {
  const target = plan.observe?.kubernetes;
  const none: BakeKube = { observers, close: () => {} };
  if (!target) return none;
  const watch = await watchIndicators(plan, target, observers, {
    since: opts.since,
    timeoutMs: plan.observe?.timeoutMs ?? 10_000,
    pollMs: opts.intervalMs,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  // No watch (no indicators to judge, or the API server did not answer): a snapshot per interval.
  if (!watch) return none;
  const reader = cachingReader(await observers.kube(), watch);
  return {
    observers: { ...observers, kube: async () => reader },
    alarm: watch.alarm,
    mode: watch.mode,
    close: () => watch.close(),
  };
}
