import { rmSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The `kubeconfig` input (a bearer token or a client key) as a file only this user can read, which
// `KUBECONFIG` points to: the Kubernetes observer and the steps' kubectl use the same cluster and
// credentials, and no step gets the YAML itself in its environment. Removed when the action ends.

export interface KubeconfigFile {
  path: string;
  /** Deletes the file and its folder; safe to call more than once. */
  remove(): void;
}

/**
 * Writes `yaml` to `<RUNNER_TEMP or tmpdir>/intentops-kube-XXXXXX/config` (folder 0700, file 0600)
 * and sets `process.env.KUBECONFIG` to it. The file is also removed on process exit, so a failing
 * run does not leave it behind (the runner wipes RUNNER_TEMP after the job as well).
 */
export async function writeKubeconfigFile(
  yaml: string,
  root: string = process.env.RUNNER_TEMP || tmpdir(),
): Promise<KubeconfigFile> {
  const dir = await mkdtemp(join(root, 'intentops-kube-'));
  const path = join(dir, 'config');
  const previous = process.env.KUBECONFIG;
  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    process.off('exit', remove);
    rmSync(dir, { recursive: true, force: true });
    if (process.env.KUBECONFIG !== path) return;
    if (previous === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = previous;
  };
  process.once('exit', remove);
  try {
    await writeFile(path, yaml, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    remove();
    throw err;
  }
  process.env.KUBECONFIG = path;
  return { path, remove };
}
