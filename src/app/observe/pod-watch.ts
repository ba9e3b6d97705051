import type { PodWatch } from '../../adapters/kubernetes.js';
import type { PodState } from '../../domain/observe/kube-state.js';
import type { Plan } from '../../domain/plan/plan.js';
import type { KubeTarget } from '../../domain/plan/plan-observe.js';
import type { IndicatorSeen } from '../../domain/schemas/record.js';
import type { Observers } from '../shared/providers.js';
import { withDeadline } from './deadline.js';
import { podIndicatorsSeen, revisionHash } from './probes.js';

// The target's pods followed through the watch API while the checks run, so a crash loop or an
// OOMKill ends the wait as soon as the API shows it instead of at the next poll. When the watch
// cannot start, the checks list the pods at each attempt as before.

export interface IndicatorWatch {
  /** The pods as last seen. */
  pods(): PodState[];
  /** Why the pods as last seen may be out of date (the watch lost the API server); else undefined. */
  unreadable(): string | undefined;
  /** The first P1 indicator seen on a pod of this run, once there is one. */
  p1(): IndicatorSeen | undefined;
  /** Aborted at the first P1 indicator: a sleep given this signal wakes then. */
  readonly alarm: AbortSignal;
  readonly mode: 'watch' | 'poll';
  close(): void;
}

export async function watchIndicators(
  plan: Plan,
  target: KubeTarget,
  o: Observers,
  opts: {
    since?: Date;
    timeoutMs: number;
    pollMs: number;
    signal?: AbortSignal;
    log?: (line: string) => void;
  },
): Promise<IndicatorWatch | undefined> {
  if (plan.indicators.length === 0) return undefined;
  try {
    // Starting is one deadline in all (a down API server must not hold the checks up); a watch that
    // starts late is closed through the aborted signal.
    return await withDeadline(opts.timeoutMs, opts.signal, (signal) =>
      start(plan, target, o, { ...opts, signal }),
    );
  } catch {
    return undefined; // the snapshot records the provider as unavailable; the checks list pods per attempt
  }
}

async function start(
  plan: Plan,
  target: KubeTarget,
  o: Observers,
  opts: {
    since?: Date;
    timeoutMs: number;
    pollMs: number;
    signal: AbortSignal;
    log?: (line: string) => void;
  },
): Promise<IndicatorWatch | undefined> {
  const kube = await o.kube();
  if (!kube.watchPods) return undefined;
  const call = { timeoutMs: opts.timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) };
  const templateHash = await revisionHash(target, kube, call).catch(() => undefined);
  const scope = { ...(opts.since ? { since: opts.since } : {}), ...(templateHash ? { templateHash } : {}) };
  const alarm = new AbortController();
  let first: IndicatorSeen | undefined;
  const judge = (pods: readonly PodState[]) => {
    if (first) return;
    first = podIndicatorsSeen(plan, pods, scope).find((h) => h.severity === 'P1');
    if (first) alarm.abort();
  };
  const w: PodWatch = await kube.watchPods(target.namespace, target.selector, {
    ...call,
    pollMs: opts.pollMs,
    onChange: judge,
    ...(opts.log ? { onFallback: (reason: string) => opts.log?.(`  pods: ${reason}; polling instead`) } : {}),
  });
  judge(w.pods());
  return {
    pods: () => w.pods(),
    unreadable: () => w.unreadable(),
    p1: () => first,
    alarm: alarm.signal,
    get mode() {
      return w.mode;
    },
    close: () => w.close(),
  };
}
