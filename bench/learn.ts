// Learning over synthetic histories: 10,000 and 100,000 records (30 days of deploys and restarts of
// a dozen apps, with planted patterns), in git as the action leaves them: each run a maintainer's
// change, then the bot's record commit (so learning checks who wrote every record, as the
// action does). Prints the time of `learn` and of merely reading and parsing the same records, their
// ratio, and the peak memory of each, every figure measured in a fresh process. Asserts nothing.
//   npx tsx bench/learn.ts [10000 100000]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanRecords } from '../src/adapters/record-scan.js';
import { BOT_ONLY } from '../src/app/learn/evidence-origin.js';
import { learn } from '../src/app/learn/learn.js';
import { BOT_IDENTITY } from '../src/domain/bot/bot-identity.js';
import { recordPath } from '../src/domain/records/record.js';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
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
  const records = await writeHistory(dir, [...noise(count - planted.length, END, DAYS, 7), ...planted]);
  commitHistory(dir, records);
  process.stderr.write(
    `generated ${count} records and their commits in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  spawnSync('touch', [join(dir, '.done')]);
  return dir;
}

/**
 * The catalog by a maintainer, then per record a maintainer's commit and the bot's record
 * commit (with the anomaly log as it grew), through one `git fast-import`.
 */
function commitHistory(dir: string, records: readonly ExecutionRecord[]): void {
  const chunks: Buffer[] = [];
  const add = (s: string | Buffer) => chunks.push(typeof s === 'string' ? Buffer.from(s) : s);
  const file = (path: string, body: Buffer) => {
    add(`M 644 inline ${path}\ndata ${body.length}\n`);
    add(body);
    add('\n');
  };
  let t = Math.floor(END.getTime() / 1000) - DAYS * 86_400 - 3600;
  const commit = (who: string, message: string) => {
    t += 1;
    add(`commit refs/heads/main\nauthor ${who} ${t} +0000\ncommitter ${who} ${t} +0000\n`);
    add(`data ${Buffer.byteLength(message)}\n${message}\n`);
  };
  const human = 'Maintainer <maint@example.com>';
  const bot = `${BOT_IDENTITY.name} <${BOT_IDENTITY.email}>`;
  commit(human, 'catalog');
  spawnSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  const catalog = spawnSync('git', ['ls-files', '--others', 'intents'], { cwd: dir, encoding: 'utf8' });
  for (const p of catalog.stdout.split('\n').filter(Boolean)) file(p, readFileSync(join(dir, p)));
  let log = '';
  for (const [n, r] of records.entries()) {
    // The human side of a run (a request merged, an app's tag bumped), outside the evidence paths.
    commit(human, `Merge pull request #${n}`);
    file(`apps/${String(r.params.app)}/tag`, Buffer.from(`${String(r.params.tag)} ${n}\n`));
    commit(bot, `intentops: record ${r.id}`);
    file(recordPath(r), readFileSync(join(dir, recordPath(r))));
    if (r.anomalies.length) {
      for (const a of r.anomalies)
        log += `${JSON.stringify({ at: r.timestamp, execution: r.id, intent: r.intent, rule: a.rule, severity: a.severity, inputs: a.inputs })}\n`;
      file('incidents/anomaly-log.jsonl', Buffer.from(log));
    }
  }
  const fi = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, input: Buffer.concat(chunks) });
  if (fi.status !== 0) throw new Error(String(fi.stderr));
  // The working tree is what fast-import committed: the written files, plus the apps' tags.
  spawnSync('git', ['reset', '-q', '--hard', 'main'], { cwd: dir });
}

/** One measurement, in this (fresh) process: milliseconds and peak RSS. */
async function measure(dir: string, what: 'learn' | 'read'): Promise<void> {
  const t0 = performance.now();
  let n = 0;
  if (what === 'read') {
    for await (const r of scanRecords(dir)) if (r.record) n++;
  } else {
    const result = await learn(dir, { now: END, sinceS: (DAYS + 1) * 86_400, trust: BOT_ONLY });
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
