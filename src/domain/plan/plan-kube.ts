import type { Command, Plan } from './plan.js';

// Whether a plan touches a Kubernetes cluster: then `plan` and `run` say which context and API
// server they will use before anything runs (a kubeconfig pointing at the wrong cluster is the
// first thing a person wants to catch).

/** A command word that is one of the cluster tools, by itself or as a path (`/usr/bin/kubectl`). */
const KUBE_TOOL = /(^|[\s/;&|("'])(kubectl|helm|kustomize|velero)(?=$|[\s;&|)"'])/;

function callsKube(c: Command): boolean {
  return (typeof c === 'string' ? [c] : c).some((word) => KUBE_TOOL.test(word));
}

export function usesKubernetes(plan: Plan): boolean {
  if (plan.observe?.kubernetes || plan.observe?.velero) return true;
  const checks = [...plan.checks, ...plan.prechecks];
  if (checks.some((c) => c.probe?.kind === 'pods_ready' || c.probe?.kind === 'velero')) return true;
  return [...plan.steps, ...(plan.rollback?.steps ?? []), ...checks, ...plan.captures].some((c) =>
    callsKube(c.command),
  );
}
