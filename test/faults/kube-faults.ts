import type { ExecutionRecord } from '../../src/domain/schemas/record.js';
import { type FaultProxy, kubeRequest, type ProxiedRequest, type ProxyFault } from './fault-proxy.js';
import { checkInvariants } from './invariants.js';
import type { JobRun } from './job-world.js';
import { crashing, healthyPods, type KubeWorld, startKubeWorld } from './kube-world.js';
import { jobProblems, type Scenario } from './scenarios.js';
import { SECRET_TOKEN, stepRuns } from './world.js';

// Kubernetes and observability faults (issue 28): a fault proxy in front of the Kubernetes double,
// the real Prometheus and the Loki double fails one kind of call — 429 with Retry-After, a
// connection reset, a 5xx, an answer that never comes, a watch cut mid-bake, 410 Gone on resume —
// in the execute job (snapshots, checks) or the bake job it dispatched (watch, samples). Each cell
// says what a platform engineer expects of that job under that fault (`expect`), then the shared
// invariants must hold: one terminal record, the step run once, the chain verifies.

type Job = 'execute' | 'bake' | 'rollback' | 'plan';

/** What a cell expects: the call is retried and read, or the record says what could not be read. */
type Expectation =
  /** Retried: the record reads as a clean run's (nothing unavailable), success / pass. */
  | 'read'
  /** Not retried (a hang, a 5xx): the snapshot says the source was unavailable; the run still succeeds (its checks retry at their interval). */
  | 'unavailable'
  /** A lasting outage: the snapshots say unavailable, the check never passes, the run fails with a reason. */
  | 'failed'
  /** A bake sample could not be read: the verdict is inconclusive, never pass. */
  | 'inconclusive'
  /** The bake sees the crash the scenario makes after the fault: verdict fail, the crash named. */
  | 'crash-seen';

export interface KubeCell {
  job: Job;
  /** The table's row: what was failed (`kube pods list`, `prometheus`…). */
  target: string;
  /** The table's column. */
  fault: string;
  expect: Expectation;
  /** Which proxy, which requests, how. */
  proxy: 'kube' | 'prom' | 'loki';
  match: (r: ProxiedRequest) => boolean;
  /** `outage`: once the bake watches, every pods request (list and watch) fails with a 500 and the watch is cut. */
  inject: ProxyFault | 'cut' | 'cut+gone' | 'outage';
  times?: number;
  skip?: number;
  /** The source name the record's `unavailable` list uses for it. */
  source?: string;
  /** Cut watches: the crash happens while the watch is away, before it resumes. */
  away?: boolean;
}

const T429: ProxyFault = {
  kind: 'status',
  status: 429,
  headers: { 'retry-after': '1' },
  body: JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message: 'Too many requests, please try again later.',
    reason: 'TooManyRequests',
    code: 429,
  }),
};
const T500: ProxyFault = { kind: 'status', status: 500 };
const T503: ProxyFault = { kind: 'status', status: 503 };
const RESET: ProxyFault = { kind: 'reset' };
const HANG: ProxyFault = { kind: 'hang' };

const podsList = kubeRequest('pods', false);
const podsWatch = kubeRequest('pods', true);
const deploymentsList = kubeRequest('deployments', false);
const anyRequest = () => true;

