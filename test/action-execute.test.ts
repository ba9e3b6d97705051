import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from './helpers/action-runner.js';
import { checkoutWithRemote, git } from './helpers/checkout.js';
import { baseFiles, request } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { writeFiles } from './helpers/repo.js';

// The action on a push to main, run as a runner runs it: a real checkout with a bare remote, the
// GitHub double for incident issues.

let double: GitHubDouble;
let root: string;
let remote: string;
let work: string;

beforeAll(async () => {
  double = await startGitHubDouble();
  ({ root, remote, work } = await checkoutWithRemote('intentops-action-exec-', baseFiles(), 'catalog'));
});

afterAll(async () => {
  await double.stop();
  await rm(root, { recursive: true, force: true });
});

async function merge(
  files: Record<string, string>,
  message: string,
): Promise<{ before: string; after: string }> {
  git(work, 'pull', '-q', '--rebase', 'origin', 'main');
  const before = git(work, 'rev-parse', 'HEAD');
  await writeFiles(work, files);
  git(work, 'add', '--', ...Object.keys(files));
  git(work, 'commit', '-qm', message);
  git(work, 'push', '-q', 'origin', 'main');
  const after = git(work, 'rev-parse', 'HEAD');
  double.state.adoptCommit(after, message); // a direct push: GitHub knows the commit, no PR
  return { before, after };
}

function execute(push: { before: string; after: string }) {
  return runAction({
    inputs: { command: 'execute', 'github-token': 'ghs_test', 'repo-path': work, 'dry-run': 'false' },
    event: { ref: 'refs/heads/main', before: push.before, after: push.after, commits: [] },
    eventName: 'push',
    sha: push.after,
    apiUrl: double.url,
    cwd: work,
  });
}

const remoteFiles = () => git(remote, 'ls-tree', '-r', '--name-only', 'main').split('\n');

describe('action: execute on merge', () => {
  it('runs the added request once, commits its record, files its incident; a re-run skips', async () => {
    const push = await merge(
      { 'intents/requests/web.yaml': request({ app: 'web', restarts: 2 }) },
      'merge: web',
    );
    const r = await execute(push);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.status).toBe('success');
    const id = r.outputs['execution-ids'] ?? '';
    expect(id).toMatch(/^exec-\d{8}-\d{6}-work-web-[0-9a-f]{6}$/);
    expect(remoteFiles().filter((f) => /^executions\/\d{4}-/.test(f))).toEqual([
      expect.stringContaining(`${id}.yaml`),
    ]);
    expect(r.summary).toContain('| `intents/requests/web.yaml` | ✅ success | web |');
    // unexpected_restart (0 → 2) is a create_incident_draft rule: one issue, with its labels
    const issues = [...double.state.issues.values()];
    expect(issues).toHaveLength(1);
    expect(double.rejected()).toEqual([]);
    const calls = double.requests.length;

    const again = await execute(push);
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs.status).toBe('skipped');
    expect(again.summary).toContain('Every merged request has its record');
    expect(double.requests.length).toBe(calls); // no API call for a skipped request
    expect(remoteFiles().filter((f) => /^executions\/\d{4}-/.test(f))).toHaveLength(1);
  });

  it('a failed intent fails the job after its record is committed', async () => {
    const push = await merge(
      { 'intents/requests/db.yaml': request({ app: 'db', fail_step: true }) },
      'merge: db',
    );
    const r = await execute(push);
    expect(r.code).toBe(1);
    expect(r.outputs.status).toBe('failed');
    expect(r.stdout).toMatch(
      /::error::1 request\(s\) did not succeed: intents\/requests\/db\.yaml \(failed\)/,
    );
    const id = r.outputs['execution-ids'] ?? '';
    expect(remoteFiles().some((f) => f.endsWith(`${id}.yaml`))).toBe(true);
  });
});
