import { RE2JS } from 're2js';
import { z } from 'zod';
import { boundText } from '../domain/observe/clip.js';
import { escapers } from '../domain/plan/template.js';
import { checkBaseUrl, describeNetworkError } from './provider-http.js';

/**
 * Loki HTTP API client: recent log lines for a stream selector, and an error count over a window.
 * Every call has a deadline; every failure is a LokiError whose `kind` lets the caller record the
 * provider as unavailable with a reason. Queries are built here from a selector and a pattern; the
 * pattern is escaped as a LogQL string literal and URLs are built with URL/URLSearchParams only,
 * so no value can change the structure of a query or URL. Text from Loki (lines, error answers)
 * is bounded here and cut to the sizes a record keeps only once redacted (redact first, cut after).
 */

export type LokiErrorKind = 'unreachable' | 'timeout' | 'http' | 'bad_data' | 'query';

export class LokiError extends Error {
  override readonly name = 'LokiError';
  /** HTTP status, when Loki answered. */
  readonly status?: number;
  /** The start of Loki's answer (at most 1 KiB), when it answered with an error. */
  readonly body?: string;
  constructor(
    readonly kind: LokiErrorKind,
    message: string,
    extra: { status?: number; body?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause });
    this.status = extra.status;
    this.body = extra.body;
  }
}

export interface LokiClientOptions {
  /** e.g. `http://loki:3100`; a path prefix such as `https://gw/loki-proxy/` is kept. */
  baseUrl: string;
  /** Deadline per call, response body included. Default 10 s. */
  timeoutMs?: number;
  /** Sent with every request: `Authorization`, `X-Scope-OrgID` for multi-tenant Loki. */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

export interface RecentLinesOptions {
  /** Lines wanted, 1‥5000 (Loki's default `max_entries_limit_per_query`). */
  limit: number;
  start: Date;
  end: Date;
  signal?: AbortSignal;
}

export interface ErrorCountOptions {
  start: Date;
  end: Date;
  signal?: AbortSignal;
  /** Pattern is a regex (`|~`, the default) or a plain substring (`|=`). */
  regex?: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_LIMIT = 5000;
/**
 * Characters of a line returned: a bound, not the cut a record keeps (2 KiB), which the ports
 * make after redacting the line (app/shared/redacted-observers.ts); the error count sees lines whole.
 */
const LINE_BOUND = 16 * 1024;
const MAX_ERROR_BODY = 1024;
const QUERY_RANGE = '/loki/api/v1/query_range';
const QUERY = '/loki/api/v1/query';

const StatsSchema = z.record(z.string(), z.unknown()).optional();

const StreamsResponse = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('streams'),
    result: z.array(
      z.object({
        stream: z.record(z.string(), z.string()),
        // [ns timestamp, line], and with Loki 3's categorize-labels a third element of metadata.
        values: z.array(z.tuple([z.string().regex(/^\d+$/), z.string()], z.unknown())),
      }),
    ),
    stats: StatsSchema,
  }),
});

const VectorResponse = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('vector'),
    result: z.array(
      z.object({
        metric: z.record(z.string(), z.string()),
        value: z.tuple([z.number(), z.string()]),
      }),
    ),
    stats: StatsSchema,
  }),
});

function checkSelector(selector: string): string {
  const s = selector.trim();
  if (!s.startsWith('{') || !s.endsWith('}')) {
    throw new LokiError(
      'query',
      `stream selector must look like {label="value"}, got ${JSON.stringify(selector)}`,
    );
  }
  return s;
}

/**
 * `sum(count_over_time(<selector> |~ "<pattern>" [<window>s]))`. The pattern is escaped as a LogQL
 * string literal, so quotes, backslashes, `|`, `}` and newlines in it stay inside the filter.
 */
export function errorCountQuery(
  selector: string,
  pattern: string,
  windowSeconds: number,
  regex: boolean,
): string {
  const s = checkSelector(selector);
  if (pattern === '') throw new LokiError('query', 'error pattern is empty: it would count every line');
  if (!Number.isSafeInteger(windowSeconds) || windowSeconds < 1) {
    throw new LokiError('query', `window must be a whole number of seconds ≥ 1, got ${windowSeconds}`);
  }
  const op = regex ? '|~' : '|=';
  return `sum(count_over_time(${s} ${op} "${escapers.logqlString(pattern)}" [${windowSeconds}s]))`;
}

