import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkInvariants } from './invariants.js';
import { type JobKindWorld, type JobRun, type JobWorld, runKillable } from './job-world.js';
import { jobOptions, noteRecords, runJob, setRun, startWorld, type World } from './world.js';

// The comment jobs (issue_comment) in the sweep: `/retry` on a request whose run was lost, and
// `/rollback` on a failed run's pull request or incident issue. A re-run of a comment job is the
// same comment delivered again (same id, next attempt): what the first attempt did must count once.

const comment = (issue: number, id: number, body: string, onPr: boolean) => ({
  eventName: 'issue_comment',
  event: {
    action: 'created',
    issue: { number: issue, ...(onPr ? { pull_request: { url: 'x' } } : {}) },
    comment: { id, body, user: { login: 'alice', type: 'User' } },
  },
});

/** Merges a request as a pull request GitHub knows (the comment jobs look it up). */
async function mergePr(w: World, app: string, intent = 'mark'): Promise<number> {
  const path = `intents/requests/${app}.yaml`;
  const sha = await w.repo.merge(
    { [path]: `intent: ${intent}\nparams: { app: ${app}, marks: ${w.marks} }\nreason: fault harness\n` },
    `merge ${app}`,
  );
  w.double.state.adoptCommit(sha, `merge ${app}`);
  w.requests.push(path);
  return w.double.state.mergedPull(sha, app);
}

const RETRY_COMMENT = 951;

/** A comment job in a fresh runner; GitHub knows its run (live while it runs, then completed). */
async function commentJob(
  w: World,
  o: { runId: number; attempt: number; fault?: string | undefined; env?: Record<string, string> | undefined },
  event: ReturnType<typeof comment>,
): Promise<JobRun> {
  setRun(w, o.runId, o.attempt, 'in_progress');
  const spec = {
    kind: 'push' as const,
    runId: o.runId,
    attempt: o.attempt,
    ...(o.fault ? { fault: o.fault } : {}),
    ...(o.env ? { env: o.env } : {}),
  };
  try {
    return await runKillable({ ...jobOptions(w, spec), ...event });
  } finally {
    setRun(w, o.runId, o.attempt, 'completed');
    noteRecords(w);
  }
}

/**
 * `/retry` by a writer on request `a`, whose run was killed mid-step and recorded interrupted; `b`
 * merged since, its run dropped. The comment job runs only what it granted (a's retry), so `b` is
 * left to the schedule, which settles everything after.
 */
export const retryJob: JobKindWorld = {
  name: 'retry-comment',
  async start(): Promise<JobWorld> {
    const w = await startWorld('intentops-fault-retry-');
    const pr = await mergePr(w, 'a');
    const killed = await runJob(w, { kind: 'push', runId: 201, fault: 'step.end:kill@1' });
    if (!killed.killed) throw new Error(`the run to interrupt was not killed: ${killed.stdout}`);
    const next = await runJob(w, { kind: 'push', runId: 202 });
    const interrupted = w.repo.records().find((r) => r.request.path === w.requests[0]);
    if (interrupted?.status !== 'interrupted')
      throw new Error(`no interrupted record to retry: ${next.stdout}`);
    await mergePr(w, 'b');
    w.retries.set(w.requests[0] as string, 1);
    let attempt = 0;
    return {
      double: w.double,
      // A re-run that finds the retry's run dead records it interrupted, and says so in red.
      codes: [0, 1],
      run: ({ fault, env } = {}) =>
        commentJob(
          w,
          { runId: 801, attempt: ++attempt, fault, env },
          comment(pr, RETRY_COMMENT, '/retry', true),
        ),
      async check() {
        const out: string[] = [];
        const settled = await runJob(w, { kind: 'schedule', runId: 803 });
        if (settled.code !== 0) out.push(`the next schedule ended ${settled.code}: ${settled.stdout}`);
        const grants = w.repo.files().filter((f) => f.startsWith('executions/retries/'));
        if (grants.length !== 1) out.push(`${grants.length} retry grants for one /retry (one expected)`);
        const retried = w.repo.records().filter((r) => r.retry_of === interrupted.id);
        if (retried.length !== 1) out.push(`${retried.length} retry records (one expected)`);
        const replies = w.double.state
          .commentsOf(pr)
          .filter((c) => c.body?.includes(`<!-- intentops:retry=${RETRY_COMMENT} -->`));
        if (replies.length !== 1) out.push(`${replies.length} replies to the /retry (one expected)`);
        else if (!replies[0]?.body?.includes(w.requests[0] as string))
          out.push(`the /retry reply does not name ${w.requests[0]}: ${replies[0]?.body?.slice(0, 200)}`);
        // The request's one outcome comment has its row, whichever attempt wrote it last.
        const outcome = w.double.state
          .commentsOf(pr)
          .filter((c) => c.body?.includes('<!-- intentops:outcome -->'));
        if (outcome.length !== 1) out.push(`${outcome.length} outcome comments on #${pr} (one expected)`);
        else if (!outcome[0]?.body?.includes('| `a.yaml` |'))
          out.push(`the outcome comment has no row for a.yaml: ${outcome[0]?.body?.slice(0, 200)}`);
        if (replies[0]?.body?.includes('**interrupted**, no step ran'))
          out.push('the /retry reply says no step ran of a retry whose lost run may have run them');
        out.push(...(await checkInvariants(w)));
        return out;
      },
      stop: w.stop,
    };
  },
};

