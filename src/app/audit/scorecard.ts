import { readLedger } from '../../adapters/ledger-store.js';
import { readRollupFiles } from '../../adapters/rollup-store.js';
import { type IncidentIssueFact, type ScoreRow, scorecard } from '../../domain/metrics/scorecard.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import { readRecords } from '../read-records.js';

// The scorecard (issue 29) for `intentops metrics`, the report, the dashboard, the Pushgateway and
// the weekly learn summary: every live record read once (the digest chain needs them all), the
// rollups, the learning ledger; the incident issues come from the caller (GitHub, or why not).

export interface ScorecardRead {
  rows: ScoreRow[];
  /** The records read, for a caller that offers incident context from them. */
  records: ExecutionRecord[];
}

export async function readScorecardRecords(repoDir: string) {
  const records: ExecutionRecord[] = [];
  const unreadable: { path: string; reason: string }[] = [];
  for await (const r of readRecords(repoDir)) {
    if ('error' in r) unreadable.push({ path: r.path, reason: r.error });
    else records.push(r.record);
  }
  return { records, unreadable };
}

export async function readScorecard(opts: {
  repoDir: string;
  since: Date;
  now: Date;
  /** The incident issues, or why they were not read; default: no GitHub repository. */
  issues?: readonly IncidentIssueFact[] | { unavailable: string };
  /** Records read already (readScorecardRecords). */
  read?: Awaited<ReturnType<typeof readScorecardRecords>>;
}): Promise<ScorecardRead> {
  const [read, rollups, ledger] = await Promise.all([
    opts.read ?? readScorecardRecords(opts.repoDir),
    readRollupFiles(opts.repoDir),
    readLedger(opts.repoDir).catch(() => ({ suggestions: [] })),
  ]);
  // Unreadable files of the period only: their path names their day.
  const day = opts.since.toISOString().slice(0, 10);
  const unreadable = read.unreadable.filter(
    (u) => (/\/(\d{4}-\d{2}-\d{2})\//.exec(u.path)?.[1] ?? day) >= day,
  );
  const rows = scorecard({
    since: opts.since,
    until: opts.now,
    records: read.records,
    unreadable,
    rollups,
    issues: opts.issues ?? { unavailable: 'no GitHub repository (GITHUB_TOKEN and GITHUB_REPOSITORY unset)' },
    ledger: ledger.suggestions,
  });
  return { rows, records: read.records };
}
