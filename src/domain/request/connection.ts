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

/** Secrets (their values are redacted and never logged); the others are variables. */
const SECRET_FIELDS: ReadonlySet<ConnectionField> = new Set(['kubeconfig', 'prometheus_token', 'loki_token']);

export interface ConnectionValues {
  kubeconfig?: string;
  kubeContext?: string;
  prometheusUrl?: string;
  prometheusToken?: string;
  lokiUrl?: string;
  lokiToken?: string;
  oidcAudience?: string;
}

const KEYS: Record<ConnectionField, keyof ConnectionValues> = {
  kubeconfig: 'kubeconfig',
  kube_context: 'kubeContext',
  prometheus_url: 'prometheusUrl',
  prometheus_token: 'prometheusToken',
  loki_url: 'lokiUrl',
  loki_token: 'lokiToken',
};

export interface MissingName {
  field: ConnectionField;
  name: string;
  kind: 'secret' | 'variable';
}

/** The declared values found by `lookup`, and the declared names it did not find. */
export function resolveConnection(
  env: Environment,
  lookup: (name: string) => string | undefined,
): { values: ConnectionValues; missing: MissingName[] } {
  const values: ConnectionValues = {};
  const missing: MissingName[] = [];
  for (const field of CONNECTION_FIELDS) {
    const name = env[field];
    if (name === undefined) continue;
    const value = lookup(name);
    if (value === undefined || value.trim() === '')
      missing.push({ field, name, kind: SECRET_FIELDS.has(field) ? 'secret' : 'variable' });
    else values[KEYS[field]] = field === 'kubeconfig' ? value : value.trim();
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
  where: (f: ConnectionField) => string,
  job: 'execute' | 'bake' = 'execute',
): string {
  const gh = env.github_environment ?? env.name;
  const names = missing.map((m) => `the ${m.kind} ${m.name} (${m.field} at ${where(m.field)})`).join(', ');
  const them = missing.length > 1 ? 'them' : 'it';
  const head = `environment '${env.name}': ${names} ${missing.length > 1 ? 'are' : 'is'} not set in this job`;
  if (job === 'bake')
    return `${head}: the bake job is given no environment's names (intentops-bake.yml passes INTENTOPS_OBSERVE_KUBECONFIG only), and observing with its own could read another cluster`;
  return `${head}: add ${them} to the GitHub environment '${gh}' (Settings → Environments → ${gh}); the sharded execute job and the /retry job pass the names the shards command lists (format(…, toJSON(secrets[name])) in intentops-execute.yml), never every secret; nothing ran`;
}
