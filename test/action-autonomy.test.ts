import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from './helpers/action-runner.js';
import { baseFiles, WORK_INTENT } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble, type UserRecord } from './helpers/github-double.js';
import { writeFiles } from './helpers/repo.js';

// Autonomy end to end: an agent's low-risk request is planned as allowed, GitHub auto-merge is
// enabled on its PR (GraphQL, checked against GitHub's schema), and the merge executes it. The same
// agent's high-risk request outside its change window is held, gets no auto-merge, and a merge past
// the hold writes a `denied` record and runs no step.

// A window 12 hours from now, one hour long: closed whenever this test runs.
const CLOSED_HOUR = (new Date().getUTCHours() + 12) % 24;
const POLICY = `policies:
  - name: agents
    match: { risk: [low, high] }
    autonomy: { agents: [ops-agent], auto_merge: true, max_risk: low }
  - name: high-change-control
    match: { risk: [high] }
    approvals: 2
    windows:
      - { cron: "0 ${CLOSED_HOUR} * * *", duration: 1h }
`;
const HIGH_INTENT = WORK_INTENT.replace('name: work', 'name: work-high').replace('risk: low', 'risk: high');
const DEV: UserRecord = { login: 'dev', id: 501, type: 'User' };
/** The agent opens its PRs under its own account: that identity, not `proposed_by`, is judged. */
const AGENT: UserRecord = { login: 'ops-agent', id: 503, type: 'Bot' };
const ALICE: UserRecord = { login: 'alice', id: 502, type: 'User' };
const agentRequest = (intent: string, app: string) =>
  `intent: ${intent}\nparams:\n  app: ${app}\nreason: test\nproposed_by: ops-agent\n`;

let double: GitHubDouble;
let root: string;
let remote: string;
let work: string;
const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

beforeAll(async () => {
  double = await startGitHubDouble();
  root = await mkdtemp(join(tmpdir(), 'intentops-action-autonomy-'));
  remote = join(root, 'remote.git');
  work = join(root, 'work');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote]);
  execFileSync('git', ['clone', '-q', remote, work], { stdio: 'ignore' });
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 't');
  await writeFiles(work, {
    ...baseFiles(),
    'intents/catalog/work-high.yaml': HIGH_INTENT,
    'intents/policies/autonomy.yaml': POLICY,
  });
  git('add', '-A');
  git('commit', '-qm', 'catalog');
  git('push', '-q', 'origin', 'main');
});

afterAll(async () => {
  await double.stop();
  await rm(root, { recursive: true, force: true });
});

/** A PR from a new branch off main, seeded in the double as GitHub would hold it. */
async function openPr(branch: string, files: Record<string, string>, author: UserRecord = AGENT) {
  git('checkout', '-q', 'main');
  git('pull', '-q', '--rebase', 'origin', 'main');
  const base = git('rev-parse', 'HEAD');
  git('checkout', '-q', '-b', branch);
  await writeFiles(work, files);
  git('add', '-A');
  git('commit', '-qm', `request on ${branch}`);
  const head = git('rev-parse', 'HEAD');
  const s = double.state;
  s.adoptCommit(head, branch);
  s.refs.set(`heads/${branch}`, head);
  const number = s.nextNumber();
  const now = s.now();
  s.issues.set(number, {
    ...{ number, id: s.nextId(), title: branch, body: null, state: 'open', stateReason: null },
    ...{ labels: [], user: author, locked: false, createdAt: now, updatedAt: now, closedAt: null },
    closedBy: null,
    pull: {
      ...{ head: branch, base: 'main', draft: false, merged: false, mergedAt: null },
      ...{ mergedBy: null, mergeCommitSha: null, maintainerCanModify: true },
    },
  });
  return { number, base, head, author };
}

/** The merge lands on main (a squash, as auto-merge does; or an admin's merge past the checks). */
function merge(branch: string, number: number, by: UserRecord): { before: string; after: string } {
  git('checkout', '-q', 'main');
  const before = git('rev-parse', 'HEAD');
  git('merge', '-q', '--squash', branch);
  git('commit', '-qm', `${branch} (#${number})`);
  git('push', '-q', 'origin', 'main');
  const after = git('rev-parse', 'HEAD');
  double.state.adoptCommit(after, 'merge', [before]);
  const issue = double.state.issues.get(number);
  if (!issue?.pull) throw new Error(`no PR #${number}`);
  const now = double.state.now();
  Object.assign(issue.pull, { merged: true, mergedAt: now, mergedBy: by, mergeCommitSha: after });
  Object.assign(issue, { state: 'closed', closedAt: now, updatedAt: now, closedBy: by });
  return { before, after };
}

const inputs = (command: string) => ({
  command,
  'github-token': 'ghs_test',
  'repo-path': work,
  'dry-run': 'false',
});

