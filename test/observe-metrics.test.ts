import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { FakeLoki, streamsResponse, vectorResponse } from './helpers/fake-loki.js';
import { SEED_RULES } from './helpers/fixture-catalog.js';
import { hasPrometheus, type PrometheusServer, startPrometheus } from './helpers/prometheus-server.js';
import { hasPushgateway, type Pushgateway, startPushgateway } from './helpers/pushgateway.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// A metric that really rises between the before and after snapshots: the step pushes a new value
// to a real Pushgateway, a real Prometheus scrapes it every second, and the seed rule
// `memory_spike` fires (or not) on what Prometheus answered. Plus redaction of captured log lines.

const METRIC = 'demo_memory_usage_percent';
const JOB = 'demo';
const repos: string[] = [];

afterAll(async () => {
  await Promise.all(repos.map(removeRepo));
});

/** The one record a run wrote: parsed, and its raw text (what would be committed). */
function onlyRecord(dir: string): { record: ExecutionRecord; text: string } {
  const day = readdirSync(join(dir, 'executions'))[0] ?? '';
  const [file] = readdirSync(join(dir, 'executions', day));
  const text = readFileSync(join(dir, 'executions', day, file ?? ''), 'utf8');
  return { record: parse(text) as ExecutionRecord, text };
}

async function queryValue(url: string, query: string): Promise<number | null> {
  const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await res.json()) as { data: { result: { value: [number, string] }[] } };
  const v = body.data.result[0]?.value[1];
  return v === undefined ? null : Number(v);
}

