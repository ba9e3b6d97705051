import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { inClusterAvailable, inClusterKubeconfig } from '../adapters/kubernetes-config.js';
import type { Connect, Connection, Refusal } from '../app/shared/connection.js';
import { type Loaded, loadFile } from '../app/shared/load-repo.js';
import type { ObserverConfig } from '../app/shared/providers.js';
import { formatDiagnostic } from '../domain/input/diagnostic.js';
import { locate } from '../domain/input/yaml-source.js';
import { missingText, type NameField, resolveConnection } from '../domain/request/connection.js';
import type { EnvironmentsFile } from '../domain/schemas/environments.js';
import { kubeconfigSecrets } from '../domain/secrets/redact.js';
import type { ActionInputs } from './inputs.js';
import { observerConfig, serviceAccountDir } from './observers.js';
import { actionEnv } from './sealed-env.js';

/*
 * Each environment's cluster and observability credentials, made for one request and removed after
 * it. The names come from intents/environments.yaml; the values from the job: its secrets and
 * variables (the `secrets`/`vars` inputs: in a shard's job only the names its matrix entry lists,
 * in an unsharded one `toJSON(secrets)`), then its sealed environment. A field an environment leaves out is
 * the job's own input, as in a repository without environments.
 *
 * What a step of a request in environment E sees: KUBECONFIG, a 0600 file in the job's temp dir
 * holding E's kubeconfig (or, in a pod, one naming the service account's files), and nothing of any
 * other environment: the files of one request are deleted before the next request starts.
 *
 * GitHub OIDC: ACTIONS_ID_TOKEN_REQUEST_TOKEN and _URL mint a token for *any* audience — every cloud
 * that trusts this repository — and a step is untrusted code, so neither reaches a step nor a
 * credential plugin (they stay sealed in this process's memory). Instead intentops mints one token
 * for the audience the environment declares (`oidc_audience`), writes it to a 0600 file, and the
 * plugins (intentops' own client and the steps' kubectl alike) get only INTENTOPS_OIDC_TOKEN_FILE:
 * a token good for one audience and a few minutes. It is minted again at half its life while the
 * request runs, so a long step's kubectl still finds a valid one.
 */

export const OIDC_TOKEN_FILE_VAR = 'INTENTOPS_OIDC_TOKEN_FILE';

export interface EnvironmentCredentialsOptions {
  environments?: Loaded<EnvironmentsFile>;
  /** A secret or variable of the job by name; undefined when the job does not have it. */
  lookup: (name: string) => string | undefined;
  /** The job-wide configuration (the action's inputs): what an environment leaves out. */
  base: ObserverConfig;
  /** The `kubeconfig` input's YAML, the job-wide default kubeconfig. */
  baseKubeconfig?: string;
  /** Where the files go (RUNNER_TEMP: the runner wipes it after the job). */
  root?: string;
  /** In a pod: the service account's folder when not the standard one. */
  serviceAccountDir?: string;
  /** ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN, when the job has `id-token: write`. */
  oidcRequest?: { url: string; token: string };
  log?: (line: string) => void;
  now?: () => number;
  /**
   * A declared name the job does not have: refuse the request (execute, rollbacks), or say so and
   * use the job's own input for it (the bake job, which runs outside the environment with its own
   * read-only `kubeconfig` input, as before environments).
   */
  missing?: 'refuse' | 'job-default';
  /**
   * Whose job asks: an execute job (the environment's `kubeconfig`) or the bake (its read-only
   * `observe_kubeconfig`, never the execute one), and what a missing name's message tells to do.
   * Default: an execute job.
   */
  job?: 'execute' | 'bake';
}

/**
 * Secret values the environments name, for the redactor (whichever request runs). A kubeconfig
 * gives the strings of its users (tokens, keys, a plugin's args and env), not itself whole: the
 * redactor would take every such string again, and one that is an environment's name (a plugin's
 * `--cluster-name production`) would be redacted from the record's `environment`, after which its
 * bake and its rollback could not tell where it ran.
 */
