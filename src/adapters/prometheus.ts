import type { z } from 'zod';
import { boundText } from '../domain/observe/clip.js';
import { combineQueries, splitCombined } from './prometheus-batch.js';
import { Envelope, QueryData } from './prometheus-schema.js';
import { checkBaseUrl, describeNetworkError } from './provider-http.js';

/**
 * Prometheus HTTP API client: one instant query → one number, or null for "no data". Queries
 * arrive already rendered (values escaped with `escapers.promqlString`); URLs and form bodies are
 * built with URL/URLSearchParams only. Every call has a deadline; every failure is a
 * PrometheusError whose `kind` tells a broken query ('query', 'bad_data') from an unavailable
 * provider ('unreachable', 'timeout', 'http').
 */

export type PrometheusErrorKind = 'unreachable' | 'timeout' | 'http' | 'bad_data' | 'query';

export class PrometheusError extends Error {
  override readonly name = 'PrometheusError';
  /** HTTP status, when Prometheus answered. */
  readonly status?: number;
  /** The start of the answer (at most 1 KiB), when it was an error or unreadable. */
  readonly body?: string;
  /** Prometheus's `errorType` (`bad_data`, `execution`, `timeout`, …) for `status: error`. */
  readonly errorType?: string;
  constructor(
    readonly kind: PrometheusErrorKind,
    message: string,
    extra: { status?: number; body?: string; errorType?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause });
    this.status = extra.status;
    this.body = extra.body;
    this.errorType = extra.errorType;
  }
}

export interface PromSample {
  /** null for NaN/±Inf. */
  value: number | null;
  labels?: Record<string, string>;
}

export interface PromResult {
  query: string;
  /** 'empty' is a vector with no series. A 'matrix' or non-numeric 'string' is refused as bad_data. */
  resultType: 'vector' | 'scalar' | 'matrix' | 'string' | 'empty';
  /** null = no data (empty vector, NaN, ±Inf); never 0 in their place. */
  value: number | null;
  /** Series in the answer: 0 for empty, 1 for a scalar. */
  series: number;
  /** Prometheus's own warnings first, then ours (e.g. a NaN read as no data). */
  warnings: string[];
  /** Prometheus sent warnings: the answer may miss data (e.g. a failed remote-read store). */
  partial: boolean;
  /** First MAX_SERIES samples, for the record. */
  samples: PromSample[];
  /** The `data` object, its `result` trimmed to MAX_SERIES series. */
  raw: unknown;
}

/** How several series become one number. 'single' refuses more than one. */
export type PromReduce = 'single' | 'sum' | 'max' | 'min';

export interface PrometheusClientOptions {
  /** e.g. `http://prometheus:9090`; a path prefix such as `http://host/prometheus` is kept. */
  baseUrl: string;
  /** Deadline per call, response body included; also sent as the evaluation timeout. Default 10 s. */
  timeoutMs?: number;
  /** Sent with every request (e.g. Authorization); never put in messages. */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

export interface InstantQueryOptions {
  /** Evaluation time; default: Prometheus's now. */
  time?: Date;
  signal?: AbortSignal;
  reduce?: PromReduce;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_SERIES = 20;
const MAX_ERROR_BODY = 1024;
/** Longer URLs go as a POST form: proxies commonly cap request lines near 8 KiB. */
const MAX_GET_URL = 4000;
const QUERY = '/api/v1/query';
const FLOAT = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const NON_FINITE = new Set(['NaN', '+Inf', '-Inf']);

export class PrometheusClient {
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;
  private readonly fetchFn: typeof fetch;

  constructor(opts: PrometheusClientOptions) {
    const base = checkBaseUrl(
      opts.baseUrl,
      'Prometheus',
      (message, cause) =>
        new PrometheusError('unreachable', message, cause === undefined ? undefined : { cause }),
    );
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new PrometheusError('query', `timeoutMs must be a positive number, got ${timeoutMs}`);
    }
    this.base = base;
    this.timeoutMs = timeoutMs;
    this.headers = { accept: 'application/json', ...opts.headers };
    this.fetchFn = opts.fetch ?? fetch;
  }

  /** Evaluates `query` at one instant and reads one number from the answer. */
  async instantQuery(query: string, opts: InstantQueryOptions = {}): Promise<PromResult> {
    if (query.trim() === '') throw new PrometheusError('query', 'query is empty');
    const { data, warnings } = await this.evaluate(query, opts);
    return toResult(query, data, warnings, opts.reduce ?? 'single');
  }

