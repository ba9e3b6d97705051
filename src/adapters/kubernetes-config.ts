import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { ExecCredentials } from './kubernetes-exec.js';

// Where the Kubernetes reader finds its cluster and credentials. Part of kubernetes.ts (the only
// module that may import this one), kept apart to keep each file small.

export interface KubeSource {
  kubeconfigPath?: string;
  /** kubeconfig YAML, e.g. from an action input. */
  kubeconfigYaml?: string;
  context?: string;
  inCluster?: boolean;
  /**
   * The folder the in-cluster files are read under (`<root>/var/run/secrets/…`), as the client's
   * own `loadFromCluster(pathPrefix)`; default the file system's root. Tests point it at a folder.
   */
  fsRoot?: string;
  /**
   * The service account's folder (token, ca.crt, namespace) itself; default
   * `<fsRoot>/var/run/secrets/kubernetes.io/serviceaccount`. Tests and unusual mounts set it.
   */
  serviceAccountDir?: string;
  /** Set for every credential plugin (`exec`) on top of its own `env:` (the OIDC token's file). */
  execEnv?: Record<string, string>;
}

export type KubernetesErrorKind =
  | 'config'
  | 'invalid'
  | 'unreachable'
  | 'timeout'
  | 'forbidden'
  | 'not_found'
  | 'http'
  | 'bad_data';

export class KubernetesError extends Error {
  override readonly name = 'KubernetesError';
  constructor(
    readonly kind: KubernetesErrorKind,
    message: string,
    /** HTTP status, when the API server answered. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const IN_CLUSTER = 'the in-cluster service account';

/** The service account folder a source reads in a pod. */
export function serviceAccountDir(source: Pick<KubeSource, 'fsRoot' | 'serviceAccountDir'>): string {
  return source.serviceAccountDir ?? `${source.fsRoot ?? ''}${SERVICE_ACCOUNT_DIR}`;
}

/** Whether this process runs in a pod with a service account: API server variables and a token. */
export function inClusterAvailable(source: Pick<KubeSource, 'fsRoot' | 'serviceAccountDir'>): boolean {
  return (
    !!process.env.KUBERNETES_SERVICE_HOST &&
    !!process.env.KUBERNETES_SERVICE_PORT &&
    existsSync(join(serviceAccountDir(source), 'token'))
  );
}

/** The API server a pod reaches, as the client's loadFromCluster writes it. */
function inClusterServer(): string {
  const host = process.env.KUBERNETES_SERVICE_HOST ?? '';
  const port = process.env.KUBERNETES_SERVICE_PORT ?? '';
  const scheme = ['80', '8080', '8001'].includes(port) ? 'http' : 'https';
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * A kubeconfig equivalent to the pod's service account, for the steps' kubectl: it names the files
 * (`tokenFile`, `certificate-authority`) rather than copying them, so it holds no secret and a
 * rotated (projected) token is read again, as kubectl does in a pod. kubectl's own in-cluster
 * fallback needs KUBERNETES_SERVICE_HOST/PORT, which a step does not get, and a fixed folder.
 */
export function inClusterKubeconfig(source: Pick<KubeSource, 'fsRoot' | 'serviceAccountDir'>): string {
  const dir = serviceAccountDir(source);
  let namespace: string | undefined;
  try {
    namespace = readFileSync(join(dir, 'namespace'), 'utf8').trim() || undefined;
  } catch {}
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'in-cluster',
        cluster: { server: inClusterServer(), 'certificate-authority': join(dir, 'ca.crt') },
      },
    ],
    users: [{ name: 'service-account', user: { tokenFile: join(dir, 'token') } }],
    contexts: [
      {
        name: 'in-cluster',
        context: { cluster: 'in-cluster', user: 'service-account', ...(namespace ? { namespace } : {}) },
      },
    ],
    'current-context': 'in-cluster',
  });
}

function loadFiles(kc: KubeConfig, list: string): void {
  const [first, ...rest] = list.split(delimiter).filter(Boolean);
  if (!first) throw new KubernetesError('config', 'kubeconfig path is empty');
  kc.loadFromFile(first);
  for (const file of rest) {
    const more = new KubeConfig();
    more.loadFromFile(file);
    // As kubectl: the first file that names a current-context wins.
    kc.mergeConfig(more, Boolean(kc.getCurrentContext()));
  }
}

