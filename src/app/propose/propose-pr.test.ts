import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { baseFiles } from '../../../test/helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from '../../../test/helpers/github-double.js';
import { makeRepo, removeRepo } from '../../../test/helpers/repo.js';
import { createOctokit, type GitHubClient } from '../../adapters/github/client.js';
import { githubPort } from '../../adapters/github/github-adapter.js';
import { draftProposal } from './propose.js';
import { openProposalPr } from './propose-pr.js';

// An agent's retry of `propose --pr` / propose_intent must not open a second pull request: the same
// intent, params and proposer within an hour (or while the first PR is open) find the first PR.

const T0 = new Date('2026-11-25T10:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

let double: GitHubDouble;
let octokit: GitHubClient;
let clock = T0;
let dir: string;
const repo = { owner: 'acme', repo: 'gitops' };

beforeAll(async () => {
  double = await startGitHubDouble({ clock: () => clock });
  double.state.writeFiles('main', { 'README.md': '# gitops\n' });
  octokit = createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' });
  dir = await makeRepo(baseFiles());
});
afterAll(async () => {
  await double.stop();
  await removeRepo(dir);
});
afterEach(() => {
  expect(double.rejected()).toEqual([]);
  // Each test starts with no open proposal PR: close what it left open.
  for (const issue of double.state.issues.values()) {
    if (issue.pull && issue.state === 'open') issue.state = 'closed';
  }
});

/** Drafts at `at` (the request file name carries that second) and proposes it as a PR then. */
async function proposeAt(at: Date, params: Record<string, string | number>, proposer = 'ops-agent') {
  clock = at;
  const p = await draftProposal(dir, { intent: 'work', params, reason: 'retry test', proposer, now: at });
  return openProposalPr(githubPort(octokit), repo, p, 'retry test', at);
}

const pullCount = () => [...double.state.issues.values()].filter((i) => i.pull).length;

describe('openProposalPr: a retry finds the first PR', () => {
  it('the same proposal ten minutes later returns the open PR and says it was not created', async () => {
    const before = pullCount();
    const first = await proposeAt(T0, { app: 'retry-a' });
    const again = await proposeAt(minutes(10), { app: 'retry-a' });
    expect(first).toMatchObject({ created: true, state: 'open' });
    expect(again).toMatchObject({ created: false, state: 'open', number: first.number, url: first.url });
    expect(again.path).toBe(first.path);
    expect(pullCount()).toBe(before + 1);
  });

  it('defaults filled in count as given: leaving out mem=10 is the same request', async () => {
    const first = await proposeAt(T0, { app: 'retry-b', mem: 10 });
    const again = await proposeAt(minutes(1), { app: 'retry-b' });
    expect(again).toMatchObject({ created: false, number: first.number });
  });

  it('different params in the same second get their own branch and their own PR', async () => {
    const one = await proposeAt(T0, { app: 'retry-c', mem: 1 });
    const two = await proposeAt(T0, { app: 'retry-c', mem: 2 });
    expect(one.created && two.created).toBe(true);
    expect(two.number).not.toBe(one.number);
    expect(two.branch).not.toBe(one.branch);
  });

  it('another proposer is another request', async () => {
    const one = await proposeAt(T0, { app: 'retry-d' }, 'ops-agent');
    const two = await proposeAt(minutes(1), { app: 'retry-d' }, 'other-agent');
    expect(two).toMatchObject({ created: true });
    expect(two.number).not.toBe(one.number);
  });

  it('a merged PR is returned within the hour; after the hour a new one is opened', async () => {
    const first = await proposeAt(T0, { app: 'retry-e' });
    clock = minutes(5);
    await octokit.rest.pulls.merge({ ...repo, pull_number: first.number });
    const retry = await proposeAt(minutes(40), { app: 'retry-e' });
    expect(retry).toMatchObject({ created: false, state: 'merged', number: first.number });
    const later = await proposeAt(minutes(61), { app: 'retry-e' });
    expect(later).toMatchObject({ created: true, state: 'open' });
    expect(later.number).not.toBe(first.number);
  });

  it('an open PR is returned however old it is: the request is still pending', async () => {
    const first = await proposeAt(T0, { app: 'retry-f' });
    const days = await proposeAt(minutes(3 * 24 * 60), { app: 'retry-f' });
    expect(days).toMatchObject({ created: false, state: 'open', number: first.number });
  });

  it('a PR closed without merging is returned within the hour, saying so', async () => {
    const first = await proposeAt(T0, { app: 'retry-g' });
    clock = minutes(2);
    await octokit.rest.pulls.update({ ...repo, pull_number: first.number, state: 'closed' });
    const retry = await proposeAt(minutes(30), { app: 'retry-g' });
    expect(retry).toMatchObject({ created: false, state: 'closed', number: first.number });
  });
});
