import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';

/**
 * A loopback stand-in for the Kubernetes API server: it answers routes keyed by method, raw path
 * and the exact set of query parameters with recorded API objects (test/fixtures/k8s/*.json) or
 * `Status` errors as the API server sends them, records every request, and can delay or hang.
 * Reached by the real client through a kubeconfig pointing at http://127.0.0.1:<port>.
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

export class FakeApiServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, FakeReply>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeApiServer> {
    let fake: FakeApiServer | undefined;
    const server = createServer((req, res) => {
      const raw = req.url ?? '/';
      const q = raw.indexOf('?');
      const path = q < 0 ? raw : raw.slice(0, q);
      const query = q < 0 ? '' : raw.slice(q + 1);
      const params = [...new URLSearchParams(query)];
      const method = req.method ?? 'GET';
      fake?.requests.push({ method, path, query, params, headers: req.headers });
      // Unknown paths get what the API server sends for them (also for a CRD that is not installed).
      const reply =
        fake?.routes.get(key(method, path, params)) ??
        status(404, 'the server could not find the requested resource');
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
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeApiServer(server, `http://127.0.0.1:${port}`);
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