export const KUBE_CELLS: KubeCell[] = [
  // The execute job: before snapshot, the checks (and their watch), the after snapshot.
  ...(['execute', 'bake'] as const).flatMap((job): KubeCell[] => [
    {
      job,
      target: 'kube pods list',
      fault: '429 retry-after',
      expect: 'read',
      proxy: 'kube',
      match: podsList,
      inject: T429,
    },
    {
      job,
      target: 'kube pods list',
      fault: 'reset',
      expect: 'read',
      proxy: 'kube',
      match: podsList,
      inject: RESET,
    },
    {
      job,
      target: 'kube deployments',
      fault: 'reset',
      expect: 'read',
      proxy: 'kube',
      match: deploymentsList,
      inject: RESET,
    },
    {
      job,
      target: 'kube deployments',
      fault: '429 retry-after',
      expect: 'read',
      proxy: 'kube',
      match: deploymentsList,
      inject: T429,
    },
  ]),
  {
    job: 'execute',
    target: 'kube pods list',
    fault: 'hang',
    expect: 'unavailable',
    proxy: 'kube',
    match: podsList,
    inject: HANG,
    source: 'kubernetes',
  },
  {
    job: 'execute',
    target: 'kube pods list',
    fault: '500 lasting',
    expect: 'failed',
    proxy: 'kube',
    match: podsList,
    inject: T500,
    times: Infinity,
    source: 'kubernetes',
  },
  {
    job: 'execute',
    target: 'prometheus',
    fault: '503',
    expect: 'unavailable',
    proxy: 'prom',
    match: anyRequest,
    inject: T503,
    source: 'prometheus',
  },
  {
    job: 'execute',
    target: 'prometheus',
    fault: 'hang',
    expect: 'unavailable',
    proxy: 'prom',
    match: anyRequest,
    inject: HANG,
    source: 'prometheus',
  },
  {
    job: 'execute',
    target: 'prometheus',
    fault: 'reset',
    expect: 'unavailable',
    proxy: 'prom',
    match: anyRequest,
    inject: RESET,
    source: 'prometheus',
  },
  {
    job: 'execute',
    target: 'prometheus',
    fault: '500 lasting',
    expect: 'failed',
    proxy: 'prom',
    match: anyRequest,
    inject: T500,
    times: Infinity,
    source: 'prometheus',
  },
  {
    job: 'execute',
    target: 'loki',
    fault: '503',
    expect: 'unavailable',
    proxy: 'loki',
    match: anyRequest,
    inject: T503,
    source: 'loki',
  },
  {
    job: 'execute',
    target: 'loki',
    fault: 'hang',
    expect: 'unavailable',
    proxy: 'loki',
    match: anyRequest,
    inject: HANG,
    source: 'loki',
  },
  // The plan job's live state of the request's target: one list per kind, and the capture's metric.
  ...(
    [
      ['kube pods list', '429 retry-after', 'read', 'kube', podsList, T429, 1, 'cluster'],
      ['kube pods list', 'reset', 'read', 'kube', podsList, RESET, 1, 'cluster'],
      ['kube deployments', 'reset', 'read', 'kube', deploymentsList, RESET, 1, 'cluster'],
      ['kube pods list', '500 lasting', 'unavailable', 'kube', podsList, T500, Infinity, 'cluster'],
      ['kube pods list', 'hang', 'unavailable', 'kube', podsList, HANG, 1, 'cluster'],
      ['prometheus', '500 lasting', 'unavailable', 'prom', anyRequest, T500, Infinity, 'metric'],
      ['prometheus', 'hang', 'unavailable', 'prom', anyRequest, HANG, 1, 'metric'],
    ] as const
  ).map(
    ([target, fault, expect, proxy, match, inject, times, source]): KubeCell => ({
      job: 'plan',
      target,
      fault,
      expect,
      proxy,
      match,
      inject,
      times,
      source,
    }),
  ),
  // The execute job running the rollback a failed bake asked for: its before/after and checks.
  ...(
    [
      ['kube pods list', '429 retry-after', 'read', 'kube', podsList, T429, 1, 'kubernetes'],
      ['kube pods list', 'reset', 'read', 'kube', podsList, RESET, 1, 'kubernetes'],
      ['kube pods list', '500 lasting', 'failed', 'kube', podsList, T500, Infinity, 'kubernetes'],
      ['prometheus', '500 lasting', 'failed', 'prom', anyRequest, T500, Infinity, 'prometheus'],
    ] as const
  ).map(
    ([target, fault, expect, proxy, match, inject, times, source]): KubeCell => ({
      job: 'rollback',
      target,
      fault,
      expect,
      proxy,
      match,
      inject,
      times,
      source,
    }),
  ),
  // The bake job: the watch, and each interval's samples.
  {
    job: 'bake',
    target: 'kube pods watch',
    fault: 'cut, crash while away',
    expect: 'crash-seen',
    proxy: 'kube',
    match: podsWatch,
    inject: 'cut',
    away: true,
  },
  {
    job: 'bake',
    target: 'kube pods watch',
    fault: '410 on resume, crash while away',
    expect: 'crash-seen',
    proxy: 'kube',
    match: podsWatch,
    inject: 'cut+gone',
    away: true,
  },
  {
    job: 'bake',
    target: 'kube pods watch',
    fault: 'outage after the watch started',
    expect: 'inconclusive',
    proxy: 'kube',
    match: kubeRequest('pods'),
    inject: 'outage',
  },
  {
    job: 'bake',
    target: 'kube pods list',
    fault: 'hang',
    expect: 'read',
    proxy: 'kube',
    match: podsList,
    inject: HANG,
  },
  {
    job: 'bake',
    target: 'kube pods watch',
    fault: 'cut mid-bake',
    expect: 'crash-seen',
    proxy: 'kube',
    match: podsWatch,
    inject: 'cut',
  },
  {
    job: 'bake',
    target: 'kube pods watch',
    fault: '410 on resume',
    expect: 'crash-seen',
    proxy: 'kube',
    match: podsWatch,
    inject: 'cut+gone',
  },
  {
    job: 'bake',
    target: 'kube pods watch',
    fault: '429 retry-after',
    expect: 'crash-seen',
    proxy: 'kube',
    match: podsWatch,
    inject: T429,
    times: Infinity,
  },
  {
    job: 'bake',
    target: 'kube pods watch',
    fault: 'reset',
    expect: 'crash-seen',
    proxy: 'kube',
    match: podsWatch,
    inject: RESET,
  },
  {
    job: 'bake',
    target: 'kube pods list',
    fault: '500 lasting',
    expect: 'inconclusive',
    proxy: 'kube',
    match: podsList,
    inject: T500,
    times: Infinity,
  },
  {
    job: 'bake',
    target: 'prometheus',
    fault: '503',
    expect: 'inconclusive',
    proxy: 'prom',
    match: anyRequest,
    inject: T503,
  },
  {
    job: 'bake',
    target: 'prometheus',
    fault: 'hang',
    expect: 'inconclusive',
    proxy: 'prom',
    match: anyRequest,
    inject: HANG,
  },
  {
    job: 'bake',
    target: 'prometheus',
    fault: 'reset',
    expect: 'inconclusive',
    proxy: 'prom',
    match: anyRequest,
    inject: RESET,
  },
  {
    job: 'bake',
    target: 'loki',
    fault: '503',
    expect: 'inconclusive',
    proxy: 'loki',
    match: anyRequest,
    inject: T503,
  },
  {
    job: 'bake',
    target: 'loki',
    fault: 'hang',
    expect: 'inconclusive',
    proxy: 'loki',
    match: anyRequest,
    inject: HANG,
  },
];

