import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { readRollups } from '../src/adapters/rollup-store.js';
import { settledByPath } from '../src/app/records/record-index.js';
import { recordPath } from '../src/domain/records/record.js';
import { isoWeek, rollupPath } from '../src/domain/records/rollup.js';
import type { Rollup } from '../src/domain/schemas/rollup.js';
import { auditHistory, historyFiles } from './helpers/audit-history.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// Retention with a real git repo: old records move into weekly rollups that learning reads and
// the audit chain runs through.

const repos: string[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map(removeRepo));
});

const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });

/** 60 records over 60 days up to an hour ago, committed. */
async function repoWithHistory() {
  const records = auditHistory(60, new Date(Date.now() - 3_600_000), 60);
  const dir = await makeRepo({
    'intents/anomaly-rules/default.yaml': 'anomaly_rules: []\n',
    ...historyFiles(records),
  });
  repos.push(dir);
  const cutoff = new Date(Date.now() - 30 * 86_400_000).toISOString();
  return {
    dir,
    records,
    old: records.filter((r) => r.timestamp < cutoff),
    recent: records.filter((r) => r.timestamp >= cutoff),
  };
}

describe('intentops prune', () => {
  it('moves records past the retention into weekly rollups; audit verify still passes; a second prune is a no-op', async () => {
    const { dir, old, recent } = await repoWithHistory();
    expect(old.length).toBeGreaterThan(20);

    const dry = await cli(['--repo', dir, '--json', 'prune', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).pruned).toHaveLength(old.length);
    expect(git(dir, 'status', '--porcelain')).toBe('');

    const res = await cli(['--repo', dir, 'prune', '--retention', '30d']);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(`moved ${old.length} record(s)`);
    for (const r of old) expect(existsSync(join(dir, recordPath(r)))).toBe(false);
    for (const r of recent) expect(existsSync(join(dir, recordPath(r)))).toBe(true);
    const weeks = [...new Set(old.map((r) => isoWeek(r.timestamp)))];
    for (const w of weeks) expect(existsSync(join(dir, rollupPath(w)))).toBe(true);

    const week = parse(await readFile(join(dir, rollupPath(weeks[0] as string)), 'utf8')) as Rollup;
    const first = old[0];
    expect(week.records[0]).toMatchObject({
      id: first?.id,
      path: first ? recordPath(first) : '',
      intent: first?.intent,
      target: first?.params.app,
      status: first?.status,
      digest: first?.digest,
      prev_digest: null,
      expected_duration_s: 90,
    });
    const total = Object.values(week.counts.intents).reduce(
      (n, byStatus) => n + Object.values(byStatus).reduce((a, b) => a + (b ?? 0), 0),
      0,
    );
    expect(total).toBe(week.records.length);

    const entries = await readRollups(dir);
    expect(entries.map((e) => e.id)).toEqual(old.map((r) => r.id));
    expect(entries.flatMap((e) => e.anomalies.map((a) => a.rule)).sort()).toEqual(
      old.flatMap((r) => r.anomalies.map((a) => a.rule)).sort(),
    );

    const verify = await cli(['--repo', dir, 'audit', 'verify']);
    expect(verify.stdout).toBe('');
    expect(verify.code).toBe(0);
    expect(verify.stderr).toContain(`${recent.length} record(s), ${old.length} rolled-up`);

    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'prune');
    const again = await cli(['--repo', dir, 'prune']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('moved 0 record(s)');
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it("takes the claims of the records it rolls up (and rollback claims of them); the others' stay", async () => {
    const { dir, old, recent } = await repoWithHistory();
    const claim = (id: string) => `executions/claims/${id}.yaml`;
    const claims = [...old, ...recent].map((r) => claim(r.id));
    const rollbackClaim = `executions/claims/rollback-${old[0]?.id}.yaml`;
    await mkdir(join(dir, 'executions/claims'), { recursive: true });
    for (const p of [...claims, rollbackClaim]) await writeFile(join(dir, p), 'id: x\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'claims');
    const res = await cli(['--repo', dir, 'prune', '--retention', '30d']);
    expect(res.code, res.stderr).toBe(0);
    for (const r of old) expect(existsSync(join(dir, claim(r.id)))).toBe(false);
    expect(existsSync(join(dir, rollbackClaim))).toBe(false);
    for (const r of recent) expect(existsSync(join(dir, claim(r.id)))).toBe(true);
    expect(res.stderr).toContain(`and ${old.length + 1} claim(s)`);
    // The claims no longer say which requests ran; after a force-push the rollups do.
    const settled = await settledByPath(dir);
    for (const r of old) expect(settled.get(r.request.path)).toMatch(/^executions\/\d{4}-\d{2}-\d{2}\//);
    expect((await readRollups(dir)).map((e) => e.request)).toEqual(old.map((r) => r.request.path));
  });

  it('an interrupted prune (rollup written, records still there) loses nothing and counts nothing twice', async () => {
    const { dir, old } = await repoWithHistory();
    expect((await cli(['--repo', dir, 'prune'])).code).toBe(0);
    // As if the prune had stopped before removing the records: bring them back from git.
    git(dir, 'checkout', 'HEAD', '--', 'executions');
    expect(existsSync(join(dir, recordPath(old[0] as never)))).toBe(true);
    expect(await readRollups(dir)).toEqual([]);
    expect((await cli(['--repo', dir, 'audit', 'verify'])).code).toBe(0);
    const before = await readFile(
      join(dir, rollupPath(isoWeek((old[0] as never as { timestamp: string }).timestamp))),
      'utf8',
    );
    expect((await cli(['--repo', dir, 'prune'])).code).toBe(0);
    expect(await readRollups(dir)).toHaveLength(old.length);
    expect(
      await readFile(
        join(dir, rollupPath(isoWeek((old[0] as never as { timestamp: string }).timestamp))),
        'utf8',
      ),
    ).toBe(before);
  });

  it('a changed rollup or a changed old record is named; a changed record is not rolled up', async () => {
    const { dir, old } = await repoWithHistory();
    const victim = old[3] as (typeof old)[number];
    const path = join(dir, recordPath(victim));
    await writeFile(path, (await readFile(path, 'utf8')).replace(victim.request.reason, 'nothing to see'));
    const res = await cli(['--repo', dir, 'prune']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`kept ${recordPath(victim)}: its digest does not match its content`);
    expect(existsSync(path)).toBe(true);

    const week = rollupPath(isoWeek((old[0] as (typeof old)[number]).timestamp));
    const rollup = parse(await readFile(join(dir, week), 'utf8')) as Rollup;
    (rollup.records[0] as Rollup['records'][number]).anomalies.push({ rule: 'invented', severity: 'P1' });
    await writeFile(join(dir, week), stringify(rollup));
    const verify = await cli(['--repo', dir, 'audit', 'verify']);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(`✖ ${week}: rollup-changed: digest mismatch`);
    expect(verify.stdout).toContain(`✖ ${recordPath(victim)}: changed`);
  });

  it('refuses a bad retention with exit 2 and changes nothing', async () => {
    const { dir } = await repoWithHistory();
    const res = await cli(['--repo', dir, 'prune', '--retention', 'soon']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("--retention: expected a duration like 30d, got 'soon'");
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });
});
