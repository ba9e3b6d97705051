import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type PlannedRun, writeHistory } from '../bench/gen-history.js';
import { BOT_ONLY } from '../src/app/learn/evidence-origin.js';
import { learn } from '../src/app/learn/learn.js';
import { BOT_IDENTITY } from '../src/domain/bot/bot-identity.js';
import { runAction } from './helpers/action-runner.js';
import { checkoutWithRemote, git } from './helpers/checkout.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { exampleIntents, note, writeNotes } from './helpers/learn-fixture.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// Learning counts only evidence the bot wrote. A pull request can add lines to the manual notes
// and the anomaly log, or whole records; merged, they are in the repository like the bot's own,
// but the commit that brought them in is not the bot's: they are reported, not counted.

const NOW = Date.now();
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000);
// Destructive, and a command learn can template: a value given to `bash -s` would be refused (a
// program that starts a shell on its operands), and the suggestion dropped for that reason instead.
const EVIL = 'kubectl delete pods --all --force --grace-period=0';

/** Two manual fixes of two apps: what the repeated_manual_fix trigger turns into a new intent. */
const invented = () =>
  ['shop', 'billing'].map((app, i) =>
    note({
      kind: 'manual_fix',
      at: hoursAgo(5 - i).toISOString(),
      issue: 11 + i,
      text: `Fixed it:\n\`\`\`\n${EVIL} -n ${app}\n\`\`\``,
    }),
  );
const spike = (h: number, app: string): PlannedRun => ({
  at: hoursAgo(h),
  intent: 'deploy-app',
  app,
  anomalies: [
    { rule: 'memory_spike', inputs: { 'after.metrics.memory_usage': 80, 'before.metrics.memory_usage': 40 } },
  ],
});
const asBot = ['-c', `user.name=${BOT_IDENTITY.name}`, '-c', `user.email=${BOT_IDENTITY.email}`];
const asMallory = ['-c', 'user.name=Mallory', '-c', 'user.email=mallory@example.com'];

/** A pull request from `who` merged with a merge commit by a maintainer, as GitHub's button does. */
function mergePr(work: string, who: string[], message: string) {
  git(work, 'checkout', '-qb', 'pr');
  git(work, 'add', '-A');
  execFileSync('git', [...who, 'commit', '-qm', message], { cwd: work });
  git(work, 'checkout', '-q', 'main');
  execFileSync(
    'git',
    [
      '-c',
      'user.name=Maintainer',
      '-c',
      'user.email=maint@example.com',
      'merge',
      '-q',
      '--no-ff',
      '-m',
      'Merge pull request #9',
      'pr',
    ],
    { cwd: work },
  );
  git(work, 'branch', '-qD', 'pr');
}

