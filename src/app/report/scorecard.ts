import { createHash } from 'node:crypto';
import { readLedger } from '../../adapters/ledger-store.js';
import {
  parseRecordText,
  RecordScanError,
  readRecordText,
  recordDays,
  recordPathsOf,
} from '../../adapters/record-scan.js';
import { readRollupFiles } from '../../adapters/rollup-store.js';
import { readFactsCache, scorecardCachePath, writeFactsCache } from '../../adapters/scorecard-cache.js';
import {
  type IncidentIssueFact,
  type RecordFacts,
  recordFacts,
  type ScoreRow,
  scorecard,
} from '../../domain/metrics/scorecard.js';
import { VERSION } from '../../version.js';
import { incidentDocuments } from '../incidents/incident-documents.js';
import { indexedFacts } from '../records/indexed-facts.js';
import { checkRecord, fullCheck } from '../records/read-records.js';

// The scorecard (issue 29) for `intentops metrics`, the report, the dashboard, the Pushgateway and
// the weekly learn summary: every live record's facts (the digest chain needs them all), the rollups
// and the learning ledger; the incident issues come from the caller (GitHub, or why not). A record's
// facts come from its day's fact index where git vouches for the record (indexed-facts: no read, no
// parse — a fresh checkout too); else from the clone's own cache when its text was seen before (a
// hash, no parse — see scorecard-cache); else the record is parsed, hashed and replayed.

/** Changes whenever what recordFacts computes changes: older caches are then ignored. */
const FACTS_VERSION = `1/${VERSION}`;

export interface FactsRead {
  facts: RecordFacts[];
  unreadable: { path: string; reason: string }[];
  /** How many records' facts came from the day fact indexes (the rest were read from their files). */
  indexed: number;
}

export async function readScorecardFacts(repoDir: string, o: { cache?: boolean } = {}): Promise<FactsRead> {
  const days = await recordDays(repoDir);
  const [cachePath, indexed] = await Promise.all([
    o.cache === false ? undefined : scorecardCachePath(repoDir),
    indexedFacts(repoDir, days),
  ]);
  const cached = cachePath ? await readFactsCache<RecordFacts>(cachePath, FACTS_VERSION) : new Map();
  const fresh = new Map<string, RecordFacts>();
  const facts: RecordFacts[] = [];
  const unreadable: FactsRead['unreadable'] = [];
  let computed = 0;
  let fromIndex = 0;
  let n = 0;
  for (const day of days) {
    for (const path of await recordPathsOf(repoDir, day)) {
      // Now and then a turn of the event loop: the incident listing's answers are taken in meanwhile.
      if (++n % 250 === 0) await new Promise((resolve) => setImmediate(resolve));
      const known = indexed.get(path);
      if (known) {
        facts.push(known);
        fromIndex++;
        continue;
      }
      const text = readRecordText(repoDir, path);
      const key = createHash('sha256').update(path).update('\0').update(text).digest('base64url');
      let f = cached.get(key);
      if (!f) {
        let raw: unknown;
        try {
          raw = parseRecordText(text, path);
        } catch (err) {
          if (!(err instanceof RecordScanError)) throw err;
          unreadable.push({ path, reason: `not YAML: ${err.reason}` });
          continue;
        }
        const checked = checkRecord(path, raw);
        if ('error' in checked) {
          unreadable.push({ path, reason: checked.error });
          continue;
        }
        try {
          f = recordFacts(checked.record, path);
        } catch {
          // Passed the quick check, not the schema: what it lacks is named.
          unreadable.push({ path, reason: fullCheck(raw) });
          continue;
        }
        computed++;
      }
      fresh.set(key, f);
      facts.push(f);
    }
  }
  // Only what is still there (and not in an index) is kept: the cache never outgrows the tree.
  if (cachePath && (computed || fresh.size !== cached.size))
    await writeFactsCache(cachePath, FACTS_VERSION, fresh).catch(() => {});
  return { facts, unreadable, indexed: fromIndex };
}

export async function readScorecard(opts: {
  repoDir: string;
  since: Date;
  now: Date;
  /** The incident issues, or why they were not read; default: the incident documents under incidents/. */
  issues?: readonly IncidentIssueFact[] | { unavailable: string };
  /** Facts read already (readScorecardFacts). */
  read?: FactsRead;
}): Promise<ScoreRow[]> {
  const [read, rollups, ledger] = await Promise.all([
    opts.read ?? readScorecardFacts(opts.repoDir),
    readRollupFiles(opts.repoDir),
    readLedger(opts.repoDir).catch(() => ({ suggestions: [] })),
  ]);
  const issues = opts.issues ?? {
    files: await incidentDocuments(opts.repoDir, read.facts, opts.now),
    why: 'no GitHub repository (GITHUB_TOKEN and GITHUB_REPOSITORY unset)',
  };
  // Unreadable files of the period only: their path names their day.
  const day = opts.since.toISOString().slice(0, 10);
  const unreadable = read.unreadable.filter(
    (u) => (/\/(\d{4}-\d{2}-\d{2})\//.exec(u.path)?.[1] ?? day) >= day,
  );
  return scorecard({
    since: opts.since,
    until: opts.now,
    records: read.facts,
    unreadable,
    rollups,
    issues,
    ledger: ledger.suggestions,
  });
}
