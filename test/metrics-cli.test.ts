import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { serializeRecord } from '../src/adapters/record-store.js';
import type { DeliveryMetrics } from '../src/domain/metrics/delivery.js';
import { recordPath } from '../src/domain/records/record.js';
import type { ExecutionRecord, UnsignedRecord } from '../src/domain/schemas/record.js';
import { baseFiles } from './helpers/fixture-catalog.js';
import { makeRecord } from './helpers/record-fixture.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

// `intentops metrics` on a real git repository holding records, a filed incident, an anomaly log
// and a policy that names the agent: the figures are worked out by hand below.

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeRepo));
});

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

function rec(
  id: string,
  at: number,
  over: Partial<UnsignedRecord> & { who?: string; rollback_of?: string } = {},
) {
  const { who, rollback_of, ...rest } = over;
  const r: ExecutionRecord & { rollback_of?: string } = makeRecord({
    id,
    timestamp: iso(at),
    intent: 'work',
    params: { app: 'web' },
    request: {
      path: `intents/requests/${id}.yaml`,
      commit: 'abc',
      reason: 'test',
      ...(who ? { proposed_by: who } : {}),
    },
    anomalies: [],
    duration: '60s',
    ...rest,
  });
  return rollback_of ? { ...r, rollback_of } : r;
}

