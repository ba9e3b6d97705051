import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { noise, type PlannedRun, writeHistory } from '../bench/gen-history.js';
import { recordPath } from '../src/domain/records/record.js';
import { exampleIntents, must, note, writeNotes } from './helpers/learn-fixture.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// Scenario tests with planted patterns in realistic noise: every trigger at threshold − 1 (nothing)
// and at threshold (a suggestion whose change keeps the repository valid).

const NOW = Date.now();
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000);
const repos: string[] = [];
afterEach(async () => {
  for (const r of repos.splice(0)) await removeRepo(r);
});

async function repoWith(
  runs: PlannedRun[],
  notes: Parameters<typeof writeNotes>[1] = [],
  noiseRuns = 300,
): Promise<string> {
  const repo = await makeRepo(await exampleIntents());
  repos.push(repo);
  await writeHistory(repo, [...noise(noiseRuns, new Date(NOW), 6), ...runs]);
  await writeNotes(repo, notes);
  return repo;
}

const spike = (h: number, app: string, after: number, before = 40): PlannedRun => ({
  at: hoursAgo(h),
  intent: 'deploy-app',
  app,
  memoryBefore: before,
  anomalies: [
    {
      rule: 'memory_spike',
      inputs: { 'after.metrics.memory_usage': after, 'before.metrics.memory_usage': before },
    },
  ],
});
/** A deploy that went well, starting at `before`. */
const calm = (h: number, app: string, before: number): PlannedRun => ({
  at: hoursAgo(h),
  intent: 'deploy-app',
  app,
  memoryBefore: before,
});

/** A deploy of `search` that took `d` seconds against an expected 180 s, flagged slow. */
const slow = (h: number, d: number): PlannedRun => ({
  at: hoursAgo(h),
  intent: 'deploy-app',
  app: 'search',
  durationS: d,
  expectedS: 180,
  anomalies: [{ rule: 'slow_deployment', inputs: { duration: d, expected_duration: 180 } }],
});

