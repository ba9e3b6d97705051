import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { faultReply } from '../helpers/github-double/faults.js';
import { checkInvariants } from './invariants.js';
import {
  type JobEnd,
  type JobKind,
  type JobSpec,
  mergeRequests,
  runJob,
  startJob,
  startWorld,
  type World,
} from './world.js';

// The fault scenarios: each starts a fresh world, merges requests, runs a job with one fault, runs
// the next job GitHub would start (a push, the schedule, a re-run attempt), then judges the world
// by checkInvariants and each job by what it said. `id` is the fault schedule that reproduces it.

export interface Scenario {
  id: string;
  /** The table's row: a fault point (`claim.pushed@1`) or a GitHub call (`POST /repos/…/issues`). */
  row: string;
  /** The table's column: `kill`, `500`, `storm`… */
  fault: string;
  /** Needs the world with GitHub writes (bakes, incidents): see startWorld. */
  full?: boolean;
  /** The execute job's scenarios: run in a world with merged requests (startWorld). */
  run?(w: World): Promise<string[]>;
  /** Another job's scenarios bring their own world and check their own invariants. */
  alone?(): Promise<string[]>;
}

export interface Outcome {
  scenario: Scenario;
  violations: string[];
  ms: number;
}

/** An `::error::` a job may end with for a reason the scenario caused; any other is a defect. */
const EXPECTED_ERRORS = [
  /request\(s\) did not succeed/,
  /refused the records, so they were pushed to/,
  /the execution records could not be published/,
];

/** What a job said that no fault excuses: an error nobody expects, a stack trace, a crash. */
export function jobProblems(end: JobEnd, label: string): string[] {
  const out: string[] = [];
  if (end.killed) return out;
  for (const line of end.stdout.split('\n')) {
    if (!line.startsWith('::error')) continue;
    const text = line.replace(/^::error[^:]*::/, '');
    if (!EXPECTED_ERRORS.some((re) => re.test(text))) out.push(`${label}: ${text.slice(0, 300)}`);
  }
  if (/\n\s+at .+\(.+:\d+:\d+\)/.test(end.stderr)) out.push(`${label}: a stack trace on stderr`);
  return out;
}

const FOLLOW_UP: Record<Exclude<JobKind, 'dispatch'>, (first: JobSpec) => JobSpec> = {
  push: () => ({ kind: 'push', runId: 202 }),
  schedule: () => ({ kind: 'schedule', runId: 203 }),
  rerun: (first) => ({ kind: 'rerun', runId: first.runId, attempt: (first.attempt ?? 1) + 1 }),
};
export const FOLLOW_UPS = Object.keys(FOLLOW_UP) as (keyof typeof FOLLOW_UP)[];

/** The requests each scenario merges: a plain one, and (in a full world) one that raises an incident. */
async function standardRequests(w: World, full = true): Promise<void> {
  await mergeRequests(w, ['a']);
  await mergeRequests(w, ['b'], full ? { restart: true } : {});
}

/** Whether a point is met only in a world with GitHub writes. */
const needsGitHub = (point: string) => /^(github|bake|incident)\./.test(point);

/** SIGKILL at the `nth` hit of `point`, then `next`. */
export function killScenario(point: string, nth: number, next: keyof typeof FOLLOW_UP): Scenario {
  return {
    id: `kill ${point}@${nth} → ${next}`,
    row: `${point}@${nth}`,
    fault: `kill→${next}`,
    full: needsGitHub(point),
    async run(w) {
      await standardRequests(w, needsGitHub(point));
      const first: JobSpec = { kind: 'push', runId: 201, fault: `${point}:kill@${nth}` };
      const killed = await runJob(w, first);
      const out: string[] = [];
      if (!killed.killed) out.push(`the fault never fired (exit ${killed.code})`);
      const after = await runJob(w, FOLLOW_UP[next](first));
      out.push(...jobProblems(after, next));
      return out;
    },
  };
}

/** SIGKILL at the same hit twice (the job, then its re-run), then the schedule settles it. */
export function doubleKillScenario(point: string, nth: number): Scenario {
  return {
    id: `kill ${point}@${nth} → rerun killed there too → schedule`,
    row: `${point}@${nth}`,
    fault: 'kill×2→schedule',
    full: needsGitHub(point),
    async run(w) {
      await standardRequests(w, needsGitHub(point));
      const first: JobSpec = { kind: 'push', runId: 201, fault: `${point}:kill@${nth}` };
      const out: string[] = [];
      if (!(await runJob(w, first)).killed) out.push('the first fault never fired');
      // The re-run may meet the point fewer times (less is pending): firing is not required.
      await runJob(w, { kind: 'rerun', runId: 201, attempt: 2, fault: `${point}:kill@${nth}` });
      const after = await runJob(w, { kind: 'schedule', runId: 203 });
      out.push(...jobProblems(after, 'schedule'));
      return out;
    },
  };
}

export interface ApiFault {
  name: string;
  status: number;
  headers?: Record<string, string>;
  /** The call is carried out, its answer lost (a 502 after an issue was created). */
  afterApply?: boolean;
  /** The answer's body, when not the one the status implies (GraphQL's errors come as a 200). */
  body?: unknown;
}