export const cellId = (c: KubeCell) => `${c.job}: ${c.fault} on ${c.target}`;

async function until(cond: () => boolean, what: string): Promise<void> {
  // A ceiling for a loaded machine, never a timing check: the proxy says when each thing happened.
  for (let i = 0; i < 3600 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!cond()) throw new Error(`never happened: ${what}`);
}

const proxyOf = (w: KubeWorld, c: KubeCell): FaultProxy =>
  c.proxy === 'kube' ? w.kube : c.proxy === 'prom' ? w.prom : w.lokiProxy;

function arm(w: KubeWorld, c: KubeCell): void {
  if (c.inject === 'cut' || c.inject === 'outage') return;
  if (c.inject === 'cut+gone') {
    // The first watch is cut mid-bake (during); the one resuming it is told its version is gone.
    w.kube.arm({ name: cellId(c), match: podsWatch, fault: { kind: 'gone' }, skip: 1 });
    return;
  }
  proxyOf(w, c).arm({
    name: cellId(c),
    match: c.match,
    fault: c.inject,
    ...(c.skip ? { skip: c.skip } : {}),
    ...(c.times ? { times: c.times } : {}),
  });
}

const watches = (w: KubeWorld) => w.kube.seen.filter((s) => podsWatch(s.request)).length;

/** While a `crash-seen` bake runs: the fault, then (the watch back or polling) a pod in a crash loop. */
async function duringBake(w: KubeWorld, c: KubeCell): Promise<void> {
  if (c.inject === 'outage') {
    await until(() => w.kube.openStreams() > 0, 'the bake watching the pods');
    w.kube.arm({ name: cellId(c), match: c.match, fault: T500, times: Infinity });
    w.kube.cutStreams();
    return;
  }
  if (c.expect !== 'crash-seen') return;
  if (c.inject === 'cut' || c.inject === 'cut+gone') {
    await until(() => w.kube.openStreams() > 0, 'the bake watching the pods');
    w.kube.cutStreams();
    if (c.away) return crash(w);
    // Resumed (or, after 410, listed again and watching anew): a new connection is open.
    const want = c.inject === 'cut' ? 2 : 3;
    await until(() => watches(w) >= want && w.kube.openStreams() > 0, 'the watch resumed');
  } else {
    // The watch failed: resumed on a new connection, or polling (a pods list after the failed watch).
    await until(() => w.kube.fired(cellId(c)) > 0, 'the watch failed');
    const failedAt = w.kube.seen.findIndex((s) => s.fault === cellId(c));
    await until(
      () =>
        w.kube.openStreams() > 0 ||
        w.kube.seen.slice(failedAt + 1).some((s) => podsList(s.request) && !s.fault),
      'the pods followed again',
    );
  }
  crash(w);
}

