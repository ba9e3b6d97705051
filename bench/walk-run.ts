// One walk for bench/walk.mjs: `tsx bench/walk-run.ts <tree> <trace-out>`. Sets up what
// test/action-execute.test.ts does (a checkout with a bare remote, the GitHub double, a merged request
// that restarts web and files an incident), then runs the action's execute from <tree>/src as a runner
// runs it, with walk-trace.mjs recording the functions it enters. Prints the action's exit code.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkoutWithRemote, git } from '../test/helpers/checkout.js';
import { baseFiles, request } from '../test/helpers/fixture-catalog.js';
import { startGitHubDouble } from '../test/helpers/github-double.js';
import { writeFiles } from '../test/helpers/repo.js';

const [tree, out] = process.argv.slice(2) as [string, string];
const ROOT = join(import.meta.dirname, '..');

const double = await startGitHubDouble();
const { root, work } = await checkoutWithRemote('intentops-walk-', baseFiles(), 'catalog');
const before = git(work, 'rev-parse', 'HEAD');
await writeFiles(work, { 'intents/requests/web.yaml': request({ app: 'web', restarts: 2 }) });
git(work, 'add', '-A');
git(work, 'commit', '-qm', 'merge: web');
git(work, 'push', '-q', 'origin', 'main');
const after = git(work, 'rev-parse', 'HEAD');
double.state.adoptCommit(after, 'merge: web');

const dir = await mkdtemp(join(tmpdir(), 'intentops-walk-runner-'));
const files = { event: join(dir, 'event.json'), output: join(dir, 'output'), summary: join(dir, 'summary') };
await writeFile(files.event, JSON.stringify({ ref: 'refs/heads/main', before, after, commits: [] }));
await writeFile(files.output, '');
await writeFile(files.summary, '');
const trace = pathToFileURL(join(ROOT, 'bench', 'walk-trace.mjs'));
trace.searchParams.set('root', tree);
trace.searchParams.set('out', out);
const child = spawn(
  process.execPath,
  [
    '--import',
    pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')).href,
    '--import',
    trace.href,
    join(tree, 'src', 'action', 'index.ts'),
  ],
  {
    cwd: work,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'acme/gitops',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: files.event,
      GITHUB_SHA: after,
      GITHUB_API_URL: double.url,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_RUN_ID: '42',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_TEMP: dir,
      INPUT_COMMAND: 'execute',
      'INPUT_GITHUB-TOKEN': 'ghs_walk',
      'INPUT_REPO-PATH': work,
      'INPUT_DRY-RUN': 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
let log = '';
child.stdout.on('data', (d) => {
  log += String(d);
});
child.stderr.on('data', (d) => {
  log += String(d);
});
const code = await new Promise<number | null>((r) => child.on('close', r));
const status = /^status<<([^\n]+)\n([^\n]*)/m.exec(await readFile(files.output, 'utf8'))?.[2];
await double.stop();
await rm(root, { recursive: true, force: true });
await rm(dir, { recursive: true, force: true });
if (code !== 0 || status !== 'success') {
  process.stderr.write(log);
  throw new Error(`the action's execute in ${tree} exited ${code} (status ${status})`);
}
console.log(JSON.stringify({ code, status, issues: double.state.issues.size }));
