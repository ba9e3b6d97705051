import {
  DEFAULT_MAX_PARALLEL,
  type ShardEntry,
  type ShardNames,
  type ShardOf,
  shardMatrix,
  shardName,
} from '../../domain/reconcile/shard.js';
import { CONNECTION_FIELDS, OBSERVE_FIELDS, type ObserveField } from '../../domain/request/connection.js';
import { chooseEnvironment } from '../../domain/request/environment.js';
import type { Environment } from '../../domain/schemas/environments.js';
import type { Catalog } from '../shared/load-repo.js';
import { type Decided, scanPending } from './pending.js';

// The shards command: which environment × target shards have work, for the execute workflow's
// matrix. It reads, never writes: no claim, no record, no push, and no GitHub call — a claim's
// liveness does not change which shard a request is in, so every request without a record counts
// (its shard's job settles it, waits on it or runs it).

export interface ShardList {
  include: ShardEntry[];
  /** The matrix's max-parallel: intents/execute.yaml `max_parallel`, else DEFAULT_MAX_PARALLEL. */
  maxParallel: number;
  /** Shards over what one run holds: the next run lists them. */
  left: number;
  notes: string[];
}

/**
 * The environment a request runs in: the one it names, else its intent's, else the only one; ''
 * when there is none or it does not resolve (the request is then denied at plan, and its shard's
 * job gets no environment's secrets to do that).
 */
export function environmentOf(catalog: Catalog, d: Pick<Decided, 'intent' | 'environment'>): string {
  const chosen = chooseEnvironment(
    d.environment,
    catalog.intents.get(d.intent)?.data.environment,
    catalog.environments?.data,
  );
  return 'name' in chosen && chosen.name !== undefined ? chosen.name : '';
}

export function shardOf(catalog: Catalog, d: Decided): ShardOf {
  const environment = environmentOf(catalog, d);
  return {
    ...(environment ? { environment } : {}),
    ...(d.candidate.target ? { target: d.candidate.target } : {}),
  };
}

/** Whether the request `d` is in the shard named `shard` (`<environment>/<target>`). */
export function inShard(catalog: Catalog, shard: string): (d: Decided) => boolean {
  return (d) => {
    const s = shardOf(catalog, d);
    return shardName(s.environment, s.target) === shard;
  };
}

/**
 * The secret and variable names intents/environments.yaml declares for an environment (none for ''
 * or an undeclared one: its job gets no environment's credentials).
 */
export function declaredNamesOf(catalog: Catalog): (environment: string) => Environment {
  return (environment) =>
    catalog.environments?.data.environments.find((x) => x.name === environment) ?? { name: environment };
}

/**
 * The read-only names the bake of an execution in `environment` is handed (the bake workflow's
 * bake-names job): its `observe_kubeconfig`, never its execute `kubeconfig`, and its context,
 * Prometheus and Loki names, from the same declaration as the shards'; '' for a field it leaves out
 * (and for each one of '' or an undeclared environment: the bake then uses its own inputs, or
 * refuses an environment the file does not declare).
 */
export function observeNamesOf(catalog: Catalog, environment: string): Record<ObserveField, string> {
  const declared = declaredNamesOf(catalog)(environment);
  return Object.fromEntries(OBSERVE_FIELDS.map((f) => [f, declared[f] ?? ''])) as Record<
    ObserveField,
    string
  >;
}

/**
 * The GitHub environment a shard's job runs in: the environment's `github_environment`, else its
 * name; for requests without one, `fallback` when the repository declares no environments (its one
 * environment, as the unsharded workflow has it) and none when it does (nothing runs there).
 */
export function githubEnvironmentOf(catalog: Catalog, fallback: string): (environment: string) => string {
  return (environment) => {
    const file = catalog.environments?.data;
    if (!environment) return file ? '' : fallback;
    const e = file?.environments.find((x) => x.name === environment);
    return e?.github_environment ?? environment;
  };
}

/**
 * The names a job of one GitHub environment holds when it cannot know its requests' environment
 * before it starts (the `/retry` job: a comment names none): those of the environment of
 * intents/environments.yaml whose jobs run in `githubEnvironment`, exactly as that environment's
 * shards carry them in the matrix; '' for each field when none runs there, or the file declares
 * none (the job then uses its `kubeconfig` input). `others`: further environments that run in the
 * same GitHub environment with other names, which this job is not given (their shards hold them).
 */
export function namesOfGithubEnvironment(
  catalog: Catalog,
  githubEnvironment: string,
): { environment: string; names: ShardNames; others: string[] } {
  const where = githubEnvironmentOf(catalog, githubEnvironment);
  // The matrix's own entry for an environment: one source of the names.
  const namesOf = (environment: string | undefined): ShardNames => {
    const [entry] = shardMatrix(
      [environment ? { environment } : {}],
      where,
      declaredNamesOf(catalog),
    ).include;
    return Object.fromEntries(CONNECTION_FIELDS.map((f) => [f, entry?.[f] ?? ''])) as ShardNames;
  };
  const [first, ...rest] = (catalog.environments?.data.environments ?? [])
    .map((e) => e.name)
    .filter((name) => where(name) === githubEnvironment);
  const names = namesOf(first);
  // Another environment runs on these names unless it declares one they do not hold (a field it
  // leaves out falls back to the job's own inputs, in its shard's job as in this one).
  const others = rest.filter((e) =>
    CONNECTION_FIELDS.some((f) => namesOf(e)[f] && namesOf(e)[f] !== names[f]),
  );
  return { environment: first ?? '', names, others };
}

/**
 * Whether a request of `environment` runs in the job of `githubEnvironment` that holds the names
 * namesOfGithubEnvironment gives (the `/retry` job): it must run in that GitHub environment and
 * need no name the job was not given. Else it is left to the sharded jobs, whose matrix entry
 * carries its own names: never refused for want of a secret the workflow has.
 */
export function runsOnNamesOf(catalog: Catalog, githubEnvironment: string, environment: string): boolean {
  if (githubEnvironmentOf(catalog, githubEnvironment)(environment) !== githubEnvironment) return false;
  if (!catalog.environments) return true;
  const given = namesOfGithubEnvironment(catalog, githubEnvironment);
  return environment === given.environment || !given.others.includes(environment);
}

export async function listShards(
  repoDir: string,
  catalog: Catalog,
  o: { now: Date; fallbackGithubEnvironment: string; first?: readonly ShardOf[] },
): Promise<ShardList> {
  const settings = catalog.execute?.data;
  const scan = await scanPending(repoDir, {
    now: o.now,
    ...(settings ? { settings } : {}),
    live: async () => true,
  });
  const pending = scan.decided.filter((d) => d.decision.kind !== 'done').map((d) => shardOf(catalog, d));
  const matrix = shardMatrix(
    [...(o.first ?? []), ...pending],
    githubEnvironmentOf(catalog, o.fallbackGithubEnvironment),
    declaredNamesOf(catalog),
  );
  return {
    ...matrix,
    maxParallel: settings?.max_parallel ?? DEFAULT_MAX_PARALLEL,
    notes: scan.notes,
  };
}
