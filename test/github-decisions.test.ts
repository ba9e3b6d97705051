import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOctokit } from '../src/adapters/github/client.js';
import { githubPort } from '../src/adapters/github/github-adapter.js';
import { claimIsLive } from '../src/app/execute/claim-live.js';
import { mergeFacts } from '../src/app/execute/merge-facts.js';
import { pullFacts } from '../src/app/plan/pull-facts.js';
import { rollbackTargets } from '../src/app/rollback/rollback-targets.js';
import type { GitHubPort } from '../src/app/shared/github-port.js';
import type { Claim } from '../src/domain/reconcile/claim.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';

// The decisions the action used to take itself (issue 25, item 2), now use-cases of app/: which
// approvals count on a plan and on a merge, and whether another run's claim still stands. Against
// the GitHub double, through the one port.

const repo = { owner: 'acme', repo: 'gitops' };
let double: GitHubDouble;
let dir: string;
const port = (): GitHubPort => githubPort(createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' }));

beforeAll(async () => {
  double = await startGitHubDouble();
  dir = await mkdtemp(join(tmpdir(), 'intentops-decisions-'));
  double.state.grant({ login: 'alice', id: 11, type: 'User' }, 'write');
  double.state.grant({ login: 'rita', id: 14, type: 'User' }, 'read');
});
afterAll(async () => {
  await double.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A PR from a new branch holding one request file, opened by the bot's token. */
async function openPr(github: GitHubPort, name: string) {
  const base = await github.branches.head(repo, 'main');
  await github.branches.create(repo, name, base);
  await github.contents.put(repo, {
    path: `intents/requests/${name}.yaml`,
    branch: name,
    message: name,
    text: 'intent: work\nparams: {}\n',
  });
  return github.pulls.create(repo, { head: name, base: 'main', title: name, body: '' });
}

describe('pullFacts: the approvals a plan counts', () => {
  it('counts approvals of the head by people with write access, not a reader, not the author', async () => {
    const github = port();
    const pr = await openPr(github, 'plan-approvals');
    double.state.addReview(pr.number, 'APPROVED', { login: 'alice', id: 11, type: 'User' });
    double.state.addReview(pr.number, 'APPROVED', { login: 'rita', id: 14, type: 'User' });
    const warned: string[] = [];
    const facts = await pullFacts(github, { ...repo, number: pr.number, repoDir: dir }, pr, (l) =>
      warned.push(l),
    );
    expect(facts.approvals).toBe(1);
    expect(facts.proposer).toBe(pr.user?.login);
    expect(facts.approvalDetail).toMatch(/approved by alice/);
    expect(facts.approvalDetail).toMatch(/rita/);
    expect(warned).toEqual([]);
    expect(double.rejected()).toEqual([]);
  });

  it('without a token, or when GitHub cannot be read, approvals are unknown (null) and it says why', async () => {
    const known = { head: { sha: 'a'.repeat(40) }, user: { login: 'bob' } };
    const where = { ...repo, number: 999, repoDir: dir };
    expect(await pullFacts(undefined, where, known, () => {})).toEqual({ approvals: null });
    const warned: string[] = [];
    double.failNext('get', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', 502, {
      message: 'bad gateway',
    });
    double.failNext('get', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', 502, {
      message: 'bad gateway',
    });
    double.failNext('get', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', 502, {
      message: 'bad gateway',
    });
    double.failNext('get', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', 502, {
      message: 'bad gateway',
    });
    const github = githubPort(
      createOctokit({ token: 't', baseUrl: double.url, pacing: 'none', retryBaseMs: 1 }),
    );
    expect(await pullFacts(github, where, known, (l) => warned.push(l))).toEqual({ approvals: null });
    expect(warned).toEqual([expect.stringMatching(/^could not read the pull request's reviews/)]);
  });
});

describe('mergeFacts: the approvals a merge is judged on', () => {
  it("the merge commit's PR gives the proposer, the approvals of its head and when it was opened", async () => {
    const github = port();
    const pr = await openPr(github, 'merge-approvals');
    double.state.addReview(pr.number, 'APPROVED', { login: 'alice', id: 11, type: 'User' });
    const gh = createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' });
    const { data: merged } = await gh.rest.pulls.merge({
      ...repo,
      pull_number: pr.number,
      merge_method: 'squash',
    });
    const said: string[] = [];
    const log = { info: (l: string) => said.push(l), warn: (l: string) => said.push(`warn: ${l}`) };
    const facts = await mergeFacts(github, { ...repo, repoDir: dir, sha: merged.sha }, log);
    expect(facts).toMatchObject({
      pr: pr.number,
      approvals: 1,
      approvalsFrom: { approvers: ['alice'], headSha: pr.head.sha, pr: pr.number },
      prOpenedAt: pr.created_at,
    });
    expect(said).toEqual([expect.stringMatching(new RegExp(`^#${pr.number} by .*approved by alice`))]);
    expect(double.rejected()).toEqual([]);
  });

  it('without a token nothing is approved: a policy that wants approvals denies (fail closed)', async () => {
    const facts = await mergeFacts(
      undefined,
      { ...repo, repoDir: dir, sha: 'b'.repeat(40) },
      {
        info: () => {},
        warn: () => {},
      },
    );
    expect(facts).toEqual({
      approvals: 0,
      approvalDetail: 'no token to read the pull request: counted as 0',
    });
  });
});

describe('claimIsLive: whether another run still holds a request', () => {
  const now = new Date('2026-12-06T04:00:00Z');
  const me = { run: { id: '7', attempt: 2 }, host: 'runner-a', pid: 5 };
  const claim = (over: Partial<Claim>): Claim => ({
    id: 'exec-1',
    request: 'intents/requests/a.yaml',
    commit: 'c'.repeat(40),
    claimed_at: '2026-12-06T03:50:00Z',
    host: 'runner-b',
    pid: 9,
    lease_until: '2026-12-06T10:00:00Z',
    ...over,
  });
  const check = (github: GitHubPort | undefined, warned: string[] = []) =>
    claimIsLive({ github, repo, me, now: () => now, pidAlive: () => false, warn: (l) => warned.push(l) });

  it('the claim and the lease answer without GitHub when they can', async () => {
    const live = check(undefined);
    expect(await live(claim({ lease_until: now.toISOString() }))).toBe(false);
    expect(await live(claim({ run: { id: '7', attempt: 1 } }))).toBe(false);
    expect(await live(claim({ run: { id: '7', attempt: 2 } }))).toBe(true);
    // Another GitHub run and no token to ask: live, so nothing runs twice.
    expect(await live(claim({ run: { id: '8', attempt: 1 } }))).toBe(true);
  });

  it("another run's claim asks GitHub; no such run (404) is over, an unanswered question counts as live", async () => {
    const github = githubPort(
      createOctokit({ token: 't', baseUrl: double.url, pacing: 'none', retryBaseMs: 1 }),
    );
    double.failNext('get', '/repos/{owner}/{repo}/actions/runs/{run_id}', 404, { message: 'Not Found' });
    expect(await check(github)(claim({ run: { id: '8', attempt: 1 } }))).toBe(false);
    const warned: string[] = [];
    double.failNext('get', '/repos/{owner}/{repo}/actions/runs/{run_id}', 403, { message: 'Forbidden' });
    expect(await check(github, warned)(claim({ run: { id: '8', attempt: 1 } }))).toBe(true);
    expect(warned).toEqual([
      expect.stringMatching(/^could not ask GitHub about run 8: .*treated as running$/),
    ]);
  });
});

describe('rollbackTargets: which executions a /rollback comment means', () => {
  const on = (o: { pullRequest?: boolean; body?: string; number?: number }) => ({
    number: o.number ?? 1,
    pullRequest: o.pullRequest ?? false,
    body: o.body,
  });

  it('the one named; on an incident issue the one it names, or a question when it names several or none', async () => {
    const github = port();
    const where = { ...repo, repoDir: dir };
    expect(
      await rollbackTargets(github, where, { asked: 'exec-a', on: on({ body: 'exec-b exec-c' }) }),
    ).toEqual({
      ids: ['exec-a'],
    });
    expect(
      await rollbackTargets(github, where, { asked: '', on: on({ body: 'ran exec-b, exec-b again' }) }),
    ).toEqual({
      ids: ['exec-b'],
    });
    expect(
      await rollbackTargets(github, where, { asked: '', on: on({ body: 'exec-b then exec-c' }) }),
    ).toEqual({
      reply:
        '`/rollback` needs the execution: comment `/rollback exec-…`. This issue names `exec-b`, `exec-c`.',
    });
    expect(await rollbackTargets(github, where, { asked: '', on: on({ body: 'nothing' }) })).toEqual({
      reply: '`/rollback` needs the execution: comment `/rollback exec-…`.',
    });
  });

  it('on a request PR that is not merged there is nothing to roll back, and the reply says how to name one', async () => {
    const github = port();
    const pr = await openPr(github, 'rollback-unmerged');
    const out = await rollbackTargets(
      github,
      { ...repo, repoDir: dir },
      { asked: '', on: on({ pullRequest: true, number: pr.number }) },
    );
    expect(out).toEqual({
      reply: '`/rollback` found no merged request with a record here: name it, e.g. `/rollback exec-…`.',
    });
    expect(double.rejected()).toEqual([]);
  });
});
