import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorCountQuery, LokiClient, LokiError } from '../src/adapters/loki.js';
import { FakeLoki, LOKI_PARSE_ERROR, streamsResponse, vectorResponse } from './helpers/fake-loki.js';

const RANGE = '/loki/api/v1/query_range';
const QUERY = '/loki/api/v1/query';
const start = new Date('2023-11-14T22:13:20.000Z'); // 1700000000 s
const end = new Date('2023-11-14T22:18:20.000Z'); // 300 s later
const SELECTOR = '{namespace="shop", app="api"}';

let loki: FakeLoki;
beforeEach(async () => {
  loki = await FakeLoki.start();
});
afterEach(async () => {
  await loki.close();
});

async function lokiError(p: Promise<unknown>): Promise<LokiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LokiError);
  return err as LokiError;
}

/** Test-only LogQL string-literal reader: the inverse of a Go-syntax escape. */
function unescapeLogql(body: string): string {
  const simple: Record<string, string> = { '\\': '\\', '"': '"', n: '\n', r: '\r', t: '\t' };
  return body.replace(/\\(x[0-9a-f]{2}|.)/g, (_m, e: string) =>
    e.startsWith('x') && e.length === 3
      ? String.fromCharCode(Number.parseInt(e.slice(1), 16))
      : (simple[e] ?? `?${e}`),
  );
}

describe('LokiClient.recentLines', () => {
  it('merges streams in time order, keeps the newest `limit` and sends the range query', async () => {
    // Nanosecond stamps that a double would collapse: only BigInt keeps 001 < 002 < 003.
    loki.reply(RANGE, {
      body: streamsResponse([
        {
          stream: { namespace: 'shop', app: 'api', pod: 'api-7d9f-a' },
          values: [
            ['1700000200000000003', 'a3 newest'],
            ['1700000200000000001', 'a1'],
            ['1700000100000000000', 'a0 oldest'],
          ],
        },
        {
          stream: { namespace: 'shop', app: 'api', pod: 'api-7d9f-b' },
          values: [['1700000200000000002', 'b2']],
        },
      ]),
    });
    const client = new LokiClient({ baseUrl: loki.url, headers: { 'X-Scope-OrgID': 'team-a' } });
    const r = await client.recentLines(` ${SELECTOR} `, { limit: 3, start, end });
    expect(r).toEqual({ lines: ['a1', 'b2', 'a3 newest'], streams: 2 });
    expect(loki.requests).toHaveLength(1);
    expect(loki.requests[0]).toMatchObject({
      path: RANGE,
      params: {
        query: SELECTOR,
        limit: '3',
        direction: 'backward',
        start: '1700000000000000000',
        end: '1700000300000000000',
      },
    });
    expect(loki.requests[0]?.headers['x-scope-orgid']).toBe('team-a');
  });

  it('bounds each line at 16 Ki characters, never inside a word: the 2 KiB cut comes after redaction', async () => {
    // redacted-observers.ts cuts lines to 2 KiB once they are redacted (test/redact-before-cut.test.ts).
    const short = 'é'.repeat(3000);
    const long = `${'word '.repeat(3300)}ghp_${'x'.repeat(36)}`;
    loki.reply(RANGE, {
      body: streamsResponse([
        {
          stream: { app: 'api' },
          values: [
            ['1', short],
            ['2', long],
          ],
        },
      ]),
    });
    const { lines } = await new LokiClient({ baseUrl: loki.url }).recentLines('{app="api"}', {
      limit: 10,
      start,
      end,
    });
    expect(lines[0]).toBe(short);
    expect(lines[1]).toBe('word '.repeat(3277).trimEnd());
  });

  it('keeps a base URL path prefix and rejects selectors that are not {…}', async () => {
    loki.reply(`/proxy${RANGE}`, { body: streamsResponse([]) });
    const client = new LokiClient({ baseUrl: `${loki.url}/proxy/` });
    expect(await client.recentLines('{app="x"}', { limit: 5, start, end })).toEqual({
      lines: [],
      streams: 0,
    });
    const bad = await lokiError(client.recentLines('app="x"', { limit: 5, start, end }));
    expect(bad.kind).toBe('query');
    expect(loki.requests).toHaveLength(1);
  });

  it('reports a body that is not JSON or not a streams result as bad_data', async () => {
    const client = new LokiClient({ baseUrl: loki.url });
    loki.reply(RANGE, { body: '<html>gateway</html>', contentType: 'text/html' });
    expect((await lokiError(client.recentLines(SELECTOR, { limit: 5, start, end }))).kind).toBe('bad_data');
    loki.reply(RANGE, { body: vectorResponse('3') });
    const e = await lokiError(client.recentLines(SELECTOR, { limit: 5, start, end }));
    expect(e.kind).toBe('bad_data');
    expect(e.message).toContain('data.resultType');
  });
});

