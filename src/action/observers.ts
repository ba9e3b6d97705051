import { type ObserverConfig, observerConfigFromEnv } from '../app/shared/providers.js';
import type { ActionInputs } from './inputs.js';
import { actionEnv } from './sealed-env.js';

/** The providers' configuration: the action's inputs first, then the environment. */
export function observerConfig(inputs: ActionInputs): ObserverConfig {
  const fromEnv = observerConfigFromEnv(actionEnv());
  return {
    ...fromEnv,
    ...(inputs.prometheusUrl ? { prometheusUrl: inputs.prometheusUrl } : {}),
    ...(inputs.lokiUrl ? { lokiUrl: inputs.lokiUrl } : {}),
    // The input as the file main wrote: the same file the steps' kubectl reads through KUBECONFIG.
    ...(inputs.kubeconfigPath ? { kubeconfigPath: inputs.kubeconfigPath } : {}),
    ...(serviceAccountDir() ? { serviceAccountDir: serviceAccountDir() } : {}),
  };
}

/**
 * INTENTOPS_SERVICE_ACCOUNT_DIR: the pod's service account folder when it is not the standard
 * /var/run/secrets/kubernetes.io/serviceaccount (set by the workflow, never by a request).
 */
export function serviceAccountDir(): string | undefined {
  return actionEnv().INTENTOPS_SERVICE_ACCOUNT_DIR || undefined;
}