function crash(w: KubeWorld): void {
  const [first] = healthyPods();
  if (first) w.pods.put(crashing(first));
}

/**
 * After a failed bake: its rollback request, run once by the execute workflow it dispatched (with
 * the cell's fault armed when `cell` is given); what its record must say under that fault.
 */
async function rolledBackOnce(w: KubeWorld, exec: ExecutionRecord, cell?: KubeCell): Promise<string[]> {
  const out: string[] = [];
  if (!w.repo.files().includes(`executions/rollback-requests/${exec.id}.yaml`))
    out.push('the failed bake asked for no rollback');
  // What the rollback restores (the double has no controller): the pods healthy again, so the
  // rollback's own checks pass; a rollback still crashing would end red, saying a human is needed.
  for (const p of healthyPods()) w.pods.put(p);
  if (cell) arm(w, cell);
  const ran = await w.execute(702, 1, 'workflow_dispatch');
  const lasting = cell?.expect === 'failed';
  out.push(
    ...jobProblems({ ...ran, spec: { kind: 'dispatch', runId: 702 } }, 'the rollback run').filter(
      // A rollback whose checks could not read their data is not a success: it says so, red.
      (p) => !(lasting && /did not succeed: a human is needed/.test(p)),
    ),
  );
  const rollbacks = w.repo.records().filter((r) => r.rollback_of === exec.id);
  const [rb] = rollbacks;
  if (rollbacks.length !== 1 || rb?.rollback?.mode !== 'auto')
    out.push(`${rollbacks.length} rollback records (one auto rollback expected)`);
  const undone = stepRuns(w).get('undo web') ?? 0;
  if (undone !== 1) out.push(`the rollback step ran ${undone} times (once expected)`);
  if (cell && rb) {
    const missing = unavailable(rb);
    for (const check of rb.checks ?? []) {
      const last = check.attempts.at(-1);
      if (check.result === 'pass' && (!last?.matched || last.exit_code !== 0))
        out.push(`the rollback's check ${check.name} passed on an attempt that read nothing`);
    }
    if (cell.expect === 'read' && (rb.status !== 'success' || missing.length))
      out.push(`the rollback is ${rb.status} (${missing.join('; ')}): retried calls read, success expected`);
    if (lasting) {
      if (rb.status === 'success')
        out.push('the rollback succeeded on checks that could not read their data');
      if (!missing.some((m) => m.startsWith(cell.source ?? '')))
        out.push(`the rollback record does not say ${cell.source} was unavailable`);
    }
  }
  return out;
}

const own = (w: KubeWorld) =>
  w.repo.records().filter((r) => r.request.path === w.request && !r.observation_of && !r.rollback_of);

function unavailable(r: ExecutionRecord | undefined): string[] {
  return [...(r?.before?.unavailable ?? []), ...(r?.after?.unavailable ?? [])].map(
    (u) => `${u.source}: ${u.reason}`,
  );
}

/** What the execute job's record must say under the cell's fault. */
function judgeExecute(c: KubeCell, run: JobRun, record: ExecutionRecord | undefined): string[] {
  const out: string[] = [];
  if (!record) return ['no record for the request'];
  // Never a silently passed check: a pass is an attempt that read its answer and matched.
  for (const check of record.checks ?? []) {
    const last = check.attempts.at(-1);
    if (check.result === 'pass' && (!last?.matched || last.exit_code !== 0))
      out.push(`check ${check.name} passed on an attempt that read nothing`);
  }
  const missing = unavailable(record);
  const says = (source: string) => missing.some((m) => m.startsWith(source));
  switch (c.expect) {
    case 'read':
      if (record.status !== 'success') out.push(`the run is ${record.status}: ${record.status_reason ?? ''}`);
      if (missing.length) out.push(`retried call still recorded unavailable: ${missing.join('; ')}`);
      if (run.code !== 0) out.push(`the job ended ${run.code}`);
      break;
    case 'unavailable':
      if (record.status !== 'success') out.push(`the run is ${record.status}: ${record.status_reason ?? ''}`);
      if (!says(c.source ?? ''))
        out.push(`no snapshot says ${c.source} was unavailable (${missing.join('; ')})`);
      break;
    case 'failed': {
      if (record.status !== 'failed') out.push(`the run is ${record.status}, not failed`);
      if (!says(c.source ?? '')) out.push(`no snapshot says ${c.source} was unavailable`);
      const unread = (record.checks ?? []).find((k) => k.result !== 'pass');
      if (!unread) out.push('every check passed while its data could not be read');
      else if (!unread.attempts.some((a) => /^unavailable: /.test(a.output)))
        out.push(`check ${unread.name} does not say its data was unavailable`);
      if (!/did not succeed/.test(run.stdout)) out.push('the job does not say the request did not succeed');
      break;
    }
    default:
      out.push(`no execute expectation '${c.expect}'`);
  }
  return out;
}