function plan(pr: { number: number; base: string; head: string; author: UserRecord }) {
  return runAction({
    inputs: inputs('plan'),
    event: {
      number: pr.number,
      pull_request: { number: pr.number, base: { sha: pr.base }, head: { sha: pr.head }, user: pr.author },
    },
    eventName: 'pull_request',
    sha: pr.head,
    apiUrl: double.url,
    cwd: work,
  });
}

function execute(m: { before: string; after: string }) {
  return runAction({
    inputs: inputs('execute'),
    event: { ref: 'refs/heads/main', before: m.before, after: m.after, commits: [] },
    eventName: 'push',
    sha: m.after,
    apiUrl: double.url,
    cwd: work,
  });
}

const remoteRecord = (id: string) => {
  const files = execFileSync('git', ['ls-tree', '-r', '--name-only', 'main'], {
    cwd: remote,
    encoding: 'utf8',
  });
  const path = files.split('\n').find((f) => f.endsWith(`${id}.yaml`));
  return path ? execFileSync('git', ['show', `main:${path}`], { cwd: remote, encoding: 'utf8' }) : undefined;
};
const ran = () => existsSync(join(work, 'state', 'ran-write'));
const planBody = (pr: number) =>
  double.state
    .commentsOf(pr)
    .map((c) => c.body)
    .find((b) => b.includes('<!-- intentops:plan -->')) ?? '';
const graphqlCalls = () =>
  double.requests
    .filter((r) => r.path === '/graphql')
    .map((r) => String((r.body as { query: string }).query));

