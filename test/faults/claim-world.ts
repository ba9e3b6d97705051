import { checkInvariants } from './invariants.js';
import type { JobKindWorld, JobWorld } from './job-world.js';
import { mergeRequests, runJob, setRun, startWorld } from './world.js';

// The execute job meeting another run's claim, which only GitHub can judge (actions.getWorkflowRun):
// run 201 claimed request `a` and was killed before its step. `execute-claim-gone`: GitHub says
// run 201 completed, so the next job records `a` as interrupted. `execute-claim-live`: run 201 is
// still in progress, so the next job leaves `a` alone. The job swept is that next push run (then
// its re-runs); the sweep's invariants (invariants.ts) judge the world, and each variant its own.

function claimWorld(name: string, live: boolean): JobKindWorld {
  return {
    name,
    async start(): Promise<JobWorld> {
      const w = await startWorld(`intentops-fault-${name}-`);
      await mergeRequests(w, ['a']);
      const killed = await runJob(w, { kind: 'push', runId: 201, fault: 'step.start:kill@1' });
      if (!killed.killed) {
        await w.stop();
        throw new Error(`run 201 was to be killed at its step: ${killed.stdout}`);
      }
      if (live) setRun(w, 201, 1, 'in_progress');
      let attempt = 0;
      const claims = () => w.repo.files().filter((f) => f.startsWith('executions/claims/'));
      return {
        double: w.double,
        codes: [0, 1],
        async run({ fault, env } = {}) {
          const end = await runJob(w, {
            kind: 'push',
            runId: 202,
            attempt: ++attempt,
            ...(fault ? { fault } : {}),
            ...(env ? { env } : {}),
          });
          // runJob marks a finished run completed; run 201 stays as the variant has it.
          if (live) setRun(w, 201, 1, 'in_progress');
          return end;
        },
        async check() {
          const out = await checkInvariants(w);
          const records = w.repo.files().filter((f) => /^executions\/\d{4}-\d{2}-\d{2}\/.*-mark-a-/.test(f));
          // GitHub's 404 for run 201 says it has no such run: a run it does not have is over, so
          // `a` may then be settled as interrupted (app/execute/claim-live.ts); any other answer
          // that fails leaves the claim standing.
          const gone = w.double.requests.some(
            (r) => r.template === '/repos/{owner}/{repo}/actions/runs/{run_id}' && r.status === 404,
          );
          if (live) {
            if (records.length && !gone)
              out.push(`run 201 still holds a, yet a has a record: ${records.join(', ')}`);
            if (!claims().length && !gone) out.push("run 201's claim on a is gone while run 201 runs");
          } else if (!records.length) out.push('run 201 is over, yet a has no record (still claimed)');
          return out;
        },
        stop: () => w.stop(),
      };
    },
  };
}

export const claimGoneJob = claimWorld('execute-claim-gone', false);
export const claimLiveJob = claimWorld('execute-claim-live', true);
