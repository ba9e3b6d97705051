import { hostname, userInfo } from 'node:os';
import { Git } from '../../adapters/git.js';
import type { RecordOrigin } from '../../domain/schemas/record.js';

// Where a record comes from, said in the record: a local `intentops run` (the machine, the user and
// their git identity: who operated it) or the action (the run's URL). Metrics count local records
// apart, `status` names them, and `audit bot-owned` says where a record a pull request adds came from.

type Env = Record<string, string | undefined>;

function osUser(env: Env): string {
  try {
    return env.USER || env.LOGNAME || userInfo().username || 'unknown';
  } catch {
    return env.USER || 'unknown';
  }
}

/** The CLI's origin, looked up once (one git call) and only when a record is written. */
export function localOrigin(repoDir: string, env: Env): () => Promise<RecordOrigin> {
  let found: Promise<RecordOrigin> | undefined;
  return () => {
    found ??= new Git(repoDir)
      .authorIdent()
      .catch(() => null)
      .then((author) => ({
        kind: 'local' as const,
        host: hostname(),
        user: osUser(env),
        ...(author ? { git_author: author } : {}),
      }));
    return found;
  };
}

/** The action's origin: the run that writes the record (the same URL as the record's `run.url`). */
export function githubOriginOf(env: Env): RecordOrigin | undefined {
  if (!env.GITHUB_RUN_ID || !env.GITHUB_REPOSITORY) return undefined;
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  return {
    kind: 'github',
    run_url: `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`,
    ...(env.GITHUB_ACTOR ? { actor: env.GITHUB_ACTOR } : {}),
  };
}

export function githubOrigin(env: Env): () => Promise<RecordOrigin | undefined> {
  const origin = githubOriginOf(env);
  return async () => origin;
}

/**
 * Where a record says it came from, for one line of output. Values are JSON-quoted: the record may
 * be a pull request's, and a value of its own must not start a line (a workflow command in CI).
 */
export function describeOrigin(o: RecordOrigin): string {
  const q = (s: string) => JSON.stringify(s);
  return o.kind === 'local'
    ? `a local run by ${q(o.user)} on ${q(o.host)}${o.git_author ? ` (git author ${q(o.git_author)})` : ''}`
    : `GitHub run ${q(o.run_url)}${o.actor ? ` started by ${q(o.actor)}` : ''}`;
}
