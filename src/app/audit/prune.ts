import { readdir, rmdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { dropFromFactIndexes } from '../../adapters/fact-index-store.js';
import { readRollup, writeRollup } from '../../adapters/rollup-store.js';
import { InputError } from '../../domain/input/errors.js';
import { claimPath, rollbackClaimPath, rollbackRequestPath } from '../../domain/reconcile/claim.js';
import { recordDigest, recordPath } from '../../domain/records/record.js';
import { groupByWeek, mergeRollup, rollupEntry, rollupPath } from '../../domain/records/rollup.js';
import { durationSeconds } from '../../domain/schemas/common.js';
import type { RollupEntry } from '../../domain/schemas/rollup.js';
import { readRecords } from '../records/read-records.js';
import { loadRepo } from '../shared/load-repo.js';

// `intentops prune`: records older than the retention move into weekly rollups. Rollups are written
// first, records removed after: a crash in between leaves a record in both places, which readers
// and `audit verify` count once — never a loss. A record that does not verify (changed, misplaced,
// unreadable) is not rolled up: its evidence stays in place for `audit verify` to name.

export const DEFAULT_RETENTION = '30d';

export interface PruneResult {
  cutoff: string;
  dryRun: boolean;
  pruned: { path: string; id: string; week: string }[];
  rollups: { path: string; week: string; added: number; total: number }[];
  kept: { path: string; reason: string }[];
  /** Claims that went with their records: a claim only matters until its record exists. */
  claims: string[];
}

/**
 * A bake writes its follow-up up to its window after the run: a retention shorter than the longest
 * bake window would roll up an execution whose follow-up is still to come, and name a record that
 * is gone from executions/. Refused, at the file that declares the window.
 */
async function refuseShorterThanBakes(repoDir: string, retentionS: number): Promise<void> {
  const { catalog } = await loadRepo(repoDir).catch(() => ({ catalog: undefined }));
  if (!catalog) return;
  const windows = [
    ...catalog.outcomes.map((o) => ({
      file: o.path,
      name: o.data.intent ?? basename(o.path).replace(/\.ya?ml$/, ''),
      w: o.data.observe,
    })),
    ...[...catalog.intents.values()].map((i) => ({ file: i.path, name: i.data.name, w: i.data.observe })),
  ].filter((x) => x.w);
  const longest = windows.sort(
    (a, b) => durationSeconds(b.w?.for ?? '0s') - durationSeconds(a.w?.for ?? '0s'),
  )[0];
  if (!longest?.w || durationSeconds(longest.w.for) <= retentionS) return;
  throw new InputError([
    {
      file: longest.file,
      severity: 'error',
      message: `the retention (${retentionS}s) is shorter than the bake window of ${longest.name} (observe.for ${longest.w.for}): a record would be rolled up before its bake's follow-up is written; keep records at least ${longest.w.for}`,
    },
  ]);
}

export async function prune(opts: {
  repoDir: string;
  now: Date;
  retentionS: number;
  dryRun: boolean;
}): Promise<PruneResult> {
  await refuseShorterThanBakes(opts.repoDir, opts.retentionS);
  const cutoff = new Date(opts.now.getTime() - opts.retentionS * 1000).toISOString();
  const cutoffDay = cutoff.slice(0, 10);
  const result: PruneResult = { cutoff, dryRun: opts.dryRun, pruned: [], rollups: [], kept: [], claims: [] };
  const entries: RollupEntry[] = [];
  for await (const r of readRecords(opts.repoDir)) {
    if (r.path.slice('executions/'.length, 'executions/'.length + 10) > cutoffDay) break;
    if ('error' in r) {
      result.kept.push({ path: r.path, reason: r.error });
      continue;
    }
    const rec = r.record;
    if (rec.timestamp >= cutoff) continue;
    if (recordDigest(rec) !== rec.digest) {
      result.kept.push({ path: r.path, reason: 'its digest does not match its content (see audit verify)' });
      continue;
    }
    if (recordPath(rec) !== r.path) {
      result.kept.push({ path: r.path, reason: `misplaced: expected at ${recordPath(rec)}` });
      continue;
    }
    entries.push(rollupEntry(rec, r.path));
  }
  const weeks = [...groupByWeek(entries)].sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [week, added] of weeks) {
    const merged = mergeRollup(week, await readRollup(opts.repoDir, week), added);
    if (!opts.dryRun) await writeRollup(opts.repoDir, merged);
    result.rollups.push({ path: rollupPath(week), week, added: added.length, total: merged.records.length });
    for (const e of added) result.pruned.push({ path: e.path, id: e.id, week });
  }
  if (opts.dryRun) return result;
  const days = new Set<string>();
  for (const p of result.pruned) {
    await unlink(join(opts.repoDir, p.path)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    days.add(dirname(p.path));
  }
  // Their lines go from the days' fact indexes too; a day pruned whole loses its index with it.
  await dropFromFactIndexes(
    opts.repoDir,
    result.pruned.map((p) => p.path),
  );
  for (const d of days) {
    const abs = join(opts.repoDir, d);
    if ((await readdir(abs).catch(() => ['?'])).length === 0) await rmdir(abs).catch(() => {});
  }
  // A claim guards a request until its record exists; once the record is rolled up nobody can run
  // the request or roll it back again, and the claim (or a bake's rollback request) would only grow
  // the checkout.
  for (const p of result.pruned) {
    for (const rel of [claimPath(p.id), rollbackClaimPath(p.id), rollbackRequestPath(p.id)]) {
      const gone = await unlink(join(opts.repoDir, rel)).then(
        () => true,
        (err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
          return false;
        },
      );
      if (gone) result.claims.push(rel);
    }
  }
  return result;
}