/** Polls Prometheus until `query` answers `want`; returns how long that took. */
async function waitForValue(url: string, query: string, want: number, timeoutMs = 10_000): Promise<number> {
  const start = Date.now();
  for (let last: number | null = null; Date.now() - start < timeoutMs; ) {
    last = await queryValue(url, query);
    if (last === want) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${query} did not become ${want} within ${timeoutMs} ms`);
}

describe.skipIf(!hasPrometheus || !hasPushgateway)(
  'a metric rising through Pushgateway and Prometheus',
  () => {
    let prom: PrometheusServer;
    let gateway: Pushgateway;

    beforeAll(async () => {
      gateway = await startPushgateway();
      prom = await startPrometheus({
        scrape: [{ job: 'pushgateway', url: `${gateway.url}/metrics` }],
        scrapeInterval: '1s',
      });
      // Prometheus 2.42 applies new scrape targets on a 5 s tick: the first scrape is the slow part.
      const ms = await waitForValue(prom.url, 'max(up{job="pushgateway"})', 1);
      console.info(`first scrape of the pushgateway ${ms} ms after Prometheus was ready`);
    }, 20_000);

    afterAll(async () => {
      await Promise.all([prom?.stop(), gateway?.stop()]);
    });

    function intent(): string {
      // The step PUTs `{{mem}}` into the app's group; argv form, so no shell quoting is involved.
      const push = `fetch(process.env.PUSH_URL, { method: "PUT", body: "${METRIC} " + process.argv[1] + "\\n" }).then((r) => { if (!r.ok) process.exit(1); })`;
      return `name: deploy-app
description: a deploy that raises memory usage
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
  mem: { type: integer }
steps:
  - name: deploy
    run: [${JSON.stringify(process.execPath)}, -e, ${JSON.stringify(push)}, "{{mem}}"]
    timeout: 10s
    env:
      PUSH_URL: ${JSON.stringify(`${gateway.url}/metrics/job/${JOB}/app/{{app}}`)}
capture:
  timeout: 3s
  prometheus:
    url: ${prom.url}
    queries:
      memory_usage: 'max(${METRIC}{app="{{app}}"})'
`;
    }

    function outcomes(atLeast: number): string {
      // The after-snapshot is taken once this passes, so it sees the new value.
      return `outcomes:
  success:
    - condition: memory_reported
      prometheus: { query: 'max(${METRIC}{app="{{app}}"})', url: "${prom.url}" }
      expected: { op: ">=", value: ${atLeast} }
      timeout: 10s
      interval: 200ms
`;
    }

    async function runRise(app: string, from: number, to: number): Promise<ExecutionRecord> {
      await gateway.push(JOB, `${METRIC} ${from}`, { app });
      const seen = await waitForValue(prom.url, `max(${METRIC}{app="${app}"})`, from);
      console.info(`${app}: pushed ${from}, visible in Prometheus after ${seen} ms`);
      const dir = await makeRepo({
        'intents/catalog/deploy-app.yaml': intent(),
        'intents/outcomes/deploy-app.yaml': outcomes(to),
        'intents/anomaly-rules/default.yaml': SEED_RULES,
        'intents/requests/r.yaml': `intent: deploy-app\nparams: { app: ${app}, mem: ${to} }\nreason: rise\n`,
      });
      repos.push(dir);
      const started = Date.now();
      const res = await cli(['--repo', dir, 'run', 'intents/requests/r.yaml']);
      expect(res.code, res.stderr).toBe(0);
      const { record } = onlyRecord(dir);
      const attempts = record.checks[0]?.attempts.length ?? 0;
      console.info(
        `${app}: run took ${Date.now() - started} ms, ${attempts} check attempt(s) until ${to} was seen`,
      );
      return record;
    }

    it('a rise of 35 points makes memory_spike fire on the values Prometheus answered', async () => {
      const r = await runRise('rise-big', 40, 75);
      expect(r.status).toBe('success');
      expect(r.before?.metrics).toEqual({ memory_usage: 40 });
      expect(r.after?.metrics).toEqual({ memory_usage: 75 });
      expect(r.before?.unavailable).toBeUndefined();
      expect(r.after?.unavailable).toBeUndefined();
      expect(r.outcome_checks).toEqual({ memory_reported: 'pass' });
      expect(r.anomalies).toContainEqual(
        expect.objectContaining({
          rule: 'memory_spike',
          action: 'flag_for_review',
          inputs: { 'after.metrics.memory_usage': 75, 'before.metrics.memory_usage': 40 },
        }),
      );
      expect(r.rules_not_evaluated.map((n) => n.rule)).not.toContain('memory_spike');
    });

    it('a rise of 10 points is evaluated and does not fire memory_spike', async () => {
      const r = await runRise('rise-small', 40, 50);
      expect(r.status).toBe('success');
      expect(r.before?.metrics).toEqual({ memory_usage: 40 });
      expect(r.after?.metrics).toEqual({ memory_usage: 50 });
      expect(r.anomalies.map((a) => a.rule)).not.toContain('memory_spike');
      expect(r.rules_not_evaluated.map((n) => n.rule)).not.toContain('memory_spike');
    });
  },
);

describe('captured log lines are redacted before the record is written', () => {
  let loki: FakeLoki;
  // Built at run time so this file itself never looks like it holds a token.
  const token = `ghp_${'k3Xy'.repeat(9)}`;
  const password = 'Pw-7fQ2zX9k-Lm4wR8';

  beforeAll(async () => {
    loki = await FakeLoki.start();
    const ns = BigInt(Date.now()) * 1_000_000n;
    loki.reply('/loki/api/v1/query_range', {
      body: streamsResponse([
        {
          stream: { namespace: 'home-portal', pod: 'home-portal-0' },
          values: [
            [String(ns), `level=error msg="push rejected" token=${token}`],
            [String(ns - 1000n), `level=warn msg="login retried" user=deployer secret=${password} attempt=2`],
          ],
        },
      ]),
    });
    loki.reply('/loki/api/v1/query', { body: vectorResponse('1') });
  });

  afterAll(async () => {
    await loki?.close();
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('a GitHub token and the value of a secret-looking env var never reach the record', async () => {
    vi.stubEnv('DEPLOY_PASSWORD', password);
    const dir = await makeRepo({
      'intents/catalog/deploy-app.yaml': `name: deploy-app
description: observed deploy
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
steps:
  - name: deploy
    run: [echo, deployed]
capture:
  timeout: 3s
  loki:
    url: ${loki.url}
    selector: '{namespace="{{app}}"}'
    lines: 10
`,
      'intents/requests/r.yaml': 'intent: deploy-app\nparams: { app: home-portal }\nreason: redact\n',
    });
    repos.push(dir);
    const res = await cli(['--repo', dir, 'run', 'intents/requests/r.yaml']);
    expect(res.code, res.stderr).toBe(0);
    const { record, text } = onlyRecord(dir);
    expect(text).not.toContain(token);
    expect(text).not.toContain(password);
    for (const snap of [record.before, record.after]) {
      // oldest first, as Loki's streams are merged
      expect(snap?.recent_logs).toEqual([
        'level=warn msg="login retried" user=deployer secret=[REDACTED:DEPLOY_PASSWORD] attempt=2',
        // secretlint's GitHub rule, not the env list: nothing in the env holds this token
        'level=error msg="push rejected" token=[REDACTED:@secretlint/secretlint-rule-github]',
      ]);
    }
  });
});
