// kubectl's resource words (`deploy`, `po`, `backups.velero.io`) and manifest kinds (`Deployment`)
// as RBAC names them: API group and plural resource. Only the built-in kinds intents commonly touch;
// anything else is added by hand rather than guessed (a wrong plural grants nothing and fails late).

export interface ResourceName {
  group: string;
  resource: string;
  /** Cluster-scoped (nodes, namespaces): a ClusterRole, never a Role. */
  cluster?: boolean;
}

const TABLE: [words: string[], kind: string, name: ResourceName][] = [
  [['pods', 'pod', 'po'], 'Pod', { group: '', resource: 'pods' }],
  [['services', 'service', 'svc'], 'Service', { group: '', resource: 'services' }],
  [['configmaps', 'configmap', 'cm'], 'ConfigMap', { group: '', resource: 'configmaps' }],
  [['secrets', 'secret'], 'Secret', { group: '', resource: 'secrets' }],
  [['events', 'event', 'ev'], 'Event', { group: '', resource: 'events' }],
  [['serviceaccounts', 'serviceaccount', 'sa'], 'ServiceAccount', { group: '', resource: 'serviceaccounts' }],
  [['endpoints', 'ep'], 'Endpoints', { group: '', resource: 'endpoints' }],
  [
    ['persistentvolumeclaims', 'persistentvolumeclaim', 'pvc'],
    'PersistentVolumeClaim',
    { group: '', resource: 'persistentvolumeclaims' },
  ],
  [['nodes', 'node', 'no'], 'Node', { group: '', resource: 'nodes', cluster: true }],
  [['namespaces', 'namespace', 'ns'], 'Namespace', { group: '', resource: 'namespaces', cluster: true }],
  [['deployments', 'deployment', 'deploy'], 'Deployment', { group: 'apps', resource: 'deployments' }],
  [['statefulsets', 'statefulset', 'sts'], 'StatefulSet', { group: 'apps', resource: 'statefulsets' }],
  [['daemonsets', 'daemonset', 'ds'], 'DaemonSet', { group: 'apps', resource: 'daemonsets' }],
  [['replicasets', 'replicaset', 'rs'], 'ReplicaSet', { group: 'apps', resource: 'replicasets' }],
  [['jobs', 'job'], 'Job', { group: 'batch', resource: 'jobs' }],
  [['cronjobs', 'cronjob', 'cj'], 'CronJob', { group: 'batch', resource: 'cronjobs' }],
  [
    ['horizontalpodautoscalers', 'horizontalpodautoscaler', 'hpa'],
    'HorizontalPodAutoscaler',
    { group: 'autoscaling', resource: 'horizontalpodautoscalers' },
  ],
  [['ingresses', 'ingress', 'ing'], 'Ingress', { group: 'networking.k8s.io', resource: 'ingresses' }],
  [
    ['networkpolicies', 'networkpolicy', 'netpol'],
    'NetworkPolicy',
    { group: 'networking.k8s.io', resource: 'networkpolicies' },
  ],
  [
    ['poddisruptionbudgets', 'poddisruptionbudget', 'pdb'],
    'PodDisruptionBudget',
    { group: 'policy', resource: 'poddisruptionbudgets' },
  ],
  [['roles', 'role'], 'Role', { group: 'rbac.authorization.k8s.io', resource: 'roles' }],
  [
    ['rolebindings', 'rolebinding'],
    'RoleBinding',
    { group: 'rbac.authorization.k8s.io', resource: 'rolebindings' },
  ],
];

/**
 * `deploy`, `deployments.apps`, `backups.velero.io` → group and resource; undefined when unknown.
 * A `<plural>.<group>` word names a custom resource exactly (the form the docs recommend for CRDs).
 */
export function resourceOfWord(word: string): ResourceName | undefined {
  const lower = word.toLowerCase();
  const dot = lower.indexOf('.');
  const head = dot < 0 ? lower : lower.slice(0, dot);
  const group = dot < 0 ? undefined : lower.slice(dot + 1);
  const known = TABLE.find(([words]) => words.includes(head))?.[2];
  if (known && (group === undefined || group === known.group || group === `v1.${known.group}`)) return known;
  if (
    group &&
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/.test(group) &&
    head.endsWith('s')
  )
    return { group, resource: head };
  return undefined;
}

/** `apps/v1` + `Deployment` → apps/deployments; undefined for a kind not in the table. */
export function resourceOfKind(apiVersion: string, kind: string): ResourceName | undefined {
  const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] as string) : '';
  const known = TABLE.find(([, k]) => k === kind)?.[2];
  return known && known.group === group ? known : undefined;
}
