// Parallel execution (issue 26 item 3): ten merged requests to ten targets, each waiting ~60 s for its
// outcome check (a check that polls until the rollout it started says it is done), run as the
// sharded execute workflow runs them — a `shards` job, then one execute job per shard at once —
// against the time one request takes alone. Beside the shards run a repeated delivery of the same
// push (a second shards job and its matrix, each job queued behind the running one of its
// concurrency group, as GitHub queues it) and an unsharded schedule run: nothing may run twice.
// Real processes: the bundled action (dist/), a bare git remote, the GitHub double.
// Prints wall times, the ratio (bound: ≤ 2× one request), the records and the duplicates.
// Usage: npm run bundle && npm run bench:parallel [-- --serial] (--serial adds the ten requests in one
// unsharded job, as before issue 26: about ten minutes).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkInvariants } from '../test/faults/invariants.js';
import { type JobEnd, type JobSpec, runJob, startWorld, stepRuns, type World } from '../test/faults/world.js';

process.env.CI ??= 'true';
const serial = process.argv.includes('--serial');
/** --logs DIR: every job's output in DIR/<run id>.log, to see who ran what. */
const logs = process.argv.includes('--logs') ? process.argv[process.argv.indexOf('--logs') + 1] : undefined;
function keep(e: JobEnd): JobEnd {
  if (logs) {
    mkdirSync(logs, { recursive: true });
    writeFileSync(
      join(logs, `${e.spec.runId}.log`),
      `${e.spec.inputs?.shard ?? 'unsharded'} exit ${e.code}\n${e.stdout}${e.stderr}`,
    );
  }
  return e;
}
const WAIT_S = 60;
const TARGETS = 10;

/** A rollout that takes WAIT_S seconds to finish: the step starts it, the outcome check polls it. */
const ROLLOUT_INTENT = `name: rollout
description: starts a rollout that finishes ${WAIT_S} s later
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
  marks: { type: string, pattern: "^[A-Za-z0-9/._-]+$" }
steps:
  - name: start
    run: echo "one {{app}}" >> {{marks}}/steps && touch {{marks}}/started-{{app}}
    timeout: 30s
`;
const ROLLOUT_OUTCOMES = `outcomes:
  success:
    - condition: rolled_out
      # A rollout is done a minute after it started: found once its start file is older than that.
      check: find {{marks}} -maxdepth 1 -name started-{{app}} -mmin +${WAIT_S / 60}
      expected: { regex: "started-" }
      timeout: ${WAIT_S * 2}s
      interval: 2s
`;

async function world(name: string): Promise<World> {
  const w = await startWorld(`intentops-bench-parallel-${name}-`);
  const sha = await w.repo.merge(
    {
      'intents/catalog/rollout.yaml': ROLLOUT_INTENT,
      'intents/outcomes/rollout.yaml': ROLLOUT_OUTCOMES,
      'intents/execute.yaml': `max_parallel: ${TARGETS}\n`,
    },
    'catalog: rollout',
  );
  w.double.state.adoptCommit(sha, 'catalog: rollout');
  return w;
}

async function merge(w: World, apps: readonly string[]): Promise<void> {
  for (const app of apps) {
    const path = `intents/requests/${app}.yaml`;
    const sha = await w.repo.merge(
      { [path]: `intent: rollout\nparams: { app: ${app}, marks: ${w.marks} }\nreason: bench\n` },
      `merge ${app}`,
    );
    w.double.state.adoptCommit(sha, `merge ${app}`);
    w.requests.push(path);
  }
}

const apps = Array.from({ length: TARGETS }, (_, i) => `svc${i + 1}`);
const ids = (ends: JobEnd[]) =>
  ends.flatMap((e) => (e.outputs['execution-ids'] ?? '').split(',').filter(Boolean));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** What a run left: records per request, duplicates (a second record, a step run twice), invariants. */
async function tally(w: World, ran: string[]) {
  const records = w.repo.files().filter((f) => /^executions\/\d{4}-\d{2}-\d{2}\/[^/]+\.yaml$/.test(f));
  const steps = [...stepRuns(w).values()];
  const problems = await checkInvariants(w);
  return {
    records: records.length,
    duplicates: ran.length - new Set(ran).size + steps.filter((n) => n > 1).length,
    stepsRun: steps.reduce((a, b) => a + b, 0),
    problems,
  };
}

