import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../domain/input/errors.js';
import { findRepoRoot } from './repo-root.js';

// The options every command takes, read the same way by commander (main.ts) and by the start-up
// route of `validate` (validate-route.ts).

export interface GlobalOptions {
  repo: string;
  json: boolean;
}

/** --repo must name a folder; without it, the repository is found from the working directory. */
export function resolveGlobals(o: { repo?: string | undefined; json: boolean }): GlobalOptions {
  if (o.repo !== undefined && !statSync(o.repo, { throwIfNoEntry: false })?.isDirectory())
    throw new InputError([
      {
        file: '--repo',
        severity: 'error',
        message: `no such directory: ${o.repo} (expected the GitOps repository)`,
      },
    ]);
  return { repo: o.repo === undefined ? findRepoRoot(process.cwd()) : resolve(o.repo), json: o.json };
}

/**
 * The exit code of a command that threw, after saying why on stderr. A folder that is not what the
 * command needs (not a git checkout, no commit yet) is bad input: the message says what, a stack
 * trace would only hide it.
 */
export function reportFailure(err: unknown): number {
  if (err instanceof InputError || (err instanceof Error && err.name === 'HistoryError')) {
    process.stderr.write(`${err instanceof InputError ? '' : 'intentops: '}${err.message}\n`);
    return 2;
  }
  process.stderr.write(`intentops: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 1;
}