export function environmentSecrets(
  o: Pick<EnvironmentCredentialsOptions, 'environments' | 'lookup'>,
): string[] {
  const envs = o.environments?.data.environments ?? [];
  const plain = new Set(envs.flatMap((e) => [e.name, e.github_environment ?? e.name]));
  const out: string[] = [];
  for (const env of envs) {
    for (const name of [env.kubeconfig, env.observe_kubeconfig]) {
      const kube = name ? o.lookup(name) : undefined;
      if (!kube?.trim()) continue;
      const inner = kubeconfigSecrets(kube.trim());
      if (inner) out.push(...inner.filter((s) => !plain.has(s.trim())));
      else out.push(kube);
    }
    for (const name of [env.prometheus_token, env.loki_token]) {
      const v = name ? o.lookup(name) : undefined;
      if (v?.trim()) out.push(v);
    }
  }
  return out;
}

/** `intents/environments.yaml:LINE` of an environment's field. */
function where(file: Loaded<EnvironmentsFile>, index: number, field: NameField): string {
  try {
    return `${file.path}:${locate(file.source, ['environments', index, field], 'value').line}`;
  } catch {
    return file.path;
  }
}

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** The kubeconfig with its current context and the plugins' extra env set; throws when it is no kubeconfig. */
function adjustKubeconfig(
  yaml: string,
  context: string | undefined,
  execEnv: Record<string, string>,
): string {
  const doc = parse(yaml) as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.clusters))
    throw new Error('it is not a kubeconfig (no clusters:)');
  if (context) {
    const names = ((doc.contexts as { name?: string }[] | undefined) ?? []).map((c) => c.name);
    if (!names.includes(context)) throw new Error(`it has no context '${context}'`);
    doc['current-context'] = context;
  }
  const extra = Object.entries(execEnv);
  if (extra.length) {
    for (const u of (doc.users as {
      user?: { exec?: { env?: { name: string; value: string }[] | null } };
    }[]) ?? []) {
      const exec = u.user?.exec;
      if (!exec) continue;
      exec.env = [
        ...(exec.env ?? []).filter((e) => !execEnv[e.name]),
        ...extra.map(([name, value]) => ({ name, value })),
      ];
    }
  }
  return stringify(doc);
}

