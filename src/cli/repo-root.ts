import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Without --repo, the CLI works from any folder inside the GitOps repository, as git does: the
// nearest folder up from here that holds intents/ (or, failing that, the git work tree's top).

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function findRepoRoot(start: string): string {
  let gitTop: string | undefined;
  for (let dir = start; ; dir = dirname(dir)) {
    if (isDir(join(dir, 'intents'))) return dir;
    if (!gitTop && existsSync(join(dir, '.git'))) gitTop = dir;
    if (dirname(dir) === dir) return gitTop ?? start;
  }
}
