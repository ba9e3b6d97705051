import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOctokit } from '../src/adapters/github/client.js';
import { recordPath } from '../src/domain/records/record.js';
import { isoWeek, rollupPath } from '../src/domain/records/rollup.js';
import { runAction } from './helpers/action-runner.js';
import { auditHistory, historyFiles } from './helpers/audit-history.js';
import { checkoutWithRemote, git } from './helpers/checkout.js';
import { baseFiles, SEED_RULES } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { writeFiles } from './helpers/repo.js';

// The action's audit-trail parts, run as a runner runs them: `command: prune` commits rollups to a
// real remote; `command: plan` backtests a PR's changed anomaly rules in the plan comment.

let double: GitHubDouble;
let root: string;
let remote: string;
let work: string;

// 150 records over 50 days: some past the 30-day retention, the last 30 days in the backtest window.
const history = auditHistory(150, new Date(Date.now() - 3_600_000), 50, 11);
const cutoff = new Date(Date.now() - 30 * 86_400_000).toISOString();
const old = history.filter((r) => r.timestamp < cutoff);

beforeAll(async () => {
  double = await startGitHubDouble();
  ({ root, remote, work } = await checkoutWithRemote(
    'intentops-action-audit-',
    { ...baseFiles(), ...historyFiles(history) },
    'catalog and history',
  ));
  const gh = createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' });
  await gh.rest.issues.create({ owner: 'acme', repo: 'gitops', title: 'Tune rules' });
});

afterAll(async () => {
  await double.stop();
  await rm(root, { recursive: true, force: true });
});

describe('action: plan backtests changed anomaly rules', () => {
  it('shows where a changed rule would newly fire and where a removed one stops', async () => {
    const base = git(work, 'rev-parse', 'main');
    git(work, 'checkout', '-q', '-B', 'tune');
    // memory_spike made more sensitive; unexpected_restart removed.
    const tuned = SEED_RULES.replace(
      'before.metrics.memory_usage > 20',
      'before.metrics.memory_usage > 5',
    ).replace(/ {2}- name: "unexpected_restart"\n( {4}.*\n){3}/, '');
    expect(tuned).not.toContain('unexpected_restart');
    await writeFiles(work, { 'intents/anomaly-rules/default.yaml': tuned });
    git(work, 'commit', '-qam', 'tune memory_spike, drop unexpected_restart');
    const head = git(work, 'rev-parse', 'HEAD');
    const res = await runAction({
      inputs: { command: 'plan', 'github-token': 'ghs_test', 'repo-path': work, 'dry-run': 'false' },
      event: { number: 1, pull_request: { number: 1, base: { sha: base }, head: { sha: head } } },
      eventName: 'pull_request',
      sha: head,
      apiUrl: double.url,
      cwd: work,
    });
    git(work, 'checkout', '-q', 'main');
    expect(res.code, res.stdout + res.stderr).toBe(0);
    const comment = [...double.state.comments.values()].find((c) =>
      String(c.body).includes('intentops:plan'),
    );
    const body = String(comment?.body);
    expect(body).toContain('### Anomaly rule backtest (last 30 days of records)');
    const recent = history.filter((r) => r.timestamp >= new Date(Date.now() - 30 * 86_400_000).toISOString());
    expect(body).toContain(`**\`intents/anomaly-rules/default.yaml\`** over ${recent.length} record(s):`);
    const row = /\| memory_spike \| (\d+) of (\d+) \| (\d+) \| 0 \|/.exec(body);
    expect(row, body).not.toBeNull();
    expect(Number(row?.[3])).toBeGreaterThan(0);
    const restarts = recent.filter((r) => r.anomalies.some((a) => a.rule === 'unexpected_restart')).length;
    expect(restarts).toBeGreaterThan(0);
    expect(body).toContain(`| unexpected_restart (removed) | — | 0 | ${restarts} | — |`);
    expect(body).toContain('| newly fires |');
  });
});

describe('action: prune', () => {
  it('commits the rollups and the removal of old records to the remote', async () => {
    expect(old.length).toBeGreaterThan(5);
    const res = await runAction({
      inputs: {
        command: 'prune',
        'github-token': 'ghs_test',
        'repo-path': work,
        'dry-run': 'false',
        retention: '30d',
      },
      event: { schedule: '0 6 * * 1' },
      eventName: 'schedule',
      sha: git(work, 'rev-parse', 'HEAD'),
      apiUrl: double.url,
      cwd: work,
    });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.outputs.status).toBe('pruned');
    expect(res.summary).toMatch(new RegExp(`moved ${old.length} record\\(s\\) older than 30d`));
    expect(res.summary).toContain('| rollup | added | entries |');
    const files = git(remote, 'ls-tree', '-r', '--name-only', 'main').split('\n');
    for (const r of old) expect(files).not.toContain(recordPath(r));
    expect(files).toContain(rollupPath(isoWeek((old[0] as (typeof old)[number]).timestamp)));
    expect(git(remote, 'log', '-1', '--format=%s', 'main')).toMatch(
      /^intentops: prune \d+ record\(s\) older than 30d/,
    );
    expect(git(work, 'status', '--porcelain')).toBe('');
  });
});
