import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PrometheusClient } from '../src/adapters/prometheus.js';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { FakeLoki, streamsResponse, vectorResponse } from './helpers/fake-loki.js';
import { observedIntent } from './helpers/observed-intent.js';
import { hasPrometheus, type PrometheusServer, startPrometheus } from './helpers/prometheus-server.js';
import { hasPushgateway, type Pushgateway, startPushgateway } from './helpers/pushgateway.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// Issue 15: "a bake costs ≤ 1 API call per interval per provider". A bake with three capture
// queries and a metric check against a real Prometheus (fixture series + a Pushgateway it
// scrapes) and a Loki capture: one Prometheus request and one Loki request per interval, and every
// number in the follow-up is what the query alone answers at that sample's instant.

const METRIC = 'demo_error_ratio';
const QUERIES = {
  memory: 'sum(container_memory_working_set_bytes{namespace="home-portal"})',
  error_ratio: `max(${METRIC}{app="{{app}}"})`,
  missing: 'sum(no_such_metric{app="{{app}}"})',
};

describe.skipIf(!hasPrometheus || !hasPushgateway)('a bake costs one call per interval per provider', () => {
  let prom: PrometheusServer;
  let gateway: Pushgateway;
  let loki: FakeLoki;
  let dir: string;

  beforeAll(async () => {
    gateway = await startPushgateway();
    prom = await startPrometheus({
      scrape: [{ job: 'pushgateway', url: `${gateway.url}/metrics` }],
      scrapeInterval: '1s',
    });
    await gateway.push('demo', `${METRIC} 0.1`, { app: 'web' });
    for (let i = 0; i < 300; i++) {
      const r = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(`max(${METRIC})`)}`);
      if (((await r.json()) as { data: { result: unknown[] } }).data.result.length) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    loki = await FakeLoki.start();
    const ns = BigInt(Date.now()) * 1_000_000n;
    loki.reply('/loki/api/v1/query_range', {
      body: streamsResponse([
        {
          stream: { app: 'web', pod: 'web-0' },
          values: [
            [String(ns), 'level=ERROR msg="db timeout"'],
            [String(ns - 2n), 'level=info msg=started'],
          ],
        },
        { stream: { app: 'web', pod: 'web-1' }, values: [[String(ns - 1n), 'Panic: nil map']] },
      ]),
    });
    // What Loki's count query says for those lines under the default pattern (case-insensitive).
    loki.reply('/loki/api/v1/query', { body: vectorResponse('2') });
    const capture = `  prometheus:
    url: ${prom.url}
    queries:
${Object.entries(QUERIES)
  .map(([k, q]) => `      ${k}: '${q}'`)
  .join('\n')}
  loki:
    url: ${loki.url}
    selector: '{app="{{app}}"}'
    lines: 2
`;
    dir = await makeRepo({
      'intents/catalog/deploy-app.yaml': observedIntent({ capture, timeout: '5s' }),
      'intents/outcomes/deploy-app.yaml': `observe: { for: 3s, interval: 300ms }
outcomes:
  success:
    - condition: error_ratio_low
      prometheus: { query: 'max(${METRIC}{app="{{app}}"})', url: "${prom.url}" }
      expected: { op: "<", value: 0.5 }
      timeout: 15s
      interval: 200ms
`,
      'intents/requests/r.yaml': 'intent: deploy-app\nparams: { app: web }\nreason: bake calls\n',
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all([prom?.stop(), gateway?.stop(), loki?.close(), dir ? removeRepo(dir) : undefined]);
  });

  /** Prometheus's own count of the queries it answered. */
  async function promQueries(): Promise<number> {
    const text = await (await fetch(`${prom.url}/metrics`)).text();
    return text
      .split('\n')
      .filter((l) => l.startsWith('prometheus_http_requests_total{') && l.includes('handler="/api/v1/query"'))
      .reduce((n, l) => n + Number(l.split(' ').pop()), 0);
  }

  it('Prometheus: one request per interval for all queries; Loki: one; the answers as each query alone', async () => {
    const ran = await cli(['--repo', dir, 'run', '--no-bake', 'intents/requests/r.yaml']);
    expect(ran.code, ran.stderr).toBe(0);
    const day = (await readdir(join(dir, 'executions'))).find((d) => /^\d/.test(d)) as string;
    const id = (
      (await readdir(join(dir, 'executions', day))).find((f) => f.endsWith('.yaml')) as string
    ).replace(/\.yaml$/, '');

    const promBefore = await promQueries();
    const lokiBefore = loki.requests.length;
    const baked = await cli(['--repo', dir, 'observe', id]);
    const promCalls = (await promQueries()) - promBefore;
    const file = (await readdir(join(dir, 'executions', day))).find((f) => f.includes('-bake-')) as string;
    const follow = parse(await readFile(join(dir, 'executions', day, file), 'utf8')) as ExecutionRecord;
    const o = follow.observation;
    expect(baked.code, baked.stderr).toBe(0);
    expect(o?.verdict).toBe('pass');
    const samples = o?.samples ?? [];
    expect(samples.length).toBe(o?.expected_samples);
    // Was: 4 Prometheus requests (3 capture queries + 1 check) and 2 Loki requests per interval.
    expect(promCalls).toBe(samples.length);
    expect(loki.requests.length - lokiBefore).toBe(samples.length);

    const client = new PrometheusClient({ baseUrl: prom.url });
    for (const s of samples) {
      const detail = s.snapshot?.prometheus as Record<string, { value: number | null; series: number }>;
      for (const [name, template] of Object.entries(QUERIES)) {
        const alone = await client.instantQuery(template.replace('{{app}}', 'web'), { time: new Date(s.at) });
        expect(detail[name], `${name} at ${s.at}`).toMatchObject({
          value: alone.value,
          series: alone.series,
          result_type: alone.resultType,
        });
      }
      expect(s.snapshot?.metrics).toMatchObject({ memory: 200_000_000, error_ratio: 0.1, missing: null });
      expect(s.checks).toEqual([{ name: 'error_ratio_low', result: 'pass', output: '0.1' }]);
      expect(s.snapshot?.error_count).toBe(2);
      expect(s.snapshot?.recent_logs).toEqual(['Panic: nil map', 'level=ERROR msg="db timeout"']);
    }
  });
});
