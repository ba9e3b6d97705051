import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOctokit } from '../src/adapters/github/client.js';
import { runAction } from './helpers/action-runner.js';
import { baseFiles, request } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { cli, writeFiles } from './helpers/repo.js';

// The promotion gate on a pull request, as a runner runs the bundled action: the plan comment reads
// the staging execution from executions/ and names it, or says there is none.

let double: GitHubDouble;
let dir: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

const GATE = `policies:
  - name: staging-first
    match: { environments: [production] }
    promotion: { from: staging, within: 7d }
`;

beforeAll(async () => {
  double = await startGitHubDouble();
  dir = await mkdtemp(join(tmpdir(), 'intentops-action-promotion-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 't');
  await writeFiles(dir, {
    ...baseFiles(),
    'intents/environments.yaml': 'environments: [{ name: staging }, { name: production }]\n',
    'intents/policies/promotion.yaml': GATE,
  });
  git('add', '-A');
  git('commit', '-qm', 'catalog');
  const gh = createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' });
  await gh.rest.issues.create({ owner: 'acme', repo: 'gitops', title: 'Promote web' });
});

afterAll(async () => {
  await double.stop();
  await rm(dir, { recursive: true, force: true });
});

function plan(base: string, head: string) {
  return runAction({
    inputs: { command: 'plan', 'github-token': 'ghs_test', 'repo-path': dir, 'dry-run': 'false' },
    event: { number: 1, pull_request: { number: 1, base: { sha: base }, head: { sha: head } } },
    eventName: 'pull_request',
    sha: head,
    apiUrl: double.url,
    cwd: dir,
  });
}

function planBody(): string {
  const c = [...double.state.comments.values()].filter((c) =>
    String(c.body).includes('<!-- intentops:plan -->'),
  );
  return String(c.at(-1)?.body ?? '');
}

describe('action: the promotion gate on the pull request', () => {
  it('holds a production request without a staging run, and names the staging run once there is one', async () => {
    const base = git('rev-parse', 'main');
    git('checkout', '-q', '-B', 'pr');
    await writeFiles(dir, {
      'intents/requests/web-prod.yaml': request({ app: 'web' }, 'environment: production\n'),
    });
    git('add', '-A');
    git('commit', '-qm', 'promote web');
    const first = await plan(base, git('rev-parse', 'HEAD'));
    expect(first.code, first.stderr).toBe(0);
    expect(planBody()).toContain('waits for staging: no run of work with these params in staging');

    // Staging ran on main (its record committed there), and the PR is updated from main.
    git('checkout', '-q', 'main');
    await writeFiles(dir, {
      'intents/requests/web-staging.yaml': request({ app: 'web' }, 'environment: staging\n'),
    });
    git('add', '-A');
    git('commit', '-qm', 'stage web');
    const ran = await cli(['--repo', dir, 'run', 'intents/requests/web-staging.yaml']);
    expect(ran.code, ran.stderr).toBe(0);
    git('add', '-A');
    git('commit', '-qm', 'record');
    const id = /^(exec-\S+)/m.exec(ran.stderr.replace(/^▶ /gm, ''))?.[1];
    git('checkout', '-q', 'pr');
    git('merge', '-q', '--no-edit', 'main');
    const second = await plan(git('rev-parse', 'main'), git('rev-parse', 'HEAD'));
    expect(second.code, second.stderr).toBe(0);
    expect(planBody()).toContain(`the same change succeeded in staging: ${id}`);
    expect(planBody()).toMatch(/\| work app=web .* in production \|/);
  });
});
