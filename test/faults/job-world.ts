import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ActionRun, type ActionRunOptions, startAction } from '../helpers/action-runner.js';
import type { GitHubDouble } from '../helpers/github-double.js';

// A world for one of the other jobs (plan, learn): what the job needs to run again and again, a
// fresh runner each time, and the rules its own writes must keep whatever was killed or failed.
// The execute job's world is world.ts; these are smaller, so each kind builds its own.

export interface JobRun extends ActionRun {
  /** Killed by its fault point (SIGKILL: no exit code). */
  killed: boolean;
}

export interface JobWorld {
  double: GitHubDouble;
  /** Runs the job once more, as a re-run would (a fresh runner), with these faults armed. */
  run(opts?: { fault?: string; env?: Record<string, string> }): Promise<JobRun>;
  /** Exit codes a clean run may end with (default: 0 only). */
  codes?: number[];
  /** `::error::`s the job may end with for a reason the world sets up (a failed bake). */
  expectedErrors?: RegExp[];
  /** The job's own invariants, as sentences naming what broke. */
  check(): Promise<string[]>;
  stop(): Promise<void>;
}

export interface JobKindWorld {
  /** `plan`, `learn`: the scenarios' ids and the bench's --only filter start with it. */
  name: string;
  start(): Promise<JobWorld>;
}

/** Starts the bundled action and says whether its fault point killed it. */
export async function runKillable(o: ActionRunOptions): Promise<JobRun> {
  const { child, done } = await startAction({ ...o, entry: 'dist' });
  const r = await done;
  return { ...r, killed: r.code === null && child.signalCode === 'SIGKILL' };
}

/** Which fault-point hits and GitHub calls a clean run of the job meets: what its sweep covers. */
export async function probeJob(kind: JobKindWorld): Promise<{
  hits: { point: string; nth: number }[];
  calls: [string, string][];
}> {
  const w = await kind.start();
  try {
    const before = w.double.requests.length;
    const trace = join(
      (await import('node:os')).tmpdir(),
      `intentops-trace-${kind.name}-${process.pid}-${Date.now()}`,
    );
    const end = await w.run({ env: { INTENTOPS_FAULT_TRACE: trace } });
    if (!(w.codes ?? [0]).includes(end.code ?? -1))
      throw new Error(`the ${kind.name} probe failed: ${end.stdout}${end.stderr}`);
    let text = '';
    try {
      text = readFileSync(trace, 'utf8');
    } catch {
      // No point met at all: nothing to kill at.
    }
    const hits = text
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [point, n] = l.split('@');
        return { point: point as string, nth: Number(n) };
      });
    const calls = new Map<string, [string, string]>();
    for (const r of w.double.requests.slice(before))
      if (r.template) calls.set(`${r.method} ${r.template}`, [r.method, r.template]);
    return { hits, calls: [...calls.values()] };
  } finally {
    await w.stop();
  }
}
