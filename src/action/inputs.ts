import * as core from '../adapters/actions-runner.js';
import { parseShard } from '../domain/reconcile/shard.js';
import { actionEnv } from './sealed-env.js';

// The action's inputs and the runner's environment, read once into one typed object. Every problem
// is reported with how to fix it, before anything runs.

export type ActionCommand =
  | 'validate'
  | 'plan'
  | 'execute'
  | 'shards'
  | 'incident'
  | 'learn'
  | 'prune'
  | 'report'
  | 'verify'
  | 'replay'
  | 'observe'
  | 'preview';
const COMMANDS: readonly ActionCommand[] = [
  'validate',
  'plan',
  'execute',
  'shards',
  'incident',
  'learn',
  'prune',
  'report',
  'verify',
  'replay',
  'observe',
  'preview',
];

export interface ActionInputs {
  command: ActionCommand;
  token: string;
  repoPath: string;
  dryRun: boolean;
  /** plan: read the cluster's live state (`live: false` skips it, as `plan --no-live`). */
  live?: boolean;
  /** Keep the dashboard issue up to date after execute, incident, learn and prune (opt-in). */
  dashboard: boolean;
  /** preview: the checkout of the base commit, whose catalog decides what a preview runs. */
  basePath?: string;
  /** The `kubeconfig` input's YAML; main writes it to a 0600 file (kubeconfigPath). */
  kubeconfig?: string;
  /** That file, once written: `KUBECONFIG` points to it for the observer and the steps alike. */
  kubeconfigPath?: string;
  prometheusUrl?: string;
  lokiUrl?: string;
  /**
   * Secrets and variables by name (a shard's job: the names its matrix entry lists; else
   * `toJSON(secrets)`, `toJSON(vars)`): where the names an environment of intents/environments.yaml
   * declares are looked up first. Empty when not given.
   */
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  /** prune: keep records this recent (a duration such as 30d). */
  retention?: string;
  /** report, replay: only records this recent (a duration such as 30d). */
  since?: string;
  /** report: the folder the site is written to. */
  out?: string;
  /** observe: the id of the execution to bake. */
  execution?: string;
  /** execute: the bake workflow's file name a successful run with a bake window dispatches ('' = none). */
  bakeWorkflow: string;
  /**
   * observe: the execute workflow's file name, dispatched when a failed bake's policy says auto: the
   * rollback runs there, where executions run ('' = none: the next execute run picks it up).
   */
  executeWorkflow: string;
  /** execute: run only this shard's requests (`<environment>/<target>`, as `shards` lists them). */
  shard?: string;
  /** shards: the GitHub environment of a repository that declares no environments. */
  githubEnvironment: string;
  /**
   * shards: instead of the matrix, the secret and variable names of the environment whose jobs run
   * in this GitHub environment (the `/retry` job's, which a comment gives no environment).
   */
  namesFor?: string;
  /**
   * shards: output the read-only names the bake of this execution is handed (the bake workflow's
   * bake-names job), from its record's environment; no shard listed.
   */
  namesOfExecution?: string;
  /** owner/repo from GITHUB_REPOSITORY. */
  owner: string;
  repo: string;
  eventName: string;
  eventPath: string;
  sha: string;
  apiUrl: string;
  serverUrl: string;
  runUrl?: string;
}

export class InputsError extends Error {
  override readonly name = 'InputsError';
}

/**
 * An input as `core.getInput` reads it, but from the environment the runner started the action with:
 * `INPUT_*` are sealed out of `process.env` (src/action/sealed-env.ts).
 */
