import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryMetrics } from '../src/domain/metrics/delivery.js';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { type ActionRunOptions, executeOnPush, runAction, startAction } from './helpers/action-runner.js';
import { clockAt } from './helpers/clock.js';
import { type GitHubDouble, startGitHubDouble, type UserRecord } from './helpers/github-double.js';
import { type GitOpsRemote, gitopsRemote } from './helpers/gitops-remote.js';
import { cli } from './helpers/repo.js';

// Issue 30, items 1, 2, 4 and 6: a hand-built history made the way the action makes one — requests
// merged from pull requests whose authors the GitHub double knows, run by the execute job, rolled
// back and retried by comments, each job at its own time (a shifted clock) — then the weekly learn
// job and `intentops metrics` read it. Every figure below is worked out by hand.
//
//   N − 7.5 d (L1)  tune:  t-human (alice) at L1 − 5 h; t-bot1..3 (deploy-bot) at L1 − 3, − 2, − 1 h
//                   learn at L1: deploy-bot's windows are all open — nothing to judge yet
//   L1 + 3 h        /rollback of t-bot3 (4 h after it ran); learn at L1 + 5 h: lower, that day
//   N − 5 d         slow: s1 (alice, PR opened 1 h before the merge) killed → interrupted;
//                   /retry 27 h later → success
//   N − 3 d         work: w-agent1 (ops-agent, `proposed_by: alice`), rolled back 20 min later;
//                   w-agent2 (ops-agent, no proposed_by), rolled back 20 min later;
//   N − 2.5 d       w-human1, w-human2 (alice, `proposed_by: ops-agent`), clean
//   L1 + 7 d        the next weekly learn: both agents lowered
//   N               intentops metrics

const MIN = 60_000;
const H = 3_600_000;
const DAY = 24 * H;
const N = Math.floor(Date.now() / MIN) * MIN;
const L1 = N - 7.5 * DAY;

const ALICE: UserRecord = { login: 'alice', id: 401, type: 'User' };
const OPS_AGENT: UserRecord = { login: 'ops-agent', id: 601, type: 'Bot' };
const DEPLOY_BOT: UserRecord = { login: 'deploy-bot', id: 602, type: 'Bot' };

const intent = (name: string) => `name: ${name}
description: writes a mark, and another when it is rolled back
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
  marks: { type: string, pattern: "^[A-Za-z0-9/._-]+$" }
steps:
  - name: deploy
    run: echo run >> {{marks}}/runs-{{app}}
    timeout: 10s
rollback:
  - name: undo
    run: echo undo >> {{marks}}/undo-{{app}}
    timeout: 10s
`;

const SLOW = `name: slow
description: hangs until it is released, the first time
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
  marks: { type: string, pattern: "^[A-Za-z0-9/._-]+$" }
steps:
  - name: hang
    run: echo run >> {{marks}}/runs-{{app}}; test -e {{marks}}/release-{{app}} || (sleep 300 & echo $! > {{marks}}/child-{{app}}; wait)
    timeout: 600s
`;

// One policy per agent, so lowering one agent's max_risk leaves the other's alone.
const POLICIES = `policies:
  - name: ops-agent-autonomy
    match: { risk: [low] }
    autonomy: { agents: [ops-agent], max_risk: medium }
  - name: deploy-bot-autonomy
    match: { risk: [low] }
    autonomy: { agents: [deploy-bot], max_risk: medium }
`;

const LEARNING = `learning_triggers:
  - pattern: agent_track_record
    threshold: 2
    action: suggest_policy_update
    window: 7d
`;

let double: GitHubDouble;
let repo: GitOpsRemote;
let marks: string;
/** What each learn run at a given time suggested and skipped (its job summary). */
const learned = new Map<string, string>();
let metrics: DeliveryMetrics;

const job = (at: number, extra: Partial<ActionRunOptions> = {}) =>
  runAction(executeOnPush(repo.checkout(), double.url, { ...extra, env: { ...extra.env, ...clockAt(at) } }));

function comment(pr: number, id: number, body: string): Partial<ActionRunOptions> {
  return {
    eventName: 'issue_comment',
    event: {
      action: 'created',
      issue: { number: pr, pull_request: { url: 'x' } },
      comment: { id, body, user: { login: 'alice', type: 'User' } },
    },
  };
}

/** A request merged at `at` from a PR `author` opened an hour before. */
async function merge(name: string, text: string, at: number, author: UserRecord): Promise<number> {
  const sha = await repo.merge({ [`intents/requests/${name}.yaml`]: text }, `merge ${name}`, {
    date: new Date(at),
  });
  double.state.adoptCommit(sha, `merge ${name}`);
  const number = double.state.mergedPull(sha, name);
  const pr = double.state.issues.get(number);
  if (!pr) throw new Error(`no PR #${number}`);
  pr.user = author;
  pr.createdAt = new Date(at - H).toISOString();
  return number;
}