  /**
   * Evaluates several queries at one instant in ONE request and answers each as `instantQuery`
   * would have (a PromResult, or the PrometheusError it would have thrown), in the given order.
   * See prometheus-batch.ts for how the queries are combined without touching their text. When
   * the combined answer cannot be split faithfully — Prometheus refuses it (a query yields a
   * scalar, a string or a range vector, or one query is broken) or sends warnings (they could
   * not be attributed to one query) — each query is asked on its own, as before.
   */
  async instantQueries(
    queries: readonly string[],
    opts: Omit<InstantQueryOptions, 'reduce'> & { reduce?: PromReduce } = {},
  ): Promise<(PromResult | PrometheusError)[]> {
    const one = (q: string) =>
      this.instantQuery(q, opts).catch((err: unknown) => {
        if (err instanceof PrometheusError) return err;
        throw err;
      });
    const distinct = [...new Set(queries)];
    if (distinct.length <= 1 || distinct.some((q) => q.trim() === '')) {
      return Promise.all(queries.map(one));
    }
    let split: QueryData[] | undefined;
    try {
      const { data, warnings } = await this.evaluate(combineQueries(distinct), opts);
      if (warnings.length === 0) split = splitCombined(data, distinct.length);
    } catch (err) {
      if (!(err instanceof PrometheusError)) throw err;
      // The server's trouble answers every query the same; the query's trouble needs each alone.
      if (err.kind !== 'query' && err.kind !== 'bad_data') return queries.map(() => err);
    }
    if (!split) return Promise.all(queries.map(one));
    const parts = split;
    return queries.map((q) => {
      try {
        return toResult(q, parts[distinct.indexOf(q)] as QueryData, [], opts.reduce ?? 'single');
      } catch (err) {
        if (err instanceof PrometheusError) return err;
        throw err;
      }
    });
  }

  /** One /api/v1/query exchange: the answer's data, checked, and Prometheus's warnings. */
  private async evaluate(
    query: string,
    opts: { time?: Date; signal?: AbortSignal },
  ): Promise<{ data: QueryData; warnings: string[] }> {
    // The server stops evaluating when we stop waiting.
    const params = new URLSearchParams({ query, timeout: String(this.timeoutMs / 1000) });
    if (opts.time) {
      const ms = opts.time.getTime();
      if (!Number.isFinite(ms)) throw new PrometheusError('query', 'invalid evaluation time');
      params.set('time', String(ms / 1000));
    }
    const { status, text } = await this.send(QUERY, params, opts.signal);
    const envelope = parseEnvelope(status, text);
    if (envelope.status === 'error') throw statusError(status, envelope, text);
    if (status < 200 || status > 299) throw httpError(status, text);
    return { data: check(QueryData, envelope.data, 'data'), warnings: envelope.warnings ?? [] };
  }

  private async send(
    path: string,
    params: URLSearchParams,
    signal?: AbortSignal,
  ): Promise<{ status: number; text: string }> {
    const url = new URL(this.base);
    url.pathname = url.pathname.replace(/\/+$/, '') + path;
    url.search = params.toString();
    url.hash = '';
    let init: RequestInit = { method: 'GET', headers: this.headers };
    if (url.href.length > MAX_GET_URL) {
      url.search = '';
      const headers = { ...this.headers, 'content-type': 'application/x-www-form-urlencoded' };
      init = { method: 'POST', headers, body: params.toString() };
    }
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
    try {
      const res = await this.fetchFn(url, { ...init, signal: combined });
      return { status: res.status, text: await res.text() };
    } catch (err) {
      // The caller's own cancellation is not a provider failure: hand its reason back unchanged.
      if (signal?.aborted) throw signal.reason;
      if (deadline.aborted) {
        throw new PrometheusError('timeout', `${path}: no answer within ${this.timeoutMs} ms`, {
          cause: err,
        });
      }
      throw new PrometheusError('unreachable', `${path}: ${describeNetworkError(err)}`, { cause: err });
    }
  }
}

/** Prometheus puts its JSON envelope on errors too; a proxy's HTML or text page is an HTTP error. */
function parseEnvelope(status: number, text: string): z.infer<typeof Envelope> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    if (status < 200 || status > 299) throw httpError(status, text);
    const body = boundText(text, MAX_ERROR_BODY);
    throw new PrometheusError('bad_data', `${QUERY}: answer is not JSON`, { status, body, cause: err });
  }
  const r = Envelope.safeParse(json);
  if (r.success) return r.data;
  if (status < 200 || status > 299) throw httpError(status, text);
  return check(Envelope, json, '');
}

