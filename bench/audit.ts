// Replay, backtest and audit verify over a synthetic history of 10,000 records in the shape `run`
// writes (detection-consistent, chained). Targets: each ≤ 2 s. Also prints prune over the same.
//   npx tsx bench/audit.ts            (BENCH_RECORDS=20000 for more)

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { indexWrittenRecord } from '../src/adapters/fact-index-store.js';
import { prune } from '../src/app/audit/prune.js';
import { replayAll } from '../src/app/audit/replay.js';
import { backtest, rulesFromFile } from '../src/app/audit/run-backtest.js';
import { auditVerify } from '../src/app/audit/verify.js';
import { recordPath } from '../src/domain/records/record.js';
import { auditHistory, writeAuditHistory } from '../test/helpers/audit-history.js';

const COUNT = Number(process.env.BENCH_RECORDS ?? 10_000);
const dir = mkdtempSync(join(tmpdir(), 'intentops-bench-audit-'));

/**
 * Wall time, and the CPU time this process spent (user + system): on a shared machine the wall
 * time includes waiting for a core, the CPU time is what the work itself costs.
 */
async function timed<T>(label: string, fn: () => Promise<T>, describe: (r: T) => string): Promise<T> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  console.log(
    `${label.padEnd(28)} ${(ms / 1000).toFixed(2).padStart(6)} s wall ${cpuS.toFixed(2).padStart(6)} s cpu   ${describe(r)}`,
  );
  return r;
}

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${availableParallelism()} cores`,
);
try {
  const t0 = performance.now();
  const records = auditHistory(COUNT, new Date(), 60);
  await writeAuditHistory(dir, records);
  const bytes = records.length ? JSON.stringify(records[0]).length : 0;
  console.log(
    `generated ${COUNT} records over 60 days in ${((performance.now() - t0) / 1000).toFixed(1)} s (~${bytes} B of JSON each)`,
  );
  await mkdir(join(dir, 'intents', 'anomaly-rules'), { recursive: true });
  const ruleFile = 'intents/anomaly-rules/default.yaml';
  writeFileSync(
    join(dir, ruleFile),
    `anomaly_rules:
  - name: memory_spike
    condition: "after.metrics.memory_usage - before.metrics.memory_usage > 15"
    severity: P2
    action: flag_for_review
  - name: slow_deployment
    condition: "duration > expected_duration * 3"
    severity: P3
    action: log_warning
`,
  );

  // One untimed pass warms the file cache and the CEL compile cache, as a second CLI run would.
  await replayAll(dir);
  await timed(
    'replay --all',
    () => replayAll(dir),
    (r) => `${r.replayed} replayed, ${r.differing.length} differ`,
  );
  const rules = await rulesFromFile(dir, ruleFile);
  await timed(
    'backtest (2 changed rules)',
    () => backtest(dir, rules, { files: new Set([ruleFile]) }),
    (r) =>
      r.rules
        .map((x) => `${x.rule}: ${x.fires} fire, +${x.newlyFires.length} -${x.stopsFiring.length}`)
        .join('; '),
  );
  await timed(
    'audit verify',
    () => auditVerify(dir),
    (r) => `${r.records} records, ${r.problems.length} problems`,
  );
  // The lines the bot writes with each record: verify recomputes every one from its record.
  for (let i = 0; i < records.length; i += 64) {
    await Promise.all(
      records.slice(i, i + 64).map(async (r) => {
        const rel = recordPath(r);
        await indexWrittenRecord(dir, rel, await readFile(join(dir, rel), 'utf8'));
      }),
    );
  }
  await timed(
    'audit verify (+ fact index)',
    () => auditVerify(dir),
    (r) => `${r.records} records, ${r.problems.length} problems`,
  );
  await timed(
    'prune --retention 30d',
    () => prune({ repoDir: dir, now: new Date(), retentionS: 30 * 86_400, dryRun: false }),
    (r) => `${r.pruned.length} moved into ${r.rollups.length} rollups`,
  );
  await timed(
    'audit verify (after prune)',
    () => auditVerify(dir),
    (r) => `${r.records} records + ${r.rollupEntries} rolled up, ${r.problems.length} problems`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