function getInput(name: string, options: { required?: boolean } = {}): string {
  const v = (actionEnv()[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
  if (options.required && !v) throw new InputsError(`Input required and not supplied: ${name}`);
  return v;
}

function env(name: string, fallback?: string): string {
  const v = process.env[name];
  if (v) return v;
  if (fallback !== undefined) return fallback;
  throw new InputsError(`${name} is not set: is this running inside GitHub Actions?`);
}

function booleanInput(name: string): boolean {
  const v = getInput(name).trim().toLowerCase();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  throw new InputsError(`input '${name}' must be true or false, got '${v}'`);
}

function workflowInput(name: string, fallback: string, v: string): string {
  if (v === 'none') return '';
  if (v === '') return fallback;
  if (!/^[A-Za-z0-9._-]+\.ya?ml$/.test(v))
    throw new InputsError(
      `input '${name}' must be a workflow file name such as ${fallback}, or none; got '${v}'`,
    );
  return v;
}

/** A `toJSON(secrets)` / `toJSON(vars)` input: an object of strings, or nothing. */
function jsonMapInput(name: string): Record<string, string> {
  const raw = getInput(name);
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new InputsError(`input '${name}' must be JSON, as \${{ toJSON(${name}) }} gives; it is not`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new InputsError(`input '${name}' must be a JSON object, as \${{ toJSON(${name}) }} gives`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function getInputs(): ActionInputs {
  const command = getInput('command', { required: true }).trim();
  if (!COMMANDS.includes(command as ActionCommand)) {
    throw new InputsError(`input 'command' must be one of ${COMMANDS.join(', ')}, got '${command}'`);
  }
  const token = getInput('github-token');
  if (token) core.setSecret(token);
  const kubeconfig = getInput('kubeconfig');
  if (kubeconfig) core.setSecret(kubeconfig);
  const secrets = jsonMapInput('secrets');
  // Every value is masked in the log, whichever environment's it is.
  for (const v of Object.values(secrets)) if (v.trim()) core.setSecret(v);
  const vars = jsonMapInput('vars');
  const execution = getInput('execution').trim();
  if (command === 'observe' && !/^exec-[A-Za-z0-9-]+$/.test(execution)) {
    throw new InputsError(
      `command 'observe' needs input 'execution': an execution id such as exec-20261202-101500-deploy-web-1a2b3c, got '${execution}'`,
    );
  }
  const shard = getInput('shard');
  if (shard) {
    if (command !== 'execute')
      throw new InputsError(`input 'shard' is for command 'execute', not '${command}'`);
    const parsed = parseShard(shard);
    if ('problem' in parsed) throw new InputsError(`input 'shard': ${parsed.problem}`);
  }
  const namesFor = getInput('names-for');
  if (namesFor && command !== 'shards')
    throw new InputsError(`input 'names-for' is for command 'shards', not '${command}'`);
  const namesOfExecution = getInput('names-of-execution').trim();
  if (namesOfExecution && command !== 'shards')
    throw new InputsError(`input 'names-of-execution' is for command 'shards', not '${command}'`);
  if (namesOfExecution && !/^exec-[A-Za-z0-9-]+$/.test(namesOfExecution))
    throw new InputsError(
      `input 'names-of-execution' needs an execution id such as exec-20261202-101500-deploy-web-1a2b3c, got '${namesOfExecution}'`,
    );
  if (namesOfExecution && namesFor)
    throw new InputsError("inputs 'names-for' and 'names-of-execution' are for different jobs: give one");
  const [owner, repo] = env('GITHUB_REPOSITORY').split('/');
  if (!owner || !repo) throw new InputsError('GITHUB_REPOSITORY must look like owner/repo');
  const serverUrl = env('GITHUB_SERVER_URL', 'https://github.com');
  const runId = process.env.GITHUB_RUN_ID;
  return {
    command: command as ActionCommand,
    token,
    repoPath: getInput('repo-path') || '.',
    ...(getInput('base-path') ? { basePath: getInput('base-path') } : {}),
    dryRun: booleanInput('dry-run'),
    dashboard: booleanInput('dashboard'),
    // Default on: the runner fills in action.yml's default; a local run without it reads too.
    live: getInput('live').trim() === '' ? true : booleanInput('live'),
    ...(kubeconfig ? { kubeconfig } : {}),
    ...(getInput('prometheus-url') ? { prometheusUrl: getInput('prometheus-url') } : {}),
    ...(getInput('loki-url') ? { lokiUrl: getInput('loki-url') } : {}),
    secrets,
    vars,
    ...(getInput('retention') ? { retention: getInput('retention').trim() } : {}),
    ...(getInput('since') ? { since: getInput('since').trim() } : {}),
    ...(getInput('out') ? { out: getInput('out').trim() } : {}),
    ...(execution ? { execution } : {}),
    ...(shard ? { shard } : {}),
    githubEnvironment: getInput('github-environment') || 'production',
    ...(namesFor ? { namesFor } : {}),
    ...(namesOfExecution ? { namesOfExecution } : {}),
    // The runner fills in action.yml's default; a test or a local run may leave it out. `none`: no bake.
    bakeWorkflow: workflowInput('bake-workflow', 'intentops-bake.yml', getInput('bake-workflow').trim()),
    executeWorkflow: workflowInput(
      'execute-workflow',
      'intentops-execute.yml',
      getInput('execute-workflow').trim(),
    ),
    owner,
    repo,
    eventName: env('GITHUB_EVENT_NAME'),
    eventPath: env('GITHUB_EVENT_PATH'),
    sha: env('GITHUB_SHA'),
    apiUrl: env('GITHUB_API_URL', 'https://api.github.com'),
    serverUrl,
    ...(runId ? { runUrl: `${serverUrl}/${owner}/${repo}/actions/runs/${runId}` } : {}),
  };
}
