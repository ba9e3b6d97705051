import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
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

/** A second create_incident_draft rule, so one failed run fires two. */
const MEMORY_RULE = `anomaly_rules:
  - name: memory_high
    condition: "after.metrics.memory_usage > 50"
    severity: P2
    action: create_incident_draft
`;

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
    // The record, and its line in the day's fact index committed with it (merged as a union).
    expect(remoteFiles().filter((f) => /^executions\/\d{4}-/.test(f))).toEqual([
      expect.stringContaining(`${id}.yaml`),
      expect.stringMatching(/^executions\/\d{4}-\d{2}-\d{2}\/fact-index\.jsonl$/),
    ]);
    expect(remoteFiles()).toContain('.gitattributes');
    expect(r.summary).toMatch(/\| \[<code>web\.yaml<\/code>\]\([^)]+\) \| ✅ success in [^|]+ \| web \|/);
    // The record says it came from the action's run, apart from local runs' records.
    const path = remoteFiles().find((f) => f.endsWith(`${id}.yaml`)) ?? '';
    expect(parse(git(remote, 'show', `main:${path}`)).origin).toEqual({
      kind: 'github',
      run_url: 'https://github.example/acme/gitops/actions/runs/42',
    });
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
    expect(remoteFiles().filter((f) => /^executions\/\d{4}-.*\.yaml$/.test(f))).toHaveLength(1);
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

  it('a failed deploy that fires two rules opens one incident: severity and next action first, its anomalies as rows', async () => {
    const issuesBefore = double.state.issues.size;
    const push = await merge(
      {
        'intents/anomaly-rules/work.yaml': MEMORY_RULE,
        'intents/requests/shop.yaml': request({ app: 'shop', mem: 86, restarts: 1, fail_step: true }),
      },
      'merge: shop',
    );
    const r = await execute(push);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const id = r.outputs['execution-ids'] ?? '';
    const opened = [...double.state.issues.values()].slice(issuesBefore);
    expect(opened.map((i) => i.title)).toEqual(['Work shop: failed — unexpected restart, memory high']);
    const body = opened[0]?.body ?? '';
    const [first, second, third] = body.split('\n').filter((l) => l.trim() !== '');
    // What a reader needs first: severity, what happened to what, since when (with its zone) …
    expect(first).toMatch(
      /^\*\*P2\*\* · \*\*Failing\*\* · `work` on `shop` since \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
    );
    // … and the next action.
    expect(second).toContain(`\`/rollback ${id}\``);
    expect(third).toMatch(/^\| Signal \| Before \| After \|/);
    expect(body).toMatch(/^\| Restarts \| 0 \| 1 \|$/m);
    expect(body).toMatch(/^\| memory_usage \| \S+ \| 86 \|$/m);
    // One row per anomaly; every timeline line has its time.
    expect(body).toMatch(/^\| `unexpected_restart` \| P2 \|/m);
    expect(body).toMatch(/^\| `memory_high` \| P2 \|/m);
    const timeline = body.split('## Timeline')[1]?.split('\n## ')[0] ?? '';
    const lines = timeline.split('\n').filter((l) => l.startsWith('- '));
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) expect(l).toMatch(/^- \d\d:\d\d:\d\d /);
    // The postmortem's sections, and no @mention anywhere.
    for (const h of ['Summary', 'Impact', 'Trigger', 'Detection', 'Mitigation', 'Root cause', 'Action items'])
      expect(body).toMatch(new RegExp(`^### ${h}$`, 'm'));
    expect(body).not.toMatch(/(^|[^\w`])@[A-Za-z0-9]/m);
    expect(double.rejected()).toEqual([]);
  });
});
