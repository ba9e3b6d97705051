import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { FakeLoki, streamsResponse, vectorResponse } from './helpers/fake-loki.js';
import { SEED_RULES } from './helpers/fixture-catalog.js';
import { hasPrometheus, type PrometheusServer, startPrometheus } from './helpers/prometheus-server.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// A run that observes through a real Prometheus, a Loki double and a real HTTP endpoint.

let prom: PrometheusServer;
let loki: FakeLoki;
let web: Server;
let webUrl: string;
const repos: string[] = [];

beforeAll(async () => {
  if (!hasPrometheus) return;
  prom = await startPrometheus();
  loki = await FakeLoki.start();
  const ns = BigInt(Date.now()) * 1_000_000n;
  loki.reply('/loki/api/v1/query_range', {
    body: streamsResponse([
      {
        stream: { namespace: 'home-portal', pod: 'home-portal-0' },
        values: [[String(ns), 'level=error msg="db timeout"']],
      },
      {
        stream: { namespace: 'home-portal', pod: 'home-portal-1' },
        values: [[String(ns - 1000n), 'level=info msg=started']],
      },
    ]),
  });
  loki.reply('/loki/api/v1/query', { body: vectorResponse('4') });
  web = createServer((req, res) => {
    res.writeHead(req.url === '/health' ? 200 : 404).end(req.url === '/health' ? 'ok' : 'nope');
  });
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
  webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (!hasPrometheus) return;
  await Promise.all([prom.stop(), loki.close(), new Promise((r) => web.close(r)), ...repos.map(removeRepo)]);
});

function intent(lokiUrl: string): string {
  return `name: deploy-app
description: observed deploy
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
steps:
  - name: deploy
    run: [echo, deployed]
capture:
  timeout: 2s
  prometheus:
    url: ${prom.url}
    queries:
      memory_usage: 'sum(container_memory_working_set_bytes{namespace="{{app}}"}) / 1e6'
      missing: 'sum(container_memory_working_set_bytes{namespace="{{app}}-nothing"})'
  loki:
    url: ${lokiUrl}
    selector: '{namespace="{{app}}"}'
    lines: 10
    window: 10m
`;
}

function outcomes(): string {
  return `outcomes:
  success:
    - condition: memory_known
      prometheus: { query: 'sum(container_memory_working_set_bytes{namespace="{{app}}"})', url: "${prom.url}" }
      expected: { op: ">", value: 100000000 }
      timeout: 5s
      interval: 200ms
    - condition: endpoint_healthy
      http: { url: "${webUrl}/health", status: 200, body: { regex: "^ok$" } }
      timeout: 5s
      interval: 200ms
`;
}

function onlyRecord(dir: string): ExecutionRecord {
  const day = readdirSync(join(dir, 'executions'))[0] ?? '';
  const [file] = readdirSync(join(dir, 'executions', day));
  return parse(readFileSync(join(dir, 'executions', day, file ?? ''), 'utf8')) as ExecutionRecord;
}

describe.skipIf(!hasPrometheus)('observing through Prometheus, Loki and HTTP', () => {
  it('snapshots metrics and logs before and after, and passes built-in checks', async () => {
    const dir = await makeRepo({
      'intents/catalog/deploy-app.yaml': intent(loki.url),
      'intents/outcomes/deploy-app.yaml': outcomes(),
      'intents/anomaly-rules/default.yaml': SEED_RULES,
      'intents/requests/r.yaml': 'intent: deploy-app\nparams: { app: home-portal }\nreason: observe\n',
    });
    repos.push(dir);
    const res = await cli(['--repo', dir, 'run', 'intents/requests/r.yaml']);
    expect(res.code, res.stderr).toBe(0);
    const r = onlyRecord(dir);
    for (const snap of [r.before, r.after]) {
      expect(snap?.metrics).toEqual({ memory_usage: 200, missing: null });
      expect(snap?.error_count).toBe(4);
      expect(snap?.recent_logs).toEqual(['level=info msg=started', 'level=error msg="db timeout"']);
      expect(snap?.unavailable).toBeUndefined();
    }
    expect(r.outcome_checks).toEqual({ memory_known: 'pass', endpoint_healthy: 'pass' });
    expect(r.checks[0]?.cmd).toBe(
      'prometheus: sum(container_memory_working_set_bytes{namespace="home-portal"})',
    );
    expect(r.checks[1]?.attempts[0]?.output).toBe('200 ok');
    // "no data" stays null and makes memory_spike not evaluated rather than a false verdict
    expect(r.anomalies).toEqual([]);
    const lokiQueries = loki.requests
      .filter((q) => q.path === '/loki/api/v1/query')
      .map((q) => q.params.query);
    expect(lokiQueries).toContain(
      'sum(count_over_time({namespace="home-portal"} |~ "(?i)(error|exception|fatal|panic)" [600s]))',
    );
  });

  it('a provider that is down is recorded as unavailable and the run goes on', async () => {
    const dir = await makeRepo({
      'intents/catalog/deploy-app.yaml': intent('http://127.0.0.1:1'),
      'intents/outcomes/deploy-app.yaml': outcomes(),
      'intents/requests/r.yaml': 'intent: deploy-app\nparams: { app: home-portal }\nreason: observe\n',
    });
    repos.push(dir);
    const res = await cli(['--repo', dir, 'run', 'intents/requests/r.yaml']);
    expect(res.code, res.stderr).toBe(0);
    const r = onlyRecord(dir);
    expect(r.before?.metrics?.memory_usage).toBe(200);
    expect(r.before?.unavailable).toEqual([{ source: 'loki', reason: expect.stringMatching(/unreachable/) }]);
    expect(r.before?.error_count).toBeUndefined();
    expect(existsSync(join(dir, 'executions'))).toBe(true);
  });

  it('a param cannot change a query: validation refuses what does not fit, escaping handles the rest', async () => {
    const dir = await makeRepo({
      'intents/catalog/deploy-app.yaml': intent(loki.url).replace(
        'pattern: "^[a-z0-9-]+$"',
        'max_length: 100',
      ),
      'intents/outcomes/deploy-app.yaml': outcomes(),
      'intents/requests/r.yaml': `intent: deploy-app\nparams: { app: 'home-portal"} or vector(1) or up{a="' }\nreason: inject\n`,
    });
    repos.push(dir);
    await cli(['--repo', dir, 'run', 'intents/requests/r.yaml']);
    const r = onlyRecord(dir);
    // The injected `or vector(1)` would have produced 1; escaped, the query finds no such namespace.
    expect(r.before?.metrics?.memory_usage).toBeNull();
    expect(r.outcome_checks.memory_known).toBe('timeout');
  });
});
