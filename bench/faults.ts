// The fault harness in full (issue 28): every fault-point hit a clean execute job meets, killed
// (SIGKILL) and followed by a push, the schedule or a re-run (and a second kill of the re-run);
// every GitHub call the job makes × 500/502/503/403 retry-after/404/422/502-after-apply × each
// next job; git faults (push storms, branch protection mid-run, force-pushes under the job).
// The plan and learn jobs likewise, each in its own world: every fault-point hit killed (then a
// re-run), every GitHub call × each API fault (then a re-run).
// Kubernetes and observability faults (kube-faults.ts): the execute and bake jobs with a 429, a
// reset, a 5xx or a hang on the Kubernetes API, Prometheus or Loki, a watch cut mid-bake, 410 Gone.
// Prints fault point × fault → scenarios held/run. A violation prints the seed and the schedule.
// Usage: npm run bundle && npm run bench:faults -- [--seed N] [--workers N] [--only TEXT] [--limit N]
//   [--route TEXT] (only the rows holding TEXT, e.g. one GitHub call's every fault)
//   [--table FILE] (the table so far, rewritten after each scenario)
// The bundled action (dist/) is what runs: bundle first.
import { renameSync, writeFileSync } from 'node:fs';
import { FAULT_POINTS } from '../src/adapters/fault-point.js';
import { adapterOperations, unmetOperations } from '../test/faults/github-operations.js';
import { probeJob } from '../test/faults/job-world.js';
import { kubeScenarios } from '../test/faults/kube-faults.js';
import { stopSharedPrometheus } from '../test/faults/kube-world.js';
import { type Outcome, probe } from '../test/faults/scenarios.js';
import { allScenarios, jobScenarios, OTHER_JOBS, runAll, shuffled, table } from '../test/faults/sweep.js';

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const seed = Number(arg('--seed') ?? Date.now() % 100_000);
const workers = Number(arg('--workers') ?? 2);
const only = arg('--only');
/** Keeps only the scenarios whose row (fault point or call) holds this text: one call's every fault. */
const route = arg('--route');
const limit = Number(arg('--limit') ?? Number.POSITIVE_INFINITY);
/** The table so far, rewritten after each scenario: a sweep stopped early still says what it ran. */
const tableFile = arg('--table');
process.env.CI ??= 'true';

const t0 = Date.now();
const found = await probe();
console.log(`probe: ${found.hits.length} fault-point hits, ${found.calls.length} GitHub calls`);
const all = allScenarios(found);
const met = new Set(found.hits.map((h) => h.point));
const called = new Set(found.calls.map(([m, t]) => `${m} ${t}`));
for (const kind of OTHER_JOBS) {
  // An --only filter that names neither the job nor a part of its name leaves it out unprobed.
  if (only && !only.includes(kind.name) && !kind.name.includes(only.replace(/:.*$/, ''))) continue;
  const f = await probeJob(kind);
  console.log(`probe ${kind.name}: ${f.hits.length} fault-point hits, ${f.calls.length} GitHub calls`);
  all.push(...jobScenarios(kind, f));
  for (const h of f.hits) met.add(h.point);
  for (const [m, t] of f.calls) called.add(`${m} ${t}`);
}
// Every named point must be met by some job, or the sweep kills nowhere near it: say which are not.
if (!only) {
  const unmet = FAULT_POINTS.filter((p) => !met.has(p));
  console.log(
    unmet.length ? `fault points no probed job meets: ${unmet.join(', ')}` : 'every named fault point is met',
  );
  // Likewise every operation the GitHub adapter can call: only the calls a probe makes are failed.
  const uncalled = unmetOperations(adapterOperations(), called);
  console.log(
    uncalled.length
      ? `GitHub operations no probed job meets: ${uncalled.join(', ')}`
      : 'every GitHub operation is met',
  );
}
// The Kubernetes and observability faults (kube-faults.ts): each cell brings its own world.
if (!only || only.includes('kube')) all.push(...kubeScenarios());
let scenarios = shuffled(all, seed);
if (only) scenarios = scenarios.filter((s) => s.id.includes(only));
if (route) scenarios = scenarios.filter((s) => s.row.includes(route));
scenarios = scenarios.slice(0, limit);
console.log(`seed ${seed}: ${scenarios.length} scenarios, ${workers} at a time`);

const sofar: Outcome[] = [];
const outcomes = await runAll(scenarios, workers, (o, n) => {
  const mark = o.violations.length ? '✖' : '✓';
  console.log(`${mark} [${n}/${scenarios.length}] ${o.scenario.id} (${(o.ms / 1000).toFixed(1)} s)`);
  for (const v of o.violations) console.log(`    ${v}`);
  sofar.push(o);
  if (tableFile) {
    const head = `seed ${seed}: ${n} of ${scenarios.length} scenarios done, ${((Date.now() - t0) / 1000).toFixed(0)} s`;
    writeFileSync(`${tableFile}.tmp`, `${head}\n\n${table(sofar)}\n`);
    renameSync(`${tableFile}.tmp`, tableFile);
  }
});
await stopSharedPrometheus();
console.log(`\n${table(outcomes)}`);
const broken = outcomes.filter((o) => o.violations.length > 0);
console.log(`${((Date.now() - t0) / 1000).toFixed(0)} s in all`);
if (broken.length) {
  console.log(`\n${broken.length} scenario(s) broke an invariant; each reproduces alone:`);
  for (const o of broken)
    console.log(`  npm run bench:faults -- --seed ${seed} --workers 1 --only '${o.scenario.id}'`);
  process.exitCode = 1;
}
