import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeRecord } from '../src/adapters/record-store.js';
import { BOT_IDENTITY } from '../src/domain/bot/bot-identity.js';
import { DASHBOARD_LABEL } from '../src/domain/dashboard/body.js';
import { recordPath } from '../src/domain/records/record.js';
import { runAction } from './helpers/action-runner.js';
import { botTexts, keepBody, mentions, unbalanced } from './helpers/bot-bodies.js';
import { checkoutWithRemote, git } from './helpers/checkout.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { exampleIntents } from './helpers/learn-fixture.js';
import { makeRecord } from './helpers/record-fixture.js';
import { writeFiles } from './helpers/repo.js';

// `dashboard: true` end to end: the action (here the weekly prune) in a real checkout with a bare
// remote, the issue through the GitHub double. Created once with the log pushed; the next run with
// nothing new makes no API call at all.

let double: GitHubDouble;
let root: string;
let remote: string;
let work: string;

beforeAll(async () => {
  double = await startGitHubDouble();
  ({ root, remote, work } = await checkoutWithRemote('intentops-action-dashboard-', await exampleIntents()));
  const record = makeRecord({
    timestamp: new Date(Date.now() - 3600_000).toISOString(),
    params: { app: 'home-portal' },
    anomalies: [{ ...makeRecord().anomalies[0], action: 'create_incident_draft' } as never],
    drafts: [{ fingerprint: 'fphp', path: 'https://github.com/acme/gitops/issues/4', new: true }],
  });
  await writeFiles(work, { [recordPath(record)]: serializeRecord(record) });
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
}, 30_000);

afterAll(async () => {
  expect(double.rejected()).toEqual([]);
  await double.stop();
  await rm(root, { recursive: true, force: true });
});

async function pruneRun(input = true) {
  git(work, 'pull', '-q', '--rebase', 'origin', 'main');
  const before = double.requests.length;
  const r = await runAction({
    inputs: {
      command: 'prune',
      'github-token': 'ghs_test',
      'repo-path': work,
      retention: '365d',
      ...(input ? { dashboard: 'true' } : {}),
    },
    event: { schedule: '17 6 * * 1' },
    eventName: 'schedule',
    sha: git(work, 'rev-parse', 'HEAD'),
    apiUrl: double.url,
    cwd: work,
  });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return { r, calls: double.requests.slice(before) };
}

describe('action: dashboard issue', () => {
  it('creates the issue once and pushes what it published; an unchanged dashboard costs 0 API calls', async () => {
    const first = await pruneRun();
    expect(first.calls.map((c) => c.operationId ?? c.path)).toEqual([
      'issues/list-for-repo',
      'issues/create',
    ]);
    const issues = [...double.state.issues.values()].filter((i) => i.labels.includes(DASHBOARD_LABEL));
    expect(issues).toHaveLength(1);
    // Pinned with the next change, not in this run (that would be a third call).
    expect(issues[0]?.pinned).not.toBe(true);
    const body = String(issues[0]?.body);
    keepBody('dashboard', body);
    // What needs a person first, with how long it has been open and what to do next.
    expect(body.split('\n')[0]).toMatch(/^_As of \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
    expect(body.split('\n').find((l) => l.startsWith('## '))).toBe('## Needs you now (1)');
    expect(body).toMatch(
      /\[Work home-portal: unexpected memory spike\]\([^)]+\) — open 1 h \(since .* UTC\).* Next: /,
    );
    expect(unbalanced(body)).toEqual([]);
    expect(first.r.outputs['dashboard-issue']).toBe(String(issues[0]?.number));
    expect(git(remote, 'show', 'main:incidents/dashboard-log.jsonl')).toContain(
      `"issue":${issues[0]?.number},"digest"`,
    );
    expect(git(remote, 'show', 'main:incidents/dashboard-log.jsonl')).toContain('"pin":"pending"');

    const second = await pruneRun();
    expect(second.calls).toEqual([]);
    expect(second.r.stdout).toContain('unchanged (0 API call(s))');

    // Opted in by intents/notify.yaml instead of the input: the same dashboard, kept up to date.
    await writeFiles(work, { 'intents/notify.yaml': 'dashboard: true\n' });
    git(work, 'add', '-A');
    git(work, 'commit', '-qm', 'dashboard from notify.yaml');
    git(work, 'push', '-q', 'origin', 'main');
    const third = await pruneRun(false);
    expect(third.r.stdout).toContain(`dashboard: issue #${issues[0]?.number}`);
  }, 60_000);

  it('no title, body or comment the bot wrote in these runs @mentions anyone', () => {
    const texts = botTexts(double.requests);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.flatMap((t) => mentions(t.text).map((m) => `${t.where}: ${m}`))).toEqual([]);
  });
});
