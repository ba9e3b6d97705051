import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { scanPending } from '../src/app/execute/pending.js';
import { inShard, listShards, namesOfGithubEnvironment, runsOnNamesOf } from '../src/app/execute/shards.js';
import { loadRepo } from '../src/app/shared/load-repo.js';
import { NO_NAMES } from '../src/domain/reconcile/shard.js';
import { runAction } from './helpers/action-runner.js';
import { baseFiles, request } from './helpers/fixture-catalog.js';
import { makeRepo, removeRepo, writeFiles } from './helpers/repo.js';

// The shards of a repository with staging and production (issue 26 item 3): each environment's
// requests in their own shards, each shard's job in that environment's GitHub environment. And the
// names the `/retry` job (one GitHub environment's) is handed, from the same source as the matrix's.

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

const ENVIRONMENTS =
  'environments:\n  - name: staging\n    kubeconfig: STAGING_KUBECONFIG\n  - name: prod\n    github_environment: production\n    kubeconfig: PROD_KUBECONFIG\n    observe_kubeconfig: PROD_OBSERVE_KUBECONFIG\n    kube_context: PROD_CONTEXT\n    loki_token: PROD_LOKI_TOKEN\n';

describe("the names of one GitHub environment's secrets and variables (the retry job's)", () => {
  it('are those of the environment that runs there, as its shards carry them in the matrix', async () => {
    const dir = await makeRepo({ ...baseFiles(), 'intents/environments.yaml': ENVIRONMENTS });
    dirs.push(dir);
    await writeFiles(dir, {
      'intents/requests/web-prod.yaml': request({ app: 'web' }, 'environment: prod\n'),
    });
    commit(dir, 'web-prod');
    const { catalog } = await loadRepo(dir, []);
    const [entry] = (await listShards(dir, catalog, { now: new Date(), fallbackGithubEnvironment: 'x' }))
      .include;
    const names = namesOfGithubEnvironment(catalog, 'production');
    expect(names).toEqual({
      environment: 'prod',
      names: {
        ...NO_NAMES,
        kubeconfig: 'PROD_KUBECONFIG',
        kube_context: 'PROD_CONTEXT',
        loki_token: 'PROD_LOKI_TOKEN',
      },
      others: [],
    });
    expect(entry).toMatchObject(names.names);
    // An environment named like the GitHub environment but running elsewhere is not its.
    expect(namesOfGithubEnvironment(catalog, 'prod')).toEqual({
      environment: '',
      names: NO_NAMES,
      others: [],
    });
    expect(namesOfGithubEnvironment(catalog, 'staging').names.kubeconfig).toBe('STAGING_KUBECONFIG');
  });

  it('none without intents/environments.yaml (the job uses its kubeconfig input); the first of those sharing it', async () => {
    const bare = await makeRepo(baseFiles());
    const shared = await makeRepo({
      ...baseFiles(),
      // canary's names are prod's: its retries run there too; edge's are its own.
      'intents/environments.yaml': `${ENVIRONMENTS}  - name: canary\n    github_environment: production\n    kubeconfig: PROD_KUBECONFIG\n    kube_context: PROD_CONTEXT\n    loki_token: PROD_LOKI_TOKEN\n  - name: edge\n    github_environment: production\n    kubeconfig: EDGE_KUBECONFIG\n`,
    });
    dirs.push(bare, shared);
    expect(namesOfGithubEnvironment((await loadRepo(bare, [])).catalog, 'production')).toEqual({
      environment: '',
      names: NO_NAMES,
      others: [],
    });
    const sharedCatalog = (await loadRepo(shared, [])).catalog;
    const two = namesOfGithubEnvironment(sharedCatalog, 'production');
    expect([two.environment, two.names.kubeconfig, two.others]).toEqual([
      'prod',
      'PROD_KUBECONFIG',
      ['edge'],
    ]);
    // The /retry job holds prod's names: canary's retries run in it; edge's are handed to the
    // sharded jobs (their matrix entry carries edge's names), never denied for want of them.
    const here = (environment: string) => runsOnNamesOf(sharedCatalog, 'production', environment);
    expect(['prod', 'canary', 'edge', 'staging'].map(here)).toEqual([true, true, false, false]);
    // Without intents/environments.yaml every request is the job's own.
    expect(runsOnNamesOf((await loadRepo(bare, [])).catalog, 'production', '')).toBe(true);
  });

  it("an environment declaring fewer names than the first is no other: the job's inputs stand in", async () => {
    const dir = await makeRepo({
      ...baseFiles(),
      'intents/environments.yaml': `${ENVIRONMENTS}  - name: canary\n    github_environment: production\n    kubeconfig: PROD_KUBECONFIG\n`,
    });
    dirs.push(dir);
    const { catalog } = await loadRepo(dir, []);
    expect(namesOfGithubEnvironment(catalog, 'production').others).toEqual([]);
    expect(runsOnNamesOf(catalog, 'production', 'canary')).toBe(true);
  });

  it("the action outputs them with `command: shards` and `names-for` (with `names-of-execution`: the bake's read-only names), and lists no shard", async () => {
    const dir = await makeRepo({ ...baseFiles(), 'intents/environments.yaml': ENVIRONMENTS });
    dirs.push(dir);
    await writeFiles(dir, {
      'intents/requests/web-prod.yaml': request({ app: 'web' }, 'environment: prod\n'),
    });
    commit(dir, 'web-prod');
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    const run = (inputs: Record<string, string>) =>
      runAction({
        inputs: { 'github-token': 'ghs_test', 'repo-path': dir, ...inputs },
        // A `/retry` comment: no ref in the event, nothing asked of GitHub (the API is unreachable).
        event: { comment: { body: '/retry' }, issue: { number: 7, pull_request: {} } },
        eventName: 'issue_comment',
        sha,
        apiUrl: 'http://127.0.0.1:9',
        cwd: dir,
      });
    const end = await run({ command: 'shards', 'names-for': 'production' });
    expect(end.code, end.stdout + end.stderr).toBe(0);
    expect(end.outputs).toEqual({
      environment: 'prod',
      kubeconfig: 'PROD_KUBECONFIG',
      kube_context: 'PROD_CONTEXT',
      prometheus_url: '',
      prometheus_token: '',
      loki_url: '',
      loki_token: 'PROD_LOKI_TOKEN',
    });
    // The bake-names job: the read-only names of an execution's environment, from its record.
    const id = 'exec-20261206-101500-noop-web-1a2b3c';
    await writeFiles(dir, {
      [`executions/2026-12-06/${id}.yaml`]: stringify({ id, intent: 'deploy-app', environment: 'prod' }),
    });
    const bake = await run({ command: 'shards', 'names-of-execution': id });
    expect(bake.code, bake.stdout + bake.stderr).toBe(0);
    expect(bake.outputs).toEqual({
      environment: 'prod',
      observe_kubeconfig: 'PROD_OBSERVE_KUBECONFIG',
      kube_context: 'PROD_CONTEXT',
      prometheus_url: '',
      prometheus_token: '',
      loki_url: '',
      loki_token: 'PROD_LOKI_TOKEN',
    });
    const unknown = await run({ command: 'shards', 'names-of-execution': 'exec-20261206-101500-none-0' });
    expect(unknown.code, unknown.stdout + unknown.stderr).toBe(0);
    expect(unknown.outputs.environment).toBe('');
    expect(unknown.outputs.observe_kubeconfig).toBe('');
    expect(unknown.stdout).toContain('no execution record exec-20261206-101500-none-0');
    const wrong = await run({ command: 'execute', 'names-for': 'production' });
    expect([wrong.code, wrong.outputs]).toEqual([1, {}]);
    expect(wrong.stdout).toContain("input 'names-for' is for command 'shards', not 'execute'");
  });
});
