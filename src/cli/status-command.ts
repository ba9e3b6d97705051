import { hostname } from 'node:os';
import { type PendingScan, scanPending } from '../app/execute/pending.js';
import { describeLocalRun, type LocalRun, latestLocalRuns } from '../app/records/local-runs.js';
import { loadRepo } from '../app/shared/load-repo.js';
import { claimLiveness } from '../domain/reconcile/claim.js';
import type { Decision } from '../domain/reconcile/decide.js';
import type { GlobalOptions } from './main.js';

// `intentops status`: every merged request that has no final record yet, and what the next execute
// run will do with it — the same decision the execute job makes, without running anything.

export type RequestState = 'pending' | 'running' | 'interrupted' | 'expired' | 'cancelled' | 'denied';

function stateOf(d: Decision): RequestState {
  if (d.kind === 'run') return 'pending';
  if (d.kind === 'wait') return d.behind && !d.reason.startsWith('waiting behind') ? 'running' : 'pending';
  if (d.kind === 'finalize') return d.status;
  return 'pending';
}

function why(d: Decision): string {
  if (d.kind === 'run') return 'merged, not run yet: the next execute run runs it';
  if (d.kind === 'wait') return d.reason;
  if (d.kind === 'finalize') return `the next execute run records it as ${d.status}: ${d.reason}`;
  return '';
}

export function statusRows(scan: PendingScan) {
  return scan.decided
    .filter((d) => d.decision.kind !== 'done')
    .map((d) => ({
      path: d.candidate.path,
      state: stateOf(d.decision),
      id: d.candidate.id,
      merged_at: d.candidate.mergedAt.toISOString(),
      commit: d.candidate.commit,
      ...(d.candidate.target ? { target: d.candidate.target } : {}),
      why: why(d.decision),
    }));
}

/** How far before the oldest merge a local run is looked for: people try a request, then merge it. */
const LOCAL_LOOKBACK_MS = 7 * 86_400_000;

/** Each row with the latest local run of its request, when there is one. */
async function withLocalRuns(
  repoDir: string,
  rows: ReturnType<typeof statusRows>,
): Promise<(ReturnType<typeof statusRows>[number] & { local_run?: LocalRun })[]> {
  const oldest = Math.min(...rows.map((r) => Date.parse(r.merged_at)));
  if (!rows.length || !Number.isFinite(oldest)) return rows;
  const local = await latestLocalRuns(
    repoDir,
    new Set(rows.map((r) => r.path)),
    new Date(oldest - LOCAL_LOOKBACK_MS),
  );
  return rows.map((r) => {
    const run = local.get(r.path);
    return run ? { ...r, local_run: run } : r;
  });
}

export async function statusCommand(g: GlobalOptions, o: { all?: boolean }): Promise<number> {
  const { catalog } = await loadRepo(g.repo, []);
  const me = { host: hostname(), pid: process.pid };
  const now = new Date();
  const scan = await scanPending(g.repo, {
    now,
    ...(catalog.execute ? { settings: catalog.execute.data } : {}),
    // Without GitHub a claim of another run counts as running until its lease ends.
    live: async (claim) => claimLiveness(claim, me, now, () => false) !== 'dead',
    ...(o.all ? { full: true } : {}),
  });
  const rows = await withLocalRuns(g.repo, statusRows(scan));
  const done = scan.decided.length - rows.length;
  if (g.json) {
    process.stdout.write(
      `${JSON.stringify({ requests: rows, recorded: done, before_start: scan.beforeStart, notes: scan.notes }, null, 2)}\n`,
    );
    return 0;
  }
  for (const n of scan.notes) process.stderr.write(`⚠ ${n}\n`);
  for (const r of rows) {
    process.stdout.write(
      `${r.state.padEnd(11)} ${r.path}  (${r.id}, merged ${r.merged_at})\n            ${r.why}\n`,
    );
    if (r.local_run)
      process.stdout.write(
        `            ${describeLocalRun(r.local_run)}: a local run does not settle it, the execute job still runs it\n`,
      );
  }
  const since = scan.since ? ` since ${scan.since.slice(0, 7)}, the last settled merge` : '';
  process.stderr.write(
    `${rows.length ? '•' : '✔'} ${rows.length} request(s) without a final record, ${done} recorded${since}${scan.beforeStart ? `; ${scan.beforeStart} merged before the start point (never run)` : ''}\n`,
  );
  return 0;
}
