import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from './helpers/action-runner.js';
import { keepBody, unbalanced } from './helpers/bot-bodies.js';
import { baseFiles, request, WORK_INTENT } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble, type UserRecord } from './helpers/github-double.js';
import { writeFiles } from './helpers/repo.js';

// Approvals enforced twice: the plan's policy table counts the PR's reviews, and the merge counts
// them again — a merge past the checks (an admin merge) writes a `denied` record, runs no step and
// says why on the PR. Real git with a bare remote; the double knows the same commit ids.

const POLICY = `policies:
  - name: two-humans
    match: { intents: [work] }
    approvals: 2
`;
const DEV: UserRecord = { login: 'dev', id: 501, type: 'User' };
const ALICE: UserRecord = { login: 'alice', id: 502, type: 'User' };
const BOB: UserRecord = { login: 'bob', id: 503, type: 'User' };
const BOT: UserRecord = { login: 'helper[bot]', id: 504, type: 'Bot' };
/** A contributor who can review (anyone can, on a public repository) but not write. */
const EVE: UserRecord = { login: 'eve', id: 505, type: 'User' };
const TRIAGER: UserRecord = { login: 'tri', id: 506, type: 'User' };

let double: GitHubDouble;
let root: string;
let remote: string;
let work: string;
const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

beforeAll(async () => {
  double = await startGitHubDouble();
  double.state.grant(ALICE, 'write');
  double.state.grant(BOB, 'maintain');
  double.state.grant(DEV, 'write');
  double.state.grant(EVE, 'read');
  double.state.grant(TRIAGER, 'triage');
  root = await mkdtemp(join(tmpdir(), 'intentops-action-policy-'));
  remote = join(root, 'remote.git');
  work = join(root, 'work');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote]);
  execFileSync('git', ['clone', '-q', remote, work], { stdio: 'ignore' });
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 't');
  await writeFiles(work, {
    ...baseFiles(),
    'intents/policies/approvals.yaml': POLICY,
    // An intent no policy names: it runs without approvals beside a denied one.
    'intents/catalog/solo.yaml': WORK_INTENT.replace('name: work', 'name: solo'),
  });
  git('add', '-A');
  git('commit', '-qm', 'catalog');
  git('push', '-q', 'origin', 'main');
});

afterAll(async () => {
  await double.stop();
  await rm(root, { recursive: true, force: true });
});

/** Commits on the PR's branch and moves the same branch in the double: reviews then name this head. */
async function push(branch: string, files: Record<string, string>, message: string): Promise<string> {
  git('checkout', '-q', branch);
  await writeFiles(work, files);
  git('add', '-A');
  git('commit', '-qm', message);
  const sha = git('rev-parse', 'HEAD');
  double.state.adoptCommit(sha, message);
  double.state.refs.set(`heads/${branch}`, sha);
  return sha;
}

/** A PR by `dev` from a new branch off main: seeded in the double as GitHub would hold it. */
async function openPr(branch: string, files: Record<string, string>) {
  git('checkout', '-q', 'main');
  git('pull', '-q', '--rebase', 'origin', 'main');
  const base = git('rev-parse', 'HEAD');
  git('checkout', '-q', '-b', branch);
  const head = await push(branch, files, `request on ${branch}`);
  const s = double.state;
  const number = s.nextNumber();
  const now = s.now();
  s.issues.set(number, {
    ...{ number, id: s.nextId(), title: branch, body: null, state: 'open', stateReason: null },
    ...{ labels: [], user: DEV, locked: false, createdAt: now, updatedAt: now, closedAt: null },
    closedBy: null,
    pull: {
      ...{ head: branch, base: 'main', draft: false, merged: false, mergedAt: null },
      ...{ mergedBy: null, mergeCommitSha: null, maintainerCanModify: true },
    },
  });
  return { number, base, head };
}

/** What an admin merge does: the merge commit lands on main whatever the reviews say. */
function adminMerge(branch: string, number: number): { before: string; after: string } {
  git('checkout', '-q', 'main');
  const before = git('rev-parse', 'HEAD');
  git('merge', '-q', '--no-ff', branch, '-m', `Merge pull request #${number} from acme/${branch}`);
  git('push', '-q', 'origin', 'main');
  const after = git('rev-parse', 'HEAD');
  double.state.adoptCommit(after, 'merge', [before]);
  const issue = double.state.issues.get(number);
  if (!issue?.pull) throw new Error(`no PR #${number}`);
  const now = double.state.now();
  Object.assign(issue.pull, { merged: true, mergedAt: now, mergedBy: ALICE, mergeCommitSha: after });
  Object.assign(issue, { state: 'closed', closedAt: now, updatedAt: now, closedBy: ALICE });
  return { before, after };
}

const inputs = (command: string) => ({
  command,
  'github-token': 'ghs_test',
  'repo-path': work,
  'dry-run': 'false',
});

