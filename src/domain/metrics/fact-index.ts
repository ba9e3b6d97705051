import type { RecordFacts } from './scorecard.js';

// The fact index: one JSON line per record in `executions/<day>/fact-index.jsonl`, written when the
// record is sealed and committed with it, holding what the scorecard needs of the record (its
// RecordFacts) and the git blob id of the record's text. A reader trusts a line only where git says
// the checked-out record is exactly that blob: an edited, re-written or unknown record is parsed
// afresh, so a fresh checkout (a runner's) needs no parse, digest or replay of an untouched record.
// Pure: lines in, entries out.

export const FACT_INDEX_FILE = 'fact-index.jsonl';

/**
 * Bumped whenever what recordFacts (or the replay and detection it runs) computes changes: lines of
 * another version are ignored, and those records parsed afresh. test/fact-index.test.ts pins the
 * facts of a fixed history, so a change that forgets the bump fails there.
 */
export const FACT_INDEX_VERSION = 1;

export interface FactIndexEntry {
  v: number;
  /** executions/<day>/<id>.yaml */
  path: string;
  /** The git blob id of the record file's text (`git hash-object`). */
  blob: string;
  facts: Omit<RecordFacts, 'path'>;
}

export function factIndexLine(path: string, blob: string, facts: RecordFacts): string {
  const { path: _p, ...rest } = facts;
  const entry: FactIndexEntry = { v: FACT_INDEX_VERSION, path, blob, facts: rest };
  return `${JSON.stringify(entry)}\n`;
}

const str = (v: unknown) => typeof v === 'string';

/** The shape the scorecard reads, checked by hand: a line that lacks it is no entry. */
function factsShape(f: unknown): f is Omit<RecordFacts, 'path'> {
  if (!f || typeof f !== 'object') return false;
  const x = f as Record<string, unknown>;
  const replay = x.replay as Record<string, unknown> | undefined;
  return (
    str(x.id) &&
    str(x.timestamp) &&
    str(x.digest) &&
    str(x.computed) &&
    (x.prev_digest === null || str(x.prev_digest)) &&
    typeof x.durationS === 'number' &&
    (x.target === null || str(x.target)) &&
    typeof x.settles === 'boolean' &&
    (x.origin === null || x.origin === 'github' || x.origin === 'local') &&
    Array.isArray(x.flags) &&
    typeof x.runEndFlags === 'number' &&
    !!replay &&
    typeof replay.firedOnly === 'boolean'
  );
}

/**
 * The entries of one index file by record path: lines of this version with the facts' shape.
 * Anything else (a torn line, another version, a line merged in twice) is passed over; the last
 * line for a path wins.
 */
export function parseFactIndex(text: string): Map<string, FactIndexEntry> {
  const out = new Map<string, FactIndexEntry>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    let e: Partial<FactIndexEntry>;
    try {
      e = JSON.parse(line) as Partial<FactIndexEntry>;
    } catch {
      continue;
    }
    if (e?.v !== FACT_INDEX_VERSION || !str(e.path) || !str(e.blob) || !factsShape(e.facts)) continue;
    out.set(e.path as string, e as FactIndexEntry);
  }
  return out;
}

/** The index text without the lines of `paths` (records pruned into rollups): '' when none is left. */
export function dropFromFactIndex(text: string, paths: ReadonlySet<string>): string {
  return text
    .split('\n')
    .filter((line) => {
      if (!line) return false;
      try {
        return !paths.has((JSON.parse(line) as { path?: string }).path ?? '');
      } catch {
        return false;
      }
    })
    .map((l) => `${l}\n`)
    .join('');
}
