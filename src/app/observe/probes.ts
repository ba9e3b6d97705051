import type { CallOptions, KubeReader } from '../../adapters/kubernetes.js';
import { type IndicatorScope, type PodState, podIndicators } from '../../domain/observe/kube-state.js';
import { type Expected, findIndicators, matchesExpected } from '../../domain/observe/outcome-match.js';
import type { Plan } from '../../domain/plan/plan.js';
import type { BuiltinProbe, KubeTarget } from '../../domain/plan/plan-observe.js';
import type { IndicatorSeen } from '../../domain/schemas/record.js';
import type { Observers } from '../shared/providers.js';
import { reasonOf, withDeadline } from './deadline.js';

// Built-in outcome checks (pods_ready, prometheus, http, velero) and the cluster's own failure
// signals, read each time a check is polled. Each attempt answers like a command would: an output
// line and whether it matched.

export interface ProbeAttempt {
  output: string;
  matched: boolean;
  /** 0 when the probe got an answer, null when the provider was unavailable. */
  exitCode: number | null;
}

/** Where in the pod status each reason was read, as kubectl users know the fields. */
const WHERE = {
  waiting: 'state.waiting.reason',
  terminated: 'state.terminated.reason',
  lastTerminated: 'lastState.terminated.reason',
} as const;

function ageText(ms: number): string {
  const h = ms / 3_600_000;
  return h >= 1 ? `${h.toFixed(1)}h old` : `${Math.round(ms / 60_000)}m old`;
}

async function answer(
  probe: BuiltinProbe,
  expected: Expected,
  o: Observers,
  signal: AbortSignal,
  timeoutMs: number,
  now: Date,
): Promise<ProbeAttempt> {
  switch (probe.kind) {
    case 'pods_ready': {
      const pods = await (await o.kube()).pods(probe.namespace, probe.selector, { signal, timeoutMs });
      const ready = pods.filter((p) => p.phase === 'Running' && p.ready).length;
      return {
        output: `${ready}/${pods.length} pods ready`,
        matched: pods.length > 0 && ready === pods.length,
        exitCode: 0,
      };
    }
    case 'prometheus': {
      const r = await o.prometheus(probe.url).instantQuery(probe.query, { signal });
      const output = r.value === null ? 'no data' : String(r.value);
      return { output, matched: r.value !== null && matchesExpected(output, expected), exitCode: 0 };
    }
    case 'http': {
      // The body comes redacted (the ports' observers): matched as the record will show it, and
      // cut only now.
      const res = await o.http(probe.url, { signal, body: probe.body !== undefined });
      const bodyOk = probe.body === undefined || matchesExpected(res.body, probe.body);
      return {
        output: `${res.status}${probe.body === undefined ? '' : ` ${res.body.trim().slice(0, 200)}`}`,
        matched: res.status === probe.status && bodyOk,
        exitCode: 0,
      };
    }
    case 'velero': {
      const [newest] = await (await o.kube()).backups(probe.namespace, { signal, timeoutMs });
      if (!newest) return { output: 'no backups', matched: false, exitCode: 0 };
      const age = newest.completed ? now.getTime() - Date.parse(newest.completed) : null;
      return {
        output: `${newest.name}: ${newest.phase}${age === null ? ', not completed' : `, ${ageText(age)}`}`,
        matched: newest.phase === 'Completed' && age !== null && age <= probe.maxAgeMs,
        exitCode: 0,
      };
    }
  }
}

export async function probeOnce(
  probe: BuiltinProbe,
  expected: Expected,
  o: Observers,
  opts: { timeoutMs: number; now: Date; signal?: AbortSignal },
): Promise<ProbeAttempt> {
  try {
    return await withDeadline(opts.timeoutMs, opts.signal, (s) =>
      answer(probe, expected, o, s, opts.timeoutMs, opts.now),
    );
  } catch (err) {
    return { output: `unavailable: ${reasonOf(err)}`, matched: false, exitCode: null };
  }
}

/**
 * The pod-template-hash of the target deployment's current revision (named, or the one deployment
 * its selector matches), so that during a rollout the old ReplicaSet's pods do not count; undefined
 * when it cannot tell, and then every pod counts.
 */
export async function revisionHash(
  target: KubeTarget,
  kube: KubeReader,
  call: CallOptions,
): Promise<string | undefined> {
  if (!kube.currentTemplateHash) return undefined;
  const name =
    target.deployment ??
    (await kube
      .deployments(target.namespace, target.selector, undefined, call)
      .then((d) => (d.length === 1 ? d[0]?.name : undefined)));
  return name ? kube.currentTemplateHash(target.namespace, name, call) : undefined;
}

/** The pods' failure reasons matched against the outcome spec's failure indicators. */
export function podIndicatorsSeen(
  plan: Plan,
  pods: readonly PodState[],
  scope: IndicatorScope,
): IndicatorSeen[] {
  return podIndicators(pods, scope).flatMap((r) =>
    findIndicators(r.reason, plan.indicators).map((hit) => ({
      pattern: hit.pattern,
      severity: hit.severity,
      source: `pod:${r.pod}/${r.container}`,
      line: `${WHERE[r.where]}=${r.reason}`,
    })),
  );
}

/**
 * The target's pods and Warning events matched against the outcome spec's failure indicators;
 * never throws. Only this run's: with `since`, a termination that finished earlier is history, and
 * pods of an older revision than the deployment's current one are not counted. `pods`, when given
 * (a watch's current view), saves listing them again.
 */
export async function clusterIndicators(
  plan: Plan,
  target: KubeTarget,
  o: Observers,
  opts: { timeoutMs: number; signal?: AbortSignal; since?: Date; pods?: readonly PodState[] },
): Promise<IndicatorSeen[]> {
  if (plan.indicators.length === 0) return [];
  try {
    const { pods, events, templateHash } = await withDeadline(opts.timeoutMs, opts.signal, async (signal) => {
      const kube = await o.kube();
      const call = { signal, timeoutMs: opts.timeoutMs };
      const [pods, templateHash] = await Promise.all([
        opts.pods ?? kube.pods(target.namespace, target.selector, call),
        revisionHash(target, kube, call).catch(() => undefined),
      ]);
      const names = [...pods.map((p) => p.name), ...(target.deployment ? [target.deployment] : [])];
      return {
        pods,
        templateHash,
        events: await kube.warningEvents(target.namespace, names, opts.since, call),
      };
    });
    const scope = { ...(opts.since ? { since: opts.since } : {}), ...(templateHash ? { templateHash } : {}) };
    const fromPods = podIndicatorsSeen(plan, pods, scope);
    const fromEvents = events.flatMap((e) =>
      findIndicators(`${e.reason}: ${e.message}`, plan.indicators).map((hit) => ({
        pattern: hit.pattern,
        severity: hit.severity,
        source: `event:${e.object}`,
        // The event came redacted (the ports' observers): cut only now.
        line: `${e.reason}: ${e.message}`.slice(0, 300),
      })),
    );
    return [...fromPods, ...fromEvents];
  } catch {
    return []; // the snapshot records the provider as unavailable; polling goes on with the checks
  }
}
