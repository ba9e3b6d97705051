import { targetOf } from '../request/target.js';
import { durationSeconds } from '../schemas/common.js';
import type { ExecutionRecord } from '../schemas/record.js';
import type { Rollup, RollupEntry } from '../schemas/rollup.js';
import { canonicalJson, sha256 } from './record.js';

// Pure parts of retention: which week a record belongs to, its compact entry, and a week's rollup
// merged with what an earlier prune wrote. Merging is by id, so re-running after a crash (rollup
// written, records not yet removed) changes nothing.

/** ISO-8601 week of a UTC timestamp: `2026-W07` (the week-year can differ from the calendar year). */
export function isoWeek(timestamp: string): string {
  const d = new Date(timestamp);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a timestamp: ${JSON.stringify(timestamp)}`);
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const weekday = day.getUTCDay() || 7; // Monday 1 … Sunday 7
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const year = day.getUTCFullYear();
  const week = Math.ceil(((day.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function rollupPath(week: string): string {
  return `executions/rollups/${week}.yaml`;
}

export function rollupEntry(record: ExecutionRecord, path: string): RollupEntry {
  const target = targetOf(record.params ?? {});
  return {
    id: record.id,
    path,
    timestamp: record.timestamp,
    intent: record.intent,
    ...(target ? { target } : {}),
    status: record.status,
    duration_s: durationSeconds(record.duration),
    ...(record.expected_duration ? { expected_duration_s: durationSeconds(record.expected_duration) } : {}),
    anomalies: record.anomalies.map((a) => ({ rule: a.rule, severity: a.severity })),
    ...(record.request.proposed_by ? { proposed_by: record.request.proposed_by } : {}),
    ...(record.request.path ? { request: record.request.path } : {}),
    digest: record.digest,
    prev_digest: record.prev_digest,
  };
}

export function rollupCounts(entries: readonly RollupEntry[]): Rollup['counts'] {
  const intents: Rollup['counts']['intents'] = {};
  const rules: Rollup['counts']['rules'] = {};
  for (const e of entries) {
    const byStatus = intents[e.intent] ?? {};
    intents[e.intent] = byStatus;
    byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
    for (const a of e.anomalies) rules[a.rule] = (rules[a.rule] ?? 0) + 1;
  }
  return { intents, rules };
}

/** The digest a rollup carries: over everything in it but the digest itself. */
export function rollupDigest(r: Omit<Rollup, 'digest'>): string {
  return sha256(canonicalJson({ week: r.week, counts: r.counts, records: r.records }));
}

function byTime(a: RollupEntry, b: RollupEntry): number {
  return a.timestamp < b.timestamp
    ? -1
    : a.timestamp > b.timestamp
      ? 1
      : a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : 0;
}

/** The week's rollup with `added` merged in (an id already there is kept as it was). */
export function mergeRollup(
  week: string,
  existing: Rollup | undefined,
  added: readonly RollupEntry[],
): Rollup {
  const byId = new Map((existing?.records ?? []).map((e) => [e.id, e]));
  for (const e of added) if (!byId.has(e.id)) byId.set(e.id, e);
  const records = [...byId.values()].sort(byTime);
  const body = { week, counts: rollupCounts(records), records };
  return { ...body, digest: rollupDigest(body) };
}

/** Groups entries by the ISO week of their timestamp. */
export function groupByWeek(entries: readonly RollupEntry[]): Map<string, RollupEntry[]> {
  const out = new Map<string, RollupEntry[]>();
  for (const e of entries) {
    const w = isoWeek(e.timestamp);
    const list = out.get(w) ?? [];
    list.push(e);
    out.set(w, list);
  }
  return out;
}
