import { boundText } from './clip.js';

// What the observer keeps of Kubernetes objects, and the pure mappings from the API's
// shapes (field names as in the Kubernetes API reference) to it. The adapter feeds these with the
// client's deserialized models (dates as Date) or raw JSON (dates as RFC 3339 strings).

export interface ContainerState {
  name: string;
  image: string;
  ready: boolean;
  restarts: number;
  /** state.waiting.reason: CrashLoopBackOff, ImagePullBackOff, ErrImagePull, … */
  waiting?: string;
  /** state.terminated.reason */
  terminated?: string;
  /** state.terminated.finishedAt (RFC 3339). */
  terminatedAt?: string;
  /** lastState.terminated.reason: where OOMKilled shows while the container is restarting. */
  lastTerminated?: string;
  /** lastState.terminated.finishedAt (RFC 3339): an OOMKill from days ago is not this run's. */
  lastTerminatedAt?: string;
  message?: string;
  /** An init container (its CrashLoopBackOff keeps the pod in Init:CrashLoopBackOff). */
  init?: boolean;
}

export interface PodState {
  name: string;
  phase: string;
  ready: boolean;
  restarts: number;
  containers: ContainerState[];
  /** The pod-template-hash label: which ReplicaSet (revision of its Deployment) the pod belongs to. */
  templateHash?: string;
}

export interface DeploymentState {
  name: string;
  desired: number;
  updated: number;
  ready: number;
  available: number;
  observedGeneration: number;
  generation: number;
  conditions: { type: string; status: string; reason?: string }[];
}

export interface EventState {
  reason: string;
  message: string;
  /** kind/name of the involved object */
  object: string;
  count: number;
  lastSeen: string | null;
  type: string;
}

export interface PodIndicator {
  pod: string;
  container: string;
  reason: string;
  where: 'waiting' | 'terminated' | 'lastTerminated';
  /** When it happened (finishedAt), when the API says. */
  at?: string;
}

/** Which indicators belong to this run; see podIndicators. */
export interface IndicatorScope {
  /** When the run started: a termination that finished before is history, not this run's doing. */
  since?: Date;
  /** pod-template-hash of the Deployment's current revision: during a rollout, old pods do not count. */
  templateHash?: string;
}

export type Time = Date | string | null | undefined;
/** Characters of a container or event message a record keeps: cut after redaction (clipMessages). */
export const MESSAGE_LIMIT = 512;
/** Messages as read are only bounded (domain/observe/clip.ts): the API server keeps them far shorter. */
const MESSAGE_BOUND = 16 * 1024;

