import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { fixture, type RecordedRequest } from './fake-apiserver.js';

// A small cluster behind the Kubernetes double's fallback, enough for a real `kubectl` and for
// intentops' own client: discovery (core, apps, batch, velero.io), a deployment of every name asked
// for (its pods, its two ReplicaSets), objects created by `kubectl apply` kept and found again, and
// watches that stay open (a deployment watch first sends the rollout as complete). It answers
// pods/exec with 404: the exec is recorded, which is what the RBAC test needs.

const CORE = [
  ['pods', 'Pod', true, ['po']],
  ['pods/exec', 'PodExecOptions', true, []],
  ['pods/log', 'Pod', true, []],
  ['events', 'Event', true, ['ev']],
  ['services', 'Service', true, ['svc']],
  ['configmaps', 'ConfigMap', true, ['cm']],
  ['secrets', 'Secret', true, []],
  ['namespaces', 'Namespace', false, ['ns']],
  ['nodes', 'Node', false, ['no']],
] as const;
const APPS = [
  ['deployments', 'Deployment', true, ['deploy']],
  ['deployments/scale', 'Scale', true, []],
  ['statefulsets', 'StatefulSet', true, ['sts']],
  ['daemonsets', 'DaemonSet', true, ['ds']],
  ['replicasets', 'ReplicaSet', true, ['rs']],
  ['controllerrevisions', 'ControllerRevision', true, []],
] as const;
const GROUPS: Record<string, readonly (readonly [string, string, boolean, readonly string[]])[]> = {
  v1: CORE,
  'apps/v1': APPS,
  'batch/v1': [
    ['jobs', 'Job', true, []],
    ['cronjobs', 'CronJob', true, ['cj']],
  ],
  'velero.io/v1': [['backups', 'Backup', true, []]],
};

function resourceList(groupVersion: string) {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: (GROUPS[groupVersion] ?? []).map(([name, kind, namespaced, shortNames]) => ({
      name,
      singularName: name.includes('/') ? '' : kind.toLowerCase(),
      namespaced,
      kind,
      verbs: name.includes('/')
        ? ['get', 'create', 'patch', 'update']
        : ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'],
      ...(shortNames.length ? { shortNames } : {}),
    })),
  };
}

function groupList() {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: Object.keys(GROUPS)
      .filter((gv) => gv.includes('/'))
      .map((gv) => {
        const [name, version] = gv.split('/') as [string, string];
        const v = { groupVersion: gv, version };
        return { name, versions: [v], preferredVersion: v };
      }),
  };
}

type Obj = Record<string, unknown>;

