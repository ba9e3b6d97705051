import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createOctokit } from '../src/adapters/github/client.js';
import { runAction } from './helpers/action-runner.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { type GitOpsRemote, git, gitopsRemote } from './helpers/gitops-remote.js';
import { writeFiles } from './helpers/repo.js';

// Installing intentops into an empty GitOps repository as the README's "Install" section says:
// the npm package packed and unpacked (its dist/ is self-contained: no npm install, no
// node_modules), `intentops init`, then the action from that unpacked release, with the GitOps
// repository as the workspace, through validate, plan (GitHub double), execute and verify.

const ROOT = join(import.meta.dirname, '..');
let double: GitHubDouble;
let repo: GitOpsRemote;
let tmp: string;
let release: string;

const cliOf = (cwd: string, ...args: string[]) =>
  execFileSync(process.execPath, [join(release, 'dist', 'cli.js'), ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

beforeAll(async () => {
  double = await startGitHubDouble();
  tmp = await mkdtemp(join(tmpdir(), 'intentops-install-'));
  // npm pack (as `npm pack intentops@0` fetches the published one), then unpack it.
  const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
    .trim()
    .split('\n')
    .pop() as string;
  execFileSync('tar', ['xzf', join(tmp, tarball), '-C', tmp]);
  release = join(tmp, 'package');
  repo = await gitopsRemote('intentops-install-repo-', { 'README.md': '# our platform\n' });
  const gh = createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' });
  await gh.rest.issues.create({ owner: 'acme', repo: 'gitops', title: 'placeholder for PR #1' });
});

afterAll(async () => {
  await double.stop();
  await repo.cleanup();
  await rm(tmp, { recursive: true, force: true });
});

const action = (
  command: string,
  o: { cwd: string; event?: unknown; eventName?: string; inputs?: Record<string, string> },
) =>
  runAction({
    inputs: { command, 'github-token': 'ghs_test', 'dry-run': 'false', ...o.inputs },
    event: o.event ?? {},
    eventName: o.eventName ?? 'push',
    sha: git(o.cwd, 'rev-parse', 'HEAD'),
    apiUrl: double.url,
    cwd: o.cwd,
    entry: 'dist',
    actionDir: release,
  });

describe('install into an empty GitOps repository', { timeout: 300_000 }, () => {
  it('the unpacked release has no node_modules and is the action', async () => {
    expect(await readdir(release)).not.toContain('node_modules');
    expect(existsSync(join(release, 'action.yml'))).toBe(true);
    expect(cliOf(tmp, '--version').trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('init, validate, plan, execute, verify', async () => {
    const init = cliOf(repo.dev, 'init', '--action-repo', 'acme/intentops');
    expect(init).toContain('wrote  intents/execute.yaml');
    cliOf(repo.dev, 'validate');
    const initCommit = await repo.merge({}, 'intentops init');
    double.state.adoptCommit(initCommit, 'intentops init');

    // validate, as the verify workflow runs it on main
    const main1 = repo.checkout();
    const v = await action('validate', { cwd: main1 });
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.outputs.status).toBe('valid');

    // plan: a pull request adding a request, checked out as data in pr/
    git(repo.dev, 'checkout', '-q', '-b', 'hello');
    await writeFiles(repo.dev, {
      'intents/requests/hello.yaml':
        'intent: smoke-test\nparams: { message: hi there }\nreason: try the plan\n',
    });
    git(repo.dev, 'add', '-A');
    git(repo.dev, 'commit', '-qm', 'request hello');
    const head = git(repo.dev, 'rev-parse', 'HEAD');
    const workspace = join(tmp, 'plan-workspace');
    await mkdir(workspace);
    execFileSync('git', ['clone', '-q', repo.dev, join(workspace, 'pr')]);
    git(join(workspace, 'pr'), 'checkout', '-q', head);
    const p = await runAction({
      inputs: { command: 'plan', 'github-token': 'ghs_test', 'repo-path': 'pr' },
      event: { number: 1, pull_request: { number: 1, base: { sha: initCommit }, head: { sha: head } } },
      eventName: 'pull_request',
      sha: head,
      apiUrl: double.url,
      cwd: workspace,
      entry: 'dist',
      actionDir: release,
    });
    expect(p.code, p.stdout + p.stderr).toBe(0);
    expect(p.outputs.status).toBe('valid');
    const comments = [...double.state.comments.values()].map((c) => String(c.body));
    expect(comments.some((b) => b.includes('intents/requests/hello.yaml'))).toBe(true);
    git(repo.dev, 'checkout', '-q', 'main');

    // execute: the example request init wrote runs once (merged after execute.yaml's start)
    const main2 = repo.checkout();
    const e = await action('execute', {
      cwd: main2,
      event: { ref: 'refs/heads/main', after: initCommit, commits: [] },
    });
    expect(e.code, e.stdout + e.stderr).toBe(0);
    expect(e.outputs['execution-ids']).toContain('smoke-test');
    const records = repo.files().filter((f) => /^executions\/\d{4}-\d{2}-\d{2}\/.*\.yaml$/.test(f));
    expect(records).toHaveLength(1);
    const record = parse(repo.show(records[0] as string)) as { status: string };
    expect(record.status).toBe('success');

    // verify: the audit trail the execute job pushed
    const main3 = repo.checkout();
    const ver = await action('verify', { cwd: main3 });
    expect(ver.code, ver.stdout + ver.stderr).toBe(0);
    expect(ver.outputs.status).toBe('verified');
    expect(ver.summary).toContain('1 record(s)');
    expect(double.rejected()).toEqual([]);
  });
});