export const API_FAULTS: ApiFault[] = [
  { name: '500', status: 500 },
  { name: '502', status: 502 },
  { name: '503', status: 503 },
  { name: '403 retry-after', status: 403, headers: { 'retry-after': '1' } },
  { name: '404', status: 404 },
  { name: '422', status: 422 },
  { name: '502 after apply', status: 502, afterApply: true },
  /** The connection drops with no answer, before the call is carried out and after. */
  { name: 'reset', status: 0 },
  { name: 'reset after apply', status: 0, afterApply: true },
];

const REFUSED_BY_GRAPHQL = 'Resource not accessible by integration';

/**
 * GraphQL's own failure: HTTP 200 whose body carries `errors` and no data (a token without the
 * scope, auto-merge off in the repository). Swept on GraphQL calls besides the API_FAULTS.
 */
export const GRAPHQL_FAULTS: ApiFault[] = [
  {
    name: 'graphql errors',
    status: 200,
    body: { data: null, errors: [{ type: 'FORBIDDEN', path: [], message: REFUSED_BY_GRAPHQL }] },
  },
];

/** The faults a call is swept with: GraphQL's own besides the HTTP ones. */
export function faultsFor(template: string): ApiFault[] {
  return template.startsWith('/graphql') ? [...API_FAULTS, ...GRAPHQL_FAULTS] : API_FAULTS;
}

/** Whether a job's error is the GitHub fault it was given, passed on (the next run tries again). */
export function saysTheFault(problem: string, fault: ApiFault): boolean {
  if (fault.body !== undefined) return problem.includes(REFUSED_BY_GRAPHQL);
  if (fault.status === 0) return /socket|ECONNRESET|other side closed|fetch failed|terminated/i.test(problem);
  const body = faultReply({
    method: '',
    template: '',
    status: fault.status,
    afterApply: false,
    ...(fault.headers ? { headers: fault.headers } : {}),
  }).body as { message?: string };
  return (
    problem.includes(String(fault.status)) || (!!body.message && problem.includes(body.message.slice(0, 40)))
  );
}

/** The next call to `method template` answered with `fault`, then `next`. */
export function apiScenario(
  method: string,
  template: string,
  fault: ApiFault,
  next: keyof typeof FOLLOW_UP = 'push',
): Scenario {
  return {
    id: `github ${fault.name} on ${method} ${template} → ${next}`,
    row: `${method} ${template}`,
    fault: fault.name,
    full: true,
    async run(w) {
      await standardRequests(w);
      const inject = fault.afterApply ? w.double.failNextAfterApply : w.double.failNext;
      inject(method, template, fault.status, fault.body, fault.headers);
      const first: JobSpec = { kind: 'push', runId: 201 };
      // The faulted job may fail on the error it was given (the next run tries again); only that.
      const faulted = await runJob(w, first);
      const out = jobProblems(faulted, 'faulted job').filter((p) => !saysTheFault(p, fault));
      const after = await runJob(w, FOLLOW_UP[next](first));
      out.push(...jobProblems(after, next));
      return out;
    },
  };
}

async function until(cond: () => boolean, what: string): Promise<void> {
  // A ceiling for a loaded machine, never a timing check: the jobs say when they are held.
  for (let i = 0; i < 2400 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!cond()) throw new Error(`never happened: ${what}`);
}

/** `jobs` execute jobs at once over the same history: the losers end green, naming the winner. */
export function stormScenario(jobs: number, requests: number): Scenario {
  return {
    id: `storm of ${jobs} jobs over ${requests} requests`,
    row: 'git push race',
    fault: `storm×${jobs}`,
    async run(w) {
      await mergeRequests(
        w,
        Array.from({ length: requests }, (_, i) => `s${i + 1}`),
      );
      const holds = mkdtempSync(join(tmpdir(), 'intentops-holds-'));
      try {
        const started = await Promise.all(
          Array.from({ length: jobs }, (_, i) =>
            startJob(w, {
              kind: i % 2 ? 'schedule' : 'push',
              runId: 301 + i,
              fault: 'reconcile.scanned:hold',
              env: { INTENTOPS_FAULT_DIR: holds },
            }),
          ),
        );
        await until(
          () => readdirSync(holds).filter((f) => f.startsWith('reconcile.scanned.held')).length === jobs,
          'every job held after its scan',
        );
        writeFileSync(join(holds, 'reconcile.scanned.go'), '');
        const ends = await Promise.all(started.map((s) => s.done));
        const out: string[] = [];
        for (const e of ends) {
          out.push(...jobProblems(e, `run ${e.spec.runId}`));
          if (e.code !== 0) out.push(`run ${e.spec.runId} ended ${e.code}`);
        }
        const ran = ends.flatMap((e) => (e.outputs['execution-ids'] ?? '').split(',').filter(Boolean));
        if (ran.length !== requests) out.push(`${ran.length} runs for ${requests} requests`);
        const told = ends.map((e) => e.stdout).join('\n');
        if (!/claimed by run \d+ attempt \d/.test(told)) out.push('no losing job named the run that had it');
        return out;
      } finally {
        rmSync(holds, { recursive: true, force: true });
      }
    },
  };
}

