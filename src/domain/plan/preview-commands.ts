import { isRemoteRef } from './kustomization-refs.js';
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
/** Shells and interpreters: named to say why they are refused (every other program is too). */
const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh']);
/**
 * kubectl's flags that take the next word as their value (`-n shop get pods`), by long name. Where a
 * verb reads a shorthand as a boolean (`logs -f`), reading it as taking a value only hides an operand
 * of a verb that reads none of the cluster's data.
 */
const KUBECTL_VALUE_FLAGS: ReadonlySet<string> = new Set([
  'namespace',
  'context',
  'cluster',
  'user',
  'kubeconfig',
  'server',
  'token',
  'as',
  'as-group',
  'request-timeout',
  'v',
  'cache-dir',
  'certificate-authority',
  'client-certificate',
  'client-key',
  'tls-server-name',
  'kustomize',
  'filename',
  'output',
  'selector',
  'field-selector',
  'container',
  'label-columns',
  'raw',
  'dry-run',
]);
/** kubectl's shorthands, by their long name; those taking a value are in KUBECTL_VALUE_FLAGS. */
const KUBECTL_SHORT: ReadonlyMap<string, string> = new Map([
  ['n', 'namespace'],
  ['s', 'server'],
  ['v', 'v'],
  ['k', 'kustomize'],
  ['f', 'filename'],
  ['o', 'output'],
  ['l', 'selector'],
  ['c', 'container'],
  ['L', 'label-columns'],
  ['A', 'all-namespaces'],
  ['R', 'recursive'],
]);
const HELM_VALUE_FLAGS: ReadonlySet<string> = new Set(['namespace', 'kube-context', 'kubeconfig']);
const HELM_SHORT: ReadonlyMap<string, string> = new Map([['n', 'namespace']]);
/**
 * Flags a preview may not set: they point kubectl or helm at another cluster or credentials (the
 * job's token would go to `--server`; a kubeconfig from the pull request runs its exec plugin), read
 * files kustomize would otherwise refuse, or run a program (`--post-renderer`).
 */
const FORBIDDEN_FLAGS: ReadonlyMap<string, string> = new Map([
  ['kubeconfig', "a kubeconfig other than the job's can run its own credential plugin"],
  ['server', "the job's credentials would be sent to another server"],
  ['insecure-skip-tls-verify', "the job's credentials would be sent to an unverified server"],
  ['load-restrictor', 'lets kustomize read files outside the kustomization'],
  ['post-renderer', 'runs a program'],
  ['repo', 'fetches a chart from the network'],
  ['dependency-update', "fetches the chart's dependencies from the network"],
  ['raw', 'reads any API path, Secrets included'],
]);

export const KUBECTL_ALLOWED_TEXT =
  'get, describe, diff, logs, top, explain, version, api-resources, api-versions, cluster-info, kustomize, events, wait, auth can-i|whoami, rollout status|history, config view|get-contexts|current-context, and apply only with --dry-run=server or --dry-run=client';

const base = (program: string) => program.split('/').pop() ?? program;
const templated = (word: string) => word.includes('{{');

interface ParsedArgs {
  /** The words that are neither flags nor a flag's value, in order. */
  operands: string[];
  /** Each flag by long name (`_` read as `-`, as kubectl and helm do), with its values in order. */
  flags: Map<string, string[]>;
}

/**
 * The words after the program as kubectl's and helm's flag parser reads them: `--name=v`, `--name v`
 * for a flag that takes a value, `-kapps/x`, `-k=apps/x` and `-Ak apps/x` for shorthands.
 */
