import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentCredentials, environmentSecrets } from '../src/action/environment-credentials.js';
import { loadRepo } from '../src/app/shared/load-repo.js';
import { makeRepo, removeRepo } from './helpers/repo.js';

// The bake's credentials of an environment: its read-only observe_kubeconfig, in intentops' client
// and in the file KUBECONFIG names for the checks and captures; the execute kubeconfig never, even
// when the job has it. Both are redacted from records.

const kubeconfig = (cluster: string) =>
  `apiVersion: v1\nkind: Config\nclusters: [{ name: ${cluster}, cluster: { server: "https://${cluster}.example" } }]\nusers: [{ name: u, user: { token: ${cluster}-tok3n } }]\ncontexts: [{ name: ${cluster}, context: { cluster: ${cluster}, user: u } }]\ncurrent-context: ${cluster}\n`;
const JOB: Record<string, string> = {
  STAGING_KUBECONFIG: kubeconfig('execute-staging'),
  STAGING_OBSERVE_KUBECONFIG: kubeconfig('observe-staging'),
};

let repo: string;
beforeAll(async () => {
  repo = await makeRepo({
    'intents/environments.yaml':
      'environments:\n  - name: staging\n    kubeconfig: STAGING_KUBECONFIG\n    observe_kubeconfig: STAGING_OBSERVE_KUBECONFIG\n',
  });
});
afterAll(async () => {
  await removeRepo(repo);
});

describe("the bake's credentials of an environment with observe_kubeconfig", () => {
  it('are the observe kubeconfig, for the client and the checks; an execute job keeps its own', async () => {
    const { catalog } = await loadRepo(repo, []);
    const environments = catalog.environments;
    if (!environments) throw new Error('no environments');
    const asked: string[] = [];
    const lookup = (n: string) => {
      asked.push(n);
      return JOB[n];
    };
    const bake = await environmentCredentials({ environments, lookup, base: {}, job: 'bake' }).connect(
      'staging',
    );
    if ('refused' in bake) throw new Error(bake.refused);
    try {
      expect(bake.observe.kubeconfigYaml).toContain('observe-staging');
      expect(readFileSync(bake.stepEnv.KUBECONFIG ?? '', 'utf8')).toContain(
        'https://observe-staging.example',
      );
      expect(asked).toEqual(['STAGING_OBSERVE_KUBECONFIG']);
    } finally {
      bake.release();
    }
    const execute = await environmentCredentials({ environments, lookup, base: {} }).connect('staging');
    if ('refused' in execute) throw new Error(execute.refused);
    execute.release();
    expect(execute.observe.kubeconfigYaml).toContain('execute-staging');
    const secrets = environmentSecrets({ environments, lookup });
    expect(secrets).toEqual(expect.arrayContaining(['execute-staging-tok3n', 'observe-staging-tok3n']));
  });
});
