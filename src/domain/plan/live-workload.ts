import type { LiveWorkload, WorkloadKind } from './live-state.js';

// A Deployment, StatefulSet or DaemonSet, as the API lists it, turned into what the plan shows and
// the drift guard compares. Pure: the adapter lists, this reads the fields.

/** The fields of the three kinds read here (the client's V1Deployment, V1StatefulSet, V1DaemonSet). */
export interface KWorkload {
  metadata?: { name?: string; generation?: number; labels?: Record<string, string> };
  spec?: { replicas?: number; template?: { spec?: { containers?: { image?: string }[] } } };
  status?: { readyReplicas?: number; desiredNumberScheduled?: number; numberReady?: number };
}

export function liveWorkload(kind: WorkloadKind, w: KWorkload): LiveWorkload {
  // A DaemonSet has no replicas: one pod per node it schedules on. The API defaults a
  // Deployment's and a StatefulSet's spec.replicas to 1 when left out.
  const daemon = kind === 'daemonset';
  return {
    kind,
    name: w.metadata?.name ?? '',
    labels: w.metadata?.labels ?? {},
    generation: w.metadata?.generation ?? 0,
    images: (w.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ''),
    desired: daemon ? (w.status?.desiredNumberScheduled ?? 0) : (w.spec?.replicas ?? 1),
    ready: (daemon ? w.status?.numberReady : w.status?.readyReplicas) ?? 0,
  };
}