function parseArgs(
  args: readonly string[],
  valueFlags: ReadonlySet<string>,
  short: ReadonlyMap<string, string>,
): ParsedArgs {
  const operands: string[] = [];
  const flags = new Map<string, string[]>();
  const add = (name: string, value: string) => flags.set(name, [...(flags.get(name) ?? []), value]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = (eq < 0 ? a.slice(2) : a.slice(2, eq)).replaceAll('_', '-');
      if (eq >= 0) add(name, a.slice(eq + 1));
      else if (valueFlags.has(name)) add(name, args[++i] ?? '');
      else add(name, '');
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j] as string;
        const name = short.get(c) ?? c;
        if (!valueFlags.has(name)) {
          add(name, '');
          continue;
        }
        const rest = a.slice(j + 1).replace(/^=/, '');
        add(name, rest !== '' ? rest : (args[++i] ?? ''));
        break;
      }
      continue;
    }
    operands.push(a);
  }
  return { operands, flags };
}

const parseKubectl = (args: readonly string[]) => parseArgs(args, KUBECTL_VALUE_FLAGS, KUBECTL_SHORT);

/** kubectl's operands: its words that are neither flags nor a flag's value (`-n shop`). */
export const kubectlOperands = (args: readonly string[]) => parseKubectl(args).operands;

/** The kustomizations a kubectl command builds (`-k path`, `kubectl kustomize path`), as written. */
export function kustomizedPaths(command: readonly string[]): string[] {
  const [program, ...args] = command;
  if (program === undefined || base(program) !== 'kubectl') return [];
  const { operands: words, flags } = parseKubectl(args);
  return [...(flags.get('kustomize') ?? []), ...(words[0] === 'kustomize' ? words.slice(1, 2) : [])];
}

/** Why the flags may not be a preview's: a repeated one (kubectl takes the last), a forbidden one. */
function flagProblem(flags: ReadonlyMap<string, string[]>): string | undefined {
  for (const [name, values] of flags) {
    if (values.length > 1) return `--${name} is given twice (kubectl and helm take the last): give it once`;
    const why = FORBIDDEN_FLAGS.get(name);
    if (why) return `--${name} may not be set in a preview: ${why}`;
  }
  return undefined;
}

/**
 * A resource word naming Secrets: `secret`, `secrets/db`, `pods,secrets`, `Secret.v1`, `secrets.v1.`:
 * kubectl reads the resource name as the text before the first dot, case-insensitively.
 */
const namesSecrets = (word: string) =>
  word.split(',').some((w) => /^secrets?$/i.test((w.split('/')[0] ?? '').split('.')[0] ?? ''));

/** kustomize flags that run code the manifests name (plugins, exec functions, helm). */
const RUNS_MANIFEST_CODE = /^(enable-alpha-plugins|enable-exec|enable-helm|helm-command|enable-star)$/;
/** Output formats of `kubectl get` that print no field of an object beyond its name and columns. */
const NO_DATA_OUTPUT: ReadonlySet<string> = new Set(['wide', 'name']);

/** Why a `kubectl get|describe` may not be a preview: its output is a public comment, never Secrets. */
function readProblem(verb: string, words: readonly string[], flags: ReadonlyMap<string, string[]>) {
  for (const f of ['kustomize', 'filename'])
    if (flags.has(f))
      return `kubectl ${verb} -${f[0]} reads whatever the files name, a Secret of the pull request's choosing too: use kubectl diff -${f[0]}, which hides Secrets' data`;
  const kinds = words[0];
  if (kinds !== undefined && templated(kinds.split('/')[0] ?? ''))
    return `the kind kubectl ${verb} reads comes from a param: write it in the intent`;
  if (words.some(namesSecrets)) return `kubectl ${verb} of Secrets would put their data in a public comment`;
  // Many objects at once (a category, every namespace, a selector) with their data: only as names.
  const output = flags.get('output')?.[0];
  const wide = kinds?.split(',').some((k) => k.toLowerCase() === 'all')
    ? `kubectl ${verb} all`
    : ['all-namespaces', 'selector'].find((f) => flags.has(f));
  if (wide && verb === 'get' && output !== undefined && !NO_DATA_OUTPUT.has(output))
    return `${wide.startsWith('kubectl') ? wide : `--${wide}`} with -o ${output} prints the data of objects no one listed: use -o name or wide, or name the kinds`;
  return undefined;
}