/** RFC 3339 text of a timestamp, or null when absent or unparseable. */
export function isoTime(t: Time): string | null {
  if (t === null || t === undefined || t === '') return null;
  const d = t instanceof Date ? t : new Date(t);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

// Minimal structural views of the API objects: the client's V1Pod etc. fit them.
interface Meta {
  name?: string;
  generation?: number;
  creationTimestamp?: Time;
  labels?: Record<string, string>;
  resourceVersion?: string;
}
interface KContainerStatus {
  name: string;
  image?: string;
  ready?: boolean;
  restartCount?: number;
  state?: KState;
  lastState?: KState;
}
interface KState {
  waiting?: { reason?: string; message?: string };
  terminated?: { reason?: string; message?: string; finishedAt?: Time };
}
export interface KPod {
  metadata?: Meta;
  spec?: {
    containers?: { name: string; image?: string }[];
    initContainers?: { name: string; image?: string }[];
  };
  status?: {
    phase?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: KContainerStatus[];
    initContainerStatuses?: KContainerStatus[];
  };
}
export interface KDeployment {
  metadata?: Meta & { annotations?: Record<string, string> };
  spec?: { replicas?: number };
  status?: {
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    observedGeneration?: number;
    conditions?: { type: string; status: string; reason?: string }[];
  };
}
export interface KEvent {
  metadata?: Meta;
  involvedObject?: { kind?: string; name?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  lastTimestamp?: Time;
  eventTime?: Time;
  series?: { count?: number; lastObservedTime?: Time };
}

function containers(
  specs: { name: string; image?: string }[] | undefined,
  statuses: KContainerStatus[] | undefined,
  init: boolean,
): ContainerState[] {
  // Spec order, so a container without a status yet (unscheduled pod) still shows.
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  const names = [...(specs ?? []).map((c) => c.name), ...(statuses ?? []).map((s) => s.name)];
  return [...new Set(names)].map((name) => {
    const s = byName.get(name);
    const image = specs?.find((c) => c.name === name)?.image ?? s?.image ?? '';
    const message = s?.state?.waiting?.message ?? s?.state?.terminated?.message;
    return {
      name,
      image,
      ready: s?.ready ?? false,
      restarts: s?.restartCount ?? 0,
      ...(s?.state?.waiting?.reason ? { waiting: s.state.waiting.reason } : {}),
      ...(s?.state?.terminated?.reason ? { terminated: s.state.terminated.reason } : {}),
      ...(s?.state?.terminated?.reason && isoTime(s.state.terminated.finishedAt)
        ? { terminatedAt: isoTime(s.state.terminated.finishedAt) as string }
        : {}),
      ...(s?.lastState?.terminated?.reason ? { lastTerminated: s.lastState.terminated.reason } : {}),
      ...(s?.lastState?.terminated?.reason && isoTime(s.lastState.terminated.finishedAt)
        ? { lastTerminatedAt: isoTime(s.lastState.terminated.finishedAt) as string }
        : {}),
      ...(message ? { message: boundText(message, MESSAGE_BOUND) } : {}),
      ...(init ? { init: true } : {}),
    };
  });
}

export function podState(pod: KPod): PodState {
  const all = [
    ...containers(pod.spec?.initContainers, pod.status?.initContainerStatuses, true),
    ...containers(pod.spec?.containers, pod.status?.containerStatuses, false),
  ];
  return {
    name: pod.metadata?.name ?? '',
    phase: pod.status?.phase ?? 'Unknown',
    ready: pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    restarts: all.reduce((sum, c) => sum + c.restarts, 0),
    containers: all,
    ...(pod.metadata?.labels?.['pod-template-hash']
      ? { templateHash: pod.metadata.labels['pod-template-hash'] }
      : {}),
  };
}

export function deploymentState(d: KDeployment): DeploymentState {
  return {
    name: d.metadata?.name ?? '',
    // The API defaults spec.replicas to 1 when it is left out.
    desired: d.spec?.replicas ?? 1,
    updated: d.status?.updatedReplicas ?? 0,
    ready: d.status?.readyReplicas ?? 0,
    available: d.status?.availableReplicas ?? 0,
    observedGeneration: d.status?.observedGeneration ?? 0,
    generation: d.metadata?.generation ?? 0,
    conditions: (d.status?.conditions ?? []).map((c) => ({
      type: c.type,
      status: c.status,
      ...(c.reason ? { reason: c.reason } : {}),
    })),
  };
}

export function eventState(e: KEvent): EventState {
  // Events written through events.k8s.io/v1 (the scheduler's) have eventTime and series, not
  // lastTimestamp and count, when read through core/v1.
  const lastSeen =
    isoTime(e.series?.lastObservedTime) ??
    isoTime(e.lastTimestamp) ??
    isoTime(e.eventTime) ??
    isoTime(e.metadata?.creationTimestamp);
  return {
    reason: e.reason ?? '',
    message: boundText(e.message ?? '', MESSAGE_BOUND),
    object: `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`,
    count: e.series?.count ?? e.count ?? 1,
    lastSeen,
    type: e.type ?? '',
  };
}

// Suffixes controllers generate, in the alphabet of apimachinery's rand.SafeEncodeString:
// `<deployment>-<pod-template-hash>` (ReplicaSet), `<replicaset>-<5>` (pod), `<daemonset>-<5>`,
// `<statefulset>-<ordinal>`. So `api` owns `api-6b7d9c5f4-k2x7p` but not `api-gateway-…`.
const GENERATED_SUFFIX =
  /^([bcdfghjklmnpqrstvwxz2456789]{6,10}(-[bcdfghjklmnpqrstvwxz2456789]{5})?|[bcdfghjklmnpqrstvwxz2456789]{5}|\d+)$/;

function ownedBy(name: string, owner: string): boolean {
  if (name === owner) return true;
  return name.startsWith(`${owner}-`) && GENERATED_SUFFIX.test(name.slice(owner.length + 1));
}

/** The events of the named objects and of those generated from them, newest first. */
export function eventsFor(
  events: readonly KEvent[],
  involvedNames: readonly string[],
  since: Date | undefined,
  max = 50,
): EventState[] {
  const mine = (name: string) => involvedNames.some((n) => ownedBy(name, n));
  return events
    .filter((e) => mine(e.involvedObject?.name ?? ''))
    .map(eventState)
    .filter((e) => !since || (e.lastSeen !== null && Date.parse(e.lastSeen) >= since.getTime()))
    .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))
    .slice(0, max);
}