/** What the bake's follow-up must say under the cell's fault. */
function judgeBake(c: KubeCell, w: KubeWorld, run: JobRun, exec: ExecutionRecord): string[] {
  const follows = w.repo.records().filter((r) => r.observation_of === exec.id);
  if (follows.length !== 1) return [`${follows.length} follow-up records (exactly one expected)`];
  const o = follows[0]?.observation;
  const out: string[] = [];
  const verdict = `${o?.verdict}: ${o?.reason}`;
  switch (c.expect) {
    case 'read':
      if (o?.verdict !== 'pass') out.push(`the bake is ${verdict} (retried calls read: pass expected)`);
      break;
    case 'inconclusive':
      if (o?.verdict !== 'inconclusive') out.push(`the bake is ${verdict}, not inconclusive`);
      break;
    case 'crash-seen':
      if (o?.verdict !== 'fail' || !/CrashLoopBackOff/.test(o.reason))
        out.push(`the bake is ${verdict}: the crash after the fault was missed`);
      break;
    default:
      out.push(`no bake expectation '${c.expect}'`);
  }
  const ok = o?.verdict === 'pass' ? [0] : [0, 1];
  if (run.killed || !ok.includes(run.code ?? -1)) out.push(`the bake job ended ${run.code}`);
  return out;
}

const PLAN_MARKER = '<!-- intentops:plan -->';

/**
 * The plan job under the cell's fault, then its re-run: green both times, one plan comment holding
 * the request; its live state read (retried) or saying what it could not read — never left out,
 * never a number made up. The plan writes nothing to git and runs no step.
 */
async function planCell(w: KubeWorld, c: KubeCell): Promise<string[]> {
  arm(w, c);
  const out: string[] = [];
  const first = await w.plan(1);
  out.push(...jobProblems({ ...first, spec: { kind: 'rerun', runId: 501 } }, 'plan'));
  if (first.code !== 0) out.push(`the plan job ended ${first.code}`);
  const comments = () =>
    [...w.double.state.comments.values()].filter((k) => k.issueNumber === 1 && k.body.includes(PLAN_MARKER));
  const [comment] = comments();
  const body = comment?.body ?? '';
  const section = body.slice(body.indexOf(`live state (read-only`));
  if (!comment) out.push('no plan comment');
  else if (!body.includes(w.request)) out.push('the plan comment lacks the request');
  else if (!section.startsWith('live state (read-only')) out.push('the plan comment has no live state');
  const cluster = /cluster: could not read it — /.test(section);
  const metric = /metric up: unavailable: /.test(section);
  const read = /deployment shop\/web: /.test(section) && /metric up: 1\b/.test(section);
  if (c.expect === 'read' && !read) out.push(`the live state was not read: ${section.slice(0, 400)}`);
  if (c.expect === 'unavailable' && c.source === 'cluster' && !cluster)
    out.push(`the live state does not say the cluster could not be read: ${section.slice(0, 400)}`);
  if (c.expect === 'unavailable' && c.source === 'metric' && !metric)
    out.push(`the live state does not say the metric could not be read: ${section.slice(0, 400)}`);
  if (proxyOf(w, c).fired(cellId(c)) === 0) out.push('the fault never fired');
  const again = await w.plan(2);
  out.push(...jobProblems({ ...again, spec: { kind: 'rerun', runId: 501 } }, 'plan re-run'));
  if (comments().length !== 1)
    out.push(`PR #1 has ${comments().length} plan comments (exactly one expected)`);
  if (w.repo.records().length) out.push('the plan job wrote a record');
  if (stepRuns(w).size) out.push('a step ran at plan');
  for (const k of comments()) if (k.body.includes(SECRET_TOKEN)) out.push('the token is in the plan comment');
  return out;
}