function nanos(d: Date): string {
  const ms = d.getTime();
  if (!Number.isFinite(ms)) throw new LokiError('query', 'invalid date in query window');
  return (BigInt(ms) * 1_000_000n).toString();
}

function checkWindow(start: Date, end: Date): void {
  if (!(start.getTime() <= end.getTime())) {
    throw new LokiError(
      'query',
      `query window ends (${end.toISOString()}) before it starts (${start.toISOString()})`,
    );
  }
}

/** Loki's line filter as a predicate: `|~` an RE2 regex found anywhere in the line, `|=` a substring. */
function lineFilter(pattern: string, regex: boolean): ((line: string) => boolean) | undefined {
  if (!regex) return (line) => line.includes(pattern);
  try {
    const re = RE2JS.compile(pattern);
    return (line) => re.test(line);
  } catch {
    return undefined; // Loki says what is wrong with it, as before
  }
}

export class LokiClient {
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;
  private readonly fetchFn: typeof fetch;

  constructor(opts: LokiClientOptions) {
    const base = checkBaseUrl(
      opts.baseUrl,
      'Loki',
      (message, cause) => new LokiError('unreachable', message, cause === undefined ? undefined : { cause }),
    );
    this.base = base;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.headers = { accept: 'application/json', ...opts.headers };
    this.fetchFn = opts.fetch ?? fetch;
  }

  /**
   * The newest `limit` lines across all streams the selector matches, returned oldest → newest.
   * Loki picks the newest (direction=backward) but groups them by stream; merging sorts by the
   * nanosecond timestamps as BigInt, since they exceed a double's precision.
   */
  async recentLines(
    selector: string,
    opts: RecentLinesOptions,
  ): Promise<{ lines: string[]; streams: number }> {
    const query = checkSelector(selector);
    if (!Number.isSafeInteger(opts.limit) || opts.limit < 1 || opts.limit > MAX_LIMIT) {
      throw new LokiError('query', `limit must be a whole number in 1‥${MAX_LIMIT}, got ${opts.limit}`);
    }
    checkWindow(opts.start, opts.end);
    const params = {
      query,
      limit: String(opts.limit),
      direction: 'backward',
      start: nanos(opts.start),
      end: nanos(opts.end),
    };
    const body = await this.get(QUERY_RANGE, params, opts.signal);
    const data = parse(StreamsResponse, body, QUERY_RANGE).data;
    const entries = data.result.flatMap((s) => s.values.map(([ts, line]) => ({ ts: BigInt(ts), line })));
    entries.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
    return {
      lines: entries.slice(-opts.limit).map((e) => boundText(e.line, LINE_BOUND)),
      streams: data.result.length,
    };
  }

  /**
   * Lines matching `pattern` in the window start‥end (rounded up to whole seconds), as an instant
   * query at `end`. An empty result is 0: count_over_time yields no sample for a window in which no
   * line matched, so absence means "no error lines", not "no data" as with Prometheus metrics. It
   * cannot tell "no errors" from "selector matches no stream"; recentLines' `streams` can.
   */
  async errorCount(selector: string, pattern: string, opts: ErrorCountOptions): Promise<number> {
    checkWindow(opts.start, opts.end);
    const windowSeconds = Math.max(1, Math.ceil((opts.end.getTime() - opts.start.getTime()) / 1000));
    const query = errorCountQuery(selector, pattern, windowSeconds, opts.regex ?? true);
    const body = await this.get(QUERY, { query, time: nanos(opts.end) }, opts.signal);
    const { result } = parse(VectorResponse, body, QUERY).data;
    let total = 0;
    for (const sample of result) {
      const n = Number(sample.value[1]);
      if (!Number.isFinite(n) || n < 0) {
        throw new LokiError(
          'bad_data',
          `${QUERY}: count is not a number: ${JSON.stringify(sample.value[1])}`,
        );
      }
      total += n;
    }
    return total;
  }

