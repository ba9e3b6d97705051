import type { ProcessResult, ProcessSpec } from '../../adapters/process-runner.js';
import type { Redactor } from '../../adapters/redactor.js';
import type { Plan } from '../../domain/plan/plan.js';
import type { ExecPorts } from './ports.js';
import { redactedObservers } from './redacted-observers.js';

/*
 * What a step, check or capture sees of intentops' own environment. Not all of it: in the action
 * that environment holds the `INPUT_*` values (the kubeconfig, the token), the runner's
 * `ACTIONS_*` tokens and whatever secrets the workflow sets, and one `env` in a debugging step would
 * put them all in a committed record. So a command gets a documented base set, the names its intent
 * passes (`env: { pass: [...] }`), its step's own `env:` values, and nothing else.
 */

/** Names every command gets from intentops' environment when set (docs/intents.md, "Step environment"). */
export const BASE_ENV_NAMES: readonly string[] = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TMPDIR',
  'TERM',
  // The kubeconfig file (the action writes its `kubeconfig` input to one): kubectl in steps uses
  // the same cluster and credentials as the Kubernetes observer.
  'KUBECONFIG',
  'CI',
  'GITHUB_ACTIONS',
  'GITHUB_REPOSITORY',
  'GITHUB_SHA',
  'GITHUB_RUN_ID',
  'GITHUB_RUN_ATTEMPT',
  'GITHUB_SERVER_URL',
  'RUNNER_TEMP',
  // The runner kills every process carrying its tracking id when the job ends: a process a step
  // leaves behind (even after a SIGKILL of intentops) does not outlive the job.
  'RUNNER_TRACKING_ID',
];
/**
 * Never given to a command, even when its intent names them in `env.pass`: with these two, any
 * process mints a GitHub OIDC token for any audience — every cloud the repository trusts. A
 * credential plugin that needs one gets a token intentops minted for its environment's declared
 * audience instead (action/environment-credentials.ts).
 */
const NEVER_PASSED: ReadonlySet<string> = new Set([
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
]);
/** Locale settings (`LC_ALL`, `LC_CTYPE`…) are all passed too. */
const BASE_ENV_PREFIX = /^LC_[A-Z]+$/;

/**
 * The explicit environment of one command: the base set and the intent's `pass` names, taken from
 * `host` when set there; then `INTENTOPS_INTENT`; then the step's own values, which win.
 */
export function stepEnv(
  plan: Pick<Plan, 'intent' | 'envPass'>,
  own: Record<string, string>,
  host: Record<string, string | undefined>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(host)) {
    if (value !== undefined && BASE_ENV_PREFIX.test(name)) env[name] = value;
  }
  for (const name of [...BASE_ENV_NAMES, ...(plan.envPass ?? [])]) {
    const value = host[name];
    if (value !== undefined && !NEVER_PASSED.has(name)) env[name] = value;
  }
  return { ...env, INTENTOPS_INTENT: plan.intent, ...own };
}

/**
 * Ports whose processes run with only the environment they are given, and whose output is redacted
 * before any caller keeps or cuts it (a check keeps its last 2000 characters, a capture its last
 * lines): known secrets on the stream, then every rule on the result. Waits for the redactor before
 * the first process, so nothing runs when redaction cannot. The observers' answers are redacted
 * before they are cut or used too (observe/redacted-observers.ts): redact first, cut after.
 */
export function isolatedPorts(ports: ExecPorts, redactorReady: Redactor | Promise<Redactor>): ExecPorts {
  return {
    ...ports,
    observers: redactedObservers(ports.observers, redactorReady),
    async runProcess(spec: ProcessSpec): Promise<ProcessResult> {
      const redactor = await redactorReady;
      const res = await ports.runProcess({ ...spec, inheritEnv: false, scrub: redactor.literals });
      // Together: half of a secret on stdout and the rest on stderr are found as one. An array:
      // object keys would be scanned too, next to the text (a key such as `stdout` looks like a
      // line of a PEM body to the rule that finds a key's cut-off tail).
      const [stdout = '', stderr = '', error] = await redactor.redactDeep([
        res.stdout,
        res.stderr,
        res.error,
      ]);
      return { ...res, stdout, stderr, ...(error === undefined ? {} : { error }) };
    },
  };
}