function kubectlProblem(args: readonly string[]): string | undefined {
  const { operands: words, flags } = parseKubectl(args);
  const code = [...flags.keys()].find((f) => RUNS_MANIFEST_CODE.test(f));
  if (code) return `--${code} runs code the pull request's manifests name`;
  const bad = flagProblem(flags);
  if (bad) return bad;
  const verb = words[0];
  if (verb === undefined) return 'kubectl without a verb';
  if (templated(verb)) return 'the kubectl verb comes from a param: write it in the intent';
  if (verb === 'apply') {
    const mode = flags.get('dry-run')?.[0];
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
  if (verb === 'get' || verb === 'describe') return readProblem(verb, words.slice(1), flags);
  return undefined;
}

function helmProblem(args: readonly string[]): string | undefined {
  const { operands: words, flags } = parseArgs(args, HELM_VALUE_FLAGS, HELM_SHORT);
  const bad = flagProblem(flags);
  if (bad) return bad;
  const verb = words[0];
  if (verb === undefined) return 'helm without a verb';
  if (templated(verb)) return 'the helm verb comes from a param: write it in the intent';
  if (!HELM_READ.has(verb)) return `helm ${verb} is not read-only; allowed: ${[...HELM_READ].join(', ')}`;
  // From the runner, which on a self-hosted one reaches cluster services and cloud metadata.
  const remote = words.slice(1).find(isRemoteRef);
  if (remote) return `helm ${verb} would fetch ${remote} from the network: name a chart in the repository`;
  return undefined;
}

export type PreviewFinding = { severity: 'error' | 'warning'; message: string };

const WHY_ONLY_KUBECTL_HELM =
  "the preview job runs the base branch's commands on the pull request's files, so only kubectl and helm with read-only verbs may run there (anything else could run a file of the pull request)";

/**
 * Why `command` may not be a preview, or undefined when it may. Works on the command as written
 * (placeholders in it: a param may not choose a verb or a kind) and as rendered (checked again
 * before it runs). Only kubectl and helm with read-only verbs pass: a shell, an interpreter, make or
 * terraform would run the pull request's files with the preview job's credentials.
 */
export function previewCommandFinding(command: Command): PreviewFinding | undefined {
  const error = (message: string): PreviewFinding => ({ severity: 'error', message });
  if (typeof command === 'string')
    return error(
      `a shell string preview cannot be checked for read-only verbs: write it as an argv list, e.g. [kubectl, diff, -k, "apps/{{app}}"]; ${WHY_ONLY_KUBECTL_HELM}`,
    );
  const [program, ...args] = command;
  if (program === undefined) return error('an empty command');
  if (templated(program)) return error('the program comes from a param');
  const name = base(program);
  // The preview runs in the pull request's checkout: a relative path would run one of its files.
  if (program.includes('/') && !program.startsWith('/'))
    return error(
      `${program} is a file of the pull request's checkout, where previews run: name a program on PATH or by its absolute path`,
    );
  if (name === 'kubectl') {
    const problem = kubectlProblem(args);
    return problem ? error(`${problem}; a preview may use kubectl ${KUBECTL_ALLOWED_TEXT}`) : undefined;
  }
  if (name === 'helm') {
    const problem = helmProblem(args);
    return problem ? error(problem) : undefined;
  }
  if (SHELLS.has(name))
    return error(`${name} runs a shell, whose commands cannot be checked; ${WHY_ONLY_KUBECTL_HELM}`);
  if (name === 'terraform')
    return error(
      `terraform runs the providers and data sources of the pull request's code (data "external" runs a program); ${WHY_ONLY_KUBECTL_HELM}`,
    );
  return error(`${name} is not kubectl or helm; ${WHY_ONLY_KUBECTL_HELM}`);
}