function loadInCluster(kc: KubeConfig, source: KubeSource): void {
  if (!process.env.KUBERNETES_SERVICE_HOST || !process.env.KUBERNETES_SERVICE_PORT) {
    throw new KubernetesError('config', 'in-cluster: KUBERNETES_SERVICE_HOST/PORT are not set');
  }
  const dir = serviceAccountDir(source);
  if (!existsSync(join(dir, 'token'))) {
    throw new KubernetesError('config', `in-cluster: no service account token at ${join(dir, 'token')}`);
  }
  if (source.serviceAccountDir === undefined) {
    kc.loadFromCluster(source.fsRoot ?? '');
    return;
  }
  // As loadFromCluster, from another folder: the token file is read again every minute.
  let namespace: string | undefined;
  try {
    namespace = readFileSync(join(dir, 'namespace'), 'utf8').trim() || undefined;
  } catch {}
  kc.loadFromOptions({
    clusters: [
      { name: 'inCluster', server: inClusterServer(), caFile: join(dir, 'ca.crt'), skipTLSVerify: false },
    ],
    users: [
      {
        name: 'inClusterUser',
        authProvider: { name: 'tokenFile', config: { tokenFile: join(dir, 'token') } },
      },
    ],
    contexts: [
      {
        name: 'inClusterContext',
        cluster: 'inCluster',
        user: 'inClusterUser',
        ...(namespace ? { namespace } : {}),
      },
    ],
    currentContext: 'inClusterContext',
  });
}

/** Loads from the first source given; returns where from, for messages. */
function load(kc: KubeConfig, source: KubeSource): string {
  if (source.kubeconfigYaml) {
    kc.loadFromString(source.kubeconfigYaml);
    return 'the kubeconfig input';
  }
  const path = source.kubeconfigPath ?? (source.inCluster ? undefined : process.env.KUBECONFIG);
  if (path) {
    loadFiles(kc, path);
    return path;
  }
  const home = join(homedir(), '.kube', 'config');
  if (!source.inCluster && existsSync(home)) {
    kc.loadFromFile(home);
    return home;
  }
  if (source.inCluster || existsSync(join(serviceAccountDir(source), 'token'))) {
    loadInCluster(kc, source);
    return IN_CLUSTER;
  }
  // The client would fall back to http://localhost:8080 without credentials: refuse instead.
  throw new KubernetesError(
    'config',
    'no kubeconfig: set KUBECONFIG, give a kubeconfig, or run in a cluster',
  );
}

/** Which cluster a source leads to: said by `plan` and `run` before anything reads it. */
export interface KubeTargetInfo {
  /** Where the config came from: a path, the kubeconfig input, the in-cluster service account. */
  from: string;
  context: string;
  server: string;
  /** The config's own current context, when `context` chose another (steps' kubectl use this one). */
  kubeconfigContext?: string;
}

export function describeKubeConfig(source: KubeSource): KubeTargetInfo {
  const { kc, from, ownContext } = loadWithOrigin(source);
  const context = kc.getCurrentContext();
  return {
    from,
    context: context || '(none)',
    server: kc.getCurrentCluster()?.server ?? '(none)',
    ...(ownContext && ownContext !== context ? { kubeconfigContext: ownContext } : {}),
  };
}

export function loadKubeConfig(source: KubeSource): KubeConfig {
  return loadWithOrigin(source).kc;
}

function loadWithOrigin(source: KubeSource): { kc: KubeConfig; from: string; ownContext: string } {
  const kc = new KubeConfig();
  let from: string;
  try {
    from = load(kc, source);
  } catch (err) {
    if (err instanceof KubernetesError) throw err;
    const message = `cannot load kubeconfig: ${(err as Error).message}`;
    throw new KubernetesError('config', message, undefined, { cause: err });
  }
  // intentops runs the credential plugins itself, per loaded config (kubernetes-exec.ts).
  new ExecCredentials(source.execEnv).adopt(kc);
  const ownContext = kc.getCurrentContext();
  if (source.context) {
    if (!kc.getContextObject(source.context)) {
      throw new KubernetesError('config', `context ${JSON.stringify(source.context)} is not in ${from}`);
    }
    kc.setCurrentContext(source.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new KubernetesError('config', `${from} has no current context with a cluster`);
  if (cluster.server.startsWith('http:') && !cluster.skipTLSVerify) {
    // The client would throw this on every request; say it once, up front.
    throw new KubernetesError('config', `cluster ${cluster.name}: plain http needs insecure-skip-tls-verify`);
  }
  return { kc, from, ownContext };
}