// GitHub's concurrency groups, as the matrix job sets them: one running job per group, the next waits.
const groups = new Map<string, Promise<unknown>>();
function inGroup<T>(group: string, job: () => Promise<T>): Promise<T> {
  const before = groups.get(group) ?? Promise.resolve();
  const mine = before.then(job, job);
  groups.set(group, mine);
  return mine;
}

/** One run of the sharded workflow: the shards job, then its matrix, at most max-parallel at a time. */
async function shardedRun(w: World, runId: number, kind: JobSpec['kind']): Promise<JobEnd[]> {
  const list = await runJob(w, { kind, runId, inputs: { command: 'shards' } });
  if (list.code !== 0) throw new Error(`shards job ${runId} failed: ${list.stdout}${list.stderr}`);
  const matrix = JSON.parse(list.outputs.matrix ?? '{"include":[]}') as {
    include: { environment: string; target: string; shard: string }[];
  };
  const max = Number(list.outputs['max-parallel'] ?? '4');
  const queue = [...matrix.include];
  const ends: JobEnd[] = [];
  let n = 0;
  const lane = async () => {
    for (let s = queue.shift(); s; s = queue.shift()) {
      const shard = s;
      const spec: JobSpec = { kind, runId: runId * 100 + ++n, inputs: { shard: shard.shard } };
      ends.push(
        keep(await inGroup(`intentops-execute-${shard.environment}-${shard.target}`, () => runJob(w, spec))),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(max, matrix.include.length) }, lane));
  return ends;
}

// One request alone: the bound's unit.
const one = await world('one');
await merge(one, ['svc1']);
let t = Date.now();
const alone = await runJob(one, { kind: 'push', runId: 1 });
const oneMs = Date.now() - t;
if (alone.code !== 0) throw new Error(`the single run failed: ${alone.stdout}${alone.stderr}`);
const oneTally = await tally(one, ids([alone]));
await one.stop();
console.log(`one request alone (one execute job): ${seconds(oneMs)}, ${oneTally.records} record`);

// Ten targets, sharded, with a repeated push and a concurrent unsharded schedule run.
const par = await world('ten');
await merge(par, apps);
t = Date.now();
const [first, repeated, schedule] = await Promise.all([
  shardedRun(par, 2, 'push'),
  shardedRun(par, 3, 'push'),
  runJob(par, { kind: 'schedule', runId: 4 }).then(keep),
]);
const parMs = Date.now() - t;
const parEnds = [...first, ...repeated, schedule];
const failedJobs = parEnds.filter((e) => e.code !== 0).length;
const parTally = await tally(par, ids(parEnds));
await par.stop();
const ratio = parMs / oneMs;
console.log(
  `${TARGETS} requests to ${TARGETS} targets, sharded (${first.length} + ${repeated.length} shard jobs of two deliveries, 1 unsharded schedule job): ${seconds(parMs)}`,
);
console.log(`ratio to one request: ${ratio.toFixed(2)}× (bound 2×): ${ratio <= 2 ? 'within' : 'OVER'}`);
console.log(
  `records: ${parTally.records} for ${TARGETS} requests; duplicates: ${parTally.duplicates}; steps run: ${parTally.stepsRun}; failed jobs: ${failedJobs}; invariant violations: ${parTally.problems.length}`,
);
for (const p of parTally.problems) console.log(`  ✖ ${p}`);

if (serial) {
  const ser = await world('serial');
  await merge(ser, apps);
  t = Date.now();
  const end = await runJob(ser, { kind: 'push', runId: 5 });
  const serMs = Date.now() - t;
  const serTally = await tally(ser, ids([end]));
  await ser.stop();
  console.log(
    `${TARGETS} requests in one unsharded job (before issue 26): ${seconds(serMs)}, ${(serMs / oneMs).toFixed(2)}× one request, ${serTally.records} records`,
  );
}
const ok =
  ratio <= 2 && parTally.records === TARGETS && parTally.duplicates === 0 && parTally.problems.length === 0;
process.exitCode = ok ? 0 : 1;
