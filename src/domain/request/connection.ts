import type { Environment } from '../schemas/environments.js';

// Where one environment's cluster and observability credentials come from: the names
// intents/environments.yaml declares, looked up in what the job was given. A declared name must
// be there (the job runs in that environment's GitHub environment, which holds it); a field left
// out falls back to the job's own inputs, as a repository without environments does.

/** The fields of an environment that name a secret or a variable. */
export const CONNECTION_FIELDS = [
  'kubeconfig',
  'kube_context',
  'prometheus_url',
  'prometheus_token',
  'loki_url',
  'loki_token',
] as const;
export type ConnectionField = (typeof CONNECTION_FIELDS)[number];

/**
 * The bake's fields: the environment's read-only `observe_kubeconfig` in place of its `kubeconfig`,
 * which is the execute job's (least privilege: the bake only looks, and never holds it). Prometheus
 * and Loki are read-only already: the bake uses the environment's own.
 */
export const OBSERVE_FIELDS = [
  'observe_kubeconfig',
  'kube_context',
  'prometheus_url',
  'prometheus_token',
  'loki_url',
  'loki_token',
] as const;
export type ObserveField = (typeof OBSERVE_FIELDS)[number];
export type NameField = ConnectionField | ObserveField;

/** Whose credentials: an execute job's (the sharded, `/retry` and rollback jobs) or the bake's. */
export type CredentialJob = 'execute' | 'bake';

export function fieldsOf(job: CredentialJob): readonly NameField[] {
  return job === 'bake' ? OBSERVE_FIELDS : CONNECTION_FIELDS;
}

/** Secrets (their values are redacted and never logged); the others are variables. */
const SECRET_FIELDS: ReadonlySet<NameField> = new Set([
  'kubeconfig',
  'observe_kubeconfig',
  'prometheus_token',
  'loki_token',
]);

export interface ConnectionValues {
  kubeconfig?: string;
  kubeContext?: string;
  prometheusUrl?: string;
  prometheusToken?: string;
  lokiUrl?: string;
  lokiToken?: string;
  oidcAudience?: string;
}

const KEYS: Record<NameField, keyof ConnectionValues> = {
  kubeconfig: 'kubeconfig',
  observe_kubeconfig: 'kubeconfig',
  kube_context: 'kubeContext',
  prometheus_url: 'prometheusUrl',
  prometheus_token: 'prometheusToken',
  loki_url: 'lokiUrl',
  loki_token: 'lokiToken',
};

export interface MissingName {
  field: NameField;
  name: string;
  kind: 'secret' | 'variable';
  /**
   * The bake's only: the environment declares its execute `kubeconfig` (`name`) and no
   * `observe_kubeconfig`, so the bake has no cluster credentials of its own for it.
   */
  noObserve?: true;
}

/**
 * The declared values found by `lookup`, and the declared names it did not find. For the bake,
 * the environment's `observe_kubeconfig`, never its `kubeconfig`; an environment with its own
 * `kubeconfig` and no `observe_kubeconfig` lacks one (the job's own would be another cluster).
 */
export function resolveConnection(
  env: Environment,
  lookup: (name: string) => string | undefined,
  job: CredentialJob = 'execute',
): { values: ConnectionValues; missing: MissingName[] } {
  const values: ConnectionValues = {};
  const missing: MissingName[] = [];
  if (job === 'bake' && env.kubeconfig !== undefined && env.observe_kubeconfig === undefined)
    missing.push({ field: 'kubeconfig', name: env.kubeconfig, kind: 'secret', noObserve: true });
  for (const field of fieldsOf(job)) {
    const name = env[field];
    if (name === undefined) continue;
    const value = lookup(name);
    if (value === undefined || value.trim() === '')
      missing.push({ field, name, kind: SECRET_FIELDS.has(field) ? 'secret' : 'variable' });
    else values[KEYS[field]] = KEYS[field] === 'kubeconfig' ? value : value.trim();
  }
  if (env.oidc_audience) values.oidcAudience = env.oidc_audience;
  return { values, missing };
}

/**
 * Why `env`'s credentials are missing in this job: each missing name at its place in the file
 * (`where`), and what to do. `job`: an execute job (the sharded or the `/retry` job, handed the names
 * the shards command lists: nothing ran) or the bake job, which is handed no environment's names.
 */
export function missingText(
  env: Environment,
  missing: readonly MissingName[],
  where: (f: NameField) => string,
  job: CredentialJob = 'execute',
): string {
  const gh = env.github_environment ?? env.name;
  const noObserve = missing.find((m) => m.noObserve);
  if (noObserve)
    return `environment '${env.name}' declares its own cluster (kubeconfig ${noObserve.name} at ${where('kubeconfig')}, the execute job's) and no observe_kubeconfig: the bake never observes with the execute credentials, and observing with its own could read another cluster; declare observe_kubeconfig, the repository secret holding its read-only kubeconfig (intentops rbac)`;
  const names = missing.map((m) => `the ${m.kind} ${m.name} (${m.field} at ${where(m.field)})`).join(', ');
  const them = missing.length > 1 ? 'them' : 'it';
  const head = `environment '${env.name}': ${names} ${missing.length > 1 ? 'are' : 'is'} not set in this job`;
  if (job === 'bake')
    return `${head}: add ${missing.length > 1 ? 'them as repository secrets or variables' : `it as a repository ${missing[0]?.kind}`} (the bake job runs in no GitHub environment; its bake-names job hands it the names intents/environments.yaml declares, in intentops-bake.yml), and observing with its own could read another cluster`;
  return `${head}: add ${them} to the GitHub environment '${gh}' (Settings → Environments → ${gh}); the sharded execute job and the /retry job pass the names the shards command lists (format(…, toJSON(secrets[name])) in intentops-execute.yml), never every secret; nothing ran`;
}
