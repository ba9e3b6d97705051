import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type PlannedRun, writeHistory } from '../bench/gen-history.js';
import { BOT_IDENTITY } from '../src/domain/bot/bot-identity.js';
import { runAction } from './helpers/action-runner.js';
import { checkoutWithRemote, git } from './helpers/checkout.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { exampleIntents, must } from './helpers/learn-fixture.js';

// A reviewer's commit on a suggestion branch is never overwritten: when the suggestion changes,
// the weekly run leaves the branch, comments on the PR (one comment, edited), and says so in the
// ledger and the summary. Through the GitHub double, as the action runs on a runner.

let double: GitHubDouble;
let root: string;
let remote: string;
let work: string;
const NOW = Date.now();
const ID = 'anomaly-deploy-app-memory-spike';
const BRANCH = `intentops/learn/${ID}`;
const FILE = 'intents/policies/learned.yaml';
const spike = (h: number, app: string, after: number): PlannedRun => ({
  at: new Date(NOW - h * 3_600_000),
  intent: 'deploy-app',
  app,
  anomalies: [
    {
      rule: 'memory_spike',
      inputs: { 'after.metrics.memory_usage': after, 'before.metrics.memory_usage': 40 },
    },
  ],
});

beforeAll(async () => {
  double = await startGitHubDouble();
  const intents = await exampleIntents();
  ({ root, remote, work } = await checkoutWithRemote('intentops-learn-held-', intents, 'catalog'));
  double.state.writeFiles('main', intents, 'catalog');
}, 30_000);
afterAll(async () => {
  await double.stop();
  await rm(root, { recursive: true, force: true });
});

async function addHistory(runs: PlannedRun[]) {
  git(work, 'pull', '-q', '--rebase', 'origin', 'main');
  await writeHistory(work, runs);
  git(work, 'add', '-A');
  git(
    work,
    '-c',
    `user.name=${BOT_IDENTITY.name}`,
    '-c',
    `user.email=${BOT_IDENTITY.email}`,
    'commit',
    '-qm',
    'intentops: record',
  );
  git(work, 'push', '-q', 'origin', 'main');
}

async function learnRun() {
  git(work, 'pull', '-q', '--rebase', 'origin', 'main');
  const before = double.requests.length;
  const r = await runAction({
    inputs: { command: 'learn', 'github-token': 'ghs_test', 'repo-path': work, 'dry-run': 'false' },
    event: { schedule: '17 6 * * 1' },
    eventName: 'schedule',
    sha: git(work, 'rev-parse', 'HEAD'),
    apiUrl: double.url,
    cwd: work,
  });
  const calls = double.requests.slice(before);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const ledger = parse(git(remote, 'show', 'main:learning/ledger.yaml')).suggestions as Record<
    string,
    unknown
  >[];
  return {
    r,
    writes: calls.filter((c) => c.method !== 'GET').map((c) => c.operationId),
    entry: ledger.find((e) => e.id === ID),
  };
}

const pr = () => must([...double.state.issues.values()].find((i) => i.pull?.head === BRANCH));
const fileOnBranch = () =>
  String(must(double.state.commits.get(must(double.state.branchSha(BRANCH)))).files.get(FILE));

describe('action: weekly learn and a reviewer’s edit', () => {
  it('the bot’s own commits carry the suggestion trailer', async () => {
    await addHistory([spike(50, 'shop', 75), spike(40, 'billing', 80), spike(30, 'shop', 71)]);
    await learnRun();
    const tip = must(double.state.commits.get(must(double.state.branchSha(BRANCH))));
    expect(tip.message).toMatch(new RegExp(`\\n\\nIntentops-Suggestion: ${ID}$`));
  });

  it('a branch a reviewer committed to is not rewritten: the PR gets one comment, edited later', async () => {
    const edited = fileOnBranch().replace('value: 45', 'value: 40');
    const reviewer = double.state.writeFiles(BRANCH, { [FILE]: edited }, 'Tighten the headroom', {
      name: 'Alice',
      email: 'alice@example.com',
    });
    await addHistory([spike(20, 'search', 95)]);
    const first = await learnRun();
    expect(double.state.branchSha(BRANCH)).toBe(reviewer.sha);
    expect(fileOnBranch()).toBe(edited);
    expect(first.writes).toEqual(['issues/create-comment']);
    const comments = double.state.commentsOf(pr().number);
    expect(comments).toHaveLength(1);
    const body = String(comments[0]?.body);
    expect(body).toContain(`${reviewer.sha.slice(0, 7)} by Alice: Tighten the headroom`);
    expect(body).toContain('(4 occurrence(s)');
    expect(body.trimEnd().endsWith(`<!-- intentops:suggestion-held=${ID} -->`)).toBe(true);
    expect(first.entry).toMatchObject({ state: 'open', held: { commits: [reviewer.sha] } });
    expect(first.r.summary).toContain(
      `held: ${BRANCH} has commits intentops did not make (${reviewer.sha.slice(0, 7)})`,
    );

    // New evidence again: the same comment is edited, the branch still left alone.
    await addHistory([spike(10, 'auth', 99)]);
    const second = await learnRun();
    expect(second.writes).toEqual(['issues/update-comment']);
    expect(double.state.commentsOf(pr().number)).toHaveLength(1);
    expect(String(double.state.commentsOf(pr().number)[0]?.body)).toContain('(5 occurrence(s)');
    expect(double.state.branchSha(BRANCH)).toBe(reviewer.sha);

    // Nothing new: nothing written at all.
    const third = await learnRun();
    expect(third.writes).toEqual([]);
    expect(third.entry).toMatchObject({
      held: { since: (must(first.entry).held as { since: string }).since },
    });
    expect(double.rejected()).toEqual([]);
  }, 120_000);
});