const request = (name: string, app: string, claim?: string) =>
  `intent: ${name}\nparams: { app: ${app}, marks: ${marks} }\nreason: test\n${claim ? `proposed_by: ${claim}\n` : ''}`;

/** Merges and runs one request at `at`; returns its PR. */
async function change(kind: string, app: string, at: number, author: UserRecord, claim?: string) {
  const pr = await merge(app, request(kind, app, claim), at, author);
  const r = await job(at);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return pr;
}

async function rollback(pr: number, at: number, id: number) {
  const r = await job(at, comment(pr, id, '/rollback'));
  expect(r.code, r.stdout + r.stderr).toBe(0);
}

async function learnAt(at: number): Promise<string> {
  const work = repo.checkout();
  const r = await runAction({
    inputs: { command: 'learn', 'github-token': 'ghs_test', 'repo-path': work, 'dry-run': 'true' },
    event: { schedule: '17 6 * * 1' },
    eventName: 'schedule',
    sha: 'HEAD',
    apiUrl: double.url,
    cwd: work,
    env: clockAt(at),
  });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return r.summary;
}

const recordsOf = (app: string): ExecutionRecord[] =>
  repo.records().filter((r) => r.request.path === `intents/requests/${app}.yaml`);

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** s1: its job is killed mid-step; the next attempt records it interrupted; `/retry` 27 h later runs it. */
async function interruptedThenRetried(at: number) {
  const pr = await merge('s1', request('slow', 's1'), at, ALICE);
  const { child, done } = await startAction(executeOnPush(repo.checkout(), double.url, { env: clockAt(at) }));
  await waitFor(() => existsSync(join(marks, 'child-s1')), 60_000);
  child.kill('SIGKILL');
  await done;
  try {
    process.kill(Number(readFileSync(join(marks, 'child-s1'), 'utf8')), 'SIGKILL');
  } catch {
    // gone already
  }
  await writeFile(join(marks, 'release-s1'), '');
  const rerun = await job(at + 2 * MIN, { env: { GITHUB_RUN_ATTEMPT: '2' } });
  expect(
    recordsOf('s1').map((r) => r.status),
    rerun.stdout,
  ).toEqual(['interrupted']);
  const retried = await job(at + 27 * H, comment(pr, 951, '/retry'));
  expect(retried.code, retried.stdout + retried.stderr).toBe(0);
  expect(
    recordsOf('s1')
      .map((r) => r.status)
      .sort(),
  ).toEqual(['interrupted', 'success']);
}

beforeAll(async () => {
  double = await startGitHubDouble();
  double.state.grant(ALICE, 'write');
  repo = await gitopsRemote('intentops-track-record-', {
    'intents/catalog/work.yaml': intent('work'),
    'intents/catalog/tune.yaml': intent('tune'),
    'intents/catalog/slow.yaml': SLOW,
    'intents/policies/autonomy.yaml': POLICIES,
    'intents/learning.yaml': LEARNING,
  });
  marks = join(repo.root, 'marks');
  await mkdir(marks, { recursive: true });

  await change('tune', 't-human', L1 - 5 * H, ALICE);
  const bot = [];
  for (const h of [3, 2, 1])
    bot.push(await change('tune', `t-bot${4 - h}`, L1 - h * H, DEPLOY_BOT, 'deploy-bot'));
  learned.set('L1', await learnAt(L1));
  await rollback(bot[2] as number, L1 + 3 * H, 901);
  learned.set('L1 + 5 h', await learnAt(L1 + 5 * H));

  await interruptedThenRetried(N - 5 * DAY);

  const a1 = await change('work', 'w-agent1', N - 3 * DAY, OPS_AGENT, 'alice');
  await rollback(a1, N - 3 * DAY + 20 * MIN, 902);
  const a2 = await change('work', 'w-agent2', N - 2.9 * DAY, OPS_AGENT);
  await rollback(a2, N - 2.9 * DAY + 20 * MIN, 903);
  await change('work', 'w-human1', N - 2.5 * DAY, ALICE, 'ops-agent');
  await change('work', 'w-human2', N - 2.4 * DAY, ALICE, 'ops-agent');
  learned.set('L1 + 7 d', await learnAt(L1 + 7 * DAY));

  const res = await cli(['--repo', repo.checkout(), '--json', 'metrics', '--since', '30d']);
  expect(res.code, res.stderr).toBe(0);
  metrics = JSON.parse(res.stdout) as DeliveryMetrics;
  expect(double.rejected()).toEqual([]);
}, 600_000);

afterAll(async () => {
  await double?.stop();
  await repo?.cleanup();
});

