import { type Access, access } from './access.js';

// What intentops' own Kubernetes provider calls for one intent (src/adapters/kubernetes.ts and
// kubernetes-watch.ts, driven by app/observe/ and app/observe/checks.ts), in each job:
//   snapshot (capture.kubernetes)  pods: list · deployments: list, or get when `deployment` names it · events: list
//   capture.velero, velero checks  backups.velero.io: list
//   pods_ready checks              pods: list
//   failure-indicator watch        pods: list, watch · replicasets: list (the current revision) ·
//     (checks, and the bake)       deployments: list when no `deployment` is named · events: list
//   the live plan (pull requests)  deployments, statefulsets, daemonsets, pods, events: list
//   the drift guard (execute)      the same lists, of the kinds the plan saw: deployments only when
//                                  `deployment` names one (app/execute/drift-guard.ts)
// The execute job takes the snapshots, runs the checks and prechecks; the bake job (observe
// identity) takes the snapshots and runs the watch; the plan job (observe identity too) lists the
// namespace of every intent that captures Kubernetes, for its live state (app/plan/live-state.ts).

export interface ProviderUse {
  kubernetes?: { namespace: string; deployment?: string | undefined };
  velero?: { namespace?: string | undefined };
  /** The outcome spec has failure indicators: pods are watched while checks run and during the bake. */
  indicators: boolean;
  /** The intent has outcome checks (the watch runs only alongside them). */
  checks: boolean;
  /** Built-in checks and prechecks that call the provider. */
  probes: { kind: 'pods_ready' | 'velero'; namespace: string; where: string }[];
  /** A bake window (intent or outcome spec `observe:`): the bake job runs for this intent. */
  bake: boolean;
}

export interface Because {
  access: Access;
  why: string;
}

function snapshot(u: ProviderUse): Because[] {
  const out: Because[] = [];
  const k = u.kubernetes;
  if (k) {
    const why = 'capture.kubernetes';
    out.push(
      { access: access('', 'pods', ['list'], k.namespace), why },
      { access: access('apps', 'deployments', [k.deployment ? 'get' : 'list'], k.namespace), why },
      { access: access('', 'events', ['list'], k.namespace), why },
    );
  }
  if (u.velero)
    out.push({
      access: access('velero.io', 'backups', ['list'], u.velero.namespace ?? 'velero'),
      why: 'capture.velero',
    });
  return out;
}

function watch(u: ProviderUse): Because[] {
  const k = u.kubernetes;
  if (!k || !u.indicators) return [];
  const why = 'failure indicators on the pods of capture.kubernetes';
  return [
    { access: access('', 'pods', ['list', 'watch'], k.namespace), why },
    { access: access('apps', 'replicasets', ['list'], k.namespace), why },
    ...(k.deployment ? [] : [{ access: access('apps', 'deployments', ['list'], k.namespace), why }]),
    { access: access('', 'events', ['list'], k.namespace), why },
  ];
}

/** What the plan's live state lists: every workload kind, the pods and the events, once each. */
function livePlan(u: ProviderUse): Because[] {
  const k = u.kubernetes;
  if (!k) return [];
  const why = 'the live state of the plan (capture.kubernetes)';
  return [
    { access: access('apps', 'deployments', ['list'], k.namespace), why },
    { access: access('apps', 'statefulsets', ['list'], k.namespace), why },
    { access: access('apps', 'daemonsets', ['list'], k.namespace), why },
    { access: access('', 'pods', ['list'], k.namespace), why },
    { access: access('', 'events', ['list'], k.namespace), why },
  ];
}

/**
 * What the drift guard lists again at execute (and a `/retry` re-plans with): the kinds the approved
 * plan saw of the target, the pods and the Warning events, one list each (the adapter's
 * namespaceState). A named deployment is all the plan notes, so only deployments are listed then.
 * Without them a real cluster answers 403 and the guard says "not compared": drift goes unseen.
 * Always granted when the intent captures Kubernetes, whatever the policies say: the guard compares
 * under every `on_drift`, `proceed` (the default) too, which records and comments what moved.
 */
export function driftGuardAccess(u: ProviderUse): Because[] {
  const k = u.kubernetes;
  if (!k) return [];
  const kinds = k.deployment ? ['deployments'] : ['deployments', 'statefulsets', 'daemonsets'];
  const why = 'the workloads of capture.kubernetes listed again at execute, compared with the approved plan';
  return [
    ...kinds.map((kind) => ({ access: access('apps', kind, ['list'], k.namespace), why })),
    { access: access('', 'pods', ['list'], k.namespace), why },
    { access: access('', 'events', ['list'], k.namespace), why },
  ];
}

export function providerAccess(u: ProviderUse, job: 'execute' | 'observe'): Because[] {
  if (job === 'observe') return [...(u.bake ? [...snapshot(u), ...watch(u)] : []), ...livePlan(u)];
  return [
    ...snapshot(u),
    ...(u.checks ? watch(u) : []),
    ...u.probes.map((p) => ({
      access:
        p.kind === 'pods_ready'
          ? access('', 'pods', ['list'], p.namespace)
          : access('velero.io', 'backups', ['list'], p.namespace),
      why: p.where,
    })),
  ];
}
