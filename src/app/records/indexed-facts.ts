import { readFactIndexes } from '../../adapters/fact-index-store.js';
import { Git } from '../../adapters/git.js';
import type { RecordFacts } from '../../domain/metrics/scorecard.js';

// The facts of records the day fact indexes hold (see domain/metrics/fact-index.ts), taken only
// where git vouches that the checked-out record is the very blob the index line names: in git's
// index at that blob, and unchanged on disk since (git's own stat check). A record edited, staged,
// never committed or in conflict, and a line naming another blob, another version or nothing the
// scorecard can read, are left to be parsed afresh.
//
// What a matching line cannot prove: that its facts are what its blob computes to. The index is the
// bot's evidence like the records (under executions/: `audit bot-owned` refuses anyone else's pull
// request touching it), and `audit verify` recomputes every line from its record (app/audit/verify).

export async function indexedFacts(
  repoDir: string,
  days: readonly string[],
): Promise<Map<string, RecordFacts>> {
  const [git, entries] = await Promise.all([
    new Git(repoDir).indexedBlobs('executions'),
    readFactIndexes(repoDir, days),
  ]);
  const out = new Map<string, RecordFacts>();
  if (!git || entries.size === 0) return out;
  for (const [path, e] of entries) {
    if (git.changed.has(path) || git.blobs.get(path) !== e.blob) continue;
    out.set(path, { path, ...e.facts });
  }
  return out;
}
