// Benchmarks for visibility (issue 8). Prints figures; asserts nothing.
//   npx tsx bench/report.ts            (BENCH_RECORDS=1000 BENCH_RUNS=5 by default)
// 1. `intentops report` on N records: reading + model + HTML, then writing the site.
// 2. What `run` pays after its record when nothing is configured, and with a Pushgateway that
//    refuses connections (the push reads the window's records first).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RecordStore } from '../src/adapters/record-store.js';
import { writeReportSite } from '../src/adapters/report-site.js';
import { afterRun } from '../src/app/after-run/index.js';
import { buildReport } from '../src/app/report/build-report.js';
import { CHART_SCRIPT } from '../src/domain/report/index-page.js';
import { makeRecord } from '../test/helpers/record-fixture.js';

const N = Number(process.env.BENCH_RECORDS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

const repo = mkdtempSync(join(tmpdir(), 'intentops-bench-report-'));
const store = new RecordStore(repo);
const intents = ['deploy-app', 'restart-app', 'verify-backups', 'clear-cache'];
const now = Date.now();
for (let i = 0; i < N; i++) {
  await store.write(
    makeRecord({
      id: `exec-bench-${i}`,
      timestamp: new Date(now - (i * 29 * 86_400_000) / N).toISOString(),
      intent: intents[i % intents.length] as string,
      status: i % 9 === 0 ? 'failed' : 'success',
      duration: `${20 + (i % 50)}s`,
    }),
  );
}

const build: number[] = [];
const write: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const out = mkdtempSync(join(tmpdir(), 'intentops-bench-site-'));
  const t0 = performance.now();
  const site = await buildReport({ repoDir: repo, now: new Date() });
  const t1 = performance.now();
  await writeReportSite(out, site.pages, CHART_SCRIPT);
  write.push(performance.now() - t1);
  build.push(t1 - t0);
  rmSync(out, { recursive: true, force: true });
}
console.log(
  `report on ${N} records: build ${fmt(median(build))} (read + model + HTML), write ${fmt(median(write))}; medians of ${RUNS}`,
);

const record = makeRecord();
const quiet: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const t0 = performance.now();
  await afterRun({ repoDir: repo, record, env: {}, log: () => {} });
  quiet.push(performance.now() - t0);
}
console.log(`after-run with nothing configured: ${fmt(median(quiet))} median of ${RUNS}`);
const pushing: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const t0 = performance.now();
  await afterRun({ repoDir: repo, record, env: { PUSHGATEWAY_URL: 'http://127.0.0.1:1' }, log: () => {} });
  pushing.push(performance.now() - t0);
}
console.log(
  `after-run with a Pushgateway (refusing) over ${N} records in the window: ${fmt(median(pushing))} median of ${RUNS}`,
);
rmSync(repo, { recursive: true, force: true });
