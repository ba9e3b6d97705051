// In-process overhead of `run`: the time the use-case adds around the steps once the CLI is loaded
// (repo read, policy, snapshots, detection, redaction, record and git), median of N runs.
//   npx tsx bench/run-overhead.ts

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runRequest } from '../src/app/execute/run-request.js';
import { realPorts } from '../src/app/shared/real-ports.js';
import { durationSeconds } from '../src/domain/schemas/common.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const root = join(import.meta.dirname, '..');
const repo = mkdtempSync(join(tmpdir(), 'intentops-bench-inproc-'));
mkdirSync(join(repo, 'intents', 'catalog'), { recursive: true });
mkdirSync(join(repo, 'intents', 'requests'), { recursive: true });
cpSync(join(root, 'intents', 'anomaly-rules'), join(repo, 'intents', 'anomaly-rules'), { recursive: true });
writeFileSync(
  join(repo, 'intents', 'catalog', 'noop.yaml'),
  'name: noop\ndescription: one step\nrisk: low\nsteps:\n  - name: only\n    run: [sleep, "0.1"]\n',
);
writeFileSync(join(repo, 'intents', 'requests', 'r.yaml'), 'intent: noop\nreason: bench\n');
execFileSync('git', ['init', '-q'], { cwd: repo });

const overheads: number[] = [];
for (let i = 0; i <= RUNS; i++) {
  const t0 = performance.now();
  const { record } = await runRequest(
    { repoDir: repo, requestPath: 'intents/requests/r.yaml', toolVersion: 'bench', env: process.env },
    realPorts(() => {}),
  );
  const wall = performance.now() - t0;
  const steps = record.commands_run.reduce((s, c) => s + durationSeconds(c.duration) * 1000, 0);
  if (i > 0) overheads.push(wall - steps); // the first run loads modules
}
overheads.sort((a, b) => a - b);
console.log(
  `run overhead in-process (modules loaded): ${overheads[Math.floor(overheads.length / 2)]?.toFixed(1)} ms median of ${RUNS}, min ${overheads[0]?.toFixed(1)} ms (target ≤ 150 ms)`,
);
rmSync(repo, { recursive: true, force: true });