describe('intentops metrics', () => {
  it('computes each delivery metric from the records, humans beside agents, as JSON and as text', async () => {
    const now = Date.now();
    const a = now - 5 * DAY;
    const b = now - 4 * DAY;
    const c = now - 3 * DAY;
    const records = [
      // 40 days ago: outside the default 30 days.
      rec('exec-old', now - 40 * DAY, { who: 'alice', status: 'failed' }),
      // A human's change, merged 10 minutes before it started: lead time 11 min (it ran 60 s).
      rec('exec-a', a, {
        who: 'alice',
        request: {
          path: 'intents/requests/a.yaml',
          commit: 'abc',
          reason: 't',
          proposed_by: 'alice',
          merged_at: iso(a - 600_000),
        },
      }),
      // The agent's change failed; a rollback 5 min after it started took 30 s: restored 270 s after the failure.
      rec('exec-b', b, { who: 'ops-agent', status: 'failed' }),
      rec('exec-b-rollback', b + 300_000, { who: 'alice', duration: '30s', rollback_of: 'exec-b' }),
      // The agent's change passed, its bake opened an incident at the end of the run; filed 2 h later.
      rec('exec-c', c, { who: 'ops-agent' }),
      rec('exec-c-bake', c + 60_000, {
        observation_of: 'exec-c',
        drafts: [{ fingerprint: 'fpweb', path: 'incidents/drafts/x.md', new: true }],
        observation: {
          verdict: 'fail',
          reason: 'rule fired',
          for: '10m',
          interval: '1m',
          expected_samples: 10,
          run_status: 'success',
          started: iso(c + 60_000),
          ended: iso(c + 60_000),
          samples: [],
          first_seen: [],
        },
      }),
    ];
    const files: Record<string, string> = {
      ...baseFiles(),
      'intents/policies/agents.yaml': stringify({
        policies: [
          {
            name: 'agent-autonomy',
            match: { risk: ['low'] },
            autonomy: { agents: ['ops-agent'], auto_merge: true, max_risk: 'low' },
          },
        ],
      }),
      'incidents/filed/fpweb-web-down.md': `---\n${stringify({ title: 'web down', status: 'filed', fingerprint: 'fpweb', filed_at: iso(c + 60_000 + 7_200_000) })}---\n# web down\n`,
      [`executions/${iso(now - DAY).slice(0, 10)}/notes.yaml`]: 'just: a note\n',
    };
    for (const r of records) files[recordPath(r)] = serializeRecord(r);
    const dir = await makeRepo(files);
    dirs.push(dir);
    expect(execFileSync('git', ['ls-files', 'executions'], { cwd: dir, encoding: 'utf8' })).toContain(
      'exec-c-bake',
    );

    const res = await cli(['--repo', dir, '--json', 'metrics']);
    expect(res.code, res.stderr).toBe(0);
    const m = JSON.parse(res.stdout) as DeliveryMetrics & { skipped: { path: string }[] };
    expect(m.skipped.map((s) => s.path)).toEqual([expect.stringMatching(/notes\.yaml$/)]);
    expect(m.overall.human).toMatchObject({ deployments: 1, failures: 0, change_failure_rate: 0 });
    expect(m.overall.agent).toMatchObject({
      deployments: 2,
      failures: 2,
      change_failure_rate: 1,
      unrestored: 0,
    });
    expect(m.overall.all.deployments_per_day).toBe(0.1); // 3 changes in 30 days
    expect(m.overall.agent.time_to_restore).toEqual({ count: 2, median_s: 270, p90_s: 7200 });
    expect(m.overall.human.lead_time).toEqual({ count: 1, median_s: 660, p90_s: 660 });
    expect(m.overall.agent.lead_time).toBeNull();
    expect(m.failures.map((f) => [f.execution, f.reasons, f.restored_by])).toEqual([
      ['exec-b', ['failed', 'rolled_back'], 'rollback'],
      ['exec-c', ['bake_failed', 'incident'], 'incident_closed'],
    ]);
    expect(m.notes.join(' ')).toMatch(/lead time is request PR opened → execution finished/);

    const wider = JSON.parse((await cli(['--repo', dir, '--json', 'metrics', '--since', '60d'])).stdout);
    expect(wider.overall.human.failures).toBe(1);

    const text = await cli(['--repo', dir, 'metrics']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^all\s+humans\s+1\s+0\.033\s+0 %/m);
    expect(text.stdout).toMatch(/^all\s+agents\s+2\s+0\.067\s+100 % \(2\)\s+4 m 30 s/m);

    // The report shows the same figures, humans beside agents, and the failed changes.
    const site = join(dir, 'site');
    expect((await cli(['--repo', dir, 'report', '--out', site])).code).toBe(0);
    const index = readFileSync(join(site, 'index.html'), 'utf8');
    const section = index.slice(index.indexOf('<section id="delivery-metrics">'));
    expect(section).toContain(
      '<tr><td>all</td><td>agents</td><td>2</td><td>0.067</td><td>100 % (2)</td><td>4 m 30 s</td><td>–</td></tr>',
    );
    expect(section).toContain(
      '<tr><td>all</td><td>humans</td><td>1</td><td>0.033</td><td>0 %</td><td>–</td><td>11 m</td></tr>',
    );
    expect(section).toMatch(
      /<code>exec-c<\/code> work web \(agent\): bake failed, incident — restored by closing the incident/,
    );

    const bad = await cli(['--repo', dir, 'metrics', '--since', 'soon']);
    expect(bad.code).toBe(2);
  });

  it("counts local runs apart from the pipeline's changes: JSON, text and the report", async () => {
    const now = Date.now();
    const local = {
      kind: 'local' as const,
      host: 'laptop',
      user: 'alice',
      git_author: 'Alice <a@example.com>',
    };
    const github = { kind: 'github' as const, run_url: 'https://github.com/acme/gitops/actions/runs/7' };
    const records = [
      rec('exec-p1', now - 3 * DAY, { who: 'alice', origin: github }),
      rec('exec-p2', now - 2 * DAY, { who: 'alice' }), // before records said where they came from
      rec('exec-l1', now - 2 * DAY, { who: 'alice', origin: local }),
      rec('exec-l2', now - DAY, { who: 'alice', origin: local, status: 'failed' }),
    ];
    const files: Record<string, string> = { ...baseFiles() };
    for (const r of records) files[recordPath(r)] = serializeRecord(r);
    const dir = await makeRepo(files);
    dirs.push(dir);

    const m = JSON.parse((await cli(['--repo', dir, '--json', 'metrics'])).stdout) as DeliveryMetrics;
    expect(m.overall.all).toMatchObject({ deployments: 2, failures: 0 });
    expect(m.failures).toEqual([]);
    expect(m.local).toMatchObject({ deployments: 2, failures: 1, change_failure_rate: 0.5 });

    const text = await cli(['--repo', dir, 'metrics']);
    expect(text.stdout).toMatch(/^all\s+humans\s+2\s/m);
    expect(text.stdout).toContain(
      'local runs (intentops run outside the pipeline, not counted above): 2 change(s), 1 failed (50 %)',
    );

    const site = join(dir, 'site');
    expect((await cli(['--repo', dir, 'report', '--out', site])).code).toBe(0);
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain(
      'local runs (intentops run outside the pipeline, not counted above): 2 change(s), 1 failed (50 %).',
    );
  });
});
