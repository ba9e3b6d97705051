import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A real Prometheus (Debian package `prometheus`) on a loopback port, its storage backfilled with
 * `promtool tsdb create-blocks-from openmetrics` so every query has a known answer at `time`.
 * Nothing is scraped unless `scrape` names targets (e.g. a pushgateway, to make values change
 * during a test). Series named in ARCHIVE_MATCHER are also asked of a remote-read store
 * that refuses connections, so a selector with that matcher gets Prometheus's own `warnings`.
 */

export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const PROMTOOL_BIN = '/usr/bin/promtool';
export const hasPrometheus = existsSync(PROMETHEUS_BIN) && existsSync(PROMTOOL_BIN);

/** Add this matcher to a selector to get a real partial answer (remote-read warning). */
export const ARCHIVE_MATCHER = 'source="archive"';

export interface FixtureSeries {
  /** Sample name as written, e.g. `http_requests_total` for the counter family `http_requests`. */
  name: string;
  labels: Record<string, string>;
  /** Gauge: the constant value. Counter: the increase per second (starts at 0). */
  value: number;
  type?: 'gauge' | 'counter';
}

/** Label value holding a quote and a backslash, for escaping tests. */
export const TRICKY_LABEL_VALUE = 'say "hi" \\ bye';

export const FIXTURE_SERIES: FixtureSeries[] = [
  {
    name: 'container_memory_working_set_bytes',
    labels: { namespace: 'home-portal', pod: 'home-portal-0', container: 'app' },
    value: 150_000_000,
  },
  {
    name: 'container_memory_working_set_bytes',
    labels: { namespace: 'home-portal', pod: 'home-portal-1', container: 'app' },
    value: 50_000_000,
  },
  { name: 'fixture_label_escape', labels: { value: TRICKY_LABEL_VALUE }, value: 7 },
  { name: 'fixture_label_escape', labels: { value: 'say hi bye' }, value: 3 },
  {
    name: 'http_requests_total',
    labels: { namespace: 'home-portal', code: '500' },
    value: 2,
    type: 'counter',
  },
];

export interface PrometheusServer {
  /** Base URL, route prefix included. */
  url: string;
  /** Evaluation time at which the fixture series hold their values (last sample). */
  time: Date;
  stop(): Promise<void>;
}

export interface StartOptions {
  series?: FixtureSeries[];
  /** e.g. `/prometheus`: every route (API, /-/ready) moves under it, as behind a proxy. */
  routePrefix?: string;
  /** Targets scraped with `honor_labels: true`; `url` is the full metrics URL. */
  scrape?: ScrapeTarget[];
  /** Prometheus duration for the scrape jobs; default `1s`. */
  scrapeInterval?: string;
}

export interface ScrapeTarget {
  job: string;
  /** e.g. `http://127.0.0.1:9091/metrics`. */
  url: string;
}

const STEP_S = 15;
const SPAN_S = 30 * 60;
const READY_TIMEOUT_MS = 10_000;
const run = promisify(execFile);

/** OpenMetrics text: samples every 15 s over the 30 min up to `endS`, families kept contiguous. */
export function openMetrics(series: FixtureSeries[], endS: number): string {
  const families = new Map<string, FixtureSeries[]>();
  for (const s of series) {
    const family = s.type === 'counter' ? s.name.replace(/_total$/, '') : s.name;
    families.set(family, [...(families.get(family) ?? []), s]);
  }
  const lines: string[] = [];
  for (const [family, members] of families) {
    lines.push(`# TYPE ${family} ${members[0]?.type ?? 'gauge'}`);
    for (const s of members) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${v.replace(/[\\"]/g, '\\$&').replaceAll('\n', '\\n')}"`)
        .join(',');
      for (let t = endS - SPAN_S; t <= endS; t += STEP_S) {
        const v = s.type === 'counter' ? s.value * (t - (endS - SPAN_S)) : s.value;
        lines.push(`${s.name}{${labels}} ${v} ${t}`);
      }
    }
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

/** A loopback port free right now (it can be taken before the caller binds it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free TCP port on 127.0.0.1');
  return address.port;
}

const CONFIG = `global:
  scrape_interval: 1m
  evaluation_interval: 1m
remote_read:
  - name: archive
    url: http://127.0.0.1:1/api/v1/read
    read_recent: true
    required_matchers:
      source: archive
`;

/** `scrape_configs` for the targets; JSON strings are valid YAML scalars, so nothing needs escaping. */
export function scrapeConfig(targets: ScrapeTarget[], interval = '1s'): string {
  if (targets.length === 0) return '';
  const jobs = targets.map((t) => {
    const u = new URL(t.url);
    return [
      `  - job_name: ${JSON.stringify(t.job)}`,
      `    scrape_interval: ${JSON.stringify(interval)}`,
      `    scrape_timeout: ${JSON.stringify(interval)}`,
      '    honor_labels: true',
      `    scheme: ${JSON.stringify(u.protocol.replace(/:$/, ''))}`,
      `    metrics_path: ${JSON.stringify(u.pathname === '/' ? '/metrics' : u.pathname)}`,
      `    static_configs: [{ targets: [${JSON.stringify(u.host)}] }]`,
    ].join('\n');
  });
  return `scrape_configs:\n${jobs.join('\n')}\n`;
}

export async function startPrometheus(opts: StartOptions = {}): Promise<PrometheusServer> {
  const dir = await mkdtemp(join(tmpdir(), 'intentops-prom-'));
  try {
    const endS = Math.floor(Date.now() / 1000 / STEP_S) * STEP_S;
    const input = join(dir, 'fixture.om');
    const storage = join(dir, 'data');
    await writeFile(input, openMetrics(opts.series ?? FIXTURE_SERIES, endS));
    await writeFile(
      join(dir, 'prometheus.yml'),
      CONFIG + scrapeConfig(opts.scrape ?? [], opts.scrapeInterval),
    );
    await run(PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', input, storage]);
    const prefix = (opts.routePrefix ?? '').replace(/\/+$/, '');
    // A freed port can be taken before Prometheus binds it; a fresh one is then tried.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}${prefix}`;
      const child = spawn(
        PROMETHEUS_BIN,
        [
          `--config.file=${join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${storage}`,
          `--web.listen-address=127.0.0.1:${port}`,
          `--web.external-url=${url}`,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let log = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        log = (log + chunk.toString()).slice(-4000);
      });
      try {
        await waitReady(url, child, () => log);
      } catch (err) {
        await kill(child);
        if (attempt < 3 && /address already in use/.test(log)) continue;
        throw err;
      }
      return {
        url,
        time: new Date(endS * 1000),
        async stop() {
          await kill(child);
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const until = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`prometheus exited (${child.exitCode ?? child.signalCode}):\n${log()}`);
    }
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`prometheus not ready within ${READY_TIMEOUT_MS} ms:\n${log()}`);
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
