// `intentops metrics` over a synthetic history of 10,000 records (the generator bench:audit uses),
// with a failed change in every 20 and a bake with an incident draft in every 50. Target: ≤ 1.5 s.
// Then the dashboard: its view and body over the same history, and its API calls over its life against
// the GitHub double (created, unchanged, first change with the pin, later change).
//   npx tsx bench/metrics.ts            (BENCH_RECORDS=20000 for more)

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readDeliveryMetrics } from '../src/app/audit/delivery-metrics.js';
import { sealRecord } from '../src/domain/records/record.js';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { auditHistory, writeAuditHistory } from '../test/helpers/audit-history.js';

const COUNT = Number(process.env.BENCH_RECORDS ?? 10_000);
const TARGET_S = 1.5;
const dir = mkdtempSync(join(tmpdir(), 'intentops-bench-metrics-'));

/** Every 20th change failed, every 50th has a bake that drafted an incident, every 7th is an agent's. */
function withOutcomes(records: readonly ExecutionRecord[]): ExecutionRecord[] {
  return records.map((r, n) => {
    const { digest: _d, ...u } = r;
    const status = n % 20 === 0 ? 'failed' : r.status;
    const who = n % 7 === 0 ? 'intentops-agent' : 'alice';
    const merged = new Date(Date.parse(r.timestamp) - 600_000).toISOString();
    const drafts =
      n % 50 === 0
        ? [{ fingerprint: `fp${n % 13}`, path: `incidents/drafts/fp${n % 13}.md`, new: false }]
        : [];
    return sealRecord({
      ...u,
      status,
      drafts,
      request: { ...u.request, proposed_by: who, merged_at: merged },
    });
  });
}

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${availableParallelism()} cores`,
);
try {
  const now = new Date();
  const records = withOutcomes(auditHistory(COUNT, now, 30));
  await writeAuditHistory(dir, records);
  mkdirSync(join(dir, 'intents', 'policies'), { recursive: true });
  writeFileSync(
    join(dir, 'intents', 'policies', 'agents.yaml'),
    'policies:\n  - name: agents\n    match: { risk: [low] }\n    autonomy: { agents: [intentops-agent], auto_merge: true, max_risk: low }\n',
  );
  const since = new Date(now.getTime() - 31 * 86_400_000);
  // One untimed pass warms the file cache, as a second CLI run would find it.
  await readDeliveryMetrics({ repoDir: dir, now, since });
  const runs: number[] = [];
  const cpus: number[] = [];
  let last: Awaited<ReturnType<typeof readDeliveryMetrics>> | undefined;
  for (let i = 0; i < 3; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    last = await readDeliveryMetrics({ repoDir: dir, now, since });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    runs.push(ms);
    cpus.push((cpu.user + cpu.system) / 1e6);
    console.log(
      `metrics over ${COUNT} records  ${(ms / 1000).toFixed(2)} s wall ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s cpu`,
    );
  }
  const best = Math.min(...runs) / 1000;
  const m = last?.metrics;
  console.log(
    `changes ${m?.overall.all.deployments}, failures ${m?.overall.all.failures}, humans ${m?.overall.human.deployments} / agents ${m?.overall.agent.deployments}`,
  );
  // On a shared machine the wall time includes waiting for a core: the CPU time is the work's own.
  console.log(
    `best ${best.toFixed(2)} s wall, ${Math.min(...cpus).toFixed(2)} s cpu (target ≤ ${TARGET_S} s): ${best <= TARGET_S ? 'ok' : `over on the wall clock at load ${loadavg()[0]?.toFixed(2)}`}`,
  );

  // The dashboard's view (records, requests, ledger) and body over the same history: what a run
  // pays before it knows nothing changed (and then makes no API call).
  // The execute job's checkout is a git repository with history: the waiting requests come from it.
  for (const args of [
    ['init', '-q', '-b', 'main'],
    ['add', '-A'],
    ['-c', 'user.name=b', '-c', 'user.email=b@x', 'commit', '-qm', 'history'],
  ])
    execFileSync('git', args, { cwd: dir });
  const { dashboardView } = await import('../src/app/dashboard/view.js');
  const { dashboardBody } = await import('../src/domain/dashboard/body.js');
  await dashboardView(dir, now);
  const d: number[] = [];
  for (let i = 0; i < 3; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const body = dashboardBody(await dashboardView(dir, now));
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    d.push(ms);
    console.log(
      `dashboard view+body          ${(ms / 1000).toFixed(2)} s wall ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s cpu   ${body.length} chars`,
    );
  }
  console.log(`dashboard best ${(Math.min(...d) / 1000).toFixed(2)} s wall (target ≤ ${TARGET_S} s)`);

  // What the dashboard issue costs in API calls over its life, against the GitHub double (which
  // refuses any request GitHub's OpenAPI description does not allow). Target: 0 when nothing
  // changed, ≤ 2 when something did.
  const { startGitHubDouble } = await import('../test/helpers/github-double.js');
  const { createOctokit } = await import('../src/adapters/github/client.js');
  const { githubPort } = await import('../src/adapters/github/github-adapter.js');
  const { refreshDashboard } = await import('../src/app/dashboard/dashboard-issue.js');
  const { ApiCallCounter } = await import('../src/app/shared/github-calls.js');
  const double = await startGitHubDouble();
  try {
    const octokit = createOctokit({ token: 'ghs_bench123456', baseUrl: double.url, pacing: 'none' });
    const costs: string[] = [];
    const step = async (label: string, change?: string) => {
      if (change) {
        mkdirSync(join(dir, 'intents', 'requests'), { recursive: true });
        writeFileSync(join(dir, 'intents', 'requests', change), 'intent: work\nparams: {}\nreason: bench\n');
        execFileSync('git', ['add', '-A'], { cwd: dir });
        execFileSync('git', ['-c', 'user.name=b', '-c', 'user.email=b@x', 'commit', '-qm', change], {
          cwd: dir,
        });
      }
      const calls = new ApiCallCounter();
      const out = await refreshDashboard({
        github: githubPort(octokit),
        owner: 'acme',
        repo: 'gitops',
        repoDir: dir,
        now,
        calls,
      });
      costs.push(
        `${label} ${calls.total} (${out.status}${Object.keys(calls.byOperation).length ? `: ${Object.keys(calls.byOperation).join(', ')}` : ''})`,
      );
    };
    await step('created');
    await step('unchanged');
    await step('first change', 'bench-a.yaml');
    await step('unchanged');
    await step('later change', 'bench-b.yaml');
    console.log(`dashboard API calls: ${costs.join('; ')}`);
    if (double.rejected().length) console.log(`double refused: ${JSON.stringify(double.rejected())}`);
  } finally {
    await double.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
