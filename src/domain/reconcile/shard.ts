import { CONNECTION_FIELDS, type ConnectionField } from '../request/connection.js';
import { KEBAB_NAME } from '../schemas/names.js';

// Shards: the pending work of the execute workflow split by environment and target, so requests for
// different targets run in parallel jobs (a GitHub Actions matrix) while the requests for one target
// stay in one job, in merge order. Pure: the shards command lists them, `execute` with `shard` runs one.

/** The most jobs one matrix may hold (GitHub's limit): the rest wait for the next run. */
export const MATRIX_LIMIT = 256;
/** Shard jobs at once when intents/execute.yaml sets no `max_parallel`. */
export const DEFAULT_MAX_PARALLEL = 4;

/**
 * The names (never the values) of the secrets and variables intents/environments.yaml declares for
 * a shard's environment, by field; '' for a field it leaves out. The execute job passes the action
 * exactly these (`secrets[matrix.kubeconfig]`…), not every secret the job could read.
 */
export type ShardNames = Record<ConnectionField, string>;

export const NO_NAMES: ShardNames = Object.fromEntries(CONNECTION_FIELDS.map((f) => [f, ''])) as ShardNames;

function namesOf(declared: Partial<Record<ConnectionField, string>>): ShardNames {
  const out = { ...NO_NAMES };
  for (const f of CONNECTION_FIELDS) out[f] = declared[f] ?? '';
  return out;
}

export interface ShardEntry extends ShardNames {
  /** The environment of intents/environments.yaml; '' when none is named (or none resolves). */
  environment: string;
  /** The GitHub environment the shard's job runs in: its protection rules and secrets. */
  github_environment: string;
  /** What the requests act on (domain/request/target.ts); '' for requests that name none. */
  target: string;
  /** `<environment>/<target>`: the `shard` input of `execute`. */
  shard: string;
}

export interface ShardOf {
  environment?: string;
  target?: string;
}

export function shardName(environment: string | undefined, target: string | undefined): string {
  return `${environment ?? ''}/${target ?? ''}`;
}

/** The environment and target a `shard` input names: an environment (kebab-case) never holds a '/', a target may. */
export function parseShard(text: string): { environment: string; target: string } | { problem: string } {
  const slash = text.indexOf('/');
  if (slash < 0)
    return {
      problem: `expected <environment>/<target> as the shards command lists it (e.g. production/web), got '${text}'`,
    };
  const environment = text.slice(0, slash);
  if (environment !== '' && !KEBAB_NAME.test(environment))
    return {
      problem: `'${environment}' in shard '${text}' is no environment name (kebab-case, as intents/environments.yaml names it)`,
    };
  return { environment, target: text.slice(slash + 1) };
}

/**
 * The matrix of the shards `pending` falls into (pending is in merge order): each shard once, where
 * its oldest request comes, so with `max-parallel` the oldest work starts first.
 */
export function shardMatrix(
  pending: readonly ShardOf[],
  githubEnvironment: (environment: string) => string,
  declared: (environment: string) => Partial<Record<ConnectionField, string>> = () => ({}),
): { include: ShardEntry[]; left: number } {
  const seen = new Map<string, ShardEntry>();
  for (const p of pending) {
    const shard = shardName(p.environment, p.target);
    if (seen.has(shard)) continue;
    const environment = p.environment ?? '';
    seen.set(shard, {
      ...namesOf(declared(environment)),
      environment,
      github_environment: githubEnvironment(environment),
      target: p.target ?? '',
      shard,
    });
  }
  const all = [...seen.values()];
  return { include: all.slice(0, MATRIX_LIMIT), left: Math.max(0, all.length - MATRIX_LIMIT) };
}
