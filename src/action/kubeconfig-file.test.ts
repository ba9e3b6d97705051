import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeKubeconfigFile } from './kubeconfig-file.js';

const saved = process.env.KUBECONFIG;
afterEach(() => {
  if (saved === undefined) delete process.env.KUBECONFIG;
  else process.env.KUBECONFIG = saved;
});

describe('writeKubeconfigFile', () => {
  it('writes the input to a 0600 file in a 0700 folder, points KUBECONFIG at it, and removes it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'intentops-kubefile-'));
    try {
      const yaml = 'apiVersion: v1\nkind: Config\nusers: [{ name: ci, user: { token: t0k3n-value } }]\n';
      process.env.KUBECONFIG = '/from/the/workflow'; // the input wins while the action runs
      const file = await writeKubeconfigFile(yaml, root);
      expect(process.env.KUBECONFIG).toBe(file.path);
      expect(readFileSync(file.path, 'utf8')).toBe(yaml);
      expect(statSync(file.path).mode & 0o777).toBe(0o600);
      expect(statSync(dirname(file.path)).mode & 0o777).toBe(0o700);
      file.remove();
      file.remove(); // idempotent
      expect(existsSync(dirname(file.path))).toBe(false);
      expect(process.env.KUBECONFIG).toBe('/from/the/workflow');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
