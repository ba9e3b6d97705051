import type { Command } from './plan.js';

// What a `preview:` command may be. A preview runs on every pull request with the read-only observe
// credentials, and its output is public on the PR: by contract it changes nothing. For the programs
// we know, an allow-list of read-only verbs holds that contract (a deny-list misses the verb added
// next release, or a plugin); a program we do not know is the intent author's word.

/** kubectl verbs that only read. `apply` is allowed with `--dry-run=server|client` (see below). */
const KUBECTL_READ: ReadonlySet<string> = new Set([
  'get',
  'describe',
  'diff',
  'logs',
  'top',
  'explain',
  'version',
  'api-resources',
  'api-versions',
  'cluster-info',
  'kustomize',
  'events',
  'wait',
]);
/** kubectl verbs read-only only with one of these sub-verbs. */
const KUBECTL_READ_SUB: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['auth', new Set(['can-i', 'whoami'])],
  ['rollout', new Set(['status', 'history'])],
  ['config', new Set(['view', 'get-contexts', 'current-context', 'get-clusters'])],
]);
const HELM_READ: ReadonlySet<string> = new Set([
  'diff',
  'template',
  'get',
  'status',
  'list',
  'ls',
  'history',
  'show',
  'lint',
  'search',
  'version',
]);
const TERRAFORM_READ: ReadonlySet<string> = new Set(['plan', 'show', 'validate', 'version', 'output']);
/** Programs that run another program: the check would see the wrapper, not what it runs. */
const WRAPPERS: ReadonlySet<string> = new Set(['env', 'sudo', 'xargs', 'timeout', 'nice', 'nohup', 'exec']);
const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh']);
/** kubectl's global flags that take the next word as their value (`-n shop get pods`). */
const KUBECTL_VALUE_FLAGS: ReadonlySet<string> = new Set([
  '-n',
  '--namespace',
  '--context',
  '--cluster',
  '--user',
  '--kubeconfig',
  '-s',
  '--server',
  '--token',
  '--as',
  '--as-group',
  '--request-timeout',
  '-v',
  '--v',
  '--cache-dir',
  '--certificate-authority',
  '--client-certificate',
  '--client-key',
  '--tls-server-name',
]);

export const KUBECTL_ALLOWED_TEXT =
  'get, describe, diff, logs, top, explain, version, api-resources, api-versions, cluster-info, kustomize, events, wait, auth can-i|whoami, rollout status|history, config view|get-contexts|current-context, and apply only with --dry-run=server or --dry-run=client';

const base = (program: string) => program.split('/').pop() ?? program;
const templated = (word: string) => word.includes('{{');

/** kubectl's operands: its words that are neither flags nor a global flag's value (`-n shop`). */
export const kubectlOperands = (args: readonly string[]) => operands(args, KUBECTL_VALUE_FLAGS);

