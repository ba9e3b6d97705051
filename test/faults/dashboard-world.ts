import { DASHBOARD_LOG } from '../../src/app/dashboard/dashboard-issue.js';
import { DASHBOARD_LABEL } from '../../src/domain/dashboard/body.js';
import { checkInvariants } from './invariants.js';
import type { JobKindWorld, JobWorld } from './job-world.js';
import { mergeRequests, runJob, startWorld } from './world.js';

// The execute job with the dashboard issue on (input `dashboard: true`): run 201 created the issue
// (its pin is left to the next run that changes it, app/dashboard/dashboard-issue.ts); request `b`
// then merged, so the job swept (run 202, then its re-runs) updates the issue and pins it (GraphQL
// pinIssue). However it is killed or failed, the world keeps one dashboard issue, open, that the
// last run brought up to date, and the execute invariants (invariants.ts) hold.

export const dashboardJob: JobKindWorld = {
  name: 'execute-dashboard',
  async start(): Promise<JobWorld> {
    const w = await startWorld('intentops-fault-dashboard-');
    const inputs = { dashboard: 'true' };
    await mergeRequests(w, ['a']);
    const first = await runJob(w, { kind: 'push', runId: 201, inputs });
    const made = () =>
      [...w.double.state.issues.values()].filter((i) => !i.pull && i.labels.includes(DASHBOARD_LABEL));
    if (first.code !== 0 || made().length !== 1) {
      await w.stop();
      throw new Error(`run 201 was to create the dashboard issue: ${first.stdout}`);
    }
    await mergeRequests(w, ['b']);
    let attempt = 0;
    return {
      double: w.double,
      // A re-run after a kill mid-request finds it interrupted and says so: exit 1, as execute does.
      codes: [0, 1],
      run: ({ fault, env } = {}) =>
        runJob(w, {
          kind: 'push',
          runId: 202,
          attempt: ++attempt,
          inputs,
          ...(fault ? { fault } : {}),
          ...(env ? { env } : {}),
        }),
      async check() {
        const out = await checkInvariants(w);
        const issues = made();
        const open = issues.filter((i) => i.state === 'open');
        if (issues.length !== 1 || open.length !== 1)
          out.push(`${issues.length} dashboard issues, ${open.length} open (exactly one expected)`);
        else if (!(open[0]?.body ?? '').includes('b'))
          out.push(`dashboard issue #${open[0]?.number} does not show request b`);
        // Pinned; or GitHub refused the pin itself (GraphQL errors), which is kept and not asked
        // again; or the pin's request failed, and the log on main says it is pending, so the next
        // change pins it. A failed request is never taken for a refusal.
        const refused = w.double.requests.some(
          (r) => r.template === '/graphql pinIssue' && r.injected && r.status === 200,
        );
        const log = w.repo.show(DASHBOARD_LOG).trim().split('\n').at(-1) ?? '{}';
        const pin = (JSON.parse(log) as { pin?: string }).pin;
        if (open.length === 1 && !open[0]?.pinned && !refused && pin !== 'pending')
          out.push(
            `dashboard issue #${open[0]?.number} is not pinned, its log says ${pin ?? 'nothing'}, and GitHub never refused the pin`,
          );
        return out;
      },
      stop: () => w.stop(),
    };
  },
};