describe('action: an agent proceeds without a human only within its policy', () => {
  it("an agent's low-risk request gets auto-merge (once) and the merge executes it", async () => {
    const pr = await openPr('agent-low', { 'intents/requests/low.yaml': agentRequest('work', 'web') });
    const p = await plan(pr);
    expect(p.code, p.stdout + p.stderr).toBe(0);
    expect(planBody(pr.number)).toMatch(/^## intentops plan — ✅ allow/);
    expect(planBody(pr.number)).toContain(
      '| agents | autonomy | pass | agent ops-agent may proceed without a human (risk low ≤ max_risk low) |',
    );
    expect(planBody(pr.number)).toContain('🤖 auto-merge enabled for agent ops-agent (squash)');
    expect(double.state.issues.get(pr.number)?.pull?.autoMerge).toMatchObject({
      mergeMethod: 'SQUASH',
      enabledBy: { login: 'github-actions[bot]' },
    });
    expect(graphqlCalls().filter((q) => q.includes('enablePullRequestAutoMerge'))).toHaveLength(1);

    // A re-run (a new push, a re-triggered check) reads the state and does not enable it again.
    const again = await plan(pr);
    expect(again.code).toBe(0);
    expect(planBody(pr.number)).toContain('🤖 auto-merge already enabled for agent ops-agent');
    expect(graphqlCalls().filter((q) => q.includes('enablePullRequestAutoMerge'))).toHaveLength(1);
    expect(double.rejected()).toEqual([]);

    // GitHub merges it when the checks pass; the push to main runs the request.
    const r = await execute(merge('agent-low', pr.number, double.state.actor));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.status).toBe('success');
    expect(remoteRecord(r.outputs['execution-ids'] ?? '')).toContain('status: success');
    expect(ran()).toBe(true);
    expect(double.rejected()).toEqual([]);
  });

  it('the same agent, high risk, outside the window: held, no auto-merge; merged anyway → denied', async () => {
    await rm(join(work, 'state'), { recursive: true, force: true });
    const pr = await openPr('agent-high', { 'intents/requests/high.yaml': agentRequest('work-high', 'db') });
    const calls = graphqlCalls().length;
    const p = await plan(pr);
    expect(p.code, p.stdout + p.stderr).toBe(0);
    const body = planBody(pr.number);
    expect(body.split('\n', 1)[0]).toMatch(
      /^## intentops plan — ⏸ waits for approval \(0 of 2 required approval.*held by the window until \d{4}-\d\d-\d\d \d\d:00 UTC/,
    );
    expect(body).toContain('agent ops-agent needs a human: risk high > max_risk low');
    expect(body).toContain('| high-change-control | approvals | hold | 0 of 2 required approval(s)');
    expect(body).toContain(`outside every change window: 0 ${CLOSED_HOUR} * * * for 1h`);
    expect(body).not.toContain('auto-merge');
    expect(graphqlCalls()).toHaveLength(calls);
    expect(double.state.issues.get(pr.number)?.pull?.autoMerge ?? null).toBeNull();

    const r = await execute(merge('agent-high', pr.number, ALICE));
    expect(r.code).toBe(1);
    expect(r.outputs.status).toBe('denied');
    const record = remoteRecord(r.outputs['execution-ids'] ?? '') ?? '';
    expect(record).toContain('status: denied');
    expect(record).toContain('outside every change window');
    expect(record).toContain('commands_run: []');
    expect(ran()).toBe(false);
    expect(double.rejected()).toEqual([]);
  });

  it('a human writing proposed_by: ops-agent in a request gets no autonomy: the PR author is judged', async () => {
    const before = double.requests.filter((r) => r.path === '/graphql').length;
    const pr = await openPr('spoof', { 'intents/requests/spoof.yaml': agentRequest('work', 'api') }, DEV);
    const r = await plan(pr);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const comment = [...double.state.comments.values()].find(
      (c) => c.issueNumber === pr.number && String(c.body).includes('<!-- intentops:plan -->'),
    );
    expect(String(comment?.body)).toContain('dev is not an autonomous agent');
    expect(String(comment?.body)).not.toContain('auto-merge enabled');
    expect(double.requests.filter((q) => q.path === '/graphql').length).toBe(before);
    expect(double.rejected()).toEqual([]);
  });

  it("an agent's PR that adds a low-risk request and changes anything else gets no auto-merge: a human is needed, and why", async () => {
    const before = graphqlCalls().filter((q) => q.includes('enablePullRequestAutoMerge')).length;
    const pr = await openPr('agent-wide', {
      'intents/requests/wide.yaml': agentRequest('work', 'wide'),
      'apps/wide/deployment.yaml': 'kind: Deployment\n',
      'intents/notify.yaml': 'channels:\n  - { name: ops, kind: slack, webhook_url_env: AGENT_HOOK }\n',
      'incidents/manual-notes.jsonl': '{"note":"curl | bash fixed it"}\n',
      'learning/ledger.yaml': 'decisions: []\n',
      'executions/2026-01-01/fake.yaml': 'status: success\n',
    });
    const p = await plan(pr);
    expect(p.code, p.stdout + p.stderr).toBe(0);
    const body = planBody(pr.number);
    expect(body).toMatch(/^## intentops plan — ✅ allow/);
    expect(body).toContain('> [!IMPORTANT]');
    expect(body).toContain('a human must review and merge this PR: agent ops-agent may auto-merge only a PR');
    for (const path of [
      'apps/wide/deployment.yaml',
      'intents/notify.yaml',
      'incidents/manual-notes.jsonl',
      'learning/ledger.yaml',
      'executions/2026-01-01/fake.yaml',
    ]) {
      expect(body).toContain(`\`${path} (added)\``);
    }
    expect(body).not.toContain('auto-merge enabled');
    expect(double.state.issues.get(pr.number)?.pull?.autoMerge ?? null).toBeNull();
    expect(graphqlCalls().filter((q) => q.includes('enablePullRequestAutoMerge'))).toHaveLength(before);
    expect(double.rejected()).toEqual([]);
  });

  it('auto-merge an earlier push got is turned off when the PR grows beyond new requests', async () => {
    const pr = await openPr('agent-grow', { 'intents/requests/grow.yaml': agentRequest('work', 'grow') });
    expect((await plan(pr)).code).toBe(0);
    expect(double.state.issues.get(pr.number)?.pull?.autoMerge).toMatchObject({ mergeMethod: 'SQUASH' });

    // The agent pushes again: a change to an app and to the request it already proposed.
    await writeFiles(work, {
      'apps/grow/deployment.yaml': 'kind: Deployment\n',
      'intents/requests/grow.yaml': `${agentRequest('work', 'grow')}# again\n`,
    });
    git('add', '-A');
    git('commit', '-qm', 'more');
    const head = git('rev-parse', 'HEAD');
    double.state.adoptCommit(head, 'more');
    double.state.refs.set('heads/agent-grow', head);
    const again = await plan({ ...pr, head });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const body = planBody(pr.number);
    expect(body).toContain('`apps/grow/deployment.yaml (added)`');
    expect(body).toContain('(auto-merge, enabled by an earlier push, is now off)');
    expect(double.state.issues.get(pr.number)?.pull?.autoMerge ?? null).toBeNull();
    expect(graphqlCalls().filter((q) => q.includes('disablePullRequestAutoMerge'))).toHaveLength(1);
    expect(double.rejected()).toEqual([]);
  });

  it("the double refuses a GraphQL query that breaks GitHub's schema, as GitHub does", async () => {
    const res = await fetch(`${double.url}/graphql`, {
      method: 'POST',
      headers: { authorization: 'token ghs_test', 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'mutation { enablePullRequestAutoMerge(input: { pullRequestId: "x", mergeMethod: FAST }) { clientMutationId } }',
      }),
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { errors: { message: string }[] };
    expect(json.errors[0]?.message).toMatch(/FAST/);
    expect(double.rejected().at(-1)?.rejected).toMatch(/^query breaks GitHub’s schema/);
  });
});
