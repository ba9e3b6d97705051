import { retry } from '@octokit/plugin-retry';
import { type ThrottlingOptions, throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { faultPoint } from '../fault-point.js';

/**
 * The one place an Octokit is built. It carries plugin-retry (5xx and network errors are re-sent,
 * POSTs included — callers that create things must look up their marker first) and
 * plugin-throttling (primary and secondary rate limits are waited out a bounded number of times).
 */

const ClientClass = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof ClientClass>;

export interface GitHubClientOptions {
  token: string;
  /** REST root, e.g. `process.env.GITHUB_API_URL`; a test double's URL in tests. Default api.github.com. */
  baseUrl?: string;
  userAgent?: string;
  /** Receives retry, rate-limit and Octokit warning messages. The token never appears in them. */
  log?: (message: string) => void;
  /** How many times a rate-limited request is re-sent before giving up. Default 2. */
  rateLimitRetries?: number;
  /**
   * GitHub asks for ≥ 1 s between writes and 3 s between notification-triggering writes; the
   * throttling plugin enforces that ('github', the default). 'none' is for tests against a double.
   */
  pacing?: 'github' | 'none';
  /** plugin-retry waits (n+1)² × this many ms before re-send n+1. Default 1000; tests shrink it. */
  retryBaseMs?: number;
}

/**
 * 4xx answers that cannot succeed on a re-send. 429 is left to the throttling plugin, which honours
 * `retry-after`; plugin-retry would otherwise re-send it on its own schedule first.
 */
const DO_NOT_RETRY = [400, 401, 403, 404, 405, 409, 410, 422, 429, 451];

/** Stands in for a Bottleneck group with no spacing; the plugin only calls `key(id).schedule(opts, fn)`. */
const unpacedGroup = {
  key: () => ({ schedule: (_options: unknown, job: () => Promise<unknown>) => job() }),
} as unknown as NonNullable<ThrottlingOptions['write']>;

/**
 * Loads Node's fetch now rather than at the first API call: Octokit sends through the global fetch,
 * whose first call loads undici (~80 ms of CPU on Node 24, ~160 on Node 20). Called when a git process
 * has just started, the load runs while git works instead of after it. A data: URL: nothing leaves the
 * machine, and nothing is asked of GitHub.
 */
export function preloadFetch(): void {
  fetch('data:,').then(
    (r) => r.body?.cancel(),
    () => undefined,
  );
}

export function createOctokit(options: GitHubClientOptions): GitHubClient {
  const { token } = options;
  if (token.trim() === '') throw new TypeError('createOctokit: the GitHub token is empty');
  const say = options.log ?? (() => {});
  const log = (message: string) => say(token.length >= 4 ? message.split(token).join('***') : message);
  const maxRetries = options.rateLimitRetries ?? 2;

  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      const what = `${kind} on ${request.method} ${request.url}`;
      if (retryCount < maxRetries) {
        log(`GitHub ${what}: retrying in ${retryAfter} s (retry ${retryCount + 1} of ${maxRetries})`);
        return true;
      }
      log(`GitHub ${what}: giving up after ${maxRetries} retries`);
      return false;
    };

  const paced = (options.pacing ?? 'github') === 'github';
  const client = new ClientClass({
    auth: token,
    ...(options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : {}),
    userAgent: options.userAgent ?? 'intentops',
    log: { debug: () => {}, info: () => {}, warn: log, error: log },
    retry: { doNotRetry: DO_NOT_RETRY, retryAfterBaseValue: options.retryBaseMs ?? 1000 },
    throttle: {
      onRateLimit: onLimit('rate limit'),
      onSecondaryRateLimit: onLimit('secondary rate limit'),
      ...(paced ? {} : { write: unpacedGroup, notifications: unpacedGroup, search: unpacedGroup }),
    },
  });
  const handoff = { waiting: 0, idle: [] as (() => void)[] };
  handoffs.set(client, handoff);
  // Each write is a durable boundary the fault harness can crash at (adapters/fault-point.ts).
  client.hook.wrap('request', async (request, opts) => {
    const writes = opts.method !== 'GET' && opts.method !== 'HEAD' && opts.url !== '/graphql';
    // Until fetch is called, a request waits in the throttling plugin's queue, which moves on timers:
    // the caller may want it on its way before it starts a long stretch of work (handedOff below).
    let handed = false;
    const hand = () => {
      if (handed) return;
      handed = true;
      handoff.waiting--;
      if (handoff.waiting === 0) for (const resolve of handoff.idle.splice(0)) resolve();
    };
    handoff.waiting++;
    const given = opts.request?.fetch;
    opts.request = {
      ...opts.request,
      fetch: (url: string, init: RequestInit) => {
        hand();
        return (given ?? globalThis.fetch)(url, init);
      },
    };
    try {
      if (writes) await faultPoint('github.write');
      const answer = await request(opts);
      if (writes) await faultPoint('github.written');
      return answer;
    } finally {
      hand();
    }
  });
  return client;
}

const handoffs = new WeakMap<GitHubClient, { waiting: number; idle: (() => void)[] }>();

/** The longest handedOff waits: a request the throttling plugin holds back for a rate limit is not waited for. */
const HANDOFF_WAIT_MS = 50;

/**
 * Resolves once every request asked of this client so far has been handed to fetch (is on its way)
 * or has ended, or after HANDOFF_WAIT_MS. A caller about to keep the event loop busy (parsing,
 * checking) awaits it first, so the requests travel meanwhile instead of after.
 */
export async function handedOff(client: GitHubClient): Promise<void> {
  const handoff = handoffs.get(client);
  if (!handoff) return;
  // A request asked for just now reaches the hook above a few promise turns later: let those run.
  await new Promise((resolve) => setImmediate(resolve));
  if (handoff.waiting === 0) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      const at = handoff.idle.indexOf(done);
      if (at >= 0) handoff.idle.splice(at, 1);
      resolve();
    }, HANDOFF_WAIT_MS);
    handoff.idle.push(done);
  });
}