/** The words after the program that are not flags (or a global flag's value), in order. */
function operands(args: readonly string[], valueFlags: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('-')) {
      if (valueFlags.has(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/** `--dry-run=server|client`, or `--dry-run server|client`. */
function dryRunMode(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('--dry-run=')) return a.slice('--dry-run='.length);
    if (a === '--dry-run') return args[i + 1] ?? '';
  }
  return undefined;
}

/** A resource word naming Secrets (`secret`, `secrets`, `secret/x`, `secrets,pods`, `v1/Secret`…). */
const namesSecrets = (word: string) =>
  word
    .split(',')
    .some(
      (w) =>
        /^(secrets?|secret\.v1|v1\/secrets?)(\/|$)/i.test(w.replace(/^.*\//, '')) || /^secrets?\//i.test(w),
    );

/** kustomize flags that run code the manifests name (plugins, exec functions, helm). */
const RUNS_MANIFEST_CODE = /^--(enable-alpha-plugins|enable-exec|enable-helm|helm-command|enable-star)(=|$)/;

function kubectlProblem(args: readonly string[]): string | undefined {
  const code = args.find((a) => RUNS_MANIFEST_CODE.test(a));
  if (code) return `${code.split('=')[0]} runs code the pull request's manifests name`;
  const words = operands(args, KUBECTL_VALUE_FLAGS);
  const verb = words[0];
  if (verb === undefined) return 'kubectl without a verb';
  if (templated(verb)) return 'the kubectl verb comes from a param: write it in the intent';
  if (verb === 'apply') {
    const mode = dryRunMode(args);
    if (mode === undefined) return `kubectl apply without --dry-run=server|client changes the cluster`;
    if (templated(mode)) return 'the --dry-run mode comes from a param: write it in the intent';
    if (mode !== 'server' && mode !== 'client')
      return `kubectl apply --dry-run=${mode} changes the cluster (server or client only)`;
    return undefined;
  }
  const subs = KUBECTL_READ_SUB.get(verb);
  if (subs) {
    const sub = words[1];
    if (sub === undefined || templated(sub) || !subs.has(sub))
      return `kubectl ${verb}${sub === undefined ? '' : ` ${sub}`} is not read-only`;
    return undefined;
  }
  if (!KUBECTL_READ.has(verb)) return `kubectl ${verb} is not a read-only verb`;
  // The output is public on the pull request: never Secrets' data.
  if ((verb === 'get' || verb === 'describe') && words.slice(1).some(namesSecrets))
    return `kubectl ${verb} of Secrets would put their data in a public comment`;
  return undefined;
}

function allowListProblem(tool: string, verb: string | undefined, allowed: ReadonlySet<string>) {
  if (verb === undefined) return `${tool} without a verb`;
  if (templated(verb)) return `the ${tool} verb comes from a param: write it in the intent`;
  if (!allowed.has(verb)) return `${tool} ${verb} is not read-only; allowed: ${[...allowed].join(', ')}`;
  return undefined;
}

export type PreviewFinding = { severity: 'error' | 'warning'; message: string };

/**
 * Why `command` may not be a preview, or undefined when it may. Works on the command as written
 * (placeholders in it: a param may not choose a verb) and as rendered (checked again before it
 * runs). A shell string is only warned about: its commands cannot be read reliably.
 */
export function previewCommandFinding(command: Command): PreviewFinding | undefined {
  if (typeof command === 'string')
    return {
      severity: 'warning',
      message:
        'a shell string preview cannot be checked for read-only verbs: write it as an argv list, e.g. [kubectl, diff, -k, "apps/{{app}}"]',
    };
  const [program, ...args] = command;
  if (program === undefined) return { severity: 'error', message: 'an empty command' };
  if (templated(program)) return { severity: 'error', message: 'the program comes from a param' };
  const name = base(program);
  const error = (message: string): PreviewFinding => ({ severity: 'error', message });
  // The preview runs in the pull request's checkout: a relative path would run one of its files.
  if (program.includes('/') && !program.startsWith('/'))
    return error(
      `${program} is a file of the pull request's checkout, where previews run: name a program on PATH or by its absolute path`,
    );
  if (WRAPPERS.has(name))
    return error(`${name} runs another program, which cannot be checked: name the program directly`);
  if (SHELLS.has(name))
    return {
      severity: 'warning',
      message: `${name} runs a shell, whose commands cannot be checked for read-only verbs: name the program directly`,
    };
  let problem: string | undefined;
  if (name === 'kubectl') {
    problem = kubectlProblem(args);
    if (problem) return error(`${problem}; a preview may use kubectl ${KUBECTL_ALLOWED_TEXT}`);
    return undefined;
  }
  if (name === 'helm')
    problem = allowListProblem(
      'helm',
      operands(args, new Set(['-n', '--namespace', '--kube-context', '--kubeconfig']))[0],
      HELM_READ,
    );
  else if (name === 'terraform') {
    problem = allowListProblem(
      'terraform',
      args.find((a) => !a.startsWith('-')),
      TERRAFORM_READ,
    );
    if (!problem)
      return {
        severity: 'warning',
        message:
          'terraform plan runs the providers and data sources of the pull request\'s code (data "external" runs a program) with the preview job\'s credentials: use it only where that code is trusted',
      };
  }
  return problem ? error(problem) : undefined;
}
