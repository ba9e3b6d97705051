import type { Plan } from '../../domain/plan/plan.js';
import { readSettings, unsetChannels } from '../after-run/settings.js';
import { createObservers, observerConfigFromEnv } from '../shared/providers.js';
import type { PlanWhere } from './format.js';
import { kubeTargetLine } from './kube-target.js';

// What a local `plan` knows beyond the plan itself: where the queries go, which cluster the run
// would touch, and which alerts would be skipped — said once here rather than on every run.

export async function planWhere(
  repoDir: string,
  plan: Plan,
  env: Record<string, string | undefined>,
): Promise<PlanWhere> {
  const config = observerConfigFromEnv(env);
  const [kube, settings] = await Promise.all([
    kubeTargetLine(plan, createObservers(config)),
    readSettings(repoDir, env),
  ]);
  const notes = [...unsetChannels(settings.channels, env), ...settings.problems];
  return {
    ...(config.prometheusUrl ? { prometheusUrl: config.prometheusUrl } : {}),
    ...(config.lokiUrl ? { lokiUrl: config.lokiUrl } : {}),
    ...(kube ? { kube } : {}),
    ...(notes.length ? { notes } : {}),
  };
}
