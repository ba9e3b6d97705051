import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  groupByWeek,
  mergeRollup,
  readRollup,
  rollupEntry,
  rollupPath,
  writeRollup
} from "./chunk-BUE77APU.js";
import {
  readRecords
} from "./chunk-JLCMCG2X.js";
import {
  recordDigest,
  recordPath
} from "./chunk-FUILN6RE.js";

// src/app/audit/prune.ts
import { readdir, rmdir, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
var DEFAULT_RETENTION = "30d";
async function prune(opts) {
  const cutoff = new Date(opts.now.getTime() - opts.retentionS * 1e3).toISOString();
  const cutoffDay = cutoff.slice(0, 10);
  const result = { cutoff, dryRun: opts.dryRun, pruned: [], rollups: [], kept: [] };
  const entries = [];
  for await (const r of readRecords(opts.repoDir)) {
    if (r.path.slice("executions/".length, "executions/".length + 10) > cutoffDay) break;
    if ("error" in r) {
      result.kept.push({ path: r.path, reason: r.error });
      continue;
    }
    const rec = r.record;
    if (rec.timestamp >= cutoff) continue;
    if (recordDigest(rec) !== rec.digest) {
      result.kept.push({ path: r.path, reason: "its digest does not match its content (see audit verify)" });
      continue;
    }
    if (recordPath(rec) !== r.path) {
      result.kept.push({ path: r.path, reason: `misplaced: expected at ${recordPath(rec)}` });
      continue;
    }
    entries.push(rollupEntry(rec, r.path));
  }
  const weeks = [...groupByWeek(entries)].sort(([a], [b]) => a < b ? -1 : 1);
  for (const [week, added] of weeks) {
    const merged = mergeRollup(week, await readRollup(opts.repoDir, week), added);
    if (!opts.dryRun) await writeRollup(opts.repoDir, merged);
    result.rollups.push({ path: rollupPath(week), week, added: added.length, total: merged.records.length });
    for (const e of added) result.pruned.push({ path: e.path, id: e.id, week });
  }
  if (opts.dryRun) return result;
  const days = /* @__PURE__ */ new Set();
  for (const p of result.pruned) {
    await unlink(join(opts.repoDir, p.path)).catch((err) => {
      if (err.code !== "ENOENT") throw err;
    });
    days.add(dirname(p.path));
  }
  for (const d of days) {
    const abs = join(opts.repoDir, d);
    if ((await readdir(abs).catch(() => ["?"])).length === 0) await rmdir(abs).catch(() => {
    });
  }
  return result;
}

export {
  DEFAULT_RETENTION,
  prune
};
