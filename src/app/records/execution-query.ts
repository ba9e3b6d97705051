import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRecordText, recordDays } from '../../adapters/record-scan.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';

// Execution records as an agent asks about them: one by id, or the newest few matching a filter.
// Newest first and bounded, so a repository with years of records answers from its last days.

export interface ExecutionFilter {
  intent?: string;
  status?: ExecutionRecord['status'];
  /** The request's `proposed_by`. */
  proposer?: string;
  limit: number;
}

/** What a list shows of a record: enough to pick one, with its anomalies. */
export interface ExecutionSummary {
  id: string;
  path: string;
  timestamp: string;
  intent: string;
  params: Record<string, unknown>;
  /** The environment it ran in, when the repository declares environments. */
  environment?: string;
  status: ExecutionRecord['status'];
  status_reason?: string;
  duration: string;
  proposed_by?: string;
  request: string;
  anomalies: { rule: string; severity: string; action: string }[];
  drafts: { fingerprint: string; path: string }[];
}

/** A record id as the bot writes them: one file name, never a path. */
export const EXECUTION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

function summary(path: string, r: ExecutionRecord): ExecutionSummary {
  return {
    id: r.id,
    path,
    timestamp: r.timestamp,
    intent: r.intent,
    params: r.params ?? {},
    ...(r.environment !== undefined ? { environment: r.environment } : {}),
    status: r.status,
    ...(r.status_reason ? { status_reason: r.status_reason } : {}),
    duration: r.duration,
    ...(r.request?.proposed_by ? { proposed_by: r.request.proposed_by } : {}),
    request: r.request?.path ?? '',
    anomalies: (r.anomalies ?? []).map((a) => ({ rule: a.rule, severity: a.severity, action: a.action })),
    drafts: (r.drafts ?? []).map((d) => ({ fingerprint: d.fingerprint, path: d.path })),
  };
}

const matches = (r: ExecutionRecord, f: ExecutionFilter) =>
  (!f.intent || r.intent === f.intent) &&
  (!f.status || r.status === f.status) &&
  (!f.proposer || r.request?.proposed_by === f.proposer);

/** A cheap necessary condition: a record whose text lacks a wanted value cannot match, so is not parsed. */
const mayMatch = (text: string, f: ExecutionFilter) =>
  [f.intent, f.status, f.proposer].every((v) => v === undefined || text.includes(v));

async function readDay(
  repoDir: string,
  day: string,
  f: ExecutionFilter,
): Promise<{ path: string; record: ExecutionRecord }[]> {
  const dir = `executions/${day}`;
  const names = (await readdir(join(repoDir, dir))).filter((n) => n.endsWith('.yaml'));
  const read = await Promise.all(
    names.map(async (n) => ({ path: `${dir}/${n}`, text: await readFile(join(repoDir, dir, n), 'utf8') })),
  );
  const out = read
    .filter((r) => mayMatch(r.text, f))
    .map((r) => ({ path: r.path, record: parseRecordText(r.text, r.path) as ExecutionRecord }))
    .filter((r) => matches(r.record, f));
  // Newest first within the day; ids start with the time, but `--id` may name a run anything.
  return out.sort((a, b) => String(b.record.timestamp).localeCompare(String(a.record.timestamp)));
}

/** The newest records matching the filter, at most `limit`; days are read newest first and no further. */
export async function listExecutions(repoDir: string, f: ExecutionFilter): Promise<ExecutionSummary[]> {
  const found: ExecutionSummary[] = [];
  for (const day of (await recordDays(repoDir)).reverse()) {
    for (const { path, record } of await readDay(repoDir, day, f)) {
      found.push(summary(path, record));
      if (found.length >= f.limit) return found;
    }
  }
  return found;
}

/** The whole record with this id, and where it is; null when there is none. */
export async function getExecution(
  repoDir: string,
  id: string,
): Promise<{ path: string; record: ExecutionRecord } | null> {
  if (!EXECUTION_ID.test(id)) return null;
  for (const day of (await recordDays(repoDir)).reverse()) {
    const path = `executions/${day}/${id}.yaml`;
    const text = await readFile(join(repoDir, path), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (text !== null) return { path, record: parseRecordText(text, path) as ExecutionRecord };
  }
  return null;
}
