import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import {
  createServer,
  type IncomingHttpHeaders,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';

/**
 * A loopback stand-in for the Kubernetes API server: it answers routes keyed by method, raw path
 * and the exact set of query parameters with recorded API objects (test/fixtures/k8s/*.json) or
 * `Status` errors as the API server sends them, records every request, and can delay or hang.
 * Reached by the real client through a kubeconfig pointing at http://127.0.0.1:<port>, or over
 * https with `start({ tls })`, as a pod reaches its cluster's API server.
 */

export interface RecordedRequest {
  method: string;
  /** As received, still percent-encoded. */
  path: string;
  /** The raw query string, without `?`. */
  query: string;
  /** Query parameters, decoded, in order (repeats kept). */
  params: [string, string][];
  headers: IncomingHttpHeaders;
}

export interface FakeReply {
  status?: number;
  /** Objects are sent as JSON, strings as they are. */
  body?: unknown;
  contentType?: string;
  delayMs?: number;
  /** Accept the request and never answer. */
  hang?: boolean;
}

export interface KubeconfigOptions {
  /** Bearer token of the one user (default `fake-token-0123456789`). */
  token?: string;
  /** The user entry instead, e.g. `{ exec: … }`. */
  user?: Record<string, unknown>;
  context?: string;
  others?: { name: string; server: string }[];
}

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'k8s');

/** A recorded API answer from test/fixtures/k8s/<name>.json (a fresh copy each call). */
export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
}

const REASONS: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  410: 'Expired',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

/** A `Status` body, as the API server sends with every error. */
export function status(code: number, message: string, details: Record<string, unknown> = {}): FakeReply {
  return {
    status: code,
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason: REASONS[code] ?? '',
      details,
      code,
    },
  };
}

function key(method: string, path: string, params: Iterable<[string, string]>): string {
  const sorted = [...params].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).sort();
  return `${method} ${path}?${sorted.join('&')}`;
}

type Obj = Record<string, unknown> & { metadata?: Record<string, unknown> };

/**
 * A collection the fake serves as the API server does: a list carries the collection's
 * resourceVersion, `?watch=true&resourceVersion=N` streams every change after N as JSON lines
 * (`{"type":"MODIFIED","object":…}`) and then the changes as they happen; a resourceVersion older than
 * the last `compact()` gets a 410 Gone ERROR event, as etcd compaction causes.
 */
export class FakeCollection {
  private rv = 1000;
  private floor = 0;
  private readonly items = new Map<string, Obj>();
  private readonly log: { rv: number; type: string; object: Obj }[] = [];
  private readonly watchers = new Set<ServerResponse>();
  /** When set, a watch request is answered with this status (403, 405) instead. */
  refuseWatch: number | undefined;
  /** When set, a watch request is accepted and never answered. */
  hangWatch = false;
  /** When each change was written to a watch connection (ms since epoch), by resourceVersion. */
  readonly sent = new Map<number, number>();

  constructor(items: Obj[]) {
    for (const o of items) this.items.set(this.name(o), this.stamp(o));
  }

  private name(o: Obj): string {
    return String(o.metadata?.name ?? '');
  }

  private stamp(o: Obj): Obj {
    this.rv += 1;
    return { ...o, metadata: { ...(o.metadata ?? {}), resourceVersion: String(this.rv) } };
  }

  get resourceVersion(): number {
    return this.rv;
  }

  /** Adds or replaces an object (ADDED or MODIFIED) and tells every open watch; returns its resourceVersion. */
  put(o: Obj): number {
    const type = this.items.has(this.name(o)) ? 'MODIFIED' : 'ADDED';
    const stamped = this.stamp(o);
    this.items.set(this.name(o), stamped);
    this.emit(type, stamped);
    return this.rv;
  }

  delete(name: string): number {
    const o = this.items.get(name);
    if (!o) throw new Error(`no ${name}`);
    this.items.delete(name);
    this.rv += 1;
    this.emit('DELETED', { ...o, metadata: { ...(o.metadata ?? {}), resourceVersion: String(this.rv) } });
    return this.rv;
  }

  /** Forgets history: a watch from an older resourceVersion gets 410 Gone. */
  compact(): void {
    this.floor = this.rv;
    this.log.length = 0;
  }

  /** Cuts every open watch connection, as a load balancer or an API server restart does. */
  dropWatches(): void {
    for (const w of this.watchers) w.destroy();
    this.watchers.clear();
  }

  get openWatches(): number {
    return this.watchers.size;
  }

  private emit(type: string, object: Obj): void {
    const entry = { rv: this.rv, type, object };
    this.log.push(entry);
    for (const w of this.watchers) this.write(w, entry);
  }

  private write(res: ServerResponse, e: { rv: number; type: string; object: Obj }): void {
    res.write(`${JSON.stringify({ type: e.type, object: e.object })}\n`);
    this.sent.set(e.rv, Date.now());
  }

  list(): FakeReply {
    return {
      body: {
        kind: 'List',
        apiVersion: 'v1',
        metadata: { resourceVersion: String(this.rv) },
        items: [...this.items.values()],
      },
    };
  }

