import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeTargetInfo } from '../../adapters/kubernetes.js';
import { parseRecordText, recordDays } from '../../adapters/record-scan.js';
import { draftFingerprint } from '../../domain/incidents/incident-draft.js';
import { imageTag, type LiveTarget, liveTarget, type NamespaceState } from '../../domain/plan/live-state.js';
import type { Plan } from '../../domain/plan/plan.js';
import { targetOf } from '../../domain/request/target.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import type { OpenIncident } from '../incidents/open-incidents.js';
import type { Observers } from '../shared/providers.js';

// The live state a plan shows under each request: the target's workloads as the cluster runs them
// now (deployments, statefulsets and daemonsets; read-only: list calls only, one per kind and
// namespace for all requests; a kind the identity may not list is said once), the captured
// metrics' current values, the last execution on the target and the incidents open on it. What
// could not be read is said, never left out.

export interface LastExecution {
  id: string;
  status: ExecutionRecord['status'];
  timestamp: string;
  /** The bake's verdict, from its follow-up record; absent when none was recorded. */
  bake?: string;
  version?: string;
}

export interface RequestLive {
  /** Whether the intent captures Kubernetes: only then does the plan say whether it read the cluster. */
  capturesKube: boolean;
  kube?: LiveTarget | { error: string };
  metrics?: Record<string, number | null | string>;
  last?: LastExecution;
  incidents: { title: string; where: string }[];
  /** The version the target runs now (live image tag, else the last success's `version` param). */
  from?: string;
}

/** `looked: false` says why the plan did not read the cluster: never a silent omission. */
export type LiveReport =
  | { looked: false; why: string; byPath: Record<string, RequestLive> }
  | {
      looked: true;
      from: string;
      byPath: Record<string, RequestLive>;
      /** Kinds the identity may not list, said once for all requests: `daemonsets in shop (forbidden)`. */
      unlisted?: string[];
    };

export interface LiveOptions {
  repoDir: string;
  now: Date;
  /** With the cluster reachable: its observers, and which kubeconfig (named in the output). */
  cluster?: { observers: Observers; from: string };
  /** Why there is no cluster to read (the plan says it). */
  noCluster?: string;
  /** Prometheus for the captured metrics (the same observers, or alone without a cluster). */
  observers?: Observers;
  /** Open incidents (local drafts, or the GitHub issues in the action). */
  incidents: () => Promise<OpenIncident[]>;
  timeoutMs?: number;
}

const DAYS_BACK = 30;

async function lastExecutions(
  repoDir: string,
  wanted: { intent: string; target: string | undefined }[],
  now: Date,
): Promise<Map<string, LastExecution>> {
  const found = new Map<string, LastExecution>();
  const key = (intent: string, target: string | undefined) => `${intent}\u0000${target ?? ''}`;
  const open = new Set(wanted.map((w) => key(w.intent, w.target)));
  const bakes = new Map<string, string>();
  const since = new Date(now.getTime() - DAYS_BACK * 86_400_000);
  for (const day of (await recordDays(repoDir, since)).reverse()) {
    if (open.size === 0) break;
    const dir = `executions/${day}`;
    const names = (await readdir(join(repoDir, dir)).catch(() => [] as string[])).filter((n) =>
      n.endsWith('.yaml'),
    );
    const intents = [...new Set(wanted.map((w) => w.intent))];
    const records = await Promise.all(
      names.map(async (n) => {
        try {
          const text = await readFile(join(repoDir, dir, n), 'utf8');
          // A record that does not name a wanted intent cannot be one: not parsed.
          if (!intents.some((i) => text.includes(i))) return undefined;
          return parseRecordText(text, `${dir}/${n}`) as ExecutionRecord;
        } catch {
          return undefined;
        }
      }),
    );
    const sorted = records
      .filter((r): r is ExecutionRecord => !!r)
      .sort((a, b) => String(b.timestamp).localeCompare(String(a.timestamp)));
    for (const r of sorted) {
      if (r.observation_of) {
        if (r.observation?.verdict) bakes.set(r.observation_of, r.observation.verdict);
        continue;
      }
      const k = key(r.intent, targetOf(r.params ?? {}));
      if (!open.has(k)) continue;
      open.delete(k);
      const version = r.params?.version;
      found.set(k, {
        id: r.id,
        status: r.status,
        timestamp: r.timestamp,
        ...(typeof version === 'string' ? { version } : {}),
      });
    }
  }
  for (const last of found.values()) {
    const bake = bakes.get(last.id);
    if (bake) last.bake = bake;
  }
  const out = new Map<string, LastExecution>();
  for (const w of wanted) {
    const l = found.get(key(w.intent, w.target));
    if (l) out.set(key(w.intent, w.target), l);
  }
  return out;
}

/**
 * Whether an open incident is on this target: a local draft names it; an issue carries the
 * fingerprint of intent + rule + target (its labels give the intent and the rule).
 */
function onTarget(i: OpenIncident, intent: string, target: string | undefined): boolean {
  if (i.intent !== intent) return false;
  if (i.target !== undefined && i.target !== null) return i.target === (target ?? null);
  if (i.fingerprint && i.rule) return draftFingerprint(intent, i.rule, target) === i.fingerprint;
  return true;
}

