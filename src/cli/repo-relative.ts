import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** A path on the command line names a file in the repo if there is one, else one from the cwd. */
export function repoRelative(repo: string, p: string): string {
  const abs = isAbsolute(p) || !existsSync(join(repo, p)) ? resolve(p) : join(repo, p);
  return relative(repo, abs).split(sep).join('/');
}
