// Learning over synthetic histories: 10,000 and 100,000 records (30 days of deploys and restarts of
// a dozen apps, with planted patterns). Prints the time of `learn` and of merely reading and parsing
// the same records, their ratio, and the peak memory of each, every figure measured in a fresh
// process. Asserts nothing.   npx tsx bench/learn.ts [10000 100000]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanRecords } from '../src/adapters/record-scan.js';
import { learn } from '../src/app/learn/learn.js';
import { noise, type PlannedRun, writeHistory } from './gen-history.js';

const ROOT = join(import.meta.dirname, '..');
const END = new Date('2026-11-20T12:00:00Z');
const DAYS = 28;

async function build(count: number): Promise<string> {
  const dir = join(tmpdir(), `intentops-bench-learn-${count}`);
  if (existsSync(join(dir, '.done'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await cp(join(ROOT, 'intents'), join(dir, 'intents'), { recursive: true });
  const planted: PlannedRun[] = Array.from({ length: 12 }, (_, i) => ({
    at: new Date(END.getTime() - (i + 1) * 5 * 3_600_000),
    intent: 'deploy-app',
    app: ['shop', 'billing', 'search'][i % 3] as string,
    anomalies: [
      {
        rule: 'memory_spike',
        inputs: { 'after.metrics.memory_usage': 70 + i, 'before.metrics.memory_usage': 40 },
      },
    ],
  }));
  const started = performance.now();
  await writeHistory(dir, [...noise(count - planted.length, END, DAYS, 7), ...planted]);
  process.stderr.write(
    `generated ${count} records in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  spawnSync('touch', [join(dir, '.done')]);
  return dir;
}

/** One measurement, in this (fresh) process: milliseconds and peak RSS. */
async function measure(dir: string, what: 'learn' | 'read'): Promise<void> {
  const t0 = performance.now();
  let n = 0;
  if (what === 'read') {
    for await (const r of scanRecords(dir)) if (r.record) n++;
  } else {
    const result = await learn(dir, { now: END, sinceS: (DAYS + 1) * 86_400 });
    n = result.counted.executions;
    if (result.suggestions.length === 0) throw new Error('the planted pattern was not found');
  }
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, n, rssMB: process.resourceUsage().maxRSS / 1024 }));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main() {
  if (process.argv[2] === '--measure')
    return measure(process.argv[3] as string, process.argv[4] as 'learn' | 'read');
  const sizes = process.argv.slice(2).map(Number);
  for (const count of sizes.length ? sizes : [10_000, 100_000]) {
    const dir = await build(count);
    const runs = count >= 100_000 ? 3 : 5;
    const sample = (what: string) =>
      Array.from({ length: runs }, () => {
        const r = spawnSync(
          process.execPath,
          ['--import', 'tsx', import.meta.filename, '--measure', dir, what],
          { cwd: ROOT, encoding: 'utf8' },
        );
        if (r.status !== 0) throw new Error(r.stderr);
        return JSON.parse(r.stdout) as { ms: number; n: number; rssMB: number };
      });
    const read = sample('read');
    const learned = sample('learn');
    const [lr, rr] = [median(learned.map((x) => x.ms)), median(read.map((x) => x.ms))];
    console.log(
      `${count} records: learn ${(lr / 1000).toFixed(2)} s (peak RSS ${Math.max(...learned.map((x) => x.rssMB)).toFixed(0)} MB), ` +
        `read+parse ${(rr / 1000).toFixed(2)} s (peak RSS ${Math.max(...read.map((x) => x.rssMB)).toFixed(0)} MB), ratio ${(lr / rr).toFixed(2)}×; medians of ${runs}`,
    );
  }
}

await main();
