import { InputError } from '../../domain/input/errors.js';
import { type ReplayOutcome, replayRecord } from '../../domain/records/replay.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import { fullCheck, loadRecord, readRecords } from '../records/read-records.js';

// `intentops replay`: one record's timeline and verdict, or every record's verdict (CI, bench).

export async function replayOne(
  repoDir: string,
  ref: string,
): Promise<{ path: string; record: ExecutionRecord; outcome: ReplayOutcome }> {
  const read = await loadRecord(repoDir, ref);
  if ('error' in read) throw new InputError([{ file: read.path, severity: 'error', message: read.error }]);
  return { path: read.path, record: read.record, outcome: replayRecord(read.record) };
}

export interface ReplayAll {
  replayed: number;
  same: number;
  /** Records whose replay differs from what they recorded. */
  differing: { path: string; id: string; differences: string[] }[];
  unreadable: { path: string; reason: string }[];
  /** Records that name only their fired rules (written before rules_evaluated). */
  firedOnly: number;
}

export async function replayAll(repoDir: string, since?: Date): Promise<ReplayAll> {
  const out: ReplayAll = { replayed: 0, same: 0, differing: [], unreadable: [], firedOnly: 0 };
  for await (const r of readRecords(repoDir, since)) {
    if ('error' in r) {
      out.unreadable.push({ path: r.path, reason: r.error });
      continue;
    }
    let o: ReturnType<typeof replayRecord>;
    try {
      o = replayRecord(r.record);
    } catch {
      out.unreadable.push({ path: r.path, reason: fullCheck(r.raw) });
      continue;
    }
    out.replayed++;
    if (o.rulesSource === 'fired-only') out.firedOnly++;
    if (o.differences.length === 0) out.same++;
    else out.differing.push({ path: r.path, id: r.record.id, differences: o.differences });
  }
  return out;
}
