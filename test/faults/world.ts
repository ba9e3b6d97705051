import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ActionRun,
  type ActionRunOptions,
  executeOnPush,
  startAction,
} from '../helpers/action-runner.js';
import { baseFiles } from '../helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from '../helpers/github-double.js';
import { type GitOpsRemote, git, gitopsRemote } from '../helpers/gitops-remote.js';

// The world a fault scenario runs in: a bare git remote holding a GitOps repository, the GitHub
// double, a marker folder outside every checkout where steps note each run, and the jobs (the
// bundled action, each in a fresh runner checkout) that GitHub would start.

/** Two steps that note each start in the marker folder: a step that ran twice shows up there. */
export const MARK_INTENT = `name: mark
description: notes each run of each step in a marker file
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
  marks: { type: string, pattern: "^[A-Za-z0-9/._-]+$" }
  fail: { type: boolean, default: false }
  restart: { type: boolean, default: false }
steps:
  - name: one
    run: echo "one {{app}}" >> {{marks}}/steps
    timeout: 30s
  - name: two
    run: echo "two {{app}}" >> {{marks}}/steps && (test {{restart}} = false || echo 1 > {{marks}}/restarts-{{app}}) && test {{fail}} = false
    timeout: 30s
capture:
  pod_restarts: { run: "cat {{marks}}/restarts-{{app}} 2>/dev/null || echo 0" }
`;

/** A short bake window, so a successful run dispatches the bake workflow (a GitHub write). */
export const MARK_OUTCOMES = `observe: { for: 2s, interval: 500ms }
outcomes:
  success:
    - { condition: said, check: "echo ok", expected: { regex: "ok" }, timeout: 5s, interval: 100ms }
`;

/** A token that must never reach a pushed file, a comment or an issue. */
export const SECRET_TOKEN = 'ghs_faultHarnessSecret0123456789abcdefXYZ';

export interface World {
  double: GitHubDouble;
  repo: GitOpsRemote;
  marks: string;
  /** Every merged request file, in merge order. */
  requests: string[];
  /** Every record file seen on the remote after any job: none may disappear. */
  seenRecords: Set<string>;
  /** Requests granted a `/retry` (each may run once more). */
  retries: Map<string, number>;
  stop(): Promise<void>;
}

/**
 * `full`: the intent has a bake window (each success dispatches a bake) — GitHub writes, which
 * octokit paces a second apart; without it a job makes no GitHub write and runs in a second or two.
 */
export async function startWorld(
  prefix = 'intentops-faults-',
  opts: { full?: boolean } = {},
): Promise<World> {
  const double = await startGitHubDouble();
  double.state.grant({ login: 'alice', id: 401, type: 'User' }, 'write');
  double.state.addWorkflow('intentops-bake.yml', { execution: true, target: false });
  const repo = await gitopsRemote(prefix, {
    ...baseFiles(),
    'intents/catalog/mark.yaml': MARK_INTENT,
    ...(opts.full ? { 'intents/outcomes/mark.yaml': MARK_OUTCOMES } : {}),
  });
  const marks = join(repo.root, 'marks');
  mkdirSync(marks, { recursive: true });
  return {
    double,
    repo,
    marks,
    requests: [],
    seenRecords: new Set(),
    retries: new Map(),
    stop: async () => {
      await double.stop();
      await repo.cleanup();
    },
  };
}

/** Merges one request per app, each in its own commit that GitHub knows as a merged PR. */
export async function mergeRequests(
  w: World,
  apps: readonly string[],
  params: Record<string, boolean> = {},
): Promise<string[]> {
  const paths: string[] = [];
  const more = Object.entries(params).map(([k, v]) => `, ${k}: ${v}`);
  for (const app of apps) {
    const path = `intents/requests/${app}.yaml`;
    const sha = await w.repo.merge(
      {
        [path]: `intent: mark\nparams: { app: ${app}, marks: ${w.marks}${more.join('')} }\nreason: fault harness\n`,
      },
      `merge ${app}`,
    );
    w.double.state.adoptCommit(sha, `merge ${app}`);
    w.requests.push(path);
    paths.push(path);
  }
  return paths;
}

