import { parse } from 'yaml';

// Reads a GitHub Actions workflow and names every place where code a pull request controls could
// run while the job holds a write permission (a "pwn request"). The rules, strictest reading:
// - `pull_request_target` and `workflow_run` are refused outright: they run with the base
//   repository's write token and secrets for events a fork can start.
// - A job a `pull_request` event starts holds a write permission when any scope is `write`, when
//   it is `write-all`, or when neither the job nor the workflow sets `permissions` (the
//   repository's default may be write).
// - Such a job may check the pull request out only as data: with `persist-credentials: false`, no
//   `run:` step at all (a script, `npm ci`, a test could come from the checkout), and a local
//   action (`uses: ./…`) only from a checkout of the base commit (`ref:` the base's sha or name).
// - Whatever the trigger, a job that runs intentops' `execute` runs the intents' steps: its
//   checkouts keep no token in .git/config (the bot's git gets it through its environment).

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
  permissions?: unknown;
  steps?: Step[];
}

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

const inside = (path: string, dir: string) => dir === '' || path === dir || path.startsWith(`${dir}/`);

export function workflowTrustFindings(text: string): TrustFinding[] {
  const doc = (parse(text) ?? {}) as { on?: unknown; permissions?: unknown; jobs?: Record<string, Job> };
  // YAML 1.1 reads a bare `on` key as true; GitHub reads it as the trigger key.
  const on = doc.on ?? (doc as Record<string, unknown>).true;
  const events = triggers(on);
  const findings: TrustFinding[] = [];
  for (const t of REFUSED_TRIGGERS.filter((e) => events.includes(e))) {
    findings.push({
      job: '*',
      problem: `triggered by ${t}: runs with the base repository's token for untrusted events`,
    });
  }
  for (const [name, job] of Object.entries(doc.jobs ?? {})) {
    const steps = job.steps ?? [];
    if (!steps.some((s) => s.with?.command === 'execute')) continue;
    for (const [i, step] of steps.entries()) {
      if (step.uses?.startsWith('actions/checkout@') && step.with?.['persist-credentials'] !== false) {
        findings.push({
          job: name,
          problem: `step ${i + 1} keeps the token in .git/config, where the intents' steps can read it`,
        });
      }
    }
  }
  if (!events.includes('pull_request')) return findings;
  for (const [name, job] of Object.entries(doc.jobs ?? {})) {
    if (!writes(job.permissions ?? doc.permissions)) continue;
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
            problem: `${label} checks out the pull request with the write token persisted in .git/config`,
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
