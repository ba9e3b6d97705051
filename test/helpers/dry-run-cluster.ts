import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeApiServer } from './fake-apiserver.js';

// The Kubernetes double as the built-in preview speaks to it: discovery of core/v1 and apps/v1,
// GET of one object, and server-side apply (PATCH, application/apply-patch+yaml). A PATCH with
// `dryRun=All` answers what the API server would store (the applied fields over the live object,
// with the defaults it fills in) and stores nothing; any other write is refused with 403 and counted
// in `writes`, so a test can assert the double saw no mutating call but dry runs.

type Obj = Record<string, unknown> & { metadata: Record<string, unknown> };

const RESOURCES: Record<string, { kind: string; name: string }[]> = {
  '/api/v1': [
    { kind: 'ConfigMap', name: 'configmaps' },
    { kind: 'Secret', name: 'secrets' },
    { kind: 'Service', name: 'services' },
    { kind: 'Pod', name: 'pods' },
  ],
  '/apis/apps/v1': [{ kind: 'Deployment', name: 'deployments' }],
};

function discovery(group: string) {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group === '/api/v1' ? 'v1' : group.replace('/apis/', ''),
    resources: (RESOURCES[group] ?? []).map((r) => ({
      name: r.name,
      singularName: r.kind.toLowerCase(),
      namespaced: true,
      kind: r.kind,
      verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
    })),
  };
}

/** What the API server fills in that a manifest leaves out (a few of a Deployment's defaults). */
function defaulted(o: Obj): Obj {
  if (o.kind !== 'Deployment') return o;
  const spec = { ...((o.spec as Record<string, unknown>) ?? {}) };
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
  return { ...o, spec };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function notFound(res: ServerResponse, what: string): void {
  send(res, 404, {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message: `${what} not found`,
    reason: 'NotFound',
    code: 404,
  });
}

export interface DryRunCluster {
  /** Objects by `<collection path>/<name>`, as the cluster has them. */
  objects: Map<string, Obj>;
  /** Every write the double refused (not dryRun=All): method and path. */
  writes: string[];
  /** PATCHes answered as dry runs. */
  dryRuns: string[];
}

/** Serves the objects (live state) through the double's fallback: the routes and collections set before still win. */
export function serveDryRun(api: FakeApiServer, live: Obj[]): DryRunCluster {
  const state: DryRunCluster = { objects: new Map(), writes: [], dryRuns: [] };
  const pathOf = (o: Obj) => {
    const group = o.apiVersion === 'v1' ? '/api/v1' : `/apis/${o.apiVersion}`;
    const plural =
      RESOURCES[group]?.find((r) => r.kind === o.kind)?.name ?? `${String(o.kind).toLowerCase()}s`;
    return `${group}/namespaces/${o.metadata.namespace}/${plural}/${o.metadata.name}`;
  };
  for (const o of live) state.objects.set(pathOf(o), o);
  const previous = api.fallback;
  api.fallback = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    if (method === 'GET' && RESOURCES[url.pathname]) return send(res, 200, discovery(url.pathname));
    if (method === 'GET' && (url.pathname === '/api' || url.pathname === '/apis'))
      return send(res, 200, { kind: 'APIVersions', versions: ['v1'] });
    const known = url.pathname.match(/^(\/api\/v1|\/apis\/apps\/v1)\/namespaces\/[^/]+\/[^/]+\/[^/]+$/);
    if (method === 'GET' && known) {
      const o = state.objects.get(url.pathname);
      return o ? send(res, 200, o) : notFound(res, url.pathname);
    }
    if (method !== 'GET') {
      if (method !== 'PATCH' || url.searchParams.get('dryRun') !== 'All' || !known) {
        state.writes.push(`${method} ${url.pathname}${url.search}`);
        return send(res, 403, {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: 'the double refuses every write but a dry run',
          reason: 'Forbidden',
          code: 403,
        });
      }
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        state.dryRuns.push(`${method} ${url.pathname}${url.search}`);
        const applied = JSON.parse(body) as Obj;
        const live = state.objects.get(url.pathname);
        const merged: Obj = {
          ...(live ?? {}),
          ...applied,
          metadata: {
            ...(live?.metadata ?? { uid: 'new-uid', creationTimestamp: '2026-12-06T07:00:00Z' }),
            ...applied.metadata,
            resourceVersion: String(live?.metadata.resourceVersion ?? '1'),
            managedFields: [{ manager: url.searchParams.get('fieldManager'), operation: 'Apply' }],
          },
        };
        send(res, 200, defaulted(merged));
      });
      return;
    }
    if (previous) return previous(req, res);
    notFound(res, url.pathname);
  };
  return state;
}
