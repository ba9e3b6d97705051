import { parse } from 'yaml';
import { surelyFalse, type Value } from './workflow-expression.js';

// Reads a GitHub Actions workflow and names every place where code a pull request controls could
// run while the job holds a write permission (a "pwn request"). The rules, strictest reading:
// - `pull_request_target` and `workflow_run` are refused outright: they run with the base
//   repository's write token and secrets for events a fork can start.
// - A job a `pull_request` event starts holds a write permission when any scope is `write`, when
//   it is `write-all`, or when neither the job nor the workflow sets `permissions` (the
//   repository's default may be write). A job that reads a secret (`secrets.*` anywhere in it: the
//   observe kubeconfig of the plan and preview jobs) is held to the same rules as one that writes.
// - Such a job may check the pull request out only as data: with `persist-credentials: false`, no
//   `run:` step at all (a script, `npm ci`, a test could come from the checkout), and a local
//   action (`uses: ./…`) only from a checkout of the base commit (`ref:` the base's sha or name).
// - Whatever the trigger, a job in which intentops may run a catalog command (a step, a check, a
//   capture, a precheck, a rollback, a plan's preview) keeps no token in .git/config: its checkouts
//   set `persist-credentials: false` (the bot's git gets the token through its environment). Such
//   a job is found by what it runs, not by its name: a step whose `command:` is one that may run
//   the catalog's commands (CATALOG_COMMANDS), or one the workflow only decides at run time.
// - A job a comment can start (`issue_comment` and the other comment events), holding an
//   `environment:` or a write permission, has an `if:` that is false for every commenter GitHub
//   does not call OWNER, MEMBER or COLLABORATOR (`github.event.comment.author_association`),
//   whatever else the comment says: anyone can comment, and each started job costs a runner, a
//   required reviewer's prompt and a reconcile. (The action still checks write access.)

export interface TrustFinding {
  job: string;
  problem: string;
}

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

interface Job {
  if?: unknown;
  environment?: unknown;
  permissions?: unknown;
  steps?: Step[];
}

interface Workflow {
  events: string[];
  permissions?: unknown;
  jobs: Record<string, Job>;
}

/**
 * intentops commands that may run the catalog's commands: `execute` (steps, checks, captures,
 * prechecks, rollbacks, and `/retry` and `/rollback` in the comment job), `observe` (the bake's
 * captures and checks), `plan` (previews); `rollback`, `retry`, `preview` should they become
 * commands of their own.
 */
export const CATALOG_COMMANDS = ['execute', 'observe', 'plan', 'rollback', 'retry', 'preview'];

/** Events whose payload names a comment and its author's association with the repository. */
export const COMMENT_EVENTS = ['issue_comment', 'pull_request_review_comment', 'discussion_comment'];

/** GitHub's author associations of people who are not the repository's owner, members or collaborators. */
export const OUTSIDERS = ['NONE', 'CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR', 'FIRST_TIMER', 'MANNEQUIN'];

const BASE_REF = /^\$\{\{\s*(github\.event\.pull_request\.base\.(sha|ref)|github\.base_ref)\s*\}\}$/;
const REFUSED_TRIGGERS = ['pull_request_target', 'workflow_run'];

function triggers(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  if (on && typeof on === 'object') return Object.keys(on);
  return [];
}

function writes(permissions: unknown): boolean {
  if (permissions === undefined || permissions === null) return true;
  if (permissions === 'write-all') return true;
  if (typeof permissions === 'string') return false; // read-all
  return Object.values(permissions as Record<string, unknown>).some((v) => v === 'write');
}

/** `./a/b/` → `a/b`; `.` and `./` → `` (the workspace). */
function normal(path: string): string {
  return path
    .replace(/^\.\/?/, '')
    .replace(/\/+$/, '')
    .split('/')
    .filter((p) => p !== '' && p !== '.')
    .join('/');
}

