import { describe, expect, it } from 'vitest';
import { MATRIX_LIMIT, NO_NAMES, parseShard, shardMatrix, shardName } from './shard.js';

describe('shards of pending requests', () => {
  const gh = (env: string) => (env === '' ? 'production' : `gh-${env}`);

  it('one shard per environment and target, the oldest merge first, each target once', () => {
    const m = shardMatrix(
      [
        { environment: 'staging', target: 'web' },
        { environment: 'production', target: 'web' },
        { environment: 'staging', target: 'api' },
        { environment: 'staging', target: 'web' },
      ],
      gh,
    );
    expect(m.include).toEqual([
      {
        environment: 'staging',
        github_environment: 'gh-staging',
        target: 'web',
        shard: 'staging/web',
        ...NO_NAMES,
      },
      {
        environment: 'production',
        github_environment: 'gh-production',
        target: 'web',
        shard: 'production/web',
        ...NO_NAMES,
      },
      {
        environment: 'staging',
        github_environment: 'gh-staging',
        target: 'api',
        shard: 'staging/api',
        ...NO_NAMES,
      },
    ]);
    expect(m.left).toBe(0);
  });

  it('a repository without environments: the shard names the target only', () => {
    const m = shardMatrix([{ target: 'web' }, { target: 'db/primary' }, {}], gh);
    expect(m.include.map((s) => s.shard)).toEqual(['/web', '/db/primary', '/']);
    expect(m.include[0]?.github_environment).toBe('production');
  });

  it("each entry names its environment's secrets and variables (only the names), '' for what it leaves out", () => {
    const declared = (env: string) =>
      env === 'production'
        ? { kubeconfig: 'PROD_KUBECONFIG', prometheus_token: 'PROD_PROM_TOKEN', loki_url: 'PROD_LOKI_URL' }
        : {};
    const m = shardMatrix(
      [{ environment: 'production', target: 'web' }, { environment: 'staging', target: 'web' }, {}],
      gh,
      declared,
    );
    expect(m.include[0]).toEqual({
      environment: 'production',
      github_environment: 'gh-production',
      target: 'web',
      shard: 'production/web',
      kubeconfig: 'PROD_KUBECONFIG',
      kube_context: '',
      prometheus_url: '',
      prometheus_token: 'PROD_PROM_TOKEN',
      loki_url: 'PROD_LOKI_URL',
      loki_token: '',
    });
    // Every entry has every field, so the workflow's expressions read the same keys in each job.
    expect(m.include.slice(1).map(({ shard, ...rest }) => [shard, rest])).toEqual([
      [
        'staging/web',
        { environment: 'staging', github_environment: 'gh-staging', target: 'web', ...NO_NAMES },
      ],
      ['/', { environment: '', github_environment: 'production', target: '', ...NO_NAMES }],
    ]);
  });

  it('nothing pending: an empty list', () => {
    expect(shardMatrix([], gh)).toEqual({ include: [], left: 0 });
  });

  it('over what one workflow run holds: the oldest first, the rest counted for the next run', () => {
    const many = Array.from({ length: MATRIX_LIMIT + 3 }, (_, i) => ({ target: `app${i}` }));
    const m = shardMatrix(many, gh);
    expect(m.include).toHaveLength(MATRIX_LIMIT);
    expect(m.include[0]?.target).toBe('app0');
    expect(m.left).toBe(3);
  });

  it('a shard name reads back as its environment and target; a bad one says why', () => {
    expect(parseShard(shardName('production', 'db/primary'))).toEqual({
      environment: 'production',
      target: 'db/primary',
    });
    expect(parseShard('/web')).toEqual({ environment: '', target: 'web' });
    expect(parseShard('web')).toEqual({
      problem:
        "expected <environment>/<target> as the shards command lists it (e.g. production/web), got 'web'",
    });
    expect(parseShard('Prod!/web')).toMatchObject({ problem: expect.stringContaining("'Prod!'") });
  });
});
