import type { JobKindWorld, JobRun, JobWorld } from './job-world.js';
import { type ApiFault, jobProblems, type Scenario, saysTheFault } from './scenarios.js';

// Fault scenarios for the jobs other than execute (plan, learn): kill the job at a fault-point hit,
// or fail one GitHub call, then run it again as a re-run does, and judge the world by the job's own
// invariants. Each brings its own world (Scenario.alone): these jobs need no merged requests.

function problems(w: JobWorld, end: JobRun, label: string): string[] {
  const allowed = w.expectedErrors ?? [];
  return jobProblems({ ...end, spec: { kind: 'rerun', runId: 0 } }, label).filter(
    (p) => !allowed.some((re) => re.test(p)),
  );
}

function rerunProblems(w: JobWorld, after: JobRun): string[] {
  const out = problems(w, after, 'rerun');
  if (after.killed || !(w.codes ?? [0]).includes(after.code ?? -1))
    out.push(`the re-run ended ${after.code}`);
  return out;
}

async function inWorld(kind: JobKindWorld, body: (w: JobWorld) => Promise<string[]>): Promise<string[]> {
  const w = await kind.start();
  try {
    const out = await body(w);
    out.push(...(await w.check()));
    return out;
  } finally {
    await w.stop();
  }
}

/** SIGKILL at the `nth` hit of `point` in a `kind` job, then a re-run (killed there again if `twice`). */
export function jobKillScenario(kind: JobKindWorld, point: string, nth: number, twice = false): Scenario {
  return {
    id: `${kind.name}: kill ${point}@${nth} → ${twice ? 'rerun killed there too → rerun' : 'rerun'}`,
    row: `${kind.name} ${point}@${nth}`,
    fault: twice ? 'kill×2→rerun' : 'kill→rerun',
    alone: () =>
      inWorld(kind, async (w) => {
        const out: string[] = [];
        if (!(await w.run({ fault: `${point}:kill@${nth}` })).killed) out.push('the fault never fired');
        if (twice) await w.run({ fault: `${point}:kill@${nth}` });
        out.push(...rerunProblems(w, await w.run()));
        return out;
      }),
  };
}

/** The next call to `method template` in a `kind` job answered with `fault`, then a re-run. */
export function jobApiScenario(
  kind: JobKindWorld,
  method: string,
  template: string,
  fault: ApiFault,
): Scenario {
  return {
    id: `${kind.name}: github ${fault.name} on ${method} ${template} → rerun`,
    row: `${kind.name} ${method} ${template}`,
    fault: fault.name,
    alone: () =>
      inWorld(kind, async (w) => {
        const inject = fault.afterApply ? w.double.failNextAfterApply : w.double.failNext;
        inject(method, template, fault.status, fault.body, fault.headers);
        const faulted = await w.run();
        const out = problems(w, faulted, 'faulted job').filter((p) => !saysTheFault(p, fault));
        out.push(...rerunProblems(w, await w.run()));
        return out;
      }),
  };
}
