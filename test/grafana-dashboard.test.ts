import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryMetrics } from '../src/domain/metrics/delivery.js';
import { deliverySamples } from '../src/domain/metrics/samples.js';
import type { ScoreRow } from '../src/domain/metrics/scorecard.js';
import { scorecardSamples } from '../src/domain/metrics/scorecard-render.js';
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
  __inputs: { name: string; type: string; pluginId: string }[];
  panels: Panel[];
  annotations: { list: { target?: { tags: string[] } }[] };
  templating: { list: { name: string; query: unknown }[] };
};
const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => ({ panel: p.title, expr: t.expr })));

/**
 * What Grafana's import does with the file (pkg/services/dashboardimport/utils/
 * dash_template_evaluator.go): every `${NAME}` of an `__inputs` entry, in any string, becomes the
 * value picked for it (a data source's uid); `__inputs` is dropped; any other `${…}` stays.
 */
function imported(inputs: Record<string, string>): typeof dashboard {
  const evaluate = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(/\$\{.+?\}/g, (m) => inputs[m.slice(2, -1)] ?? m);
    if (Array.isArray(v)) return v.map(evaluate);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => k !== '__inputs')
          .map(([k, x]) => [k, evaluate(x)]),
      );
    return v;
  };
  return evaluate(dashboard) as typeof dashboard;
}

/** A panel query as Grafana sends it, for the values picked in the variables. */
const interpolate = (expr: string, vars: Record<string, string>): string =>
  expr.replace(/\$([a-z]+)/g, (m, name: string) => vars[name] ?? m);
