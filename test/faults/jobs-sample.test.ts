import { describe, expect, it } from 'vitest';
import { jobsSample, runAll } from './sweep.js';

// The other jobs' share of the fixed sample (plan, learn, bake and the rollback it asks for), with
// the bugs their sweep found kept as regressions: a bake killed between its follow-up and its
// rollback request, whose re-run found it baked and never asked (the rollback was lost); a learn
// job whose PUT of a suggestion file lost its answer and ended red on the re-sent PUT's 422; a
// rollback killed mid-step, whose claim then kept every later execute run silent about it; a
// `/retry` killed after its claim, whose interrupted record then read as a second run of the
// request; a `/rollback` killed after its record was pushed, whose re-delivery said "already
// rolled back" and left the request's outcome row offering the rollback; a `/rollback` killed
// before its record was pushed, whose incident issue already said "Rolled back", linking a record
// that never reached git; an agent's PR whose auto-merge switch lost its answer, re-sent blindly
// (switched twice); a dashboard pin whose request failed, kept as GitHub's refusal (never pinned);
// an incident filing that failed between removing the draft label and adding the filed one, whose
// issue then had neither and was never recognised again (no "Filed as").

describe('the fault harness sample: plan, learn, bake', { timeout: 300_000 }, () => {
  it('holds every job invariant after each scenario', async () => {
    const outcomes = await runAll(jobsSample(), 2);
    const broken = outcomes
      .filter((o) => o.violations.length > 0)
      .map((o) => `${o.scenario.id}:\n  ${o.violations.join('\n  ')}`);
    expect(outcomes.map((o) => o.scenario.id).sort()).toEqual(
      jobsSample()
        .map((s) => s.id)
        .sort(),
    );
    expect(broken).toEqual([]);
  });
});