/** errorType `timeout`/`unavailable`/`internal` are the server's trouble; the rest the query's. */
function statusError(status: number, env: z.infer<typeof Envelope>, text: string): PrometheusError {
  const errorType = env.errorType ?? 'unknown';
  const extra = { status, errorType, body: boundText(text, MAX_ERROR_BODY) };
  const message = `${QUERY}: Prometheus ${errorType} error: ${env.error ?? '(no message)'}`;
  if (errorType === 'timeout') return new PrometheusError('timeout', message, extra);
  if (errorType === 'unavailable' || errorType === 'internal') {
    return new PrometheusError('http', message, extra);
  }
  return new PrometheusError('query', message, extra);
}

/** The start of the answer, bounded, not cut: the ports cut error messages after redacting them. */
function httpError(status: number, text: string): PrometheusError {
  const body = boundText(text, MAX_ERROR_BODY);
  const detail = body.trim() ? `: ${body.trim()}` : '';
  return new PrometheusError('http', `${QUERY}: HTTP ${status}${detail}`, { status, body });
}

function toResult(query: string, data: QueryData, promWarnings: string[], reduce: PromReduce): PromResult {
  const warnings = [...promWarnings];
  const base = { query, warnings, partial: promWarnings.length > 0 };
  switch (data.resultType) {
    case 'scalar': {
      const value = sampleValue(data.result[1], 'scalar', warnings);
      return { ...base, resultType: 'scalar', value, series: 1, samples: [{ value }], raw: data };
    }
    case 'string': {
      if (!FLOAT.test(data.result[1])) {
        throw new PrometheusError('bad_data', `query returned the string ${JSON.stringify(data.result[1])}`);
      }
      const value = Number(data.result[1]);
      return { ...base, resultType: 'string', value, series: 1, samples: [{ value }], raw: data };
    }
    case 'matrix':
      throw new PrometheusError(
        'bad_data',
        `query returned a range vector (${data.result.length} series); ` +
          'reduce it over time, e.g. avg_over_time(…[5m])',
      );
    case 'vector': {
      const samples: PromSample[] = data.result.map((s) => {
        const where = `series ${formatLabels(s.metric)}`;
        if (!s.value) {
          const fix = 'wrap it in histogram_sum(), histogram_count() or histogram_quantile()';
          throw new PrometheusError('bad_data', `${where} is a native histogram; ${fix}`);
        }
        return { labels: s.metric, value: sampleValue(s.value[1], where, warnings) };
      });
      const raw = { ...data, result: data.result.slice(0, MAX_SERIES) };
      const series = samples.length;
      if (series === 0) return { ...base, resultType: 'empty', value: null, series, samples: [], raw };
      const value = reduceValues(samples, reduce);
      return { ...base, resultType: 'vector', value, series, samples: samples.slice(0, MAX_SERIES), raw };
    }
  }
}

/** A non-finite sample makes the whole value null ("no data"), never a number that hides it. */
function reduceValues(samples: PromSample[], reduce: PromReduce): number | null {
  if (reduce === 'single' && samples.length > 1) {
    throw new PrometheusError(
      'bad_data',
      `query returned ${samples.length} series; wrap it in sum() or max() ` +
        `(first: ${formatLabels(samples[0]?.labels ?? {})})`,
    );
  }
  const values: number[] = [];
  for (const s of samples) {
    if (s.value === null) return null;
    values.push(s.value);
  }
  if (reduce === 'max') return Math.max(...values);
  if (reduce === 'min') return Math.min(...values);
  return values.reduce((a, b) => a + b, 0);
}

function sampleValue(text: string, where: string, warnings: string[]): number | null {
  if (NON_FINITE.has(text)) {
    warnings.push(`${where}: value ${text} is not a number; read as no data`);
    return null;
  }
  if (!FLOAT.test(text)) {
    throw new PrometheusError('bad_data', `${where}: value ${JSON.stringify(text)} is not a number`);
  }
  return Number(text);
}

function formatLabels(labels: Record<string, string>): string {
  const { __name__: name = '', ...rest } = labels;
  const pairs = Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${name}{${pairs.join(', ')}}`;
}

function check<T>(schema: z.ZodType<T>, value: unknown, at: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = [at, ...(issue?.path ?? []).map(String)].filter((p) => p !== '').join('.') || '(root)';
  throw new PrometheusError('bad_data', `${QUERY}: unexpected answer at ${where}: ${issue?.message}`);
}