describe('LokiClient.errorCount', () => {
  it('sends sum(count_over_time(...)) at `end` over the window and returns the count', async () => {
    loki.reply(QUERY, { body: vectorResponse('17') });
    const client = new LokiClient({ baseUrl: loki.url });
    const later = new Date(end.getTime() + 1); // 300.001 s rounds up to 301 s
    expect(await client.errorCount(SELECTOR, 'error|panic', { start, end: later })).toBe(17);
    expect(loki.requests[0]).toMatchObject({
      path: QUERY,
      params: {
        query: 'sum(count_over_time({namespace="shop", app="api"} |~ "error|panic" [301s]))',
        time: '1700000300001000000',
      },
    });
    await client.errorCount(SELECTOR, 'ERROR', { start, end, regex: false });
    expect(loki.requests[1]?.params.query).toBe(
      'sum(count_over_time({namespace="shop", app="api"} |= "ERROR" [300s]))',
    );
  });

  it('reads an empty vector as zero error lines', async () => {
    loki.reply(QUERY, { body: vectorResponse(undefined) });
    expect(await new LokiClient({ baseUrl: loki.url }).errorCount(SELECTOR, 'error', { start, end })).toBe(0);
  });

  it('escapes a hostile pattern so the query keeps its structure', async () => {
    const hostile = 'a"b\\c|d}e\nf"} |= "x';
    loki.reply(QUERY, { body: vectorResponse('0') });
    await new LokiClient({ baseUrl: loki.url }).errorCount('{app="api"}', hostile, { start, end });
    const sent = loki.requests[0]?.params.query ?? '';
    expect(sent).toBe('sum(count_over_time({app="api"} |~ "a\\"b\\\\c|d}e\\nf\\"} |= \\"x" [300s]))');
    const m = /^sum\(count_over_time\(\{app="api"\} \|~ "((?:[^"\\]|\\.)*)" \[300s\]\)\)$/.exec(sent);
    expect(m).not.toBeNull();
    expect(unescapeLogql(m?.[1] ?? '')).toBe(hostile);
  });

  it('refuses an empty pattern or a bad window before asking Loki', () => {
    expect(() => errorCountQuery('{a="b"}', '', 60, true)).toThrow(LokiError);
    expect(() => errorCountQuery('{a="b"}', 'x', 0, true)).toThrow(/window/);
    expect(() => errorCountQuery('{a="b"} or 1', 'x', 60, true)).toThrow(/selector/);
    expect(errorCountQuery('{a="b"}', 'x\ty', 60, false)).toBe(
      'sum(count_over_time({a="b"} |= "x\\ty" [60s]))',
    );
  });
});

describe('LokiClient.windowLogs: recent lines and error count in one call', () => {
  const stream = (values: [string, string][]) => ({ stream: { app: 'api' }, values });
  const long = `panic: ${'x'.repeat(3000)}`;

  it('one query_range gives the newest lines and the count Loki’s line filter would give', async () => {
    loki.reply(RANGE, {
      body: streamsResponse([
        stream([
          ['1700000200000000004', 'GET / 200'],
          ['1700000200000000003', 'level=ERROR db timeout'],
          ['1700000200000000002', long],
        ]),
        stream([
          ['1700000200000000001', 'error: retry'],
          ['1700000100000000000', 'Errors: 0 (?i) is RE2 syntax'],
        ]),
      ]),
    });
    const client = new LokiClient({ baseUrl: loki.url });
    // RE2 syntax JavaScript's RegExp lacks: an inline flag group.
    const r = await client.windowLogs(SELECTOR, '(?i)error|panic', { limit: 2, start, end });
    expect(r).toMatchObject({ lines: ['level=ERROR db timeout', 'GET / 200'], streams: 2, calls: 1 });
    // 'Errors: 0', 'error: retry', the clipped panic line (counted unclipped), 'level=ERROR'.
    expect(r.errorCount).toBe(4);
    expect(loki.requests).toHaveLength(1);
    expect(loki.requests[0]).toMatchObject({
      path: RANGE,
      params: { query: SELECTOR, limit: '5000', direction: 'backward' },
    });
    // A substring filter (|=) is case-sensitive, as Loki's.
    const plain = await client.windowLogs(SELECTOR, 'error', { limit: 2, start, end, regex: false });
    expect(plain).toMatchObject({ errorCount: 1, calls: 1 });
  });

  it('a full answer (the window may hold more) counts with Loki’s own query: exact, one more call', async () => {
    const values: [string, string][] = Array.from({ length: 5000 }, (_, i) => [
      String(1700000200000000000n + BigInt(i)),
      i % 2 ? 'error' : 'ok',
    ]);
    loki.reply(RANGE, { body: streamsResponse([stream(values)]) });
    loki.reply(QUERY, { body: vectorResponse('9000') });
    const r = await new LokiClient({ baseUrl: loki.url }).windowLogs(SELECTOR, 'error', {
      limit: 3,
      start,
      end,
    });
    expect(r).toMatchObject({ errorCount: 9000, calls: 2, lines: ['error', 'ok', 'error'] });
    expect(loki.requests.map((q) => q.path)).toEqual([RANGE, QUERY]);
  });

  it('a limit Loki refuses, or a pattern re2js cannot read, goes back to the two calls', async () => {
    loki.reply(RANGE, {
      status: 400,
      body: 'max entries limit per query exceeded',
      contentType: 'text/plain',
    });
    loki.reply(QUERY, { body: vectorResponse('3') });
    const client = new LokiClient({ baseUrl: loki.url });
    // The fake answers every query_range with the 400, so recentLines fails as it would alone.
    await expect(client.windowLogs(SELECTOR, 'error', { limit: 3, start, end })).rejects.toMatchObject({
      kind: 'query',
    });
    expect(loki.requests.slice(0, 2).map((q) => [q.path, q.params.limit])).toEqual([
      [RANGE, '5000'],
      [RANGE, '3'],
    ]);
    loki.requests.length = 0;
    await client.windowLogs(SELECTOR, '(?<bad', { limit: 3, start, end }).catch(() => undefined);
    expect(loki.requests.map((q) => q.params.limit ?? q.path).sort()).toEqual(['/loki/api/v1/query', '3']);
  });
});