async function dryRun(repo: string, ...extra: string[]) {
  const r = await cli(['--repo', repo, 'learn', '--dry-run', '--json', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as {
    suggestions: {
      id: string;
      trigger: string;
      action: string;
      rationale: string;
      backtest?: string[];
      evidence: unknown[];
      changes: { path: string; before: string | null; after: string }[];
    }[];
    skipped: { key: string; reason: string }[];
  };
}

/** Applies a suggestion's changes in a copy of the repo and runs the real validator over it. */
async function validAfter(
  repo: string,
  changes: { path: string; after: string }[],
): Promise<{ code: number; stderr: string }> {
  const copy = await mkdtemp(join(tmpdir(), 'intentops-learn-apply-'));
  repos.push(copy);
  execFileSync('cp', ['-r', join(repo, 'intents'), join(copy, 'intents')]);
  const { writeFiles } = await import('./helpers/repo.js');
  await writeFiles(copy, Object.fromEntries(changes.map((c) => [c.path, c.after])));
  return cli(['--repo', copy, 'validate']);
}

describe('repeated_anomaly (threshold 3 in 7d)', () => {
  it('two memory spikes suggest nothing; a third suggests a headroom precheck that validates', async () => {
    const two = await repoWith([spike(30, 'shop', 95, 60), spike(20, 'billing', 100, 65)]);
    expect((await dryRun(two)).suggestions).toEqual([]);

    const three = await repoWith([
      spike(30, 'shop', 95, 60),
      spike(20, 'billing', 100, 65),
      spike(10, 'shop', 91, 62),
    ]);
    const { suggestions } = await dryRun(three);
    expect(suggestions.map((s) => s.id)).toEqual(['anomaly-deploy-app-memory-spike']);
    const s = must(suggestions[0]);
    expect(s).toMatchObject({ trigger: 'repeated_anomaly', action: 'suggest_policy_update' });
    expect(s.evidence).toHaveLength(3);
    const change = must(s.changes[0]);
    expect(change.path).toBe('intents/policies/learned.yaml');
    expect(change.before).toBeNull();
    const policy = parse(change.after).policies[0];
    // The spikes started at 60 and up, the hundreds of other deploys at 40 to 46: 50 lies between.
    expect(policy).toMatchObject({
      name: 'learned-deploy-app-memory-spike',
      match: { intents: ['deploy-app'] },
      prechecks: [{ name: 'memory_usage_headroom', expected: { op: '<=', value: 50 } }],
    });
    expect(s.backtest?.[0]).toMatch(
      /3 of the 3 runs where memory_spike fired, and 0 of the \d+ runs without it/,
    );
    expect(policy.prechecks[0].run).toContain('kubectl top pods');
    expect(await validAfter(three, s.changes)).toMatchObject({ code: 0 });
    // The text dry run prints each change as a diff.
    const text = await cli(['--repo', three, 'learn', '--dry-run']);
    expect(text.stdout).toContain(
      '# anomaly-deploy-app-memory-spike\n--- /dev/null\n+++ b/intents/policies/learned.yaml\n@@ -0,0 ',
    );
    expect(text.stdout).toMatch(/^\+ {6}- name: memory_usage_headroom$/m);
  });

  it('a headroom limit learned on apps of different sizes is set per app, and backtested', async () => {
    // shop runs around 4 GB, billing around 40 GB: one limit would block one or never hold the other.
    const repo = await repoWith([
      spike(40, 'shop', 4900, 4000),
      spike(30, 'shop', 5000, 4100),
      spike(20, 'billing', 49000, 40000),
      calm(25, 'shop', 3000),
      calm(15, 'billing', 30000),
      calm(12, 'billing', 36000),
    ]);
    const s = must((await dryRun(repo)).suggestions[0]);
    const policies = parse(must(s.changes[0]).after).policies;
    expect(policies).toEqual([
      expect.objectContaining({
        name: 'learned-deploy-app-memory-spike-billing',
        match: { intents: ['deploy-app'], params: { app: ['billing'] } },
        prechecks: [expect.objectContaining({ expected: { op: '<=', value: 38000 } })],
      }),
      expect.objectContaining({
        name: 'learned-deploy-app-memory-spike-shop',
        match: { intents: ['deploy-app'], params: { app: ['shop'] } },
        prechecks: [expect.objectContaining({ expected: { op: '<=', value: 3500 } })],
      }),
    ]);
    expect(s.rationale).toContain('on shop and billing');
    expect(s.rationale).toMatch(/limit per app/);
    expect(s.rationale).not.toContain('different');
    // The backtest over the same runs: each app's limit lies between its calm runs and its spikes.
    expect(s.backtest?.join('\n')).toMatch(
      /held 3 of \d+ runs of deploy-app on (shop and billing|billing and shop): 3 of the 3 runs where memory_spike fired, and 0 of/,
    );
    expect(await validAfter(repo, s.changes)).toMatchObject({ code: 0 });
  });

  it('a headroom limit seen on one app only holds that app', async () => {
    const repo = await repoWith([
      spike(30, 'shop', 95, 60),
      spike(20, 'shop', 100, 65),
      spike(10, 'shop', 91, 62),
    ]);
    const s = must((await dryRun(repo)).suggestions[0]);
    const [policy] = parse(must(s.changes[0]).after).policies;
    expect(policy.match).toEqual({ intents: ['deploy-app'], params: { app: ['shop'] } });
    expect(s.rationale).toContain('on shop');
    expect(s.rationale).toMatch(/other apps' runs are not held/);
    expect(await validAfter(repo, s.changes)).toMatchObject({ code: 0 });
  });

  it('spikes older than the window do not count, nor do other intents or rules', async () => {
    const repo = await repoWith([
      spike(24 * 8, 'shop', 75),
      spike(24 * 9, 'shop', 75),
      spike(10, 'shop', 75),
      spike(11, 'shop', 75),
      {
        at: hoursAgo(5),
        intent: 'restart-app',
        app: 'shop',
        anomalies: [{ rule: 'memory_spike', inputs: {} }],
      },
      {
        at: hoursAgo(4),
        intent: 'deploy-app',
        app: 'shop',
        anomalies: [{ rule: 'error_rate_increase', inputs: {} }],
      },
    ]);
    expect((await dryRun(repo)).suggestions).toEqual([]);
    // A wider window takes the old ones in.
    expect((await dryRun(repo, '--since', '10d')).suggestions.map((s) => s.id)).toEqual([
      'anomaly-deploy-app-memory-spike',
    ]);
  });

  it('slow deployments raise expected_duration to the rounded p95, keeping comments', async () => {
    const planted = [slow(50, 400), slow(40, 380), slow(30, 455), slow(20, 120), slow(19, 130)];
    // Among hundreds of fast deploys, three slow ones are outliers: the p95 is covered already.
    const noisy = await dryRun(await repoWith(planted));
    expect(noisy.suggestions.map((x) => x.id)).not.toContain('anomaly-deploy-app-slow-deployment');
    expect(noisy.skipped.find((k) => k.key === 'anomaly-deploy-app-slow-deployment')?.reason).toMatch(
      /covers the p95/,
    );

    const repo = await repoWith(planted, [], 0);
    const s = must(
      (await dryRun(repo)).suggestions.find((x) => x.id === 'anomaly-deploy-app-slow-deployment'),
    );
    const change = must(s.changes[0]);
    expect(change.path).toBe('intents/catalog/deploy-app.yaml');
    expect(parse(change.after).expected_duration).toBe('480s');
    expect(change.after).toContain('# low | medium | high — policies key on it');
    expect(change.after).toContain('# learned: p95 of');
    expect(await validAfter(repo, s.changes)).toMatchObject({ code: 0 });
  });

  it('restarts add a readiness wait to the outcomes; other rules ask for one more approval', async () => {
    const restart = (h: number): PlannedRun => ({
      at: hoursAgo(h),
      intent: 'deploy-app',
      app: 'chat',
      anomalies: [{ rule: 'unexpected_restart', inputs: { pod_restarts_after: 2, pod_restarts_before: 0 } }],
    });
    const errors = (h: number): PlannedRun => ({
      at: hoursAgo(h),
      intent: 'restart-app',
      app: 'chat',
      anomalies: [{ rule: 'error_rate_increase', inputs: { error_count_after: 9, error_count_before: 1 } }],
    });
    const repo = await repoWith([restart(3), restart(4), restart(5), errors(6), errors(7), errors(8)]);
    const { suggestions } = await dryRun(repo);
    const wait = must(suggestions.find((s) => s.id === 'anomaly-deploy-app-unexpected-restart'));
    expect(must(wait.changes[0]).path).toBe('intents/outcomes/deploy-app.yaml');
    const success = parse(must(wait.changes[0]).after).outcomes.success;
    expect(success.at(-1)).toMatchObject({
      condition: 'readiness_settled',
      pods_ready: { namespace: '{{app}}', selector: 'app={{app}}' },
    });
    expect(success[0].condition).toBe('pods_ready'); // the existing checks stay, in order
    const approval = must(suggestions.find((s) => s.id === 'anomaly-restart-app-error-rate-increase'));
    // restart-app is low risk: no approvals so far, so the suggestion asks for one
    expect(parse(must(approval.changes[0]).after).policies[0]).toMatchObject({
      approvals: 1,
      match: { intents: ['restart-app'] },
    });
    for (const s of [wait, approval]) expect(await validAfter(repo, s.changes)).toMatchObject({ code: 0 });
  });
});

describe('repeated rollbacks', () => {
  it('two rollbacks of an intent suggest nothing; a third asks for one more approval', async () => {
    const rollback = (h: number, n: number): PlannedRun => ({
      at: hoursAgo(h),
      intent: 'deploy-app',
      app: 'pay',
      rollbackOf: `exec-20260101-000000-deploy-app-pay-${String(n).padStart(6, '0')}`,
    });
    const two = await dryRun(await repoWith([rollback(3, 1), rollback(4, 2)], [], 50));
    expect(two.suggestions.find((s) => s.id === 'anomaly-deploy-app-rolled-back')).toBeUndefined();
    const repo = await repoWith([rollback(3, 1), rollback(4, 2), rollback(5, 3)], [], 50);
    const { suggestions } = await dryRun(repo);
    const s = must(suggestions.find((x) => x.id === 'anomaly-deploy-app-rolled-back'));
    expect(s.evidence).toHaveLength(3);
    const after = must(s.changes[0]).after;
    expect(after).toContain('deploy-app was rolled back 3 times');
    expect(parse(after).policies.at(-1)).toMatchObject({ match: { intents: ['deploy-app'] } });
    expect(await validAfter(repo, s.changes)).toMatchObject({ code: 0 });
  });
});

describe('after prune', () => {
  it('learns over a long window from rollups and the anomaly log, counting each run once', async () => {
    const repo = await makeRepo(await exampleIntents());
    repos.push(repo);
    const records = await writeHistory(repo, [slow(24 * 40, 400), slow(24 * 41, 380), slow(24 * 42, 455)]);
    const pruned = await cli(['--repo', repo, 'prune', '--retention', '30d']);
    expect(pruned.code, pruned.stderr).toBe(0);
    for (const r of records) expect(existsSync(join(repo, recordPath(r)))).toBe(false);
    expect(readdirSync(join(repo, 'executions', 'rollups')).length).toBeGreaterThan(0);
    const { suggestions } = await dryRun(repo, '--since', '60d');
    const s = must(suggestions.find((x) => x.id === 'anomaly-deploy-app-slow-deployment'));
    expect(s.evidence).toHaveLength(3);
    expect(parse(must(s.changes[0]).after).expected_duration).toBe('480s');
  });
});

describe('manual work', () => {
  const fix = (h: number, app: string, issue: number) =>
    note({
      kind: 'manual_fix',
      at: hoursAgo(h).toISOString(),
      issue,
      text: `Flushed the cache:\n\`\`\`\nredis-cli -h ${app}-redis FLUSHDB\nkubectl rollout restart deployment/${app} -n ${app}\n\`\`\``,
    });

  it('one manual fix suggests nothing; the same fix on two apps becomes a new intent with a param', async () => {
    expect((await dryRun(await repoWith([], [fix(5, 'shop', 11)]))).suggestions).toEqual([]);
    const repo = await repoWith(
      [{ at: hoursAgo(30), intent: 'deploy-app', app: 'shop' }, spike(29, 'billing', 70)],
      [fix(5, 'shop', 11), fix(3, 'billing', 12)],
    );
    const { suggestions } = await dryRun(repo);
    expect(suggestions).toHaveLength(1);
    const s = must(suggestions[0]);
    expect(s).toMatchObject({ trigger: 'repeated_manual_fix', action: 'suggest_new_intent' });
    // The targets actually involved, as a person would name them.
    expect(s.rationale).toContain('by hand 2 times on shop and billing');
    expect(s.backtest?.[0]).toContain('each of the 2 fixes done by hand would have been one request');
    expect(s.id).toMatch(/^new-intent-/);
    const intent = parse(must(s.changes[0]).after);
    expect(intent.name).toBe('redis-flushdb');
    expect(must(s.changes[0]).path).toBe('intents/catalog/redis-flushdb.yaml');
    expect(intent.steps.map((x: { name: string }) => x.name)).toEqual(['redis_flushdb', 'rollout_restart']);
    expect(intent.params.app.pattern).toBe('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$');
    expect(intent.steps.map((x: { run: string }) => x.run)).toEqual([
      'redis-cli -h {{app}}-redis FLUSHDB',
      'kubectl rollout restart deployment/{{app}} -n {{app}}',
    ]);
    expect(await validAfter(repo, s.changes)).toMatchObject({ code: 0 });
  });

  it('a step done by hand after an intent three times is added to it (two is not enough)', async () => {
    const step = (h: number, app: string) =>
      note({
        kind: 'manual_step',
        intent: 'restart-app',
        at: hoursAgo(h).toISOString(),
        text: `$ kubectl annotate deployment/${app} -n ${app} restarted-by=ops --overwrite`,
      });
    const runs = ['shop', 'auth', 'mail'].map((app, i) => ({
      at: hoursAgo(40 + i),
      intent: 'restart-app',
      app,
    }));
    expect((await dryRun(await repoWith(runs, [step(3, 'shop'), step(2, 'auth')]))).suggestions).toEqual([]);
    const repo = await repoWith(runs, [step(3, 'shop'), step(2, 'auth'), step(1, 'mail')]);
    const s = must((await dryRun(repo)).suggestions[0]);
    expect(s).toMatchObject({
      id: expect.stringMatching(/^step-restart-app-/),
      action: 'suggest_intent_enhancement',
    });
    const after = parse(must(s.changes[0]).after);
    expect(after.steps).toHaveLength(3);
    expect(after.steps[2].run).toBe(
      'kubectl annotate deployment/{{app}} -n {{app}} restarted-by=ops --overwrite',
    );
    expect(await validAfter(repo, s.changes)).toMatchObject({ code: 0 });
  });
});

describe('agent_track_record', () => {
  it('an agent with 20 clean restarts beside people who failed some earns max_risk medium', async () => {
    const restart = (h: number, who: string, status: 'success' | 'failed' = 'success'): PlannedRun => ({
      at: hoursAgo(h),
      intent: 'restart-app',
      app: 'shop',
      proposedBy: who,
      status,
    });
    const runs = [
      // The last one 25 h ago: its 24 h attribution window has closed, so it is judged too.
      ...Array.from({ length: 20 }, (_, i) => restart(101 - i * 4, 'intentops-agent')),
      ...Array.from({ length: 10 }, (_, i) => restart(90 - i * 5, 'alice', i < 2 ? 'failed' : 'success')),
    ];
    const repo = await repoWith(runs, [], 0);
    const { writeFiles } = await import('./helpers/repo.js');
    const learning = await readFile(join(repo, 'intents', 'learning.yaml'), 'utf8');
    await writeFiles(repo, {
      'intents/learning.yaml': `${learning}\n  - pattern: agent_track_record\n    threshold: 20\n    action: suggest_policy_update\n    window: 7d\n`,
    });
    const { suggestions } = await dryRun(repo);
    const s = must(suggestions.find((x) => x.id === 'autonomy-intentops-agent-raise'));
    expect(s.rationale).toContain(
      'intentops-agent made 20 change(s) whose 24 h attribution window closed in the window with a change failure rate of 0 %; people made 10 with 20 %',
    );
    const change = must(s.changes[0]);
    expect(change.path).toBe('intents/policies/default.yaml');
    expect(parse(change.after).policies[0].autonomy.max_risk).toBe('medium');
    expect(await validAfter(repo, s.changes)).toMatchObject({ code: 0 });
  });
});

describe('local mode', () => {
  it('commits each suggestion to its own branch, writes the ledger and a report, leaves HEAD alone', async () => {
    const repo = await repoWith([
      spike(30, 'shop', 95, 60),
      spike(20, 'billing', 100, 65),
      spike(10, 'shop', 91, 62),
    ]);
    const git = (...a: string[]) => execFileSync('git', a, { cwd: repo, encoding: 'utf8' }).trim();
    const head = git('rev-parse', 'HEAD');
    const r = await cli(['--repo', repo, 'learn']);
    expect(r.code, r.stderr).toBe(0);
    expect(git('rev-parse', 'HEAD')).toBe(head);
    expect(git('branch', '--list', 'intentops/learn/*')).toContain(
      'intentops/learn/anomaly-deploy-app-memory-spike',
    );
    const onBranch = git(
      'show',
      'intentops/learn/anomaly-deploy-app-memory-spike:intents/policies/learned.yaml',
    );
    expect(onBranch).toContain('learned-deploy-app-memory-spike');
    const ledger = parse(await readFile(join(repo, 'learning', 'ledger.yaml'), 'utf8'));
    expect(ledger.suggestions[0]).toMatchObject({
      id: 'anomaly-deploy-app-memory-spike',
      state: 'local',
      evidence: 3,
    });
    expect(r.stdout).toContain('Add a memory_usage headroom precheck before deploy-app');

    // The branch validates as a checkout.
    const wt = await mkdtemp(join(tmpdir(), 'intentops-learn-wt-'));
    repos.push(wt);
    await rm(wt, { recursive: true });
    git('worktree', 'add', '-q', wt, 'intentops/learn/anomaly-deploy-app-memory-spike');
    expect(await cli(['--repo', wt, 'validate'])).toMatchObject({ code: 0 });

    // A second run with the same evidence makes no new commit.
    const tip = git('rev-parse', 'intentops/learn/anomaly-deploy-app-memory-spike');
    expect((await cli(['--repo', repo, 'learn'])).code).toBe(0);
    expect(git('rev-parse', 'intentops/learn/anomaly-deploy-app-memory-spike')).toBe(tip);
    const report = await cli(['--repo', repo, 'learn', '--report']);
    expect(report.stdout).toContain('| local | 1 |');
  });

  it('rejects a bad --since and a broken learning.yaml with exit 2 and writes nothing', async () => {
    const repo = await repoWith([]);
    const bad = await cli(['--repo', repo, 'learn', '--since', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected a duration');
    const { writeFiles } = await import('./helpers/repo.js');
    await writeFiles(repo, {
      'intents/learning.yaml':
        'learning_triggers:\n  - pattern: repeated_anomaly\n    threshold: zero\n    action: suggest_policy_update\n',
    });
    const broken = await cli(['--repo', repo, 'learn']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/intents\/learning\.yaml:3:\d+/);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: repo, encoding: 'utf8' })).not.toContain(
      'learning/',
    );
  });
});
