import { parseRecordFields, RecordScanError, recordTexts } from '../../adapters/record-scan.js';
import type { RecordOrigin } from '../../domain/schemas/record.js';

// The local runs (`origin.kind: local`) of some requests: `status` names them beside a merged
// request the pipeline has not run yet, which a person who just ran it by hand would otherwise
// read as "not run" — a local run does not settle a merged request; the execute job still runs it.

export type LocalOrigin = Extract<RecordOrigin, { kind: 'local' }>;

export interface LocalRun {
  id: string;
  timestamp: string;
  status: string;
  origin: LocalOrigin;
}

const FIELDS = new Set(['id', 'timestamp', 'request', 'status', 'origin']);

/** The latest local run of each of `paths`, from the records of the days from `since` on. */
export async function latestLocalRuns(
  repoDir: string,
  paths: ReadonlySet<string>,
  since: Date,
): Promise<Map<string, LocalRun>> {
  const out = new Map<string, LocalRun>();
  if (paths.size === 0) return out;
  for await (const { path, text } of recordTexts(repoDir, { since })) {
    // A look at the text first: most records are the pipeline's and are not parsed.
    if (!text.includes('kind: local')) continue;
    let raw: Partial<LocalRun> & { request?: { path?: unknown } };
    try {
      raw = parseRecordFields(text, path, FIELDS) as typeof raw;
    } catch (err) {
      if (err instanceof RecordScanError) continue;
      throw err;
    }
    const req = raw?.request?.path;
    if (typeof req !== 'string' || !paths.has(req) || raw.origin?.kind !== 'local') continue;
    if (typeof raw.id !== 'string' || typeof raw.timestamp !== 'string') continue;
    const prev = out.get(req);
    if (!prev || prev.timestamp <= raw.timestamp)
      out.set(req, {
        id: raw.id,
        timestamp: raw.timestamp,
        status: String(raw.status),
        origin: raw.origin,
      });
  }
  return out;
}

/** "ran locally as exec-… (success) by alice on laptop". */
export function describeLocalRun(r: LocalRun): string {
  return `ran locally as ${r.id} (${r.status}) by ${r.origin.user} on ${r.origin.host}`;
}
