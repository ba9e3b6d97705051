import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readRollupFiles } from '../../adapters/rollup-store.js';
import {
  type AuditProblem,
  type AuditReport,
  type ChainMember,
  DEFAULT_FORK_WINDOW_S,
  rollupMembers,
  verifyChain,
} from '../../domain/records/audit.js';
import { canonicalJson, recordDigest } from '../../domain/records/record.js';
import { rollupCounts, rollupDigest } from '../../domain/records/rollup.js';
import { durationSeconds } from '../../domain/schemas/common.js';
import { readRecords } from '../records/read-records.js';

// `intentops audit verify`: every record's digest recomputed, every rollup's digest and counts
// checked, then the chain across both (see domain/records/audit.ts for what it can and cannot show).

async function tempFiles(repoDir: string): Promise<string[]> {
  const entries = await readdir(join(repoDir, 'executions'), { recursive: true }).catch(() => [] as string[]);
  return entries.filter((e) => e.endsWith('.tmp')).map((e) => `executions/${e}`);
}

function seconds(d: unknown): number {
  try {
    return typeof d === 'string' || typeof d === 'number' ? durationSeconds(d) : 0;
  } catch {
    return 0;
  }
}

export async function auditVerify(
  repoDir: string,
  opts: { forkWindowS?: number } = {},
): Promise<AuditReport & { rollups: number }> {
  const members: ChainMember[] = [];
  const problems: AuditProblem[] = [];
  for await (const r of readRecords(repoDir)) {
    if ('error' in r) {
      // A record that fails the schema may still carry a digest: check it, so an edit that breaks
      // the shape is named as a change, not only as malformed.
      problems.push({ path: r.path, kind: 'malformed', message: r.error });
      const raw = r.raw as Record<string, unknown> | undefined;
      if (raw && typeof raw === 'object' && typeof raw.digest === 'string' && typeof raw.id === 'string') {
        members.push({
          path: r.path,
          recordPath: r.path,
          id: raw.id,
          timestamp: String(raw.timestamp ?? ''),
          durationS: seconds(raw.duration),
          digest: raw.digest,
          prev_digest: typeof raw.prev_digest === 'string' ? raw.prev_digest : null,
          computed: recordDigest(raw as never),
          source: 'record',
        });
      }
      continue;
    }
    const rec = r.record;
    members.push({
      path: r.path,
      recordPath: r.path,
      id: rec.id,
      timestamp: rec.timestamp,
      durationS: seconds(rec.duration),
      digest: rec.digest,
      prev_digest: rec.prev_digest,
      computed: recordDigest(rec),
      source: 'record',
    });
  }
  const files = await readRollupFiles(repoDir);
  for (const f of files) {
    if ('error' in f) {
      problems.push({ path: f.path, kind: 'malformed', message: f.error });
      continue;
    }
    const { rollup } = f;
    if (rollupDigest(rollup) !== rollup.digest) {
      problems.push({
        path: f.path,
        kind: 'rollup-changed',
        message: `digest mismatch: the rollup says ${rollup.digest}, its content hashes to ${rollupDigest(rollup)}`,
      });
    } else if (canonicalJson(rollupCounts(rollup.records)) !== canonicalJson(rollup.counts)) {
      problems.push({ path: f.path, kind: 'rollup-changed', message: 'counts do not match its records' });
    }
    members.push(...rollupMembers(f.path, rollup.records));
  }
  for (const path of await tempFiles(repoDir)) {
    problems.push({
      path,
      kind: 'temp-file',
      message:
        'left by an interrupted record write: its record may be missing (the next execute run removes it)',
    });
  }
  const report = verifyChain(members, { forkWindowS: opts.forkWindowS ?? DEFAULT_FORK_WINDOW_S });
  return { ...report, problems: [...problems, ...report.problems], rollups: files.length };
}