export type JobKind = 'push' | 'schedule' | 'dispatch' | 'rerun';

export interface JobSpec {
  kind: JobKind;
  /** GITHUB_RUN_ID; a re-run keeps its run's id with the next attempt. */
  runId: number;
  attempt?: number;
  /** INTENTOPS_FAULT for this job. */
  fault?: string;
  env?: Record<string, string>;
  /** More action inputs, e.g. `shard` (a shard's job) or `command: shards`. */
  inputs?: Record<string, string>;
}

export function jobOptions(w: World, spec: JobSpec): ActionRunOptions {
  const work = w.repo.checkout();
  const base = executeOnPush(work, w.double.url);
  const eventName = spec.kind === 'push' || spec.kind === 'rerun' ? 'push' : spec.kind;
  return {
    ...base,
    inputs: { ...base.inputs, 'github-token': SECRET_TOKEN, ...spec.inputs },
    eventName: eventName === 'dispatch' ? 'workflow_dispatch' : eventName,
    event: eventName === 'push' ? base.event : { ref: 'refs/heads/main' },
    entry: 'dist',
    env: {
      GITHUB_RUN_ID: String(spec.runId),
      GITHUB_RUN_ATTEMPT: String(spec.attempt ?? 1),
      ...(spec.fault ? { INTENTOPS_FAULT: spec.fault } : {}),
      ...spec.env,
    },
  };
}

export interface JobEnd extends ActionRun {
  spec: JobSpec;
  /** Killed by its fault point (SIGKILL: no exit code). */
  killed: boolean;
}

/** Tells the double about a run, so another job asking whether its claim is live gets an answer. */
export function setRun(w: World, id: number, attempt: number, status: 'in_progress' | 'completed'): void {
  w.double.state.workflowRuns.set(id, {
    id,
    attempt,
    status,
    conclusion: status === 'completed' ? 'failure' : null,
  });
}

export async function startJob(w: World, spec: JobSpec): Promise<{ done: Promise<JobEnd> }> {
  setRun(w, spec.runId, spec.attempt ?? 1, 'in_progress');
  const { child, done } = await startAction(jobOptions(w, spec));
  return {
    done: done.then((r) => {
      // A job that ended, killed or not, is a completed run to GitHub.
      setRun(w, spec.runId, spec.attempt ?? 1, 'completed');
      noteRecords(w);
      return { ...r, spec, killed: r.code === null && child.signalCode === 'SIGKILL' };
    }),
  };
}

export async function runJob(w: World, spec: JobSpec): Promise<JobEnd> {
  return (await startJob(w, spec)).done;
}

export function noteRecords(w: World): void {
  for (const f of w.repo.files())
    if (/^executions\/\d{4}-\d{2}-\d{2}\/.+\.yaml$/.test(f)) w.seenRecords.add(f);
}

/** How many times each step of each app ran, from the marker file. */
export function stepRuns(w: World): Map<string, number> {
  const counts = new Map<string, number>();
  let text = '';
  try {
    text = readFileSync(join(w.marks, 'steps'), 'utf8');
  } catch {
    return counts;
  }
  for (const line of text.split('\n').filter(Boolean)) counts.set(line, (counts.get(line) ?? 0) + 1);
  return counts;
}

/** Everything ever pushed to the remote, every branch, every version of every file. */
export function pushedText(w: World): string {
  return execFileSync('git', ['log', '-p', '--all', '--format=%B'], {
    cwd: w.repo.remote,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** A full clone of main, to verify the records as `intentops audit verify` does. */
export function cloneMain(w: World, name: string): string {
  const dir = join(w.repo.root, name);
  git(w.repo.root, 'clone', '-q', `file://${w.repo.remote}`, dir);
  return dir;
}
