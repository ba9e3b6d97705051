import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { scanPending } from '../src/app/execute/pending.js';
import { inShard, listShards } from '../src/app/execute/shards.js';
import { loadRepo } from '../src/app/shared/load-repo.js';
import { NO_NAMES } from '../src/domain/reconcile/shard.js';
import { baseFiles, request } from './helpers/fixture-catalog.js';
import { makeRepo, removeRepo, writeFiles } from './helpers/repo.js';

// The shards of a repository with staging and production (issue 26 item 3): each environment's
// requests in their own shards, each shard's job in that environment's GitHub environment.

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeRepo));
});

function commit(dir: string, message: string): void {
  execFileSync('git', ['add', '-A'], { cwd: dir });
  execFileSync('git', ['commit', '-qm', message], { cwd: dir });
}

describe('shards by environment and target', () => {
  it('one shard per environment and target, in its GitHub environment; an unresolved one gets none', async () => {
    const dir = await makeRepo({
      ...baseFiles(),
      'intents/environments.yaml':
        'environments:\n  - name: staging\n    kubeconfig: STAGING_KUBECONFIG\n  - name: production\n    github_environment: prod-approval\n    kubeconfig: PROD_KUBECONFIG\n    kube_context: PROD_CONTEXT\n    loki_token: PROD_LOKI_TOKEN\n',
    });
    dirs.push(dir);
    for (const [name, app, env] of [
      ['web-staging', 'web', 'staging'],
      ['web-production', 'web', 'production'],
      ['api-staging', 'api', 'staging'],
      ['web-staging-2', 'web', 'staging'],
      ['db-nowhere', 'db', undefined],
    ] as const) {
      await writeFiles(dir, {
        [`intents/requests/${name}.yaml`]: request({ app }, env ? `environment: ${env}\n` : ''),
      });
      commit(dir, name);
    }
    const { catalog } = await loadRepo(dir, []);
    const list = await listShards(dir, catalog, { now: new Date(), fallbackGithubEnvironment: 'production' });
    // Each entry names its environment's secrets and variables: the job passes the action those only.
    const staging = { ...NO_NAMES, kubeconfig: 'STAGING_KUBECONFIG' };
    expect(list.include).toEqual([
      {
        environment: 'staging',
        github_environment: 'staging',
        target: 'web',
        shard: 'staging/web',
        ...staging,
      },
      {
        environment: 'production',
        github_environment: 'prod-approval',
        target: 'web',
        shard: 'production/web',
        ...NO_NAMES,
        kubeconfig: 'PROD_KUBECONFIG',
        kube_context: 'PROD_CONTEXT',
        loki_token: 'PROD_LOKI_TOKEN',
      },
      {
        environment: 'staging',
        github_environment: 'staging',
        target: 'api',
        shard: 'staging/api',
        ...staging,
      },
      // Two environments declared and none named: denied at plan, by a job holding no environment's secrets.
      { environment: '', github_environment: '', target: 'db', shard: '/db', ...NO_NAMES },
    ]);
    expect(list.maxParallel).toBe(4);
    // The staging/web shard's job runs both staging requests for web, and nothing else.
    const scan = await scanPending(dir, { now: new Date(), live: async () => true });
    const mine = scan.decided.filter(inShard(catalog, 'staging/web')).map((d) => d.candidate.path);
    expect(mine).toEqual(['intents/requests/web-staging.yaml', 'intents/requests/web-staging-2.yaml']);
  });

  it('max_parallel from intents/execute.yaml', async () => {
    const dir = await makeRepo({ ...baseFiles(), 'intents/execute.yaml': 'max_parallel: 2\n' });
    dirs.push(dir);
    await writeFiles(dir, { 'intents/requests/a.yaml': request({ app: 'a' }) });
    commit(dir, 'a');
    const { catalog } = await loadRepo(dir, []);
    const list = await listShards(dir, catalog, { now: new Date(), fallbackGithubEnvironment: 'production' });
    expect([list.maxParallel, list.include.map((s) => `${s.shard} ${s.github_environment}`)]).toEqual([
      2,
      ['/a production'],
    ]);
  });
});