/** A recorded object renamed: `web` → the app, `shop` → the namespace. */
function renamed(name: string, ns: string, app: string): Obj {
  const text = JSON.stringify(fixture(name))
    .replace(/\bweb(?=[-"])/g, app)
    .replace(/"(shop|velero)"/g, `"${ns}"`);
  return JSON.parse(text) as Obj;
}

const HASH = '5d8f7c9b6';

function deployment(ns: string, name: string, rolledOut: boolean): Obj {
  const d = (renamed('deployments-web', ns, name).items as Obj[])[0] as Obj & {
    metadata: { generation: number };
    status: { observedGeneration: number };
  };
  d.apiVersion = 'apps/v1';
  d.kind = 'Deployment';
  // Before the watch: the spec update not yet observed, so `rollout status` waits for the watch.
  if (!rolledOut) d.status.observedGeneration = d.metadata.generation - 1;
  return d;
}

function replicaSets(ns: string, app: string): Obj[] {
  const d = deployment(ns, app, true) as { metadata: { uid?: string }; spec: { template: Obj } };
  return [
    [HASH, 2, 'v2'],
    ['5d8f7c9b5', 1, 'v1'],
  ].map(([hash, revision, tag]) => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${app}-${hash}`,
      namespace: ns,
      labels: { app, 'pod-template-hash': hash },
      annotations: { 'deployment.kubernetes.io/revision': String(revision) },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: app, uid: d.metadata.uid, controller: true },
      ],
    },
    spec: {
      replicas: revision === 2 ? 2 : 0,
      selector: { matchLabels: { app } },
      template: {
        ...(d.spec.template as Obj),
        metadata: { labels: { app, 'pod-template-hash': hash } },
        spec: { containers: [{ name: app, image: `registry.example.com/${app}:${tag}` }] },
      },
    },
  }));
}

function list(kind: string, items: Obj[], apiVersion = 'v1'): Obj {
  return { kind: `${kind}List`, apiVersion, metadata: { resourceVersion: '1000' }, items };
}

function send(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function notFound(res: ServerResponse, what: string): void {
  send(res, 404, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `${what} not found`,
    reason: 'NotFound',
    code: 404,
  });
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** One resource call: `/apis/apps/v1/namespaces/shop/deployments/web` → apps deployments get in shop. */
export interface ApiCall {
  group: string;
  resource: string;
  verb: string;
  namespace: string | undefined;
  name?: string;
}

const PATH =
  /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+)(?:\/([^/]+))?)?$/;

/** The RBAC request a recorded request is authorized as; undefined for discovery and other non-resource paths. */
export function apiCall(r: Pick<RecordedRequest, 'method' | 'path' | 'params'>): ApiCall | undefined {
  // A namespace is its own namespace (the API server's request info): a Role there may grant reading it.
  const own = /^\/api\/v1\/namespaces\/([^/]+)$/.exec(r.path)?.[1];
  if (own)
    return {
      group: '',
      resource: 'namespaces',
      verb: r.method === 'GET' ? 'get' : r.method.toLowerCase(),
      namespace: own,
      name: own,
    };
  const m = PATH.exec(r.path);
  if (!m) return undefined;
  const [, group = '', namespace, resource, name, sub] = m;
  // `/api/v1/namespaces` itself and `/apis/<g>/<v>` are not resource calls of a namespace
  if (resource === undefined) return undefined;
  const watch = r.params.some(([k, v]) => k === 'watch' && v === 'true');
  const verb =
    r.method === 'GET'
      ? name
        ? 'get'
        : watch
          ? 'watch'
          : 'list'
      : ({ POST: 'create', PATCH: 'patch', PUT: 'update', DELETE: 'delete' } as Record<string, string>)[
          r.method
        ];
  if (!verb) return undefined;
  return {
    group,
    resource: sub ? `${resource}/${sub}` : resource,
    verb,
    namespace,
    ...(name ? { name } : {}),
  };
}

function selectorApp(params: URLSearchParams): string | undefined {
  const field = /^metadata\.name=(.+)$/.exec(params.get('fieldSelector') ?? '')?.[1];
  return field ?? /^app=([^,]+)$/.exec(params.get('labelSelector') ?? '')?.[1];
}

export function fakeCluster(): RequestListener {
  const created = new Map<string, Obj>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://cluster');
    const p = url.pathname;
    if (p === '/api') return send(res, 200, { kind: 'APIVersions', versions: ['v1'] });
    if (p === '/apis') return send(res, 200, groupList());
    if (p === '/api/v1') return send(res, 200, resourceList('v1'));
    const gv = /^\/apis\/([^/]+\/[^/]+)$/.exec(p)?.[1];
    if (gv) return GROUPS[gv] ? send(res, 200, resourceList(gv)) : notFound(res, gv);
    const call = apiCall({ method: req.method ?? 'GET', path: p, params: [...url.searchParams] });
    if (!call?.namespace) return notFound(res, p);
    const ns = call.namespace;
    const app = call.name ?? selectorApp(url.searchParams);
    if (call.verb === 'watch') {
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      res.flushHeaders();
      // The rollout `kubectl rollout status` waits for; other watches see no change and stay open.
      if (call.resource === 'deployments' && app)
        res.write(`${JSON.stringify({ type: 'MODIFIED', object: deployment(ns, app, true) })}\n`);
      return;
    }
    const key = `${call.group}/${call.resource}/${ns}/${call.name ?? ''}`;
    switch (`${call.group}/${call.resource}:${call.verb}`) {
      case 'apps/deployments:get':
      case 'apps/deployments:patch':
        return send(res, 200, deployment(ns, app as string, true));
      case 'apps/deployments/scale:patch':
        return send(res, 200, {
          kind: 'Scale',
          apiVersion: 'autoscaling/v1',
          metadata: { name: app, namespace: ns },
          spec: { replicas: 2 },
          status: { replicas: 2 },
        });
      case 'apps/deployments:list':
        // by field selector (kubectl's watch): before the rollout; by label selector: as it is
        return send(
          res,
          200,
          list(
            'Deployment',
            [deployment(ns, app ?? 'web', !url.searchParams.has('fieldSelector'))],
            'apps/v1',
          ),
        );
      case 'apps/statefulsets:list':
        return send(res, 200, list('StatefulSet', [], 'apps/v1'));
      case 'apps/daemonsets:list':
        return send(res, 200, list('DaemonSet', [], 'apps/v1'));
      case 'apps/replicasets:list':
        return send(res, 200, list('ReplicaSet', replicaSets(ns, app ?? 'web'), 'apps/v1'));
      case '/pods:list':
        return send(res, 200, { ...renamed('pods-web-healthy', ns, app ?? 'web'), kind: 'PodList' });
      case '/pods:get': {
        const pods = renamed('pods-web-healthy', ns, (call.name ?? 'web').split('-')[0] as string)
          .items as Obj[];
        return send(res, 200, { ...pods[0], apiVersion: 'v1', kind: 'Pod' });
      }
      case '/pods/log:get':
        res.writeHead(200, { 'content-type': 'text/plain' }).end('started\n');
        return;
      case '/events:list':
        return send(res, 200, list('Event', []));
      case 'velero.io/backups:list': {
        const backups = renamed('velero-backups', ns, 'web') as { items: Obj[] };
        const now = new Date().toISOString();
        for (const b of backups.items) {
          const s = (b.status ?? {}) as Obj;
          if (s.phase === 'Completed') b.status = { ...s, completionTimestamp: now };
        }
        return send(res, 200, backups);
      }
      default:
        if (call.verb === 'get' && created.has(key)) return send(res, 200, created.get(key));
        if (call.verb === 'patch' && created.has(key)) return send(res, 200, created.get(key));
        if (call.verb === 'create') {
          const o = JSON.parse(await body(req)) as Obj & { metadata?: Obj };
          const named = {
            ...o,
            metadata: {
              ...(o.metadata ?? {}),
              namespace: ns,
              resourceVersion: '1',
              uid: `uid-${created.size}`,
            },
          };
          created.set(`${key}${String(o.metadata?.name ?? '')}`, named);
          return send(res, 201, named);
        }
        return notFound(res, `${call.resource} ${call.name ?? ''}`);
    }
  };
  return (req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { kind: 'Status', message: String(err) }));
  };
}
