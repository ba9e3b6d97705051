// The validate fuzzer (test/helpers/validate-fuzz.ts) with many more cases than the test suite runs,
// from a random seed. Prints figures and every failure (with its seed and case number, which
// reproduce it); exits 1 when validate crashed, misreported or printed no file:line.
//   npx tsx bench/validate-fuzz.ts
//   BENCH_CASES=20000 BENCH_BUNDLED_CASES=500 BENCH_SEED=123 BENCH_CLI=dist/cli.js npx tsx bench/validate-fuzz.ts

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { main } from '../src/cli/main.js';
import { argvFor, fuzz, inProcess, setUpFuzz } from '../test/helpers/validate-fuzz.js';

const root = join(import.meta.dirname, '..');
const CASES = Number(process.env.BENCH_CASES ?? 20_000);
const BUNDLED_CASES = Number(process.env.BENCH_BUNDLED_CASES ?? 500);
const SEED = Number(process.env.BENCH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CLI = process.env.BENCH_CLI ?? join(root, 'dist', 'cli.js');

const setup = await setUpFuzz(root);
let failed = 0;
try {
  const runs = [
    {
      what: 'in process',
      seed: SEED,
      count: CASES,
      run: (dir: string, c: Parameters<typeof argvFor>[1]) => inProcess(main, argvFor(dir, c)),
    },
    {
      what: `bundled CLI (${CLI})`,
      seed: SEED + 1,
      count: BUNDLED_CASES,
      run: (dir: string, c: Parameters<typeof argvFor>[1]) => {
        const r = spawnSync(process.execPath, [CLI, ...argvFor(dir, c)], { encoding: 'utf8' });
        return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
      },
    },
  ];
  for (const { what, seed, count, run } of runs) {
    if (count === 0) continue;
    const t0 = performance.now();
    const failures = await fuzz(setup, seed, count, run);
    const s = (performance.now() - t0) / 1000;
    console.log(
      `${what}: ${count} cases from seed ${seed} in ${s.toFixed(1)} s (${(count / s).toFixed(0)} cases/s), ${failures.length} failed`,
    );
    for (const f of failures) console.log(`\n${f}`);
    failed += failures.length;
  }
} finally {
  setup.dispose();
}
process.exitCode = failed ? 1 : 0;