/** Reads the live state of every planned request; never throws for what the cluster answers. */
export async function readLive(
  plans: readonly { path: string; plan?: Plan }[],
  o: LiveOptions,
): Promise<LiveReport> {
  const planned = plans.filter((p): p is { path: string; plan: Plan } => !!p.plan);
  const timeoutMs = o.timeoutMs ?? 5_000;
  // One list per kind and namespace for all requests.
  const namespaces = [
    ...new Set(
      planned.flatMap((p) => (p.plan.observe?.kubernetes ? [p.plan.observe.kubernetes.namespace] : [])),
    ),
  ];
  const lists = new Map<string, Promise<NamespaceState>>();
  if (o.cluster) {
    const kube = o.cluster.observers.kube();
    kube.catch(() => {});
    for (const ns of namespaces) {
      const p = kube.then((k) => {
        if (!k.namespaceState) throw new Error('this Kubernetes client cannot list a namespace');
        return k.namespaceState(ns, { timeoutMs });
      });
      p.catch(() => {});
      lists.set(ns, p);
    }
  }
  const [incidents, lasts] = await Promise.all([
    o.incidents().catch(() => [] as OpenIncident[]),
    lastExecutions(
      o.repoDir,
      planned.map((p) => ({ intent: p.plan.intent, target: targetOf(p.plan.params) })),
      o.now,
    ),
  ]);
  const byPath: Record<string, RequestLive> = {};
  await Promise.all(
    planned.map(async ({ path, plan }) => {
      const target = targetOf(plan.params);
      const live: RequestLive = {
        capturesKube: !!plan.observe?.kubernetes,
        incidents: incidents
          .filter((i) => onTarget(i, plan.intent, target))
          .map((i) => ({ title: i.title, where: i.where })),
      };
      const last = lasts.get(`${plan.intent}\u0000${target ?? ''}`);
      if (last) live.last = last;
      const k = plan.observe?.kubernetes;
      const list = k ? lists.get(k.namespace) : undefined;
      if (k && list) {
        try {
          live.kube = liveTarget(k, await list);
        } catch (err) {
          live.kube = { error: (err as Error).message };
        }
      }
      const prom = plan.observe?.prometheus;
      const observers = o.observers ?? o.cluster?.observers;
      if (prom && observers) {
        live.metrics = {};
        try {
          const client = observers.prometheus(prom.url);
          await Promise.all(
            Object.entries(prom.queries).map(async ([name, q]) => {
              try {
                (live.metrics as Record<string, number | null | string>)[name] = (
                  await client.instantQuery(q, { time: o.now, signal: AbortSignal.timeout(timeoutMs) })
                ).value;
              } catch (err) {
                (live.metrics as Record<string, number | null | string>)[name] =
                  `unavailable: ${(err as Error).message}`;
              }
            }),
          );
        } catch (err) {
          live.metrics = { '*': `unavailable: ${(err as Error).message}` };
        }
      }
      const tag =
        live.kube && 'workloads' in live.kube
          ? live.kube.workloads[0]?.images.map(imageTag).find(Boolean)
          : undefined;
      const from = tag ?? (last?.status === 'success' ? last.version : undefined);
      if (from) live.from = from;
      byPath[path] = live;
    }),
  );
  const unlisted: string[] = [];
  for (const [ns, list] of lists) {
    const state = await list.catch(() => undefined);
    for (const u of state?.unlisted ?? []) unlisted.push(`${u.kind}s in ${ns} (${u.why})`);
  }
  return o.cluster
    ? { looked: true, from: o.cluster.from, byPath, ...(unlisted.length ? { unlisted } : {}) }
    : { looked: false, why: o.noCluster ?? 'no cluster credentials', byPath };
}

/**
 * The cluster to read, when the observers can name one (`describe` says which kubeconfig); else
 * why not. Only the plans that capture Kubernetes make the question worth asking.
 */
export async function clusterOf(
  plans: readonly { plan?: Plan }[],
  observers: Observers,
  describe: (t: KubeTargetInfo) => string = (t) =>
    `kubeconfig ${t.from}, context ${t.context}, server ${t.server}`,
): Promise<Pick<LiveOptions, 'cluster' | 'noCluster'>> {
  if (!plans.some((p) => p.plan?.observe?.kubernetes)) return { noCluster: 'no request captures Kubernetes' };
  if (!observers.kubeTarget) return { noCluster: 'no Kubernetes client configured' };
  try {
    return { cluster: { observers, from: describe(await observers.kubeTarget()) } };
  } catch (err) {
    return { noCluster: (err as Error).message };
  }
}

/**
 * The live state with the environment's kubeconfig and Prometheus (`intentops plan`, the MCP
 * server): the current kubeconfig, named in the report.
 */
export async function liveFromEnv(
  repoDir: string,
  requests: readonly { path: string; plan?: Plan }[],
  now: Date,
  env: Record<string, string | undefined>,
  incidents: () => Promise<OpenIncident[]>,
): Promise<LiveReport> {
  const { createObservers, observerConfigFromEnv } = await import('../shared/providers.js');
  const config = observerConfigFromEnv(env);
  const observers = createObservers(config, 5_000);
  return readLive(requests, {
    repoDir,
    now,
    ...(await clusterOf(requests, observers)),
    ...(config.prometheusUrl ? { observers } : {}),
    incidents,
  });
}
