import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultQueue } from './faults.js';
import { GRAPHQL_PATH } from './graphql.js';
import { GitHubState, type UserRecord } from './model.js';
import { answer, type PipelineConfig, type RecordedRequest, refusal } from './pipeline.js';
import type { Reply } from './replies.js';
import { loadDescription, operationAt } from './spec.js';

/** The loopback HTTP server around the pipeline, and the handle tests hold. */

export type { RecordedRequest };

export interface GitHubDoubleOptions {
  owner?: string;
  repo?: string;
  defaultBranch?: string;
  /** Whom the token belongs to. Default `github-actions[bot]`. */
  actor?: UserRecord;
  /** Check the double's own responses against the description; a mismatch becomes a 500. Default true. */
  strictResponses?: boolean;
  /** Refuse body properties the description does not list (GitHub ignores them; a typo then goes unseen). Default true. */
  strictBodies?: boolean;
  clock?: () => Date;
  /** How long each answer takes, as GitHub's round trip from a runner does. Default 0. */
  latencyMs?: number;
}

export interface GitHubDouble {
  /** Base URL for Octokit's `baseUrl` (or `GITHUB_API_URL`). */
  url: string;
  state: GitHubState;
  requests: RecordedRequest[];
  /** How long reading GitHub's description took; paid once per process, by the first double. */
  loadMs: number;
  /**
   * The next request matching method + template gets this answer instead, without being carried
   * out; status 0 drops the connection. GraphQL: `POST /graphql` (any) or `/graphql <root field>`.
   */
  failNext(
    method: string,
    pathTemplate: string,
    status: number,
    body?: unknown,
    headers?: Record<string, string>,
  ): void;
  /** Like failNext, but the request is carried out first: the answer is lost on the way back (e.g. a 502 after an issue was created). */
  failNextAfterApply(
    method: string,
    pathTemplate: string,
    status: number,
    body?: unknown,
    headers?: Record<string, string>,
  ): void;
  /** Requests refused for breaking the description, bad auth, or an operation the double lacks. */
  rejected(): RecordedRequest[];
  /** The most requests that were waiting for their answer at one time (1 when a client asks one by one). */
  maxInFlight(): number;
  stop(): Promise<void>;
}

const GITHUB_ACTIONS: UserRecord = { login: 'github-actions[bot]', id: 41_898_282, type: 'Bot' };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, used: number, reply: Reply): void {
  const headers: Record<string, string> = {
    'x-github-api-version-selected': '2022-11-28',
    'x-github-request-id': randomUUID().slice(0, 18).toUpperCase(),
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': String(Math.max(5000 - used, 0)),
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-used': String(used),
    'x-ratelimit-resource': 'core',
    ...reply.headers,
  };
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  headers['content-type'] = 'application/json; charset=utf-8';
  res.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
}

export async function startGitHubDouble(opts: GitHubDoubleOptions = {}): Promise<GitHubDouble> {
  const { loadMs } = loadDescription();
  const state = new GitHubState({
    owner: opts.owner ?? 'acme',
    repo: opts.repo ?? 'gitops',
    defaultBranch: opts.defaultBranch ?? 'main',
    actor: opts.actor ?? GITHUB_ACTIONS,
    clock: opts.clock ?? (() => new Date()),
  });
  const requests: RecordedRequest[] = [];
  const faults: FaultQueue = [];
  const cfg: PipelineConfig = {
    api: '',
    state,
    faults,
    strictBodies: opts.strictBodies ?? true,
    strictResponses: opts.strictResponses ?? true,
  };

  let inFlight = 0;
  let maxInFlight = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await answerOne(req, res);
    } finally {
      inFlight--;
    }
  };
  const answerOne = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
    const url = new URL(req.url ?? '/', cfg.api);
    const record: RecordedRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      headers: req.headers,
      status: 0,
    };
    requests.push(record);
    let reply: Reply;
    try {
      reply = answer(cfg, record, url, raw);
    } catch (err) {
      record.rejected = 'the double crashed';
      reply = refusal(500, `github-double crashed: ${err instanceof Error ? err.stack : String(err)}`);
    }
    record.status = reply.status;
    // Status 0 from failNext: the connection drops with no answer (a reset, or a proxy's timeout).
    if (reply.status === 0) {
      res.socket?.destroy();
      return;
    }
    send(res, requests.length, reply);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cfg.api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const enqueue =
    (afterApply: boolean) =>
    (method: string, template: string, status: number, body?: unknown, headers?: Record<string, string>) => {
      const graphql = method.toUpperCase() === 'POST' && template.split(' ')[0] === GRAPHQL_PATH;
      if (!graphql && !operationAt(method, template)) {
        throw new Error(`github-double: GitHub's description has no ${method.toUpperCase()} ${template}`);
      }
      faults.push({ method: method.toUpperCase(), template, status, body, headers, afterApply });
    };

  return {
    url: cfg.api,
    state,
    requests,
    loadMs,
    failNext: enqueue(false),
    failNextAfterApply: enqueue(true),
    rejected: () => requests.filter((r) => r.rejected !== undefined),
    maxInFlight: () => maxInFlight,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