/** A cell as a scenario of the sweep: its own world, the fault, the next push, the invariants. */
export function kubeScenario(c: KubeCell): Scenario {
  return {
    id: `kube ${cellId(c)}`,
    row: `${c.job} ${c.target}`,
    fault: c.fault,
    async alone() {
      // A crash must be seen however long the watch takes to come back (the crash ends the bake);
      // an outage needs samples after it.
      const bakeFor = c.expect === 'crash-seen' ? '60s' : c.inject === 'outage' ? '10s' : '3s';
      const w = await startKubeWorld({ bakeFor });
      try {
        if (c.job === 'plan') return await planCell(w, c);
        const out: string[] = [];
        if (c.job === 'execute') arm(w, c);
        const ran = await w.execute(201);
        out.push(...jobProblems({ ...ran, spec: { kind: 'push', runId: 201 } }, 'execute'));
        const [record] = own(w);
        if (c.job === 'execute') out.push(...judgeExecute(c, ran, record));
        else if (record?.status !== 'success') out.push(`the clean run is ${record?.status}`);
        else if (c.job === 'rollback') {
          // The pods crash after the run, before its bake: the bake fails at its first look.
          crash(w);
          const baked = await w.bake(1);
          const follow = w.repo.records().find((r) => r.observation_of === record.id);
          if (follow?.observation?.verdict !== 'fail')
            out.push(`the bake is ${follow?.observation?.verdict}`);
          if (baked.code !== 1) out.push(`the failed bake ended ${baked.code}`);
          out.push(...(await rolledBackOnce(w, record, c)));
        } else {
          arm(w, c);
          const baked = await w.bake(1, () => duringBake(w, c));
          out.push(
            ...jobProblems({ ...baked, spec: { kind: 'dispatch', runId: 701 } }, 'bake').filter(
              // The verdict the cell expects ends the job red on purpose; judgeBake checks it.
              (p) => !/bake (fail|inconclusive): /.test(p),
            ),
            ...judgeBake(c, w, baked, record),
          );
          if (
            c.expect === 'crash-seen' &&
            !w.repo.files().includes(`executions/rollback-requests/${record.id}.yaml`)
          )
            out.push('the failed bake asked for no rollback');
        }
        if (c.inject !== 'cut' && proxyOf(w, c).fired(cellId(c)) === 0) out.push('the fault never fired');
        // The next push finds the request done: nothing runs again.
        const next = await w.execute(202);
        // After a crash-seen bake the next push runs the rollback it asked for, the pods still
        // crashing (the double has no controller): it ends red once, a human needed, never twice.
        const crashed = c.job === 'bake' && c.expect === 'crash-seen';
        out.push(
          ...jobProblems({ ...next, spec: { kind: 'push', runId: 202 } }, 'next push').filter(
            (p) => !(crashed && /did not succeed: a human is needed/.test(p)),
          ),
        );
        if (crashed) {
          const again = await w.execute(203);
          out.push(...jobProblems({ ...again, spec: { kind: 'push', runId: 203 } }, 'the push after'));
          const rollbacks = w.repo.records().filter((r) => r.rollback_of === own(w)[0]?.id);
          if (rollbacks.length !== 1 || rollbacks[0]?.rollback?.mode !== 'auto')
            out.push(`${rollbacks.length} rollback records (one auto rollback expected)`);
          if ((stepRuns(w).get('undo web') ?? 0) !== 1)
            out.push(`the rollback step ran ${stepRuns(w).get('undo web') ?? 0} times (once expected)`);
        }
        if (own(w).length !== 1) out.push(`${own(w).length} records for the request after the next push`);
        out.push(...(await checkInvariants(w)));
        return out;
      } finally {
        await w.stop();
      }
    },
  };
}

export const kubeScenarios = (): Scenario[] => KUBE_CELLS.map(kubeScenario);

/** The CI sample: one of each kind of fault and job, where a bug would hide (< ~40 s on 2 workers). */
export function kubeSample(): Scenario[] {
  const pick = (id: string) => {
    const c = KUBE_CELLS.find((k) => cellId(k) === id);
    if (!c) throw new Error(`no kube cell '${id}'`);
    return kubeScenario(c);
  };
  return [
    pick('execute: 429 retry-after on kube pods list'),
    pick('plan: 500 lasting on prometheus'),
    pick('bake: outage after the watch started on kube pods watch'),
    pick('bake: 410 on resume, crash while away on kube pods watch'),
  ];
}