/** Something done to the remote while the job is held at `point` (the first hit). */
function underTheJob(
  id: string,
  fault: string,
  point: string,
  act: (w: World) => void,
  expectRed: boolean,
): Scenario {
  return {
    id,
    row: 'git remote',
    fault,
    async run(w) {
      await standardRequests(w, false);
      const holds = mkdtempSync(join(tmpdir(), 'intentops-holds-'));
      try {
        const job = await startJob(w, {
          kind: 'push',
          runId: 201,
          fault: `${point}:hold`,
          env: { INTENTOPS_FAULT_DIR: holds },
        });
        await until(() => readdirSync(holds).some((f) => f.startsWith(`${point}.held`)), `held at ${point}`);
        act(w);
        writeFileSync(join(holds, `${point}.go`), '');
        const end = await job.done;
        const out = jobProblems(end, 'the job');
        if (!expectRed && end.code !== 0 && !/did not succeed/.test(end.stdout))
          out.push(`the job ended ${end.code}`);
        unprotect(w);
        const after = await runJob(w, { kind: 'schedule', runId: 203 });
        out.push(...jobProblems(after, 'next schedule'));
        return out;
      } finally {
        rmSync(holds, { recursive: true, force: true });
      }
    },
  };
}

/** A pre-receive hook that refuses pushes to main as branch protection does. */
function protect(w: World): void {
  const hook = join(w.repo.remote, 'hooks', 'pre-receive');
  writeFileSync(
    hook,
    '#!/bin/sh\nwhile read old new ref; do\n  if [ "$ref" = refs/heads/main ]; then\n    echo "GH006: Protected branch update failed for refs/heads/main." >&2\n    exit 1\n  fi\ndone\nexit 0\n',
    { mode: 0o755 },
  );
}

function unprotect(w: World): void {
  rmSync(join(w.repo.remote, 'hooks', 'pre-receive'), { force: true });
}

/** Rewrites every commit of main (new ids) and force-pushes it, as a maintainer's rebase does. */
function forcePush(w: World): void {
  const g = (...args: string[]) =>
    execFileSync('git', args, { cwd: w.repo.dev, stdio: ['ignore', 'pipe', 'pipe'] });
  g('pull', '-q', '--rebase', 'origin', 'main');
  g('-c', 'core.editor=true', 'rebase', '-q', '--force-rebase', '--root');
  g('push', '-q', '--force', 'origin', 'main');
}

export function gitScenarios(): Scenario[] {
  return [
    underTheJob(
      'push refused by branch protection mid-run (after the claim)',
      'protected',
      'step.start',
      protect,
      true,
    ),
    underTheJob(
      'push refused by branch protection before the claim',
      'protected',
      'reconcile.scanned',
      protect,
      true,
    ),
    underTheJob('force-push rewriting main mid-step', 'force-push', 'step.start', forcePush, false),
    underTheJob(
      'force-push rewriting main before the record push',
      'force-push',
      'record.push',
      forcePush,
      false,
    ),
  ];
}

/** Runs one scenario in a world of its own; an exception is a violation, never a pass. */
export async function runScenario(s: Scenario): Promise<Outcome> {
  const t0 = Date.now();
  if (s.alone) {
    let violations: string[];
    try {
      violations = await s.alone();
    } catch (err) {
      violations = [`the scenario threw: ${(err as Error).stack ?? String(err)}`];
    }
    return { scenario: s, violations, ms: Date.now() - t0 };
  }
  const w = await startWorld('intentops-fault-', { full: s.full === true });
  let violations: string[];
  try {
    violations = s.run ? await s.run(w) : ['the scenario has nothing to run'];
    violations.push(...(await checkInvariants(w)));
  } catch (err) {
    violations = [`the scenario threw: ${(err as Error).stack ?? String(err)}`];
  } finally {
    await w.stop();
  }
  return { scenario: s, violations, ms: Date.now() - t0 };
}

/**
 * Which fault-point hits a clean job meets, and which GitHub calls it makes: what the sweep kills
 * at and fails. Learnt from a traced run, so a new point or call is swept without editing a list.
 */
export async function probe(): Promise<{
  hits: { point: string; nth: number }[];
  calls: [string, string][];
}> {
  const w = await startWorld('intentops-fault-probe-', { full: true });
  const trace = join(w.repo.root, 'trace');
  try {
    await standardRequests(w);
    const end = await runJob(w, { kind: 'push', runId: 201, env: { INTENTOPS_FAULT_TRACE: trace } });
    if (end.code !== 0) throw new Error(`the probe job failed: ${end.stdout}`);
    const hits = readFileSync(trace, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [point, n] = l.split('@');
        return { point: point as string, nth: Number(n) };
      });
    const calls = new Map<string, [string, string]>();
    for (const r of w.double.requests) {
      if (r.template) calls.set(`${r.method} ${r.template}`, [r.method, r.template]);
    }
    return { hits, calls: [...calls.values()] };
  } finally {
    await w.stop();
  }
}
