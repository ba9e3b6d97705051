import { Git } from '../../adapters/git.js';
import { parseRecordText } from '../../adapters/record-scan.js';
import { fileAt } from '../../adapters/request-history.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';

// The request records that ended within a recent window, from HEAD's tree (one listing; only the
// folders of the window's days are read, nothing checked out): what the execute job looks over to
// repair an outcome row a killed job never wrote (action/outcome-sync.ts).

const RECORD = /^executions\/(\d{4}-\d{2}-\d{2})\/exec-[^/]+\.yaml$/;
/** Records read at most per call: a day of thousands of runs still costs a bounded time. */
const MAX_READ = 200;

export async function recentRecords(
  repoDir: string,
  now: Date,
  windowMs: number,
): Promise<{ record: ExecutionRecord; path: string }[]> {
  const since = now.getTime() - windowMs;
  const days = new Set([new Date(since).toISOString().slice(0, 10), now.toISOString().slice(0, 10)]);
  const paths = (await new Git(repoDir).treeFiles('executions'))
    .filter((p) => days.has(RECORD.exec(p)?.[1] ?? ''))
    .sort()
    .slice(-MAX_READ);
  const out: { record: ExecutionRecord; path: string }[] = [];
  for (const path of paths) {
    let record: ExecutionRecord;
    try {
      record = parseRecordText((await fileAt(repoDir, 'HEAD', path)) ?? '', path) as ExecutionRecord;
    } catch {
      continue;
    }
    if (!record?.request || record.rollback_of || record.observation_of) continue;
    const ended = Date.parse(record.timestamp) + durationMs(record.duration);
    if (ended >= since) out.push({ record, path });
  }
  return out;
}

function durationMs(d: string | undefined): number {
  const s = Number.parseFloat(d ?? '0');
  return Number.isFinite(s) ? s * 1000 : 0;
}