describe('LokiClient failures', () => {
  it("400 is a query error carrying Loki's plain-text message", async () => {
    loki.reply(QUERY, { status: 400, body: LOKI_PARSE_ERROR });
    const e = await lokiError(
      new LokiClient({ baseUrl: loki.url }).errorCount(SELECTOR, 'x', { start, end }),
    );
    expect(e).toMatchObject({ kind: 'query', status: 400, body: LOKI_PARSE_ERROR });
    expect(e.message).toContain(LOKI_PARSE_ERROR);
  });

  it('500 and 401 are http errors with the status', async () => {
    const client = new LokiClient({ baseUrl: loki.url });
    loki.reply(RANGE, { status: 500, body: 'too many outstanding requests\n' });
    const e500 = await lokiError(client.recentLines(SELECTOR, { limit: 5, start, end }));
    expect(e500).toMatchObject({ kind: 'http', status: 500 });
    expect(e500.message).toContain('too many outstanding requests');
    loki.reply(RANGE, { status: 401, body: 'no org id\n' });
    expect(await lokiError(client.recentLines(SELECTOR, { limit: 5, start, end }))).toMatchObject({
      kind: 'http',
      status: 401,
    });
  });

  it('a closed port is unreachable', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((r) => probe.close(() => r()));
    const client = new LokiClient({ baseUrl: `http://127.0.0.1:${port}` });
    const e = await lokiError(client.errorCount(SELECTOR, 'x', { start, end }));
    expect(e.kind).toBe('unreachable');
    expect(e.message).toContain('ECONNREFUSED');
  });

  it('enforces the deadline against a server that never answers', async () => {
    loki.reply(RANGE, { hang: true });
    const began = Date.now();
    const e = await lokiError(
      new LokiClient({ baseUrl: loki.url, timeoutMs: 300 }).recentLines(SELECTOR, { limit: 5, start, end }),
    );
    expect(e.kind).toBe('timeout');
    expect(Date.now() - began).toBeLessThan(2000);
  });

  it("times out a slow answer, and hands back the caller's own abort unchanged", async () => {
    loki.reply(QUERY, { delayMs: 1000, body: vectorResponse('1') });
    const client = new LokiClient({ baseUrl: loki.url, timeoutMs: 200 });
    expect((await lokiError(client.errorCount(SELECTOR, 'x', { start, end }))).kind).toBe('timeout');
    const ctl = new AbortController();
    const p = new LokiClient({ baseUrl: loki.url }).errorCount(SELECTOR, 'x', {
      start,
      end,
      signal: ctl.signal,
    });
    ctl.abort(new Error('run cancelled'));
    await expect(p).rejects.toThrow('run cancelled');
  });

  it('refuses base URLs with credentials or another scheme', () => {
    expect(() => new LokiClient({ baseUrl: 'http://u:secret@loki:3100' })).toThrow(
      /^(?!.*secret).*credentials/,
    );
    expect(() => new LokiClient({ baseUrl: 'file:///etc/passwd' })).toThrow(/http/);
  });
});