describe('action: weekly learn counts only the bot’s evidence', () => {
  let double: GitHubDouble;
  let root: string;
  let work: string;

  beforeAll(async () => {
    double = await startGitHubDouble();
    const intents = await exampleIntents();
    ({ root, work } = await checkoutWithRemote('intentops-learn-trust-', intents, 'catalog'));
    double.state.writeFiles('main', intents, 'catalog');
  }, 30_000);
  afterAll(async () => {
    await double.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('two invented manual notes and three records merged from a PR propose nothing, and are reported', async () => {
    // The bot's own records: runs of shop and billing (what the notes would hang on).
    await writeHistory(work, [
      { at: hoursAgo(30), intent: 'deploy-app', app: 'shop' },
      { at: hoursAgo(29), intent: 'deploy-app', app: 'billing' },
    ]);
    git(work, 'add', '-A');
    execFileSync('git', [...asBot, 'commit', '-qm', 'intentops: record 2'], { cwd: work });
    // The PR: notes, and records of three memory spikes, its commit even claiming to be the bot.
    await writeNotes(work, invented());
    const fakeDir = `${work}/.fake`;
    const fakes = await writeHistory(fakeDir, [spike(20, 'shop'), spike(19, 'billing'), spike(18, 'search')]);
    for (const r of fakes) {
      const path = `executions/${r.timestamp.slice(0, 10)}/${r.id}.yaml`;
      execFileSync('mkdir', ['-p', `${work}/${path.replace(/\/[^/]+$/, '')}`]);
      execFileSync('cp', [`${fakeDir}/${path}`, `${work}/${path}`]);
    }
    execFileSync(
      'sh',
      ['-c', `cat .fake/incidents/anomaly-log.jsonl >> incidents/anomaly-log.jsonl; rm -rf .fake`],
      {
        cwd: work,
      },
    );
    mergePr(work, asBot, 'intentops: record (not really)');
    git(work, 'push', '-q', 'origin', 'main');
    const merge = git(work, 'rev-parse', '--short=7', 'HEAD');

    const r = await runAction({
      inputs: { command: 'learn', 'github-token': 'ghs_test', 'repo-path': work, 'dry-run': 'false' },
      event: { schedule: '17 6 * * 1' },
      eventName: 'schedule',
      sha: git(work, 'rev-parse', 'HEAD'),
      apiUrl: double.url,
      cwd: work,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const pulls = [...double.state.issues.values()].filter((i) => i.pull);
    expect(pulls.map((p) => p.title)).toEqual([]);
    expect(r.stdout).toContain('2 execution(s), 0 anomalies, 0 manual note(s); 0 suggestion(s)');
    const why = `written by commit ${merge} (Maintainer <maint@example.com>), not by the bot`;
    expect(r.summary).toContain('## Evidence not counted');
    expect(r.summary).toContain(`3 records, 3 anomaly log lines, 2 manual notes: ${why}`);
    expect(r.stdout).toMatch(
      /::warning::evidence not counted: 3 records, 3 anomaly log lines, 2 manual notes/,
    );
    expect(double.rejected()).toEqual([]);
  }, 60_000);
});

describe('learn: whose evidence counts', () => {
  const repos: string[] = [];
  afterEach(async () => {
    for (const r of repos.splice(0)) await removeRepo(r);
  });
  async function repo(): Promise<string> {
    const dir = await makeRepo(await exampleIntents());
    repos.push(dir);
    await writeHistory(dir, [
      { at: hoursAgo(30), intent: 'deploy-app', app: 'shop' },
      { at: hoursAgo(29), intent: 'deploy-app', app: 'billing' },
    ]);
    git(dir, 'add', '-A');
    execFileSync('git', [...asBot, 'commit', '-qm', 'intentops: record'], { cwd: dir });
    return dir;
  }

  it('locally, notes the operator wrote count (committed or not); a stranger’s commit does not', async () => {
    const mine = await repo();
    await writeNotes(mine, invented());
    const uncommitted = await cli(['--repo', mine, 'learn', '--dry-run', '--json']);
    expect(JSON.parse(uncommitted.stdout)).toMatchObject({
      suggestions: [{ trigger: 'repeated_manual_fix' }],
      rejected: [],
    });
    git(mine, 'add', '-A');
    git(mine, 'commit', '-qm', 'my notes'); // the repo's own identity: the operator
    const committed = await cli(['--repo', mine, 'learn', '--dry-run', '--json']);
    expect(JSON.parse(committed.stdout).suggestions).toHaveLength(1);

    const theirs = await repo();
    await writeNotes(theirs, invented());
    git(theirs, 'add', '-A');
    execFileSync('git', [...asMallory, 'commit', '-qm', 'notes'], { cwd: theirs });
    const sha = git(theirs, 'rev-parse', 'HEAD');
    const r = await cli(['--repo', theirs, 'learn', '--dry-run', '--json']);
    const out = JSON.parse(r.stdout);
    expect(out.suggestions).toEqual([]);
    expect(out.counted).toMatchObject({ notes: 0, rejected: 2 });
    expect(out.rejected).toEqual(
      [1, 2].map((line) => ({
        kind: 'note',
        where: `incidents/manual-notes.jsonl:${line}`,
        reason: `written by commit ${sha.slice(0, 7)} (Mallory <mallory@example.com>), not by the bot`,
      })),
    );
    const text = await cli(['--repo', theirs, 'learn', '--dry-run']);
    expect(text.stdout).toContain('## Evidence not counted');
    expect(text.stdout).toContain('- 2 manual notes: written by commit');
  });

  it('only the lines a stranger added are rejected; the bot’s lines in the same log still count', async () => {
    const dir = await repo();
    const [a, b] = invented();
    await writeNotes(dir, [a as never]);
    git(dir, 'add', '-A');
    execFileSync('git', [...asBot, 'commit', '-qm', 'intentops: manual fix on incident #11'], { cwd: dir });
    await writeNotes(dir, [b as never]);
    git(dir, 'add', '-A');
    execFileSync('git', [...asMallory, 'commit', '-qm', 'one more'], { cwd: dir });
    const r = await learn(dir, { now: new Date(NOW), trust: BOT_ONLY });
    expect(r.counted).toMatchObject({ executions: 2, notes: 1, rejected: 1 });
    expect(r.rejected).toMatchObject([{ kind: 'note', where: 'incidents/manual-notes.jsonl:2' }]);
    expect(r.suggestions).toEqual([]);
  });

  it('for the action, what is not committed, or a shallow history, does not count', async () => {
    const dir = await repo();
    await writeNotes(dir, invented());
    const r = await learn(dir, { now: new Date(NOW), trust: BOT_ONLY });
    expect(r.counted).toMatchObject({ executions: 2, notes: 0, rejected: 2 });
    expect(r.rejected[0]?.reason).toBe('not committed: only what the bot committed counts');

    git(dir, 'add', '-A');
    execFileSync('git', [...asBot, 'commit', '-qm', 'intentops: notes'], { cwd: dir });
    expect((await learn(dir, { now: new Date(NOW), trust: BOT_ONLY })).suggestions).toHaveLength(1);
    const shallow = `${dir}-shallow`;
    repos.push(shallow);
    git(dir, 'clone', '-q', '--depth', '1', `file://${dir}`, shallow);
    const cut = await learn(shallow, { now: new Date(NOW), trust: BOT_ONLY });
    expect(cut.suggestions).toEqual([]);
    expect(cut.rejected.map((x) => x.reason)).toContain(
      'the history is shallow (check out with fetch-depth: 0): who wrote it cannot be checked',
    );
  });
});
