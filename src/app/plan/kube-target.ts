import type { Plan } from '../../domain/plan/plan.js';
import { usesKubernetes } from '../../domain/plan/plan-kube.js';
import type { Observers } from '../shared/providers.js';

// The one line `plan` and `run` print about the cluster: which context and API server, from which
// kubeconfig — or why there is none, which otherwise showed only in the record as an empty snapshot.

export async function kubeTargetLine(
  plan: Plan,
  observers: Pick<Observers, 'kubeTarget'>,
): Promise<string | undefined> {
  if (!observers.kubeTarget || !usesKubernetes(plan)) return undefined;
  try {
    const t = await observers.kubeTarget();
    const steps = t.kubeconfigContext
      ? `; kubectl in steps uses the kubeconfig's current context ${t.kubeconfigContext}`
      : '';
    return `Kubernetes: context ${t.context}, server ${t.server} (from ${t.from})${steps}`;
  } catch (err) {
    const empty = plan.observe?.kubernetes ? ': the Kubernetes snapshot will be empty' : '';
    return `Kubernetes: none — ${(err as Error).message}${empty}`;
  }
}
