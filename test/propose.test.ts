import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { baseFiles } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

const repos: string[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map(removeRepo));
});

async function repoWith(files: Record<string, string> = {}): Promise<string> {
  const dir = await makeRepo({ ...baseFiles(), ...files });
  repos.push(dir);
  return dir;
}

const requests = (dir: string) =>
  existsSync(join(dir, 'intents/requests')) ? readdirSync(join(dir, 'intents/requests')) : [];

describe('intentops propose', () => {
  it('writes a request that validate accepts, with params converted to their declared types', async () => {
    const dir = await repoWith();
    const res = await cli([
      '--repo',
      dir,
      'propose',
      'work',
      '--param',
      'app=web',
      '--param',
      'mem=64',
      '--param',
      'fail_step=false',
      '--reason',
      'more memory',
      '--proposer',
      'ops-agent',
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^wrote intents\/requests\/work-web-\d{8}-\d{6}\.yaml$/m);
    const [file] = requests(dir);
    expect(file).toBeDefined();
    const v = await cli(['--repo', dir, 'validate']);
    expect(v.code, v.stderr).toBe(0);
    const plan = await cli(['--repo', dir, '--json', 'plan', `intents/requests/${file}`]);
    expect(JSON.parse(plan.stdout).plan.params).toEqual({
      app: 'web',
      mem: 64,
      fail_step: false,
      restarts: 0,
      say: 'ok',
    });
  });

  it('proposing the same request again returns the un-executed file; once it has run, a new one is written', async () => {
    const dir = await repoWith();
    const args = [
      '--repo',
      dir,
      'propose',
      'work',
      '--param',
      'app=web',
      '--reason',
      'r',
      '--proposer',
      'ops-agent',
    ];
    const first = await cli(args);
    expect(first.code, first.stderr).toBe(0);
    const [file] = requests(dir);
    const path = `intents/requests/${file}`;
    const again = await cli(args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(`already proposed, not run yet: ${path}\n`);
    const json = await cli(['--json', ...args]);
    expect(JSON.parse(json.stdout)).toMatchObject({ path, written: false, existing: true });
    expect(requests(dir)).toEqual([file]);

    const ran = await cli(['--repo', dir, 'run', join(dir, path)]);
    expect(ran.code, ran.stderr).toBe(0);
    const after = await cli(args);
    expect(after.stdout).toMatch(/^wrote intents\/requests\/work-web-/);
    expect(requests(dir)).toHaveLength(2);
  });

  it('refuses what would not be accepted, with the reasons, and writes nothing', async () => {
    const dir = await repoWith({
      'intents/policies/p.yaml':
        'policies:\n  - name: apps\n    match: { intents: [work] }\n    params:\n      app: { allow: [web] }\n',
    });
    const bad = await cli(['--repo', dir, 'propose', 'work', '--param', 'app=Web App', '--reason', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/param 'app' value "Web App" does not match pattern/);
    const unknown = await cli([
      '--repo',
      dir,
      'propose',
      'work',
      '--param',
      'app=web',
      '--param',
      'colour=red',
      '--reason',
      'x',
    ]);
    expect(unknown.stderr).toMatch(/unknown param 'colour'/);
    const denied = await cli(['--repo', dir, 'propose', 'work', '--param', 'app=db', '--reason', 'x']);
    expect(denied.code).toBe(2);
    expect(denied.stderr).toMatch(/policy apps \(params\): app="db" is not in the allowlist/);
    expect(requests(dir)).toEqual([]);
  });
});

describe('intentops propose --pr', () => {
  let double: GitHubDouble;
  beforeAll(async () => {
    double = await startGitHubDouble();
    double.state.writeFiles('main', { 'README.md': '# gitops\n' });
  });
  afterAll(async () => {
    await double.stop();
  });

  it('opens a pull request through the API with the request file on its own branch', async () => {
    const dir = await repoWith();
    const env = { GITHUB_TOKEN: 'ghs_agent', GITHUB_REPOSITORY: 'acme/gitops', GITHUB_API_URL: double.url };
    Object.assign(process.env, env);
    try {
      const args = ['--repo', dir, 'propose', 'work', '--param', 'app=web', '--reason', 'roll out', '--pr'];
      const first = await cli(args);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/^opened: \S+\/pull\/\d+ /);
      expect(requests(dir)).toEqual([]); // nothing written locally with --pr
      const pulls = [...double.state.issues.values()].filter(
        (i) => (i as { pull?: unknown }).pull !== undefined,
      );
      expect(pulls.length).toBeLessThanOrEqual(1);
      // An agent's retry: the same PR, said so, and no second one.
      const retry = await cli(args);
      expect(retry.code, retry.stderr).toBe(0);
      const url = first.stdout.split(' ')[1];
      expect(retry.stdout).toMatch(new RegExp(`^already proposed \\(open\\): ${url} `));
      const after = [...double.state.issues.values()].filter(
        (i) => (i as { pull?: unknown }).pull !== undefined,
      );
      expect(after).toHaveLength(pulls.length);
      expect(double.rejected()).toEqual([]);
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
    }
  });
});
