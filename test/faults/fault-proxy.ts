import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

// A loopback HTTP proxy in front of the Kubernetes double, the real Prometheus or the Loki double,
// that fails chosen requests the way networks and overloaded servers do: an error status (with
// Retry-After), a connection reset before any answer, an answer that never comes, a watch answered
// with 410 Gone. Open streamed answers (watches) can be cut mid-stream on demand. Everything
// else passes through untouched, so the doubles and Prometheus answer as they always do.

export interface ProxiedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
}

export type ProxyFault =
  /** An error answer, as the server sends it (`Retry-After` in `headers`). */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  /** The connection is destroyed before any answer (the client sees ECONNRESET / socket hang up). */
  | { kind: 'reset' }
  /** The request is accepted and never answered (a hanging server). */
  | { kind: 'hang' }
  /** A watch answered 200 with one ERROR event, 410 Gone: the resourceVersion is too old. */
  | { kind: 'gone' };

export interface ProxyRule {
  /** A short name, for the scenario's id and for `fired()`. */
  name: string;
  match(r: ProxiedRequest): boolean;
  fault: ProxyFault;
  /** Matching requests let through before the fault starts (default 0). */
  skip?: number;
  /** Matching requests it fails after that (default 1; Infinity: every one). */
  times?: number;
}

export interface FaultProxy {
  url: string;
  /** Every request, in order, with the rule that failed it (if one did). */
  readonly seen: { request: ProxiedRequest; fault?: string }[];
  arm(rule: ProxyRule): void;
  /** How many requests `name` failed. */
  fired(name: string): number;
  /** Streamed answers (watches) open now. */
  openStreams(): number;
  /** Cuts every open streamed answer mid-stream, as a load balancer or an API server restart does. */
  cutStreams(): number;
  close(): Promise<void>;
}

/** The Status body the API server sends with 410 Gone in a watch. */
const GONE_EVENT = {
  type: 'ERROR',
  object: {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'too old resource version: 1 (2000)',
    reason: 'Expired',
    code: 410,
  },
};

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const rules: { rule: ProxyRule; matched: number; fired: number }[] = [];
  const seen: FaultProxy['seen'] = [];
  const streams = new Set<ServerResponse>();
  const sockets = new Set<Socket>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const request: ProxiedRequest = {
      method: req.method ?? 'GET',
      path: q < 0 ? raw : raw.slice(0, q),
      query: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)),
    };
    const hit = rules.find((r) => {
      if (!r.rule.match(request)) return false;
      r.matched += 1;
      const skip = r.rule.skip ?? 0;
      return r.matched > skip && r.fired < (r.rule.times ?? 1);
    });
    seen.push({ request, ...(hit ? { fault: hit.rule.name } : {}) });
    if (hit) {
      hit.fired += 1;
      const f = hit.rule.fault;
      if (f.kind === 'hang') return;
      if (f.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (f.kind === 'gone') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`${JSON.stringify(GONE_EVENT)}\n`);
        return;
      }
      res.writeHead(f.status, { 'content-type': 'application/json', ...f.headers });
      res.end(f.body ?? JSON.stringify({ status: 'error', message: `fault proxy: HTTP ${f.status}` }));
      return;
    }
    const up = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: `${target.pathname.replace(/\/$/, '')}${raw}`,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        const streamed = answer.headers['transfer-encoding'] === 'chunked' && request.query.get('watch');
        if (streamed) {
          res.flushHeaders();
          streams.add(res);
          res.on('close', () => streams.delete(res));
        }
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
    res.on('close', () => up.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    arm: (rule) => rules.push({ rule, matched: 0, fired: 0 }),
    fired: (name) => rules.filter((r) => r.rule.name === name).reduce((n, r) => n + r.fired, 0),
    openStreams: () => streams.size,
    cutStreams() {
      const n = streams.size;
      for (const s of streams) s.socket?.destroy();
      streams.clear();
      return n;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Requests to a Kubernetes collection path ending in `resource` (`pods`), list or watch. */
export const kubeRequest =
  (resource: string, watch?: boolean) =>
  (r: ProxiedRequest): boolean =>
    r.method === 'GET' &&
    r.path.endsWith(`/${resource}`) &&
    (watch === undefined || (r.query.get('watch') === 'true') === watch);