/** Fails its check until rolled back; its step notes itself where the invariants count steps. */
const FLAKY = `name: flaky-ask
description: fails its check until it is rolled back
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
  marks: { type: string, pattern: "^[A-Za-z0-9/._-]+$" }
steps:
  - name: deploy
    run: echo "deploy {{app}}" >> {{marks}}/steps
rollback:
  - name: undo
    run: echo undo >> {{marks}}/undo-{{app}} && touch {{marks}}/healthy-{{app}}
capture:
  metrics:
    broken: { run: "test -e {{marks}}/healthy-{{app}} && echo 0 || echo 99" }
`;
const FLAKY_FILES = {
  'intents/catalog/flaky-ask.yaml': FLAKY,
  'intents/outcomes/flaky-ask.yaml': `outcomes:
  success:
    - { condition: healthy, check: "test -e {{marks}}/healthy-{{app}} && echo ok || echo bad", expected: ok, timeout: 1s, interval: 200ms }
`,
  'intents/anomaly-rules/default.yaml': `anomaly_rules:
  - name: broken_after_run
    condition: "after.metrics.broken > 50"
    severity: P2
    action: create_incident_draft
`,
  'intents/policies/rollback.yaml': `policies:
  - name: ask-first
    match: { intents: [flaky-ask] }
    rollback: ask
`,
};

const ROLLBACK_COMMENT = 961;

/**
 * `/rollback` by a writer after a run whose check failed (policy ask): on the request's PR, or
 * naming the run on its incident issue. However the job is killed or failed, its re-run (the same
 * comment) rolls back at most once, or refuses aloud when a dead attempt may have run it in part.
 */
function rollbackCommentJob(on: 'pr' | 'issue'): JobKindWorld {
  return {
    name: `rollback-comment-${on}`,
    async start(): Promise<JobWorld> {
      const w = await startWorld(`intentops-fault-rbc-${on}-`);
      w.double.state.adoptCommit(await w.repo.merge(FLAKY_FILES, 'flaky intent'), 'flaky intent');
      const pr = await mergePr(w, 'f', 'flaky-ask');
      const failed = await runJob(w, { kind: 'push', runId: 700 });
      const exec = w.repo.records().find((r) => r.request.path === w.requests[0]);
      const issue = Number(/\/issues\/(\d+)$/.exec(exec?.drafts[0]?.path ?? '')?.[1]);
      if (exec?.status !== 'failed' || !issue)
        throw new Error(`no failed run with an incident issue to roll back: ${failed.stdout}`);
      const event =
        on === 'pr'
          ? comment(pr, ROLLBACK_COMMENT, '/rollback', true)
          : comment(issue, ROLLBACK_COMMENT, `/rollback ${exec.id}`, false);
      const undos = () => {
        const f = join(w.marks, 'undo-f');
        return existsSync(f) ? readFileSync(f, 'utf8').trim().split('\n').length : 0;
      };
      let attempt = 0;
      return {
        double: w.double,
        run: ({ fault, env } = {}) => commentJob(w, { runId: 802, attempt: ++attempt, fault, env }, event),
        async check() {
          const out: string[] = [];
          const settled = await runJob(w, { kind: 'push', runId: 803 });
          if (settled.code !== 0) out.push(`the next execute ended ${settled.code}`);
          const rollbacks = w.repo.records().filter((r) => r.rollback_of === exec.id);
          const claimed = w.repo.files().includes(`executions/claims/rollback-${exec.id}.yaml`);
          const replies = w.double.state
            .commentsOf(on === 'pr' ? pr : issue)
            .filter((c) => c.body?.includes(`<!-- intentops:rollback=${ROLLBACK_COMMENT} -->`))
            .map((c) => c.body ?? '');
          if (replies.length !== 1) out.push(`${replies.length} replies to the /rollback (one expected)`);
          if (undos() > 1) out.push(`the rollback's step ran ${undos()} times (at most once)`);
          if (rollbacks.length > 1) out.push(`${rollbacks.length} rollback records (at most one)`);
          const [rb] = rollbacks;
          if (rb) {
            if (rb.rollback?.mode !== 'ask' || rb.rollback.by !== 'alice')
              out.push(`the rollback record says ${JSON.stringify(rb.rollback)}`);
            if (rb.status === 'success' && undos() === 0) out.push('a rollback recorded success never ran');
            if (on === 'pr') {
              const outcome = w.double.state
                .commentsOf(pr)
                .filter((c) => c.body?.includes('<!-- intentops:outcome -->'));
              if (outcome.length !== 1) out.push(`${outcome.length} outcome comments on #${pr}`);
              else if (!outcome[0]?.body?.includes(`Rolled back** \`${exec.id}\` by alice`))
                out.push(`the outcome row does not say the rollback: ${outcome[0]?.body?.slice(0, 300)}`);
            }
          } else if (!claimed) out.push('the /rollback never rolled back and never claimed it');
          else if (!replies.some((b) => b.includes('left no record')))
            out.push('a rollback that may have run in part was not refused aloud');
          if (undos() === 1 && !rb && !claimed) out.push('the rollback ran with no claim');
          // Nothing the bot wrote names a rollback execution whose record is not on main.
          const ids = new Set(w.repo.records().map((r) => r.id));
          const said = [
            ...[...w.double.state.issues.values()].map((i) => i.body ?? ''),
            ...[...w.double.state.comments.values()].map((c) => c.body ?? ''),
          ].join('\n');
          for (const m of new Set(said.match(/exec-[a-z0-9-]+-rollback-[a-z0-9-]+/g) ?? []))
            if (!ids.has(m)) out.push(`GitHub names rollback ${m}, which no pushed record holds`);
          out.push(...(await checkInvariants(w)));
          return out;
        },
        stop: w.stop,
      };
    },
  };
}

export const rollbackCommentPr = rollbackCommentJob('pr');
export const rollbackCommentIssue = rollbackCommentJob('issue');
