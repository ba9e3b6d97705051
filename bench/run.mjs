// Benchmarks for the core loop. Prints figures; asserts nothing (timing never decides a test).
//   npm run bundle && npm run bench
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

function time(args, opts = {}) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', ...opts });
  const ms = performance.now() - t0;
  if (opts.expectCode !== undefined && r.status !== opts.expectCode) {
    throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return ms;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function sample(fn, n = RUNS) {
  fn(); // warm the file cache
  return median(Array.from({ length: n }, fn));
}

function tempRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'intentops-bench-'));
  cpSync(join(root, 'intents'), join(dir, 'intents'), { recursive: true });
  return dir;
}

const fmt = (ms) => `${ms.toFixed(1)} ms`;

// 1. validate cold start on the example repo, against a bare node.
const bare = sample(() => time(['-e', '0']));
const validate = sample(() => time([cli, '--repo', root, 'validate'], { expectCode: 0 }));
console.log(
  `validate cold start (example repo): ${fmt(validate)} median of ${RUNS}; bare node -e 0: ${fmt(bare)}; ratio ${(validate / bare).toFixed(2)}x (target ≤ 300 ms)`,
);

// 1b. the action's bundle, as a runner starts it, for `validate`.
const actionEnv = {
  ...process.env,
  INPUT_COMMAND: 'validate',
  'INPUT_REPO-PATH': root,
  GITHUB_REPOSITORY: 'acme/gitops',
  GITHUB_EVENT_NAME: 'workflow_dispatch',
  GITHUB_EVENT_PATH: '/dev/null',
  GITHUB_SHA: '0'.repeat(40),
  GITHUB_OUTPUT: '/dev/null',
};
const action = sample(() => time([join(root, 'dist', 'index.js')], { env: actionEnv, expectCode: 0 }));
console.log(
  `action cold start (dist/index.js, command validate): ${fmt(action)} median of ${RUNS} (target ≤ 300 ms)`,
);

// 2. validating 1,000 request files.
const many = tempRepo();
mkdirSync(join(many, 'intents', 'requests'), { recursive: true });
for (let i = 0; i < 1000; i++) {
  writeFileSync(
    join(many, 'intents', 'requests', `deploy-${i}.yaml`),
    `intent: deploy-app\nparams:\n  app: app-${i}\n  tag: "1.${i}.0"\nreason: bench request ${i}\n`,
  );
}
const thousand = sample(() => time([cli, '--repo', many, 'validate'], { expectCode: 0 }), 7);
console.log(
  `validate 1,000 request files (whole process): ${fmt(thousand)} median of 7; minus cold start ≈ ${fmt(thousand - validate)} (target ≤ 1 s)`,
);
rmSync(many, { recursive: true, force: true });

// 3. overhead of run beyond the steps' own time.
const runRepo = mkdtempSync(join(tmpdir(), 'intentops-bench-run-'));
mkdirSync(join(runRepo, 'intents', 'catalog'), { recursive: true });
mkdirSync(join(runRepo, 'intents', 'requests'), { recursive: true });
cpSync(join(root, 'intents', 'anomaly-rules'), join(runRepo, 'intents', 'anomaly-rules'), {
  recursive: true,
});
writeFileSync(
  join(runRepo, 'intents', 'catalog', 'noop.yaml'),
  'name: noop\ndescription: one step\nrisk: low\nsteps:\n  - name: only\n    run: [sleep, "0.1"]\n',
);
writeFileSync(join(runRepo, 'intents', 'requests', 'r.yaml'), 'intent: noop\nreason: bench\n');
spawnSync('git', ['init', '-q'], { cwd: runRepo });
const overheads = [];
for (let i = 0; i < RUNS; i++) {
  const wall = time([cli, '--repo', runRepo, '--json', 'run', 'intents/requests/r.yaml'], { expectCode: 0 });
  const days = readdirSync(join(runRepo, 'executions'));
  const files = days.flatMap((d) =>
    readdirSync(join(runRepo, 'executions', d)).map((f) => join(runRepo, 'executions', d, f)),
  );
  const newest = files.sort().at(-1);
  const rec = parse(readFileSync(newest, 'utf8'));
  const stepMs = rec.commands_run.reduce((s, c) => s + Number.parseFloat(c.duration) * 1000, 0);
  overheads.push({ wall, stepMs, over: wall - stepMs });
}
const over = median(overheads.map((o) => o.over));
console.log(
  `run overhead beyond the steps' own time: ${fmt(over)} median of ${RUNS} (whole process incl. node start ${fmt(bare)}; wall ${fmt(median(overheads.map((o) => o.wall)))}, step ${fmt(median(overheads.map((o) => o.stepMs)))}) (target ≤ 150 ms)`,
);
rmSync(runRepo, { recursive: true, force: true });
