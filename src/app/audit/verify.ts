import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gitBlobId, readAllFactIndexes } from '../../adapters/fact-index-store.js';
import { readRollupFiles } from '../../adapters/rollup-store.js';
import type { FactIndexEntry } from '../../domain/metrics/fact-index.js';
import { recordFacts } from '../../domain/metrics/scorecard.js';
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
import { type ReadRecord, readRecordsWithText } from '../records/read-records.js';

// `intentops audit verify`: every record's digest recomputed, every rollup's digest and counts
// checked, then the chain across both (see domain/records/audit.ts for what it can and cannot show).
// Every fact index line the scorecard could take is recomputed from its record too: the scorecard
// trusts a line whose blob is the record's, so a line pushed with made-up facts would forge its rows.

interface IndexLine {
  file: string;
  entry: FactIndexEntry;
}

const mismatch = (file: string, recordPath: string, what: string): AuditProblem => ({
  path: file,
  kind: 'fact-index-mismatch',
  message: `the line for ${recordPath}: ${what}`,
});

/** What each line for this record gets wrong: its blob, or (same blob) its facts. */
function indexLineProblems(
  r: ReadRecord & { text: string },
  lines: readonly IndexLine[],
): { problems: AuditProblem[]; digest?: string } {
  const blob = gitBlobId(r.text);
  let computed: string | undefined;
  let digest: string | undefined;
  const out: AuditProblem[] = [];
  for (const { file, entry } of lines) {
    if (entry.blob !== blob) {
      out.push(mismatch(file, r.path, `names blob ${entry.blob}, the record's is ${blob}`));
      continue;
    }
    if ('error' in r) {
      out.push(
        mismatch(
          file,
          r.path,
          'its record is not a readable record, so its facts cannot be what it computes to',
        ),
      );
      continue;
    }
    if (computed === undefined) {
      // Through JSON as the line was: what recordFacts leaves undefined is absent there too.
      const { path: _p, ...facts } = recordFacts(r.record, r.path);
      computed = canonicalJson(JSON.parse(JSON.stringify(facts)));
      digest = facts.computed;
    }
    if (canonicalJson(entry.facts) !== computed)
      out.push(
        mismatch(
          file,
          r.path,
          'its facts are not what the record computes to (the scorecard would show them)',
        ),
      );
  }
  return digest === undefined ? { problems: out } : { problems: out, digest };
}

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
  const lines = new Map<string, IndexLine[]>();
  for (const f of await readAllFactIndexes(repoDir)) {
    for (const [path, entry] of f.entries)
      lines.set(path, [...(lines.get(path) ?? []), { file: f.path, entry }]);
  }
  for await (const r of readRecordsWithText(repoDir)) {
    const mine = lines.get(r.path);
    // The facts hold the record's digest: computed once for both.
    let digest: string | undefined;
    if (mine) {
      lines.delete(r.path);
      const checked = indexLineProblems(r, mine);
      problems.push(...checked.problems);
      digest = checked.digest;
    }
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
      computed: digest ?? recordDigest(rec),
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
  for (const [path, left] of lines) {
    for (const { file } of left) problems.push(mismatch(file, path, 'no such record'));
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