/** When a JWT expires (ms since epoch), or undefined when it does not say. */
function jwtExpiry(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** One token from GitHub's OIDC provider for `audience` (as @actions/core getIDToken asks for it). */
async function mintOidcToken(req: { url: string; token: string }, audience: string): Promise<string> {
  const url = new URL(req.url);
  url.searchParams.set('audience', audience);
  const res = await fetch(url, {
    headers: { authorization: `bearer ${req.token}`, accept: 'application/json' },
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`GitHub's OIDC provider answered HTTP ${res.status}`);
  const body = (await res.json()) as { value?: unknown };
  if (typeof body.value !== 'string' || !body.value) throw new Error("GitHub's OIDC provider gave no token");
  return body.value;
}

/** Writes a file only this user reads, replacing it whole (a plugin never reads half a token). */
function writePrivate(path: string, text: string): void {
  const tmp = `${path}.new`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, path);
}

/** A secret or variable of the job: the `secrets` input, the `vars` input, then the sealed environment. */
export function jobLookup(
  inputs: { secrets?: Record<string, string>; vars?: Record<string, string> },
  env: Record<string, string | undefined>,
): (name: string) => string | undefined {
  return (name) => inputs.secrets?.[name] ?? inputs.vars?.[name] ?? env[name];
}

export function environmentCredentials(o: EnvironmentCredentialsOptions): { connect: Connect } {
  const now = o.now ?? Date.now;
  const root = o.root || process.env.RUNNER_TEMP || tmpdir();

  const connect: Connect = async (name) => {
    const file = o.environments;
    const index = name === undefined || !file ? -1 : file.data.environments.findIndex((e) => e.name === name);
    const env = index >= 0 ? file?.data.environments[index] : undefined;
    // A name the file does not declare (renamed since the run, or unreadable in an old record):
    // never the job's default cluster in its place.
    if (file && name !== undefined && !env)
      return {
        refused: `environment '${name}' is not declared in ${file.path} (it declares ${file.data.environments.map((e) => e.name).join(', ')}); nothing ran`,
      };
    const { values, missing } = env ? resolveConnection(env, o.lookup, o.job) : { values: {}, missing: [] };
    if (env && file && missing.length) {
      const text = missingText(env, missing, (f) => where(file, index, f), o.job);
      if (o.missing !== 'job-default') return { refused: text };
      o.log?.(`${text.replace(/; nothing ran$/, '')}: the job's own inputs are used for it`);
    }

    const dir = await mkdtemp(join(root, 'intentops-kube-'));
    let timer: NodeJS.Timeout | undefined;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      process.off('exit', release);
      rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', release);
    const refuse = (why: string): Refusal => {
      release();
      return { refused: `environment '${name}': ${why}; nothing ran` };
    };
    try {
      const execEnv: Record<string, string> = {};
      if (values.oidcAudience) {
        if (!o.oidcRequest)
          return refuse(
            `oidc_audience ${values.oidcAudience} needs a GitHub OIDC token, and this job cannot ask for one: give it \`permissions: id-token: write\``,
          );
        const tokenFile = join(dir, 'oidc-token');
        const request = o.oidcRequest;
        const audience = values.oidcAudience;
        const mint = async (): Promise<void> => {
          const token = await mintOidcToken(request, audience);
          if (released) return;
          writePrivate(tokenFile, token);
          const exp = jwtExpiry(token);
          // Again at half its life: a plugin a long step's kubectl calls late still finds a valid one.
          const wait = exp ? Math.max(5_000, (exp - now()) / 2) : 60_000;
          timer = setTimeout(() => {
            mint().catch((err: unknown) =>
              o.log?.(
                `environment '${name}': the OIDC token could not be renewed: ${(err as Error).message}`,
              ),
            );
          }, wait);
          timer.unref();
        };
        try {
          await mint();
        } catch (err) {
          return refuse(`the OIDC token for ${audience} could not be minted: ${(err as Error).message}`);
        }
        execEnv[OIDC_TOKEN_FILE_VAR] = tokenFile;
      }

      const observe: ObserverConfig = {
        ...o.base,
        ...(values.prometheusUrl ? { prometheusUrl: values.prometheusUrl } : {}),
        ...(values.prometheusToken ? { prometheusHeaders: bearer(values.prometheusToken) } : {}),
        ...(values.lokiUrl ? { lokiUrl: values.lokiUrl } : {}),
        ...(values.lokiToken
          ? { lokiHeaders: { ...(o.base.lokiHeaders ?? {}), ...bearer(values.lokiToken) } }
          : {}),
        ...(values.kubeContext ? { kubeContext: values.kubeContext } : {}),
        ...(o.serviceAccountDir ? { serviceAccountDir: o.serviceAccountDir } : {}),
        ...(Object.keys(execEnv).length ? { execEnv } : {}),
      };
      const stepEnv: Record<string, string> = {};
      // A file of its own when the environment changes anything of the job's kubeconfig; else the
      // job's, as in a repository without environments.
      const own = values.kubeconfig !== undefined || values.kubeContext !== undefined || values.oidcAudience;
      const kubeconfig = own ? (values.kubeconfig ?? o.baseKubeconfig) : undefined;
      const path = join(dir, 'config');
      if (kubeconfig !== undefined) {
        let text: string;
        try {
          text = adjustKubeconfig(kubeconfig, values.kubeContext, execEnv);
        } catch (err) {
          const from =
            (o.job === 'bake' ? env?.observe_kubeconfig : env?.kubeconfig) ?? 'the kubeconfig input';
          return refuse(`${from} cannot be used: ${(err as Error).message}`);
        }
        writePrivate(path, text);
        // The client reads the same YAML: the context is already the current one.
        delete observe.kubeconfigPath;
        delete observe.kubeContext;
        observe.kubeconfigYaml = text;
        stepEnv.KUBECONFIG = path;
      } else if (
        !observe.kubeconfigPath &&
        !observe.kubeconfigYaml &&
        !existsSync(join(process.env.HOME ?? '', '.kube', 'config'))
      ) {
        const sa = o.serviceAccountDir ? { serviceAccountDir: o.serviceAccountDir } : {};
        if (inClusterAvailable(sa)) {
          // In a pod: the steps' kubectl gets a kubeconfig naming the service account's files.
          writePrivate(path, inClusterKubeconfig(sa));
          stepEnv.KUBECONFIG = path;
        }
      }
      return { observe, stepEnv, release } satisfies Connection;
    } catch (err) {
      release();
      throw err;
    }
  };
  return { connect };
}

/**
 * The action's credentials per environment: the names looked up in the job's secrets, variables
 * and sealed environment; the OIDC request variables from the sealed environment (never from
 * `process.env`, where a child could inherit them).
 */
export function actionCredentials(
  inputs: ActionInputs,
  environments: Loaded<EnvironmentsFile> | InvalidEnvironments | undefined,
  log?: (line: string) => void,
  missing: 'refuse' | 'job-default' = 'refuse',
  job: 'execute' | 'bake' = 'execute',
): { connect: Connect; secrets: string[] } {
  // An environments.yaml that does not parse names no credentials: every environment would run with
  // the job's own kubeconfig (another environment's cluster). Nothing runs until it is fixed.
  if (environments && 'invalid' in environments) {
    const refused = `intents/environments.yaml is invalid, so no environment's credentials are known and nothing runs: ${environments.invalid}`;
    return { connect: async () => ({ refused }), secrets: [] };
  }
  const sealed = actionEnv();
  const lookup = jobLookup(inputs, sealed);
  const sa = serviceAccountDir();
  const url = sealed.ACTIONS_ID_TOKEN_REQUEST_URL;
  const token = sealed.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  const { connect } = environmentCredentials({
    ...(environments ? { environments } : {}),
    lookup,
    base: observerConfig(inputs),
    ...(inputs.kubeconfig ? { baseKubeconfig: inputs.kubeconfig } : {}),
    ...(sa ? { serviceAccountDir: sa } : {}),
    ...(url && token ? { oidcRequest: { url, token } } : {}),
    ...(log ? { log } : {}),
    missing,
    job,
  });
  return { connect, secrets: environmentSecrets({ ...(environments ? { environments } : {}), lookup }) };
}

/** An environments file that is there but does not parse: its problems, each at file:line. */
export interface InvalidEnvironments {
  invalid: string;
}

/**
 * intents/environments.yaml alone (not the whole catalog), for a job that needs the credentials
 * before it loads the rest; undefined without the file, its problems when it is invalid (then
 * actionCredentials refuses every environment).
 */
export async function loadEnvironments(
  repoDir: string,
): Promise<Loaded<EnvironmentsFile> | InvalidEnvironments | undefined> {
  for (const rel of ['intents/environments.yaml', 'intents/environments.yml']) {
    if (!existsSync(join(repoDir, rel))) continue;
    const r = await loadFile(repoDir, rel);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    return errors.length || !r.loaded
      ? {
          invalid: (errors.length
            ? errors
            : [{ file: rel, message: 'unreadable', severity: 'error' as const }]
          )
            .map(formatDiagnostic)
            .join('; '),
        }
      : (r.loaded as Loaded<EnvironmentsFile>);
  }
  return undefined;
}