  /**
   * Recent lines AND the error count of one window in one call, where recentLines + errorCount
   * take two (a bake asks this at every interval). One query_range of the selector over the window
   * with the largest limit Loki serves by default (5000, newest first): the newest `lines` of it are
   * the recent lines, and the error count is counted here over all fetched lines with the same
   * semantics as Loki's line filter (`|~` is an RE2 regex matched anywhere in the line, via re2js,
   * the RE2 port; `|=` a substring; on the unclipped line). When the answer is full (the window may
   * hold more than 5000 lines) or Loki refuses that limit (a lower max_entries_limit_per_query), the
   * count comes from errorCount as before: one more call, never a count of part of the window.
   * A pattern re2js cannot compile goes to Loki as before, so Loki's own message is recorded.
   * `calls` says which happened.
   */
  async windowLogs(
    selector: string,
    pattern: string,
    opts: RecentLinesOptions & { regex?: boolean },
  ): Promise<{ lines: string[]; streams: number; errorCount: number; calls: 1 | 2 }> {
    const query = checkSelector(selector);
    if (!Number.isSafeInteger(opts.limit) || opts.limit < 1 || opts.limit > MAX_LIMIT) {
      throw new LokiError('query', `limit must be a whole number in 1‥${MAX_LIMIT}, got ${opts.limit}`);
    }
    const regex = opts.regex ?? true;
    // Checks the pattern and window as errorCount would, before any call.
    errorCountQuery(selector, pattern, 1, regex);
    checkWindow(opts.start, opts.end);
    const matches = lineFilter(pattern, regex);
    const params = {
      query,
      limit: String(MAX_LIMIT),
      direction: 'backward',
      start: nanos(opts.start),
      end: nanos(opts.end),
    };
    const separately = async () => {
      const [recent, errorCount] = await Promise.all([
        this.recentLines(selector, opts),
        this.errorCount(selector, pattern, { ...opts, regex }),
      ]);
      return { ...recent, errorCount, calls: 2 as const };
    };
    if (!matches) return separately();
    let body: unknown;
    try {
      body = await this.get(QUERY_RANGE, params, opts.signal);
    } catch (err) {
      if (err instanceof LokiError && err.kind === 'query') return separately();
      throw err;
    }
    const data = parse(StreamsResponse, body, QUERY_RANGE).data;
    const entries = data.result.flatMap((s) => s.values.map(([ts, line]) => ({ ts: BigInt(ts), line })));
    entries.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
    const lines = entries.slice(-opts.limit).map((e) => boundText(e.line, LINE_BOUND));
    const streams = data.result.length;
    if (entries.length >= MAX_LIMIT) {
      const errorCount = await this.errorCount(selector, pattern, { ...opts, regex });
      return { lines, streams, errorCount, calls: 2 };
    }
    const errorCount = entries.filter((e) => matches(e.line)).length;
    return { lines, streams, errorCount, calls: 1 };
  }

  /** One GET with the deadline over the whole exchange; returns the parsed JSON body. */
  private async get(path: string, params: Record<string, string>, signal?: AbortSignal): Promise<unknown> {
    const url = new URL(this.base);
    url.pathname = url.pathname.replace(/\/+$/, '') + path;
    url.search = new URLSearchParams(params).toString();
    url.hash = '';
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    let status: number;
    let text: string;
    try {
      const res = await this.fetchFn(url, { headers: this.headers, signal: combined });
      status = res.status;
      text = await res.text();
    } catch (err) {
      // The caller's own cancellation is not a provider failure: hand its reason back unchanged.
      if (signal?.aborted) throw signal.reason;
      if (deadline.aborted) {
        throw new LokiError('timeout', `${path}: no answer within ${this.timeoutMs} ms`, { cause: err });
      }
      throw new LokiError('unreachable', `${path}: ${describeNetworkError(err)}`, { cause: err });
    }
    if (status < 200 || status > 299) throw httpError(path, status, text);
    try {
      return JSON.parse(text);
    } catch (err) {
      const body = boundText(text, MAX_ERROR_BODY);
      throw new LokiError('bad_data', `${path}: answer is not JSON`, { status, body, cause: err });
    }
  }
}

/** Loki answers a bad query with 400 and a plain-text message (older proxies: Prometheus-style JSON). */
function httpError(path: string, status: number, text: string): LokiError {
  // Bounded, not cut: the ports cut error messages after redacting them.
  const body = boundText(text, MAX_ERROR_BODY);
  let message = body.trim();
  try {
    const json = JSON.parse(text) as { error?: unknown };
    if (typeof json?.error === 'string') message = json.error;
  } catch {
    // plain text, as Loki sends it
  }
  if (status === 400) {
    return new LokiError('query', `${path}: Loki rejected the query: ${message}`, { status, body });
  }
  const detail = message ? `: ${boundText(message, MAX_ERROR_BODY)}` : '';
  return new LokiError('http', `${path}: HTTP ${status}${detail}`, { status, body });
}

function parse<T>(schema: z.ZodType<T>, body: unknown, path: string): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '(root)';
  throw new LokiError('bad_data', `${path}: unexpected answer at ${where}: ${issue?.message ?? 'invalid'}`);
}
