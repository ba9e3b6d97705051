import { readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { kustomizationRefs } from '../../domain/plan/kustomization-refs.js';

// Before `kubectl kustomize` builds a pull request's kustomization: kustomize fetches every remote
// it names (URLs, git repositories, helm chart repositories) from the runner, which on a
// self-hosted one reaches cluster services and cloud metadata. Every kustomization reachable from
// the path is read first, and one remote, or a path out of the repository, refuses the build.

const NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

async function kustomizationFile(dir: string): Promise<string | undefined> {
  for (const name of NAMES) {
    const file = join(dir, name);
    if (
      await stat(file)
        .then((s) => s.isFile())
        .catch(() => false)
    )
      return file;
  }
  return undefined;
}

/** Why the kustomization at `path` (in `root`, real) may not be built, or undefined. */
export async function kustomizeRefusal(root: string, path: string): Promise<string | undefined> {
  const seen = new Set<string>();
  const rel = (p: string) => relative(root, p).split(sep).join('/');
  const walk = async (dir: string): Promise<string | undefined> => {
    let real: string;
    try {
      real = await realpath(dir);
    } catch {
      return undefined; // kustomize says what is missing
    }
    if (real !== root && !real.startsWith(`${root}${sep}`)) return `${rel(dir)} leads outside the repository`;
    if (seen.has(real)) return undefined;
    seen.add(real);
    if (!(await stat(real)).isDirectory()) return undefined;
    const file = await kustomizationFile(real);
    if (!file) return undefined;
    const refs = kustomizationRefs(await readFile(file, 'utf8'));
    if (refs.remote.length > 0)
      return `${rel(file)} names a remote (${refs.remote.join(', ')}): a pull request's kustomization may not fetch from the network`;
    for (const ref of refs.local) {
      const why = await walk(resolve(real, ref));
      if (why) return why;
    }
    return undefined;
  };
  return walk(join(root, path));
}