/** A job that names a secret: `${{ secrets.X }}` in any of its values. */
const readsSecret = (job: Job) => /\$\{\{[^}]*\bsecrets\./.test(JSON.stringify(job));

const inside = (path: string, dir: string) => dir === '' || path === dir || path.startsWith(`${dir}/`);

function readWorkflow(text: string): Workflow {
  const doc = (parse(text) ?? {}) as { on?: unknown; permissions?: unknown; jobs?: Record<string, Job> };
  // YAML 1.1 reads a bare `on` key as true; GitHub reads it as the trigger key.
  const on = doc.on ?? (doc as Record<string, unknown>).true;
  return {
    events: triggers(on),
    ...(doc.permissions !== undefined ? { permissions: doc.permissions } : {}),
    jobs: doc.jobs ?? {},
  };
}

/** A `command:` that may run the catalog's commands, or one decided at run time (`${{ … }}`). */
const runsCatalog = (step: Step) => {
  const command = step.with?.command;
  return typeof command === 'string' && (CATALOG_COMMANDS.includes(command) || command.includes('${{'));
};

/** The jobs in which intentops may run a catalog command. */
export function catalogJobs(text: string): string[] {
  return Object.entries(readWorkflow(text).jobs)
    .filter(([, job]) => (job.steps ?? []).some(runsCatalog))
    .map(([name]) => name);
}

/** The jobs a comment may start that hold an environment or a write permission. */
export function commentJobs(text: string): string[] {
  const wf = readWorkflow(text);
  if (!wf.events.some((e) => COMMENT_EVENTS.includes(e))) return [];
  return Object.entries(wf.jobs)
    .filter(([, job]) => job.environment !== undefined || writes(job.permissions ?? wf.permissions))
    .map(([name]) => name);
}

/** The event payload's fixed part: everything else (the comment's text, the issue) is unknown. */
function commentContext(event: string, association: string): { [k: string]: Value } {
  return { github: { event_name: event, event: { comment: { author_association: association } } } };
}

export function workflowTrustFindings(text: string): TrustFinding[] {
  const wf = readWorkflow(text);
  const { events } = wf;
  const findings: TrustFinding[] = [];
  for (const t of REFUSED_TRIGGERS.filter((e) => events.includes(e))) {
    findings.push({
      job: '*',
      problem: `triggered by ${t}: runs with the base repository's token for untrusted events`,
    });
  }
  for (const name of catalogJobs(text)) {
    for (const [i, step] of (wf.jobs[name]?.steps ?? []).entries()) {
      if (step.uses?.startsWith('actions/checkout@') && step.with?.['persist-credentials'] !== false) {
        findings.push({
          job: name,
          problem: `step ${i + 1} keeps the token in .git/config, where the intents' steps can read it`,
        });
      }
    }
  }
  for (const event of events.filter((e) => COMMENT_EVENTS.includes(e))) {
    for (const name of commentJobs(text)) {
      const job = wf.jobs[name] as Job;
      const admitted = OUTSIDERS.filter((a) => !surelyFalse(job.if, commentContext(event, a)));
      if (admitted.length === 0) continue;
      const holds = job.environment !== undefined ? 'an environment' : 'a write permission';
      findings.push({
        job: name,
        problem: `${event} starts it with ${holds} for a commenter who is ${admitted.join(', ')}: its if: must check github.event.comment.author_association`,
      });
    }
  }
  if (!events.includes('pull_request')) return findings;
  for (const [name, job] of Object.entries(wf.jobs)) {
    if (!writes(job.permissions ?? wf.permissions) && !readsSecret(job)) continue;
    // In step order: a later checkout into a folder that holds an earlier one replaces it.
    const checkouts: { path: string; base: boolean }[] = [];
    for (const [i, step] of (job.steps ?? []).entries()) {
      const label = `step ${i + 1}${step.name ? ` (${step.name})` : ''}`;
      if (step.uses?.startsWith('actions/checkout@')) {
        const path = normal(String(step.with?.path ?? '.'));
        const base = BASE_REF.test(String(step.with?.ref ?? ''));
        checkouts.push({ path, base });
        if (!base && step.with?.['persist-credentials'] !== false) {
          findings.push({
            job: name,
            problem: `${label} checks out the pull request with the token persisted in .git/config`,
          });
        }
      } else if (step.uses?.startsWith('./')) {
        const path = normal(step.uses);
        const from = checkouts.filter((c) => inside(path, c.path)).at(-1);
        if (!from?.base) {
          findings.push({
            job: name,
            problem: `${label} runs the local action ${step.uses} from ${from ? "the pull request's checkout" : 'no checkout of the base commit'}`,
          });
        }
      } else if (step.run !== undefined && checkouts.some((c) => !c.base)) {
        findings.push({ job: name, problem: `${label} runs a command beside the pull request's checkout` });
      }
    }
  }
  return findings;
}
