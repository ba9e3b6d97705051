import { trailerMarkers } from '../bot/bot-markers.js';
import type { EventState } from '../observe/kube-state.js';
import type { KubeTarget } from './plan-observe.js';

// What the plan shows of the cluster as it is now, and what the drift guard compares at execute.
// Pure: the adapter lists each namespace once (kinds × namespaces, never per request) and these
// functions pick each request's target out of those lists.

/** The workload kinds the plan lists, one list each per namespace. */
export const WORKLOAD_KINDS = ['deployment', 'statefulset', 'daemonset'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/**
 * A Deployment, StatefulSet or DaemonSet as the plan sees it: what a reviewer approves against and
 * execute compares with. A DaemonSet's desired/ready are its desiredNumberScheduled/numberReady.
 */
export interface LiveWorkload {
  kind: WorkloadKind;
  name: string;
  labels: Record<string, string>;
  generation: number;
  /** The pod template's container images, in spec order. */
  images: string[];
  desired: number;
  ready: number;
}

export interface LivePod {
  name: string;
  labels: Record<string, string>;
  ready: boolean;
  restarts: number;
  /** Containers whose last termination finished within the hour before the listing. */
  restartsLastHour: number;
}

/** One namespace, listed once for every request that targets it. */
export interface NamespaceState {
  workloads: LiveWorkload[];
  pods: LivePod[];
  events: EventState[];
  /** Kinds the identity may not list here (403): said once, not a failure. */
  unlisted?: { kind: WorkloadKind; why: string }[];
}

/**
 * What the plan notes per workload (the plan comment's hidden data); execute compares it. `kind` is
 * left out for a deployment: a trailer written before StatefulSets and DaemonSets were read has none,
 * and reads the same.
 */
export interface SeenWorkload {
  kind?: Exclude<WorkloadKind, 'deployment'>;
  namespace: string;
  name: string;
  generation: number;
  images: string[];
  replicas: number;
}

export interface LiveTarget {
  namespace: string;
  selector: string;
  workloads: SeenWorkload[];
  /** Ready of desired replicas, summed over the workloads. */
  ready: number;
  desired: number;
  restartsLastHour: number;
  /** Container restarts since the pods started (restartCount, summed). */
  restarts: number;
  /** Warning events of the workloads and their pods, newest first, at most 5. */
  events: { reason: string; object: string; count: number; lastSeen: string | null }[];
}

interface Requirement {
  key: string;
  op: 'in' | 'notin' | 'exists' | 'absent';
  values: string[];
}

/** Label selector syntax (`a=b,c!=d,e in (x,y),!f`), as kubectl takes it. Undefined when unreadable. */
export function parseSelector(selector: string): Requirement[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  const out: Requirement[] = [];
  for (const raw of parts.map((p) => p.trim()).filter(Boolean)) {
    const set = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(raw);
    if (set) {
      const values = (set[3] ?? '').split(',').map((v) => v.trim());
      out.push({ key: set[1] as string, op: set[2] as 'in' | 'notin', values });
      continue;
    }
    const eq = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(raw);
    if (eq) {
      out.push({ key: eq[1] as string, op: eq[2] === '!=' ? 'notin' : 'in', values: [eq[3] as string] });
      continue;
    }
    const ex = /^(!?)([\w./-]+)$/.exec(raw);
    if (!ex) return undefined;
    out.push({ key: ex[2] as string, op: ex[1] ? 'absent' : 'exists', values: [] });
  }
  return out;
}

export function matchesSelector(labels: Record<string, string>, reqs: readonly Requirement[]): boolean {
  return reqs.every((r) => {
    const v = labels[r.key];
    switch (r.op) {
      case 'in':
        return v !== undefined && r.values.includes(v);
      case 'notin':
        return v === undefined || !r.values.includes(v);
      case 'exists':
        return v !== undefined;
      default:
        return v === undefined;
    }
  });
}

/** `registry:5000/team/app:1.4.2@sha256:…` → `1.4.2`; undefined without a tag. */
export function imageTag(image: string): string | undefined {
  const noDigest = image.split('@')[0] ?? '';
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  const i = last.indexOf(':');
  return i < 0 ? undefined : last.slice(i + 1) || undefined;
}

/**
 * `api` owns `api-6b7d9c5f4-k2x7p` (its ReplicaSet's pod), `api-x7k2p` (a DaemonSet's pod) and
 * `api-0` (a StatefulSet's), but not `api-gateway`.
 */
const GENERATED =
  /^([bcdfghjklmnpqrstvwxz2456789]{6,10}(-[bcdfghjklmnpqrstvwxz2456789]{5})?|[bcdfghjklmnpqrstvwxz2456789]{5}|\d+)$/;
function owned(name: string, owners: readonly string[]): boolean {
  return owners.some(
    (o) => name === o || (name.startsWith(`${o}-`) && GENERATED.test(name.slice(o.length + 1))),
  );
}

/** What the plan notes of a workload: its kind only when it is not a deployment. */
export function seenOf(namespace: string, w: LiveWorkload): SeenWorkload {
  return {
    ...(w.kind === 'deployment' ? {} : { kind: w.kind }),
    namespace,
    name: w.name,
    generation: w.generation,
    images: w.images,
    replicas: w.desired,
  };
}

export const kindOf = (w: Pick<SeenWorkload, 'kind'>): WorkloadKind => w.kind ?? 'deployment';

/**
 * The request's target out of its namespace's lists: the named deployment, or the workloads of
 * every kind the selector matches; the pods the selector matches; the warning events of both. A
 * selector that cannot be read matches nothing (the plan says no workload was found, never guesses).
 */
export function liveTarget(target: KubeTarget, ns: NamespaceState): LiveTarget {
  const reqs = parseSelector(target.selector);
  const workloads = target.deployment
    ? ns.workloads.filter((d) => d.kind === 'deployment' && d.name === target.deployment)
    : reqs?.length
      ? ns.workloads.filter((d) => matchesSelector(d.labels, reqs))
      : [];
  const pods = reqs?.length ? ns.pods.filter((p) => matchesSelector(p.labels, reqs)) : [];
  const owners = [...workloads.map((d) => d.name), ...pods.map((p) => p.name)];
  const events = ns.events
    .filter((e) => owned(e.object.slice(e.object.indexOf('/') + 1), owners))
    .slice(0, 5)
    .map((e) => ({ reason: e.reason, object: e.object, count: e.count, lastSeen: e.lastSeen }));
  return {
    namespace: target.namespace,
    selector: target.selector,
    workloads: workloads.map((d) => seenOf(target.namespace, d)),
    ready: workloads.reduce((n, d) => n + d.ready, 0),
    desired: workloads.reduce((n, d) => n + d.desired, 0),
    restartsLastHour: pods.reduce((n, p) => n + p.restartsLastHour, 0),
    restarts: pods.reduce((n, p) => n + p.restarts, 0),
    events,
  };
}

export const sameWorkload = (a: SeenWorkload, b: SeenWorkload): boolean =>
  kindOf(a) === kindOf(b) && a.namespace === b.namespace && a.name === b.name;

/** What moved between the workloads the plan saw and those seen now, one line each; [] when nothing. */
export function driftOf(seen: readonly SeenWorkload[], now: readonly SeenWorkload[]): string[] {
  const out: string[] = [];
  for (const s of seen) {
    const n = now.find((w) => sameWorkload(w, s));
    const at = `${kindOf(s)} ${s.namespace}/${s.name}`;
    if (!n) {
      out.push(`${at} is gone`);
      continue;
    }
    const moved: string[] = [];
    if (n.generation !== s.generation) moved.push(`generation ${s.generation} → ${n.generation}`);
    if (n.images.join(',') !== s.images.join(','))
      moved.push(`image ${s.images.join(', ')} → ${n.images.join(', ')}`);
    if (n.replicas !== s.replicas) moved.push(`replicas ${s.replicas} → ${n.replicas}`);
    if (moved.length) out.push(`${at}: ${moved.join('; ')}`);
  }
  return out;
}

/** One workload as it is: `deployment shop/web-0: registry.example/web-0:1.5.1, 2 replicas (generation 4)`. */
export function describeWorkload(w: SeenWorkload): string {
  return `${kindOf(w)} ${w.namespace}/${w.name}: ${w.images.join(', ') || 'no image'}, ${w.replicas} replicas (generation ${w.generation})`;
}

// The plan comment's hidden data: what the plan saw per request, found again at execute.
const SEEN_KEY = 'plan-seen';

export type SeenByRequest = Record<string, SeenWorkload[]>;

/** As an HTML comment: base64 so no text from the cluster can close it or reach the rendering. */
export function seenMarker(seen: SeenByRequest): string {
  return `<!-- intentops:${SEEN_KEY}=${Buffer.from(JSON.stringify(seen), 'utf8').toString('base64')} -->`;
}

/**
 * The hidden data of a plan comment, from its trailer only (a marker quoted in text is not data);
 * undefined when it has none or it is unreadable.
 */
export function seenIn(body: string | null | undefined): SeenByRequest | undefined {
  const value = trailerMarkers(body).get(SEEN_KEY);
  if (value === undefined) return undefined;
  try {
    const data = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as unknown;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
    const out: SeenByRequest = {};
    for (const [path, list] of Object.entries(data)) {
      if (!Array.isArray(list)) return undefined;
      out[path] = list.filter(
        (w): w is SeenWorkload =>
          (w?.kind === undefined || w.kind === 'statefulset' || w.kind === 'daemonset') &&
          typeof w?.namespace === 'string' &&
          typeof w.name === 'string' &&
          typeof w.generation === 'number' &&
          Array.isArray(w.images) &&
          typeof w.replicas === 'number',
      );
    }
    return out;
  } catch {
    return undefined;
  }
}