  serveWatch(res: ServerResponse, params: URLSearchParams): void {
    if (this.hangWatch) return;
    if (this.refuseWatch) {
      const reply = status(this.refuseWatch, 'watch is not allowed');
      res.writeHead(this.refuseWatch, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    res.flushHeaders(); // as the API server: the client knows the watch is on before any event
    const from = Number(params.get('resourceVersion') ?? this.rv);
    if (from < this.floor) {
      const gone = status(410, `too old resource version: ${from} (${this.floor})`).body as Obj;
      res.end(`${JSON.stringify({ type: 'ERROR', object: gone })}\n`);
      return;
    }
    for (const e of this.log) if (e.rv > from) this.write(res, e);
    this.watchers.add(res);
    res.on('close', () => this.watchers.delete(res));
  }
}

export class FakeApiServer {
  readonly requests: RecordedRequest[] = [];
  /**
   * Answers what no route or collection does (a whole small cluster, as `kubectl` needs one:
   * discovery, then the objects); without it such requests get 404.
   */
  fallback: RequestListener | undefined;
  private readonly routes = new Map<string, FakeReply>();
  private readonly collections = new Map<string, FakeCollection>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** `tls`: serve https with this key and certificate (PEM) instead of plain http. */
  static async start(opts: { tls?: { key: string; cert: string } } = {}): Promise<FakeApiServer> {
    let fake: FakeApiServer | undefined;
    const handle: RequestListener = (req, res) => {
      const raw = req.url ?? '/';
      const q = raw.indexOf('?');
      const path = q < 0 ? raw : raw.slice(0, q);
      const query = q < 0 ? '' : raw.slice(q + 1);
      const params = [...new URLSearchParams(query)];
      const method = req.method ?? 'GET';
      fake?.requests.push({ method, path, query, params, headers: req.headers });
      const search = new URLSearchParams(query);
      const coll =
        method === 'GET' ? fake?.collections.get(`${path}?${search.get('labelSelector') ?? ''}`) : undefined;
      if (coll && search.get('watch') === 'true') return coll.serveWatch(res, search);
      const routed = coll ? coll.list() : fake?.routes.get(key(method, path, params));
      if (!routed && fake?.fallback) return fake.fallback(req, res);
      // Unknown paths get what the API server sends for them (also for a CRD that is not installed).
      const reply = routed ?? status(404, 'the server could not find the requested resource');
      if (reply.hang) return;
      const send = () => {
        const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null);
        res
          .writeHead(reply.status ?? 200, {
            'content-type': reply.contentType ?? 'application/json',
            'cache-control': 'no-cache, private',
            'audit-id': '1f9c3e5a-7b2d-4c8e-9f0a-000000000000',
            'x-kubernetes-pf-flowschema-uid': 'b8f3c1d2-4e5a-4b6c-8d7e-9f0a1b2c3d4e',
          })
          .end(text);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    };
    const server = opts.tls ? createTlsServer(opts.tls, handle) : createServer(handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeApiServer(server, `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`);
    return fake;
  }

  /**
   * Answers `method path` when the request has exactly these query parameters (no more, no
   * fewer). `reply` is a fixture name or a reply.
   */
  on(method: string, path: string, query: Record<string, string>, reply: string | FakeReply): this {
    const r = typeof reply === 'string' ? { body: fixture(reply) } : reply;
    this.routes.set(key(method, path, Object.entries(query)), r);
    return this;
  }

  /**
   * Serves `GET path?labelSelector=…` as a live collection (list and watch) of these objects
   * instead of a fixed reply; change it through the returned collection.
   */
  collection(path: string, labelSelector: string, items: Obj[]): FakeCollection {
    const c = new FakeCollection(items);
    this.collections.set(`${path}?${labelSelector}`, c);
    return c;
  }

  /** Stops serving a collection: the routes (`on`) answer that path again. */
  dropCollection(path: string, labelSelector = ''): void {
    this.collections.delete(`${path}?${labelSelector}`);
  }

  /** A kubeconfig for this server, current context first; extra contexts may point elsewhere. */
  kubeconfig(opts: KubeconfigOptions = {}): string {
    const user = opts.user ?? { token: opts.token ?? 'fake-token-0123456789' };
    const all = [{ name: opts.context ?? 'fake', server: this.url }, ...(opts.others ?? [])];
    return stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: all.map((c) => ({
        name: c.name,
        cluster: { server: c.server, 'insecure-skip-tls-verify': true },
      })),
      users: [{ name: 'ci', user }],
      contexts: all.map((c) => ({
        name: c.name,
        context: { cluster: c.name, user: 'ci', namespace: 'shop' },
      })),
      'current-context': all[0]?.name,
      preferences: {},
    });
  }

  /** Writes `kubeconfig(opts)` to `<dir>/kubeconfig` and returns the path. */
  async writeKubeconfig(dir: string, opts: KubeconfigOptions = {}): Promise<string> {
    const file = join(dir, 'kubeconfig');
    await writeFile(file, this.kubeconfig(opts), { mode: 0o600 });
    return file;
  }

  /** Drops open connections too, so a hanging request does not keep the server alive. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
