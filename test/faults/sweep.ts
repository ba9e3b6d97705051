import { bakeJob, rollbackJob } from './bake-world.js';
import { claimGoneJob, claimLiveJob } from './claim-world.js';
import { retryJob, rollbackCommentIssue, rollbackCommentPr } from './comment-world.js';
import { dashboardJob } from './dashboard-world.js';
import { incidentFileJob } from './incident-world.js';
import { jobApiScenario, jobKillScenario } from './job-scenarios.js';
import type { JobKindWorld } from './job-world.js';
import { learnJob, learnUpdateJob } from './learn-world.js';
import { planAgentJob, planAgentWideJob } from './plan-agent-world.js';
import { planJob } from './plan-world.js';
import {
  API_FAULTS,
  apiScenario,
  doubleKillScenario,
  FOLLOW_UPS,
  faultsFor,
  gitScenarios,
  killScenario,
  type Outcome,
  runScenario,
  type Scenario,
  stormScenario,
} from './scenarios.js';

// The sweep: every fault-point hit a clean job meets × a SIGKILL × each next job, every GitHub call
// × each API fault, the git faults; run a few at a time; summed up as fault point × fault.

export function allScenarios(found: {
  hits: { point: string; nth: number }[];
  calls: [string, string][];
}): Scenario[] {
  const out: Scenario[] = [];
  for (const h of found.hits) {
    for (const next of FOLLOW_UPS) out.push(killScenario(h.point, h.nth, next));
    out.push(doubleKillScenario(h.point, h.nth));
  }
  for (const [method, template] of found.calls)
    for (const f of faultsFor(template))
      for (const next of FOLLOW_UPS) out.push(apiScenario(method, template, f, next));
  out.push(...gitScenarios(), stormScenario(5, 2), stormScenario(5, 3), stormScenario(3, 4));
  return out;
}

/** The jobs other than execute that the sweep kills and fails, each in a world of its own. */
export const OTHER_JOBS: readonly JobKindWorld[] = [
  planJob,
  planAgentJob,
  planAgentWideJob,
  learnJob,
  learnUpdateJob,
  bakeJob,
  rollbackJob,
  retryJob,
  rollbackCommentPr,
  rollbackCommentIssue,
  claimGoneJob,
  claimLiveJob,
  dashboardJob,
  incidentFileJob,
];

/** A job's fault-point hits × a kill (then a re-run, or a second kill first), its calls × each API fault. */
export function jobScenarios(
  kind: JobKindWorld,
  found: { hits: { point: string; nth: number }[]; calls: [string, string][] },
): Scenario[] {
  const out: Scenario[] = [];
  for (const h of found.hits) {
    out.push(jobKillScenario(kind, h.point, h.nth), jobKillScenario(kind, h.point, h.nth, true));
  }
  for (const [method, template] of found.calls)
    for (const f of faultsFor(template)) out.push(jobApiScenario(kind, method, template, f));
  return out;
}

/** The fixed sample CI runs (the push storm is claim-race.test.ts): where bugs would hide. */
export function ciSample(): Scenario[] {
  const lost = API_FAULTS.find((f) => f.afterApply);
  return [
    killScenario('claim.pushed', 1, 'rerun'),
    killScenario('record.write', 1, 'schedule'),
    killScenario('git.push', 2, 'push'),
    killScenario('incident.create', 1, 'rerun'),
    ...(lost ? [apiScenario('POST', '/repos/{owner}/{repo}/issues', lost, 'push')] : []),
  ];
}

/** The other jobs' fixed sample: a lost answer or a kill where each job's invariant could break. */
export function jobsSample(): Scenario[] {
  const fault = (name: string) => API_FAULTS.find((f) => f.name === name) as (typeof API_FAULTS)[number];
  return [
    jobKillScenario(planJob, 'github.written', 1),
    jobApiScenario(learnJob, 'PUT', '/repos/{owner}/{repo}/contents/{path}', fault('502 after apply')),
    jobApiScenario(learnJob, 'POST', '/repos/{owner}/{repo}/pulls', fault('502 after apply')),
    jobKillScenario(bakeJob, 'rollback.request', 1),
    jobKillScenario(rollbackJob, 'step.start', 1),
    jobKillScenario(retryJob, 'claim.pushed', 1),
    jobKillScenario(rollbackCommentPr, 'github.write', 3),
    jobKillScenario(rollbackCommentIssue, 'git.push', 2),
    jobApiScenario(planAgentJob, 'POST', '/graphql enablePullRequestAutoMerge', fault('502 after apply')),
    jobApiScenario(dashboardJob, 'POST', '/graphql pinIssue', fault('404')),
    jobApiScenario(dashboardJob, 'PATCH', '/repos/{owner}/{repo}/issues/{issue_number}', fault('404')),
    jobApiScenario(
      incidentFileJob,
      'POST',
      '/repos/{owner}/{repo}/issues/{issue_number}/labels',
      fault('404'),
    ),
  ];
}

/** A small deterministic generator: the seed alone decides the order scenarios run in. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Runs scenarios `workers` at a time; `each` hears every outcome as it comes. */
export async function runAll(
  scenarios: readonly Scenario[],
  workers: number,
  each: (o: Outcome, done: number) => void = () => {},
): Promise<Outcome[]> {
  const out: Outcome[] = [];
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, workers) }, async () => {
      while (i < scenarios.length) {
        const s = scenarios[i++] as Scenario;
        const o = await runScenario(s);
        out.push(o);
        each(o, out.length);
      }
    }),
  );
  return out;
}

/** Fault point (or call) × fault → `held/run`, a cell per pair, a row per point. */
export function table(outcomes: readonly Outcome[]): string {
  const cols = [...new Set(outcomes.map((o) => o.scenario.fault))];
  const rows = [...new Set(outcomes.map((o) => o.scenario.row))].sort();
  const cell = (r: string, c: string) => {
    const these = outcomes.filter((o) => o.scenario.row === r && o.scenario.fault === c);
    if (!these.length) return '';
    return `${these.filter((o) => o.violations.length === 0).length}/${these.length}`;
  };
  const lines = [
    `| fault point / call | ${cols.join(' | ')} |`,
    `|---|${cols.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r} | ${cols.map((c) => cell(r, c)).join(' | ')} |`),
  ];
  const held = outcomes.filter((o) => o.violations.length === 0).length;
  lines.push('', `${outcomes.length} scenarios run, invariants held in ${held}`);
  return lines.join('\n');
}