const row = (intentName: string) => {
  const r = metrics.by_intent.find((x) => x.intent === intentName);
  if (!r) throw new Error(`no figures for ${intentName}`);
  return r;
};
const titles = (summary: string) => [...summary.matchAll(/^## (.+)$/gm)].map((m) => m[1]);

describe('item 1: the track record follows the PR author, not the label the proposer writes', () => {
  it('each record keeps the verified proposer beside the claim', () => {
    const [a1] = recordsOf('w-agent1').filter((r) => !r.rollback_of);
    expect(a1?.request).toMatchObject({
      proposed_by: 'alice',
      proposer: { login: 'ops-agent', source: 'pr_author', verified: true },
    });
    const [h1] = recordsOf('w-human1');
    expect(h1?.request).toMatchObject({
      proposed_by: 'ops-agent',
      proposer: { login: 'alice', source: 'pr_author', verified: true },
    });
  });

  it('metrics: ops-agent made the two rolled-back changes, alice the two clean ones; the claims are flagged', () => {
    const work = row('work');
    expect(work.agent).toMatchObject({ deployments: 2, failures: 2, change_failure_rate: 1 });
    expect(work.human).toMatchObject({ deployments: 2, failures: 0, change_failure_rate: 0 });
    const a1 = metrics.failures.find((f) => f.execution === recordsOf('w-agent1')[0]?.id);
    expect(a1).toMatchObject({ kind: 'agent', proposer: 'ops-agent', proposed_by: 'alice' });
    expect(metrics.mismatches.map((m) => [m.proposer, m.proposed_by]).sort()).toEqual([
      ['alice', 'ops-agent'],
      ['alice', 'ops-agent'],
      ['ops-agent', 'alice'],
    ]);
  });

  it('the weekly learn lowers ops-agent instead of raising it', () => {
    const summary = learned.get('L1 + 7 d') ?? '';
    expect(titles(summary)).toContain(
      "Lower ops-agent's max_risk (2 change(s) caused an incident or a rollback)",
    );
    expect(summary).not.toContain("Raise ops-agent's max_risk");
  });
});

describe('item 2: only changes whose attribution window has closed are judged', () => {
  it('three clean changes 1–3 h old earn no raise yet', () => {
    const summary = learned.get('L1') ?? '';
    expect(summary).not.toContain("Raise deploy-bot's max_risk");
    expect(summary).toMatch(
      /autonomy-deploy-bot.*: deploy-bot made 0 change\(s\) whose 24 h attribution window closed in the window \(3 still open\)/,
    );
  });

  it('the rollback 4 h later lowers it that day, and the next weekly run still counts it', () => {
    expect(titles(learned.get('L1 + 5 h') ?? '')).toContain(
      "Lower deploy-bot's max_risk (1 change(s) caused an incident or a rollback)",
    );
    expect(titles(learned.get('L1 + 7 d') ?? '')).toContain(
      "Lower deploy-bot's max_risk (1 change(s) caused an incident or a rollback)",
    );
  });
});

describe('item 4: time to restore starts at the first sign, else at the change’s end', () => {
  it('a change rolled back 20 min after it succeeded took 20 min to restore', () => {
    const ttr = row('work').agent.time_to_restore;
    expect(ttr?.count).toBe(2);
    // Give or take the seconds each job takes to start.
    expect(ttr?.median_s).toBeGreaterThan(19 * 60);
    expect(ttr?.median_s).toBeLessThan(21 * 60);
  });

  it('a rollback 4 h after the change: 4 h', () => {
    const ttr = row('tune').agent.time_to_restore;
    expect(ttr?.median_s).toBeGreaterThan(4 * 3600 - 60);
    expect(ttr?.median_s).toBeLessThan(4 * 3600 + 60);
  });
});

describe('item 6: a request retried with /retry is one change, restored by the retry', () => {
  it('one change, failed (interrupted), restored 27 h later by the retry; lead time from its own PR', () => {
    const slow = row('slow');
    expect(slow.all).toMatchObject({ deployments: 1, failures: 1, unrestored: 0 });
    const [s1] = recordsOf('s1').filter((r) => r.status === 'interrupted');
    // The reconcile settled it without running it: who proposed it is still the PR's author.
    expect(s1?.request.proposer).toEqual({ login: 'alice', source: 'pr_author', verified: true });
    expect(metrics.failures.find((f) => f.execution === s1?.id)).toMatchObject({ restored_by: 'retry' });
    expect(slow.all.time_to_restore?.median_s).toBeGreaterThan(27 * 3600 - 3 * 60);
    expect(slow.all.time_to_restore?.median_s).toBeLessThan(27 * 3600);
    // PR opened 1 h before the merge; the interrupted record was written 2 min after it.
    expect(slow.all.lead_time?.count).toBe(1);
    expect(slow.all.lead_time?.median_s).toBeGreaterThanOrEqual(3600 + 120);
    expect(slow.all.lead_time?.median_s).toBeLessThan(3600 + 180);
  });
});
