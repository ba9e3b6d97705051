import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFiles } from './repo.js';

// What a runner has after actions/checkout: a clone of a (bare, local) remote, the given files
// committed and pushed to main, so the action's pushes race and land for real.

export const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

export async function checkoutWithRemote(
  prefix: string,
  files: Record<string, string>,
  message = 'catalog',
): Promise<{ root: string; remote: string; work: string }> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  const remote = join(root, 'remote.git');
  const work = join(root, 'work');
  git(root, 'init', '-q', '--bare', '-b', 'main', remote);
  git(root, 'clone', '-q', remote, work);
  git(work, 'config', 'user.email', 't@example.com');
  git(work, 'config', 'user.name', 't');
  await writeFiles(work, files);
  git(work, 'add', '-A');
  git(work, 'commit', '-qm', message);
  git(work, 'push', '-q', 'origin', 'main');
  return { root, remote, work };
}