// Reasons that are part of a normal start or a clean exit, not failures.
const BENIGN_WAITING = new Set(['ContainerCreating', 'PodInitializing']);
const BENIGN_TERMINATED = new Set(['Completed']);

/** A termination counts unless the API says it finished before the run started. */
function happenedSince(at: string | undefined, since: Date | undefined): boolean {
  return !since || at === undefined || Date.parse(at) >= since.getTime();
}

/**
 * Every failure reason a pod's containers show: waiting (CrashLoopBackOff, ImagePullBackOff,
 * ErrImagePull, CreateContainerConfigError, RunContainerError, InvalidImageName, …), terminated and
 * last terminated (OOMKilled, Error, …). Matching them against failure_indicators is the caller's.
 * With a scope, only this run's: a termination that finished before `since` is history (a waiting
 * state is what the pod does now, so it counts when seen), and pods of another revision than
 * `templateHash` are the old ReplicaSet being scaled down.
 */
export function podIndicators(pods: readonly PodState[], scope: IndicatorScope = {}): PodIndicator[] {
  const out: PodIndicator[] = [];
  for (const p of pods) {
    if (scope.templateHash && p.templateHash && p.templateHash !== scope.templateHash) continue;
    for (const c of p.containers) {
      if (c.waiting && !BENIGN_WAITING.has(c.waiting)) {
        out.push({ pod: p.name, container: c.name, reason: c.waiting, where: 'waiting' });
      }
      if (
        c.terminated &&
        !BENIGN_TERMINATED.has(c.terminated) &&
        happenedSince(c.terminatedAt, scope.since)
      ) {
        const at = c.terminatedAt ? { at: c.terminatedAt } : {};
        out.push({ pod: p.name, container: c.name, reason: c.terminated, where: 'terminated', ...at });
      }
      if (
        c.lastTerminated &&
        !BENIGN_TERMINATED.has(c.lastTerminated) &&
        happenedSince(c.lastTerminatedAt, scope.since)
      ) {
        const at = c.lastTerminatedAt ? { at: c.lastTerminatedAt } : {};
        out.push({
          pod: p.name,
          container: c.name,
          reason: c.lastTerminated,
          where: 'lastTerminated',
          ...at,
        });
      }
    }
  }
  return out;
}

export interface KReplicaSet {
  metadata?: Meta & {
    annotations?: Record<string, string>;
    ownerReferences?: { kind?: string; name?: string }[];
  };
}

/**
 * The pod-template-hash of a Deployment's current revision: of the ReplicaSets it owns, the one
 * whose deployment.kubernetes.io/revision is highest (the controller gives the new one the next
 * number). Undefined when none is found: then every pod counts.
 */
export function currentTemplateHash(
  replicaSets: readonly KReplicaSet[],
  deployment: string,
): string | undefined {
  let best: { revision: number; hash: string } | undefined;
  for (const rs of replicaSets) {
    const owned = rs.metadata?.ownerReferences?.some((o) => o.kind === 'Deployment' && o.name === deployment);
    const hash = rs.metadata?.labels?.['pod-template-hash'];
    const revision = Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision']);
    if (!owned || !hash || !Number.isFinite(revision)) continue;
    if (!best || revision > best.revision) best = { revision, hash };
  }
  return best?.hash;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A namespace must be a DNS label: `..` or `a/b` would change the request path. */
export function isNamespace(s: string): boolean {
  return DNS_LABEL.test(s);
}

export function isObjectName(s: string): boolean {
  return DNS_SUBDOMAIN.test(s);
}

/**
 * Pods and events with their messages cut to MESSAGE_LIMIT, for redacted ones only: read, they
 * are whole (see MESSAGE_BOUND), so that a secret across the cut is redacted first (issue 23).
 */
export function clipMessages<T extends PodState | EventState>(items: readonly T[]): T[] {
  return items.map((item) =>
    'containers' in item
      ? {
          ...item,
          containers: item.containers.map((c) =>
            c.message === undefined ? c : { ...c, message: c.message.slice(0, MESSAGE_LIMIT) },
          ),
        }
      : { ...item, message: item.message.slice(0, MESSAGE_LIMIT) },
  );
}
