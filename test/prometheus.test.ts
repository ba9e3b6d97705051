import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusClient, PrometheusError } from '../src/adapters/prometheus.js';
import { escapers, renderText } from '../src/domain/plan/template.js';
import {
  ARCHIVE_MATCHER,
  hasPrometheus,
  PROMETHEUS_BIN,
  type PrometheusServer,
  startPrometheus,
  TRICKY_LABEL_VALUE,
} from './helpers/prometheus-server.js';

const MEM = 'container_memory_working_set_bytes';

async function promError(p: Promise<unknown>): Promise<PrometheusError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PrometheusError);
  return err as PrometheusError;
}

const REAL = hasPrometheus
  ? `PrometheusClient against a real Prometheus (${PROMETHEUS_BIN})`
  : `PrometheusClient against a real Prometheus: SKIPPED, ${PROMETHEUS_BIN} is not installed (apt-get install prometheus)`;

describe.skipIf(!hasPrometheus)(REAL, () => {
  let prom: PrometheusServer;
  let client: PrometheusClient;
  let at: { time: Date };
  beforeAll(async () => {
    // Behind a route prefix, so every call also proves the base URL's path is kept.
    prom = await startPrometheus({ routePrefix: '/prometheus' });
    client = new PrometheusClient({ baseUrl: prom.url, timeoutMs: 5000 });
    at = { time: prom.time };
  });
  afterAll(async () => {
    await prom?.stop();
  });

  it('reads one series as its number', async () => {
    const r = await client.instantQuery(`${MEM}{namespace="home-portal",pod="home-portal-0"}`, at);
    expect(r).toMatchObject({ resultType: 'vector', value: 150_000_000, series: 1, partial: false });
    expect(r.warnings).toEqual([]);
    expect(r.samples[0]?.labels).toMatchObject({ pod: 'home-portal-0', container: 'app' });
    expect(r.raw).toMatchObject({ resultType: 'vector', result: [{ metric: { pod: 'home-portal-0' } }] });
  });

  it('reads scalars, and a rate over the backfilled counter', async () => {
    expect(await client.instantQuery('1 + 1', at)).toMatchObject({
      resultType: 'scalar',
      value: 2,
      series: 1,
    });
    const s = await client.instantQuery(`scalar(sum(${MEM}{namespace="home-portal"}))`, at);
    expect(s).toMatchObject({ resultType: 'scalar', value: 200_000_000 });
    const rate = await client.instantQuery('sum(rate(http_requests_total{code="500"}[5m]))', at);
    expect(rate.value).toBeCloseTo(2, 6);
  });

  it('an empty answer is no data (null), not 0', async () => {
    const r = await client.instantQuery(`${MEM}{namespace="no-such-namespace"}`, at);
    expect(r).toMatchObject({ resultType: 'empty', value: null, series: 0, samples: [] });
    // Before the backfilled window (5 min lookback) the series are absent too.
    const early = new Date(prom.time.getTime() - 3600_000);
    expect((await client.instantQuery(`${MEM}{pod="home-portal-0"}`, { time: early })).value).toBeNull();
  });

  it('NaN and +Inf are no data with a warning', async () => {
    const nan = await client.instantQuery('0/0', at);
    expect(nan).toMatchObject({ resultType: 'scalar', value: null, partial: false });
    expect(nan.warnings).toEqual(['scalar: value NaN is not a number; read as no data']);
    const inf = await client.instantQuery('vector(1) / 0', at);
    expect(inf).toMatchObject({ resultType: 'vector', value: null });
    expect(inf.warnings[0]).toMatch(/value \+Inf is not a number/);
  });

  it('several series: refused by default, reduced when asked', async () => {
    const q = `${MEM}{namespace="home-portal"}`;
    const err = await promError(client.instantQuery(q, at));
    expect(err.kind).toBe('bad_data');
    expect(err.message).toMatch(/query returned 2 series; wrap it in sum\(\) or max\(\)/);
    expect((await client.instantQuery(q, { ...at, reduce: 'sum' })).value).toBe(200_000_000);
    expect((await client.instantQuery(q, { ...at, reduce: 'max' })).value).toBe(150_000_000);
    const min = await client.instantQuery(q, { ...at, reduce: 'min' });
    expect(min).toMatchObject({ value: 50_000_000, series: 2 });
  });

  it('bad PromQL is a query error carrying Prometheus’s message', async () => {
    const err = await promError(client.instantQuery('sum(rate(foo[5m])', at));
    expect(err).toMatchObject({ kind: 'query', status: 400, errorType: 'bad_data' });
    expect(err.message).toMatch(/parse error: unclosed left parenthesis/);
  });

  it('a range vector is refused as bad_data', async () => {
    const err = await promError(client.instantQuery(`${MEM}{pod="home-portal-0"}[5m]`, at));
    expect(err.kind).toBe('bad_data');
    expect(err.message).toMatch(/range vector .*avg_over_time/);
  });

  it('a label value with " and \\ escaped by promqlString matches exactly its series', async () => {
    const template = 'fixture_label_escape{value="{{v}}"}';
    const r = await client.instantQuery(
      renderText(template, { v: TRICKY_LABEL_VALUE }, escapers.promqlString),
      at,
    );
    expect(r).toMatchObject({ value: 7, series: 1 });
    expect(r.samples[0]?.labels?.value).toBe(TRICKY_LABEL_VALUE);
  });

  it('a hostile value cannot change the query structure', async () => {
    const template = `${MEM}{pod="{{pod}}"}`;
    for (const pod of ['x"} or vector(1) or {a="', 'x"} or vector(1) or up{a="']) {
      const safe = renderText(template, { pod }, escapers.promqlString);
      expect(await client.instantQuery(safe, at)).toMatchObject({ resultType: 'empty', value: null });
    }
    // Control: spliced raw, the second value does rewrite the query into one that yields 1.
    const raw = renderText(template, { pod: 'x"} or vector(1) or up{a="' }, (v) => v);
    expect((await client.instantQuery(raw, at)).value).toBe(1);
  });

  it('records Prometheus’s warnings as a partial answer (remote read store down)', async () => {
    const q = `${MEM}{pod="home-portal-0"} or ${MEM}{${ARCHIVE_MATCHER}}`;
    const r = await client.instantQuery(q, at);
    expect(r).toMatchObject({ value: 150_000_000, partial: true });
    expect(r.warnings[0]).toMatch(/remote_read: .*connection refused/);
  });

  it('sends a long query as a POST form', async () => {
    const methods: string[] = [];
    const recording = new PrometheusClient({
      baseUrl: prom.url,
      fetch: (input, init) => {
        methods.push(init?.method ?? 'GET');
        return fetch(input, init);
      },
    });
    const long = `vector(1)${' + 0'.repeat(1500)}`;
    expect((await recording.instantQuery(long, at)).value).toBe(1);
    expect((await recording.instantQuery('vector(3)', at)).value).toBe(3);
    expect(methods).toEqual(['POST', 'GET']);
  });

  it('a base URL without the route prefix gets an HTTP error', async () => {
    const bare = new PrometheusClient({ baseUrl: prom.url.replace(/\/prometheus$/, '') });
    expect(await promError(bare.instantQuery('1', at))).toMatchObject({ kind: 'http', status: 404 });
  });
});

