// `intentops mcp` as an agent meets it: time from spawning the server to a usable session, and the
// median latency of each tool, against the example catalog plus 10,000 synthetic records over 90 days.
//   npx tsx bench/mcp.ts          (BENCH_RUNS=15, BENCH_RECORDS=10000; BENCH_CLI=dist/cli.js runs a bundle)

import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { noise, writeHistory } from './gen-history.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 10_000);
const root = join(import.meta.dirname, '..');
const repo = mkdtempSync(join(tmpdir(), 'intentops-bench-mcp-'));
cpSync(join(root, 'intents'), join(repo, 'intents'), { recursive: true });
execFileSync('git', ['init', '-q'], { cwd: repo });
await writeHistory(repo, noise(RECORDS, new Date(), 90));

const cliArgs = process.env.BENCH_CLI
  ? [process.env.BENCH_CLI]
  : ['--import', 'tsx', join(root, 'src', 'cli', 'index.ts')];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function session(): Promise<{ client: Client; ms: number }> {
  const t0 = performance.now();
  const client = new Client({ name: 'bench', version: '0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [...cliArgs, 'mcp', '--repo', repo, '--agent', 'intentops-agent'],
      env: getDefaultEnvironment(),
      cwd: root,
      stderr: 'ignore',
    }),
  );
  await client.listTools();
  return { client, ms: performance.now() - t0 };
}

const starts: number[] = [];
for (let i = 0; i < Math.min(RUNS, 7); i++) {
  const s = await session();
  starts.push(s.ms);
  await s.client.close();
}
console.log(
  `spawn → initialized + tools/list: median ${median(starts).toFixed(0)} ms (${cliArgs.length > 1 ? 'source via tsx' : 'bundle'})`,
);

const { client } = await session();
const calls: [string, Record<string, unknown>][] = [
  ['list_intents', {}],
  ['plan_intent', { intent: 'deploy-app', params: { app: 'home-portal' } }],
  ['plan_intent', { intent: 'restart-app', params: { app: 'home-portal' } }], // rate limit: reads every record
  ['list_executions', { limit: 20 }],
  ['list_executions', { intent: 'restart-app', status: 'failed', limit: 5 }],
  ['list_incidents', {}],
];
for (const [name, args] of calls) {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const res = await client.callTool({ name, arguments: args });
    ms.push(performance.now() - t0);
    if (res.isError) throw new Error(`${name}: ${JSON.stringify(res.content)}`);
  }
  console.log(`${name} ${JSON.stringify(args)}: median ${median(ms).toFixed(1)} ms over ${RUNS}`);
}
await client.close();
rmSync(repo, { recursive: true, force: true });