function plan(pr: { number: number; base: string; head: string }) {
  return runAction({
    inputs: inputs('plan'),
    event: {
      number: pr.number,
      pull_request: { number: pr.number, base: { sha: pr.base }, head: { sha: pr.head }, user: DEV },
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
const bodies = (pr: number) => double.state.commentsOf(pr).map((c) => c.body);

describe('action: approvals enforced at plan and at merge', () => {
  it('an admin merge with 1 of 2 approvals is denied: a record, no step, one comment on the PR', async () => {
    const pr = await openPr('req-web', { 'intents/requests/web.yaml': request({ app: 'web' }) });
    double.state.addReview(pr.number, 'APPROVED', ALICE);
    double.state.addReview(pr.number, 'APPROVED', DEV); // the author's own approval does not count
    double.state.addReview(pr.number, 'APPROVED', BOT); // nor a bot's

    const p = await plan(pr);
    expect(p.code, p.stdout + p.stderr).toBe(0);
    const planBody = bodies(pr.number).find((b) => b.includes('<!-- intentops:plan -->')) ?? '';
    expect(planBody).toContain(
      '1 of 2 required approval(s) (approved by alice; not counted: dev (the PR author), helper[bot] (a bot))',
    );

    const calls = double.requests.length;
    const r = await execute(adminMerge('req-web', pr.number));
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(double.requests.slice(calls).map((q) => q.operationId)).toEqual([
      'repos/list-pull-requests-associated-with-commit',
      'pulls/list-reviews',
      'repos/get-collaborator-permission-level',
      'issues/list-comments',
      'issues/create-comment',
      // The re-read after the write (action/outcome-sync.ts): a concurrent job drops no row.
      'issues/list-comments',
    ]);
    expect(r.outputs.status).toBe('denied');
    expect(r.stdout).toMatch(
      /::error::1 request\(s\) did not succeed: intents\/requests\/web\.yaml \(denied\)/,
    );
    const id = r.outputs['execution-ids'] ?? '';
    const record = remoteRecord(id) ?? '';
    expect(record).toContain('status: denied');
    expect(record).toContain('1 of 2 required approval(s)');
    expect(record).toContain('commands_run: []');
    expect(ran()).toBe(false);
    // The one outcome comment, its row for this request: no separate "did not run" comment.
    const denied = bodies(pr.number).filter((b) => b.includes('<!-- intentops:outcome -->'));
    expect(denied).toHaveLength(1);
    expect(bodies(pr.number).some((b) => b.includes('<!-- intentops:not-run='))).toBe(false);
    keepBody('outcome-denied', denied[0]);
    const text = denied[0] ?? '';
    // One term for the outcome (denied), the reason said once, the next action in its row.
    expect(text.split('\n', 1)[0]).toBe('### intentops did not run `web.yaml`: ⛔ denied');
    const row = text.split('\n').find((l) => l.startsWith('| `web.yaml` |')) ?? '';
    expect(row).toContain('⛔ denied, no step ran: two-humans/approvals: hold — 1 of 2 required approval(s)');
    expect(row).toContain(`<code>${id}</code>`);
    expect(row).toMatch(/\| To run it, meet the rules .* merge a new request\. \|$/);
    expect(text.match(/1 of 2 required approval/g)).toHaveLength(1);
    expect(text).not.toMatch(/did not allow|verdict/);
    expect(text.trimEnd().endsWith('<!-- intentops:outcome -->')).toBe(true);
    expect(unbalanced(text)).toEqual([]);
    expect(double.rejected()).toEqual([]);
  });

  it('an approval of an earlier head is stale: 1 fresh of 2 is still denied; a re-run comments once', async () => {
    const pr = await openPr('req-api', { 'intents/requests/api.yaml': request({ app: 'api' }) });
    double.state.addReview(pr.number, 'APPROVED', ALICE);
    await push('req-api', { 'intents/requests/api.yaml': request({ app: 'api', mem: 20 }) }, 'more');
    double.state.addReview(pr.number, 'APPROVED', BOB);
    const merged = adminMerge('req-api', pr.number);
    // The record's push is refused: a re-run on a fresh runner judges the merge again, same id.
    const hook = join(remote, 'hooks', 'pre-receive');
    await writeFile(hook, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    const first = await execute(merged);
    await rm(hook);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('alice (approved an earlier commit');
    git('reset', '-q', '--hard', merged.after);
    git('clean', '-fdq', 'executions');
    const r = await execute(merged);
    expect(r.code).toBe(1);
    expect(r.outputs.status).toBe('denied');
    expect(r.outputs['execution-ids']).toBe(first.outputs['execution-ids']);
    expect(r.stdout).toMatch(/outcome comment on #\d+ unchanged/);
    expect(remoteRecord(r.outputs['execution-ids'] ?? '')).toContain('1 of 2 required approval(s)');
    expect(ran()).toBe(false);
    expect(bodies(pr.number).filter((b) => b.includes('<!-- intentops:outcome -->'))).toHaveLength(1);
    expect(double.rejected()).toEqual([]);
  });

  it('with 2 fresh approvals the plan passes the rule and the merge executes', async () => {
    const pr = await openPr('req-db', { 'intents/requests/db.yaml': request({ app: 'db' }) });
    double.state.addReview(pr.number, 'APPROVED', ALICE);
    double.state.addReview(pr.number, 'COMMENTED', BOB);
    double.state.addReview(pr.number, 'APPROVED', BOB);
    const p = await plan(pr);
    expect(p.code).toBe(0);
    const planBody = bodies(pr.number).find((b) => b.includes('<!-- intentops:plan -->')) ?? '';
    expect(planBody).toContain('2 of 2 required approval(s) (approved by alice, bob)');

    const r = await execute(adminMerge('req-db', pr.number));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.status).toBe('success');
    expect(ran()).toBe(true);
    expect(bodies(pr.number).some((b) => b.includes('⛔ denied'))).toBe(false);
    expect(double.rejected()).toEqual([]);
  });

  it('approvals from reviewers without write access count neither at plan nor at merge', async () => {
    await rm(join(work, 'state'), { recursive: true, force: true }); // an earlier test ran its step
    const pr = await openPr('req-ro', { 'intents/requests/ro.yaml': request({ app: 'ro' }) });
    double.state.addReview(pr.number, 'APPROVED', ALICE);
    double.state.addReview(pr.number, 'APPROVED', EVE); // read: a drive-by reviewer
    double.state.addReview(pr.number, 'APPROVED', TRIAGER); // triage may label, not approve
    double.state.addReview(pr.number, 'APPROVED', { login: 'stranger', id: 507, type: 'User' }); // 404
    const p = await plan(pr);
    expect(p.code, p.stdout + p.stderr).toBe(0);
    const planBody = bodies(pr.number).find((b) => b.includes('<!-- intentops:plan -->')) ?? '';
    expect(planBody).toContain(
      '1 of 2 required approval(s) (approved by alice; not counted: eve (no write access (read)), tri (no write access (triage)), stranger (no write access (none)))',
    );

    const r = await execute(adminMerge('req-ro', pr.number));
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.outputs.status).toBe('denied');
    expect(remoteRecord(r.outputs['execution-ids'] ?? '') ?? '').toContain(
      '1 of 2 required approval(s) (approved by alice; not counted: eve (no write access (read))',
    );
    expect(ran()).toBe(false);
    expect(double.rejected()).toEqual([]);
  });

  it('a direct push (no PR) counts 0 approvals: denied, with the reason in the record', async () => {
    git('checkout', '-q', 'main');
    const before = git('rev-parse', 'HEAD');
    await writeFiles(work, { 'intents/requests/cache.yaml': request({ app: 'cache' }) });
    git('add', 'intents/requests/cache.yaml');
    git('commit', '-qm', 'direct');
    git('push', '-q', 'origin', 'main');
    const after = git('rev-parse', 'HEAD');
    double.state.adoptCommit(after, 'direct', [before]);
    const comments = double.state.comments.size;
    const r = await execute({ before, after });
    expect(r.code).toBe(1);
    expect(r.outputs.status).toBe('denied');
    expect(r.stdout).toContain('came from no pull request (a direct push): approvals count as 0');
    expect(remoteRecord(r.outputs['execution-ids'] ?? '')).toContain(
      '0 of 2 required approval(s) (a direct push, no pull request: counted as 0)',
    );
    expect(double.state.comments.size).toBe(comments);
    expect(double.rejected()).toEqual([]);
  });

  it('a PR that merged a denied request and one that ran gets one outcome comment: a row each, the reason once', async () => {
    await rm(join(work, 'state'), { recursive: true, force: true }); // an earlier test ran its step
    const pr = await openPr('req-mixed', {
      'intents/requests/gated.yaml': request({ app: 'gated' }),
      'intents/requests/free.yaml': 'intent: solo\nparams: { app: free }\nreason: test\n',
    });
    double.state.addReview(pr.number, 'APPROVED', ALICE);
    const r = await execute(adminMerge('req-mixed', pr.number));
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(ran()).toBe(true);
    const all = bodies(pr.number);
    expect(all.filter((b) => b.includes('<!-- intentops:outcome -->'))).toHaveLength(1);
    expect(all.some((b) => b.includes('<!-- intentops:not-run='))).toBe(false);
    const body = all.find((b) => b.includes('<!-- intentops:outcome -->')) ?? '';
    keepBody('outcome-mixed', body);
    expect(body.split('\n', 1)[0]).toBe('### intentops ran 2 requests: ⛔ 1 denied · ✅ 1 succeeded');
    const row = (name: string) => body.split('\n').find((l) => l.startsWith(`| \`${name}\` |`)) ?? '';
    expect(row('gated.yaml')).toContain('⛔ denied, no step ran: two-humans/approvals: hold — 1 of 2');
    expect(row('free.yaml')).toMatch(/\| ✅ succeeded in /);
    expect(body.match(/1 of 2 required approval/g)).toHaveLength(1);
    expect(unbalanced(body)).toEqual([]);
    expect(double.rejected()).toEqual([]);
  });
});
