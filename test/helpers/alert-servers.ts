import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// Loopback stand-ins for Grafana's annotation API, PagerDuty's Events API v2 and a Slack-compatible
// webhook. Each checks requests against the contract its vendor documents and refuses anything else
// with the error the real service would give; what it accepted and refused is kept for assertions.

export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface ContractServer {
  url: string;
  accepted: Received[];
  rejected: { path: string; reason: string }[];
  /** Answer every request with this status instead (e.g. 500), or never answer ('hang'). */
  fail: number | 'hang' | null;
  stop(): Promise<void>;
}

type Check = (req: Received) => string | null;

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;

async function start(check: Check, ok: (r: Received) => [number, unknown]): Promise<ContractServer> {
  const state: Omit<ContractServer, 'url' | 'stop'> = { accepted: [], rejected: [], fail: null };
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      raw += c.toString();
    });
    req.on('end', () => {
      if (state.fail === 'hang') return void hanging.push(res);
      if (typeof state.fail === 'number') return void res.writeHead(state.fail).end('{"message":"boom"}');
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      const r: Received = { path: req.url ?? '', headers: req.headers, body };
      const reason =
        req.method !== 'POST'
          ? `method ${req.method}`
          : !String(req.headers['content-type']).startsWith('application/json')
            ? 'content-type is not application/json'
            : body === undefined
              ? 'body is not JSON'
              : check(r);
      if (reason) {
        state.rejected.push({ path: r.path, reason });
        res.writeHead(reason.startsWith('401') ? 401 : 400, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ message: reason }));
      }
      state.accepted.push(r);
      const [status, answer] = ok(r);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((r) => {
        for (const h of hanging) h.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  }) as ContractServer;
}

/** Grafana HTTP API, POST /api/annotations: Bearer auth; dashboardUID?, panelId?, time, timeEnd, tags, text. */
export function startGrafana(token: string): Promise<ContractServer> {
  const KNOWN = new Set(['dashboardUID', 'dashboardId', 'panelId', 'time', 'timeEnd', 'tags', 'text']);
  return start(
    (r) => {
      if (r.path !== '/api/annotations') return `404 no route ${r.path}`;
      if (r.headers.authorization !== `Bearer ${token}`) return '401 invalid API key';
      const b = r.body;
      if (!isObj(b)) return 'body must be an object';
      const unknown = Object.keys(b).filter((k) => !KNOWN.has(k));
      if (unknown.length) return `unknown fields ${unknown.join(',')}`;
      if (!isInt(b.time) || !isInt(b.timeEnd) || (b.timeEnd as number) < (b.time as number))
        return 'time/timeEnd must be epoch milliseconds, timeEnd >= time';
      if (!Array.isArray(b.tags) || !b.tags.every((t) => typeof t === 'string'))
        return 'tags must be strings';
      if (typeof b.text !== 'string' || !b.text) return 'text is required';
      return null;
    },
    (r) => [200, { message: 'Annotation added', id: r.path.length }],
  );
}

/** PagerDuty Events API v2, POST /v2/enqueue. */
export function startPagerDuty(): Promise<ContractServer> {
  const SEVERITIES = ['critical', 'error', 'warning', 'info'];
  return start(
    (r) => {
      if (r.path !== '/v2/enqueue') return `404 no route ${r.path}`;
      const b = r.body;
      if (!isObj(b)) return 'body must be an object';
      if (typeof b.routing_key !== 'string' || !b.routing_key) return 'routing_key is required';
      if (!['trigger', 'acknowledge', 'resolve'].includes(String(b.event_action))) return 'bad event_action';
      if (b.dedup_key !== undefined && (typeof b.dedup_key !== 'string' || b.dedup_key.length > 255))
        return 'dedup_key must be a string of at most 255 characters';
      if (b.event_action === 'trigger') {
        const p = b.payload;
        if (!isObj(p)) return 'payload is required for trigger';
        if (typeof p.summary !== 'string' || !p.summary || p.summary.length > 1024) return 'payload.summary';
        if (typeof p.source !== 'string' || !p.source) return 'payload.source is required';
        if (!SEVERITIES.includes(String(p.severity)))
          return 'payload.severity must be critical|error|warning|info';
        if (p.timestamp !== undefined && Number.isNaN(Date.parse(String(p.timestamp))))
          return 'payload.timestamp';
      }
      if (b.links !== undefined) {
        if (!Array.isArray(b.links) || !b.links.every((l) => isObj(l) && typeof l.href === 'string'))
          return 'links must be [{href, text}]';
      }
      return null;
    },
    (r) => [
      202,
      {
        status: 'success',
        message: 'Event processed',
        dedup_key: (r.body as { dedup_key?: string }).dedup_key,
      },
    ],
  );
}

/**
 * PagerDuty Events API v2 change events, POST /v2/change/enqueue: routing_key, payload {summary ≤ 1024,
 * timestamp?, source?, custom_details?}, links?, images?; nothing else (no event_action, no severity).
 */
export function startPagerDutyChange(): Promise<ContractServer> {
  const TOP = new Set(['routing_key', 'payload', 'links', 'images']);
  const PAYLOAD = new Set(['summary', 'timestamp', 'source', 'custom_details']);
  return start(
    (r) => {
      if (r.path !== '/v2/change/enqueue') return `404 no route ${r.path}`;
      const b = r.body;
      if (!isObj(b)) return 'body must be an object';
      const unknown = Object.keys(b).filter((k) => !TOP.has(k));
      if (unknown.length) return `unknown fields ${unknown.join(',')}`;
      if (typeof b.routing_key !== 'string' || b.routing_key.length !== 32)
        return 'routing_key must be 32 characters';
      const p = b.payload;
      if (!isObj(p)) return 'payload is required';
      const extra = Object.keys(p).filter((k) => !PAYLOAD.has(k));
      if (extra.length) return `unknown payload fields ${extra.join(',')}`;
      if (typeof p.summary !== 'string' || !p.summary || p.summary.length > 1024) return 'payload.summary';
      if (p.timestamp !== undefined && Number.isNaN(Date.parse(String(p.timestamp))))
        return 'payload.timestamp';
      if (p.source !== undefined && typeof p.source !== 'string') return 'payload.source';
      if (p.custom_details !== undefined && !isObj(p.custom_details)) return 'payload.custom_details';
      if (b.links !== undefined) {
        if (!Array.isArray(b.links) || !b.links.every((l) => isObj(l) && typeof l.href === 'string'))
          return 'links must be [{href, text}]';
      }
      return null;
    },
    () => [202, { status: 'success', message: 'Change event processed', errors: [] }],
  );
}

/** A Slack-compatible incoming webhook: `text` (or blocks/attachments), nothing it does not know. */
export function startSlack(path: string): Promise<ContractServer> {
  const KNOWN = new Set([
    'text',
    'blocks',
    'attachments',
    'username',
    'icon_emoji',
    'icon_url',
    'channel',
    'mrkdwn',
  ]);
  return start(
    (r) => {
      if (r.path !== path) return `404 no_service`;
      const b = r.body;
      if (!isObj(b)) return 'invalid_payload';
      if (Object.keys(b).some((k) => !KNOWN.has(k))) return 'invalid_payload: unknown field';
      if (typeof b.text !== 'string' || !b.text.trim()) return 'no_text';
      return null;
    },
    () => [200, 'ok'],
  );
}
