import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryMetrics } from '../src/domain/metrics/delivery.js';
import { deliverySamples } from '../src/domain/metrics/samples.js';
import { botMetrics, METRIC_HELP } from '../src/domain/notify/bot-metrics.js';
import { grafanaAnnotation } from '../src/domain/notify/messages.js';
import { hasPrometheus, type PrometheusServer, startPrometheus } from './helpers/prometheus-server.js';
import { makeRecord } from './helpers/record-fixture.js';

// grafana/intentops-dashboard.json is built on the metrics the bot pushes: every query names only
// those metrics, and each one, run by a real Prometheus over the series a push produces, answers.

interface Panel {
  id: number;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets: { expr: string }[];
}
const dashboard = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'grafana', 'intentops-dashboard.json'), 'utf8'),
) as {
  uid: string;
  panels: Panel[];
  annotations: { list: { target?: { tags: string[] } }[] };
  templating: { list: { name: string; query: unknown }[] };
};
const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => ({ panel: p.title, expr: t.expr })));

describe('the Grafana dashboard', () => {
  it('has unique panel ids and queries only the metrics the bot pushes', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(exprs.length).toBeGreaterThanOrEqual(8);
    const used = new Set(exprs.flatMap((e) => e.expr.match(/intentops_[a-z_]+/g) ?? []));
    expect([...used].filter((m) => !(m in METRIC_HELP))).toEqual([]);
    expect(used.size).toBe(Object.keys(METRIC_HELP).length); // and every pushed metric is shown
  });

  it('shows the runs the bot annotates (by their tag)', () => {
    const tags = dashboard.annotations.list.flatMap((a) => a.target?.tags ?? []);
    expect(grafanaAnnotation(makeRecord(), {}).tags).toContain(tags[0]);
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['datasource', 'intent']);
  });
});

describe.skipIf(!hasPrometheus)('the dashboard queries on a real Prometheus', () => {
  let prom: PrometheusServer;
  beforeAll(async () => {
    const records = [
      makeRecord({
        id: 'a',
        status: 'failed',
        timestamp: '2026-01-01T00:00:00.000Z',
        request: {
          path: 'intents/requests/a.yaml',
          commit: 'abc',
          reason: 't',
          merged_at: '2025-12-31T23:50:00.000Z',
        },
      }),
      makeRecord({ id: 'b', status: 'success', timestamp: '2026-01-02T00:00:00.000Z' }),
      makeRecord({ id: 'c', status: 'denied', intent: 'deploy-app', anomalies: [] }),
    ];
    // a's rollback restored it: every delivery gauge has a value.
    const rollback = { ...makeRecord({ id: 'r', timestamp: '2026-01-01T00:05:00.000Z' }), rollback_of: 'a' };
    const samples = [
      ...botMetrics(records),
      ...deliverySamples(
        deliveryMetrics({
          records: [...records, rollback],
          agents: [],
          since: new Date('2025-12-03T00:00:00.000Z'),
          until: new Date('2026-01-02T00:00:00.000Z'),
        }),
      ),
    ];
    prom = await startPrometheus({
      // what the Pushgateway exposes: the pushed samples plus its job and grouping labels
      series: samples.map((s) => ({
        name: s.name,
        labels: { ...s.labels, job: 'intentops', owner: 'acme', repo: 'gitops' },
        value: s.value,
      })),
    });
  }, 30_000);
  afterAll(async () => {
    await prom?.stop();
  });

  it('every panel query parses and returns data', async () => {
    for (const { panel, expr } of exprs) {
      const query = expr.replaceAll('$intent', '.*');
      const url = `${prom.url}/api/v1/query?query=${encodeURIComponent(query)}&time=${prom.time.getTime() / 1000}`;
      const body = (await (await fetch(url)).json()) as {
        status: string;
        data: { result: unknown[] };
        error?: string;
      };
      expect(body.status, `${panel}: ${query}: ${body.error}`).toBe('success');
      expect(body.data.result.length, `${panel}: ${query} returned nothing`).toBeGreaterThan(0);
    }
    const rate = `sum(intentops_executions{status="success"}) / sum(intentops_executions{status!="denied"})`;
    const res = (await (
      await fetch(
        `${prom.url}/api/v1/query?query=${encodeURIComponent(rate)}&time=${prom.time.getTime() / 1000}`,
      )
    ).json()) as { data: { result: { value: [number, string] }[] } };
    expect(Number(res.data.result[0]?.value[1])).toBe(0.5);
  }, 30_000);
});
