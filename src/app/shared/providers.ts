import type { KubeReader, KubeSource, KubeTargetInfo } from '../../adapters/kubernetes.js';
import { LokiClient } from '../../adapters/loki.js';
import { PrometheusClient } from '../../adapters/prometheus.js';
import { boundText } from '../../domain/observe/clip.js';

// The observers a run may use, configured once (URLs and credentials from the environment or the
// intent), created only when an intent asks for them. The Kubernetes client is loaded on first use:
// `validate` and `plan` never pay for it.

export interface ObserverConfig {
  prometheusUrl?: string;
  prometheusHeaders?: Record<string, string>;
  lokiUrl?: string;
  lokiHeaders?: Record<string, string>;
  /** kubeconfig file, or its YAML (an action input); default: $KUBECONFIG, ~/.kube/config, in-cluster. */
  kubeconfigPath?: string;
  kubeconfigYaml?: string;
  kubeContext?: string;
  /** In a pod: the service account's folder, when not the standard one (tests, unusual mounts). */
  serviceAccountDir?: string;
  /** Set for the kubeconfig's credential plugins (`exec`): the OIDC token's file. */
  execEnv?: Record<string, string>;
}

/** What the observation asks of Prometheus and Loki (a bake hands in views that save calls). */
export type PrometheusReader = Pick<PrometheusClient, 'instantQuery' | 'instantQueries'>;
export type LokiReader = Pick<LokiClient, 'recentLines' | 'errorCount' | 'windowLogs'>;

/** An HTTP answer as a probe reads it. */
export interface HttpAnswer {
  status: number;
  /** The start of the body (64 KiB at most, never inside a word); empty unless asked for. */
  body: string;
}

export interface Observers {
  prometheus(url?: string): PrometheusReader;
  loki(url?: string): LokiReader;
  kube(): Promise<KubeReader>;
  /** GET `url`, redirects not followed. */
  http(url: string, opts: { signal?: AbortSignal; body: boolean }): Promise<HttpAnswer>;
  /** Which context and API server kube() would use; rejects with why there is none. */
  kubeTarget?(): Promise<KubeTargetInfo>;
}

/** Characters of an HTTP body read: enough to match a health answer, bounded before redaction. */
const HTTP_BODY_BOUND = 64 * 1024;

export class ObserverConfigError extends Error {
  override readonly name = 'ObserverConfigError';
}

function bearer(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * PROMETHEUS_URL and LOKI_URL (or the INTENTOPS_-prefixed names, which win), with
 * INTENTOPS_PROMETHEUS_TOKEN, INTENTOPS_LOKI_TOKEN/_TENANT, KUBECONFIG and INTENTOPS_KUBE_CONTEXT.
 */
export function observerConfigFromEnv(env: Record<string, string | undefined>): ObserverConfig {
  const prometheusUrl = env.INTENTOPS_PROMETHEUS_URL || env.PROMETHEUS_URL;
  const lokiUrl = env.INTENTOPS_LOKI_URL || env.LOKI_URL;
  return {
    ...(prometheusUrl ? { prometheusUrl } : {}),
    prometheusHeaders: bearer(env.INTENTOPS_PROMETHEUS_TOKEN),
    ...(lokiUrl ? { lokiUrl } : {}),
    lokiHeaders: {
      ...bearer(env.INTENTOPS_LOKI_TOKEN),
      ...(env.INTENTOPS_LOKI_TENANT ? { 'x-scope-orgid': env.INTENTOPS_LOKI_TENANT } : {}),
    },
    ...(env.KUBECONFIG ? { kubeconfigPath: env.KUBECONFIG } : {}),
    ...(env.INTENTOPS_KUBE_CONTEXT ? { kubeContext: env.INTENTOPS_KUBE_CONTEXT } : {}),
  };
}

export function createObservers(config: ObserverConfig, timeoutMs = 10_000): Observers {
  let kube: Promise<KubeReader> | undefined;
  const source: KubeSource = {
    ...(config.kubeconfigPath ? { kubeconfigPath: config.kubeconfigPath } : {}),
    ...(config.kubeconfigYaml ? { kubeconfigYaml: config.kubeconfigYaml } : {}),
    ...(config.kubeContext ? { context: config.kubeContext } : {}),
    ...(config.serviceAccountDir ? { serviceAccountDir: config.serviceAccountDir } : {}),
    ...(config.execEnv ? { execEnv: config.execEnv } : {}),
  };
  return {
    prometheus(url) {
      const baseUrl = url ?? config.prometheusUrl;
      if (!baseUrl)
        throw new ObserverConfigError('no Prometheus URL: set capture.prometheus.url or PROMETHEUS_URL');
      return new PrometheusClient({ baseUrl, timeoutMs, headers: config.prometheusHeaders ?? {} });
    },
    loki(url) {
      const baseUrl = url ?? config.lokiUrl;
      if (!baseUrl) throw new ObserverConfigError('no Loki URL: set capture.loki.url or LOKI_URL');
      return new LokiClient({ baseUrl, timeoutMs, headers: config.lokiHeaders ?? {} });
    },
    kube() {
      kube ??= import('../../adapters/kubernetes.js').then((m) => m.createKubeReader(source));
      return kube;
    },
    async http(url, opts) {
      const res = await fetch(url, { redirect: 'manual', ...(opts.signal ? { signal: opts.signal } : {}) });
      if (!opts.body) {
        await res.body?.cancel();
        return { status: res.status, body: '' };
      }
      return { status: res.status, body: boundText(await res.text(), HTTP_BODY_BOUND) };
    },
    async kubeTarget() {
      return (await import('../../adapters/kubernetes.js')).describeKubeConfig(source);
    },
  };
}