describe.skipIf(!hasPrometheus)(`instantQueries: several queries in one request (${PROMETHEUS_BIN})`, () => {
  let prom: PrometheusServer;
  let calls: string[];
  let client: PrometheusClient;
  let at: { time: Date };
  beforeAll(async () => {
    prom = await startPrometheus({ routePrefix: '/prometheus' });
    calls = [];
    const counting: typeof fetch = (input, init) => {
      calls.push(String(init?.body ?? new URL(String(input)).searchParams.get('query')));
      return fetch(input, init);
    };
    client = new PrometheusClient({ baseUrl: prom.url, timeoutMs: 5000, fetch: counting });
    at = { time: prom.time };
  });
  afterAll(async () => {
    await prom?.stop();
  });

  /** What each query answers alone: a PromResult, or the error's kind and message. */
  async function alone(queries: string[], reduce?: 'sum') {
    const out = [];
    for (const q of queries) {
      out.push(
        await client
          .instantQuery(q, { ...at, ...(reduce ? { reduce } : {}) })
          .catch((e: PrometheusError) => e),
      );
    }
    return out.map(view);
  }
  function view(r: unknown) {
    return r instanceof PrometheusError ? { error: r.kind, message: r.message } : r;
  }
  const hostile = 'x"} or vector(1) or up{a="';
  const vectors = [
    `${MEM}{namespace="home-portal",pod="home-portal-0"}`,
    `${MEM}{namespace="home-portal"}`,
    `sum(${MEM}{namespace="home-portal"})`,
    `${MEM}{namespace="no-such-namespace"}`,
    renderText('fixture_label_escape{value="{{v}}"}', { v: TRICKY_LABEL_VALUE }, escapers.promqlString),
    // A hostile param value, escaped by the templating rules: it stays inside its string literal.
    renderText(`${MEM}{pod="{{pod}}"}`, { pod: hostile }, escapers.promqlString),
    'sum(rate(http_requests_total{code="500"}[5m])) # a trailing comment ends at its own line',
    'vector(1) / 0',
    `${MEM}{namespace="home-portal",pod="home-portal-0"}`,
  ];

  it('vector queries cost one request and answer exactly as each query alone', async () => {
    const expected = await alone(vectors);
    calls.length = 0;
    const got = (await client.instantQueries(vectors, at)).map(view);
    expect(calls).toHaveLength(1);
    expect(got).toEqual(expected);
    // The answers are the real ones, not merely equal: the hostile value matched nothing.
    expect(got[0]).toMatchObject({ value: 150_000_000, series: 1 });
    expect(got[1]).toMatchObject({ error: 'bad_data', message: expect.stringMatching(/2 series/) });
    expect(got[4]).toMatchObject({ value: 7 });
    expect(got[5]).toMatchObject({ resultType: 'empty', value: null });
    expect(got[8]).toEqual(got[0]);
    // The combined query carries every query verbatim; the hostile value stayed escaped in it.
    expect(calls[0]).toContain(vectors[5]);
    expect(calls[0]).not.toContain(hostile);
    // With a reduce, the same.
    const sums = await alone(vectors.slice(0, 3), 'sum');
    expect((await client.instantQueries(vectors.slice(0, 3), { ...at, reduce: 'sum' })).map(view)).toEqual(
      sums,
    );
  });

  it('a scalar, a broken query or a partial answer falls back to one request per query, same answers', async () => {
    for (const odd of ['1 + 1', 'sum(', `${MEM}{pod="home-portal-0"} or ${MEM}{${ARCHIVE_MATCHER}}`]) {
      const queries = [vectors[0] as string, odd, vectors[3] as string];
      const expected = await alone(queries);
      calls.length = 0;
      expect((await client.instantQueries(queries, at)).map(view)).toEqual(expected);
      expect(calls).toHaveLength(1 + queries.length);
    }
  });
});