const ALL = { owner: '.*', repo: '.*', intent: '.*' };

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
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['datasource', 'owner', 'repo', 'intent']);
  });

  it('queries the data source picked for its DS_PROMETHEUS input at import', () => {
    expect(dashboard.__inputs).toEqual([
      expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource' }),
    ]);
    const after = imported({ DS_PROMETHEUS: 'picked-uid' });
    type Ds = { type: string; uid: string };
    const vars = (
      after.templating.list as unknown as { name: string; current?: { value?: string } }[]
    ).reduce<Record<string, string | undefined>>(
      (m, v) => Object.assign(m, { [v.name]: v.current?.value }),
      {},
    );
    // The data source variable starts on the picked one; panels and variables query through it.
    const resolve = (ds: Ds) => (ds.uid === '${datasource}' ? vars.datasource : ds.uid);
    const used = [
      ...(
        after.panels as unknown as { title: string; datasource: Ds; targets: { datasource?: Ds }[] }[]
      ).flatMap((p) =>
        [p.datasource, ...p.targets.map((t) => t.datasource ?? p.datasource)].map((ds) => [p.title, ds]),
      ),
      ...(after.templating.list as unknown as { name: string; datasource?: Ds }[])
        .filter((v) => v.datasource)
        .map((v) => [v.name, v.datasource]),
    ] as [string, Ds][];
    for (const [where, ds] of used) {
      expect(ds.type, where).toBe('prometheus');
      expect(resolve(ds), where).toBe('picked-uid');
    }
    expect(JSON.stringify(after)).not.toContain('DS_PROMETHEUS');
  });

  it('has owner and repo variables, and every query keeps to the repositories picked', () => {
    const byName = new Map(
      (
        dashboard.templating.list as unknown as { name: string; definition?: string; allValue?: string }[]
      ).map((v) => [v.name, v]),
    );
    expect(byName.get('owner')?.definition).toBe('label_values(intentops_executions, owner)');
    expect(byName.get('repo')?.definition).toBe('label_values(intentops_executions{owner=~"$owner"}, repo)');
    expect(byName.get('intent')?.definition).toMatch(/owner=~"\$owner",repo=~"\$repo"/);
    // "All" is `.*`, which also matches a push without an owner label (a local run's).
    for (const name of ['owner', 'repo', 'intent']) expect(byName.get(name)?.allValue).toBe('.*');
    for (const { panel, expr } of exprs) {
      for (const selector of expr.match(/intentops_[a-z_]+(\{[^}]*\})?/g) ?? []) {
        expect(selector, panel).toMatch(/\{owner=~"\$owner",repo=~"\$repo"[,}]/);
      }
    }
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
    // Two of the scorecard's rows, as the post-run push sends them.
    const row = (criterion: ScoreRow['criterion'], value: number, pass: boolean): ScoreRow => ({
      criterion,
      seed: '',
      value,
      unit: 'share',
      threshold: 1,
      bound: 'min',
      pass,
      detail: '',
      notes: [],
      behind: [],
    });
    const samples = [
      ...botMetrics(records),
      ...scorecardSamples([row('visibility', 1, true), row('audit', 0.9, false)]),
      ...deliverySamples(
        deliveryMetrics({
          records: [...records, rollback],
          agents: [],
          since: new Date('2025-12-03T00:00:00.000Z'),
          until: new Date('2026-01-02T00:00:00.000Z'),
        }),
      ),
    ];
    // Another repository whose runs never failed, and a local run's push (no owner label).
    const other = botMetrics([
      makeRecord({ id: 'o1', status: 'success', timestamp: '2026-01-01T00:00:00.000Z' }),
      makeRecord({ id: 'o2', status: 'success', timestamp: '2026-01-02T00:00:00.000Z' }),
    ]);
    const local = botMetrics([makeRecord({ id: 'l1', status: 'failed' })]);
    prom = await startPrometheus({
      // what the Pushgateway exposes: the pushed samples plus its job and grouping labels
      series: [
        ...samples.map((s) => ({
          name: s.name,
          labels: { ...s.labels, job: 'intentops', owner: 'acme', repo: 'gitops' },
          value: s.value,
        })),
        ...other.map((s) => ({
          name: s.name,
          labels: { ...s.labels, job: 'intentops', owner: 'acme', repo: 'other' },
          value: s.value,
        })),
        ...local.map((s) => ({
          name: s.name,
          labels: { ...s.labels, job: 'intentops', repo: 'laptop' },
          value: s.value,
        })),
      ],
    });
  }, 30_000);
  afterAll(async () => {
    await prom?.stop();
  });

  const query = async (q: string) => {
    const url = `${prom.url}/api/v1/query?query=${encodeURIComponent(q)}&time=${prom.time.getTime() / 1000}`;
    return (await (await fetch(url)).json()) as {
      status: string;
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
      error?: string;
    };
  };
  const panelValue = async (title: string, vars: Record<string, string>) => {
    const expr = exprs.find((e) => e.panel === title)?.expr ?? '';
    const body = await query(interpolate(expr, vars));
    return body.data.result.map((r) => Number(r.value[1]));
  };

  it('every panel query parses and returns data', async () => {
    for (const { panel, expr } of exprs) {
      for (const vars of [ALL, { owner: 'acme', repo: 'gitops', intent: '.*' }]) {
        const q = interpolate(expr, vars);
        const body = await query(q);
        expect(body.status, `${panel}: ${q}: ${body.error}`).toBe('success');
        expect(body.data.result.length, `${panel}: ${q} returned nothing`).toBeGreaterThan(0);
      }
    }
    // a failed, b succeeded, c was denied: one of two runs succeeded.
    expect(await panelValue('Success rate (30 d)', { owner: 'acme', repo: 'gitops', intent: '.*' })).toEqual([
      0.5,
    ]);
  }, 30_000);

  it('the owner and repo variables pick one repository, or all of them with local runs', async () => {
    const owners = (await query('group by (owner) (intentops_executions)')).data.result.map(
      (r) => r.metric.owner,
    );
    expect(owners).toContain('acme');
    expect(await panelValue('Executions (30 d)', { owner: 'acme', repo: 'gitops', intent: '.*' })).toEqual([
      3,
    ]);
    expect(await panelValue('Executions (30 d)', { owner: 'acme', repo: 'other', intent: '.*' })).toEqual([
      2,
    ]);
    expect(await panelValue('Executions (30 d)', { owner: 'acme', repo: '.*', intent: '.*' })).toEqual([5]);
    expect(await panelValue('Executions (30 d)', ALL)).toEqual([6]);
  }, 30_000);

  it('Failures says 0 for a repository whose runs never failed, not "No data"', async () => {
    expect(await panelValue('Failures (30 d)', { owner: 'acme', repo: 'other', intent: '.*' })).toEqual([0]);
    expect(await panelValue('Failures (30 d)', { owner: 'acme', repo: 'gitops', intent: '.*' })).toEqual([1]);
  }, 30_000);
});