/** A loopback HTTP server answering with `handler`; it records request headers. */
async function standIn(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: IncomingMessage['headers'][] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url, seen, close };
}

describe('PrometheusClient failures', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((c) => c()));
  });
  async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
    const s = await standIn(handler);
    closers.push(s.close);
    return s;
  }

  it('a closed port is unreachable', async () => {
    const s = await standIn(() => {});
    await s.close();
    const err = await promError(new PrometheusClient({ baseUrl: s.url }).instantQuery('1'));
    expect(err.kind).toBe('unreachable');
    expect(err.message).toMatch(/ECONNREFUSED/);
  });

  it('a server that never answers times out within the deadline', async () => {
    const s = await serve(() => {});
    const started = performance.now();
    const err = await promError(new PrometheusClient({ baseUrl: s.url, timeoutMs: 300 }).instantQuery('1'));
    const elapsed = performance.now() - started;
    expect(err.kind).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
  });

  it('the caller’s own abort is handed back unchanged, not a provider failure', async () => {
    const s = await serve(() => {});
    const ac = new AbortController();
    const reason = new Error('run cancelled');
    setTimeout(() => ac.abort(reason), 50);
    const p = new PrometheusClient({ baseUrl: s.url }).instantQuery('1', { signal: ac.signal });
    await expect(p).rejects.toBe(reason);
  });

  it('sends the configured headers and keeps them out of messages', async () => {
    const s = await serve((_req, res) =>
      res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>'),
    );
    const client = new PrometheusClient({
      baseUrl: s.url,
      headers: { Authorization: 'Bearer s3cr3t-token' },
    });
    const err = await promError(client.instantQuery('1'));
    expect(err).toMatchObject({ kind: 'http', status: 502 });
    expect(err.message).toMatch(/HTTP 502: <h1>Bad Gateway/);
    expect(s.seen[0]?.authorization).toBe('Bearer s3cr3t-token');
    expect(JSON.stringify({ ...err, message: err.message })).not.toMatch(/s3cr3t/);
  });

  it('an answer in the wrong shape is bad_data', async () => {
    const s = await serve((_req, res) =>
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: 'oops' } })),
    );
    const err = await promError(new PrometheusClient({ baseUrl: s.url }).instantQuery('1'));
    expect(err.kind).toBe('bad_data');
    expect(err.message).toMatch(/unexpected answer at data\.result/);
  });
});
