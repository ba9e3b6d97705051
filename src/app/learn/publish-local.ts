import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Git } from '../../adapters/git.js';
import { readLedger, writeLearnReport, writeLedger } from '../../adapters/ledger-store.js';
import { branchOf, contentDigest, opened } from '../../domain/learn/ledger.js';
import { runReport } from '../../domain/learn/report.js';
import type { Suggestion } from '../../domain/learn/types.js';
import type { LedgerEntry } from '../../domain/schemas/ledger.js';
import type { LearnResult } from './learn.js';

// Local mode: each suggestion becomes a commit on its own branch (intentops/learn/<id>) on top of
// HEAD, made through a private index, so the working tree and the current branch are untouched.

export interface LocalOutcome {
  suggestion: Suggestion;
  outcome: string;
  entry: LedgerEntry;
}

export async function publishLocal(
  git: Git,
  suggestions: readonly Suggestion[],
  ledger: ReadonlyMap<string, LedgerEntry>,
  now: Date,
): Promise<LocalOutcome[]> {
  const head = await git.revParse('HEAD');
  if (!head) throw new Error('learn needs a git repository with at least one commit');
  const out: LocalOutcome[] = [];
  const tmp = await mkdtemp(join(tmpdir(), 'intentops-learn-'));
  try {
    for (const s of suggestions) {
      const entry = ledger.get(s.id);
      const branch = branchOf(s.id);
      if (entry?.state === 'rejected' || entry?.state === 'open') {
        out.push({
          suggestion: s,
          outcome: `${entry.state} on GitHub (${entry.url ?? `PR #${entry.pr}`}): left to the GitHub run`,
          entry,
        });
        continue;
      }
      if (entry?.state === 'local' && entry.content === contentDigest(s) && (await git.revParse(branch))) {
        out.push({
          suggestion: s,
          outcome: `branch ${branch} holds this change already`,
          entry: opened(s, entry, now, { state: 'local' }),
        });
        continue;
      }
      const files = await Promise.all(
        s.changes.map(async (c, i) => {
          const abs = join(tmp, `${i}.yaml`);
          await writeFile(abs, c.after);
          return { path: c.path, abs };
        }),
      );
      const sha = await git.commitFilesTo(branch, head, files, `learn: ${s.title}\n\n${s.rationale}`);
      out.push({
        suggestion: s,
        outcome: `committed to branch ${branch} (${sha.slice(0, 7)})`,
        entry: opened(s, entry, now, { state: 'local' }),
      });
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return out;
}

/**
 * Local mode of learn, for the CLI and the demo: each suggestion on its branch, the ledger updated,
 * the run's report written (neither committed: that is the caller's choice).
 */
export async function learnLocally(
  repoDir: string,
  result: LearnResult,
  now: Date,
): Promise<{ outcomes: LocalOutcome[]; report: string; reportPath: string }> {
  const entries = new Map((await readLedger(repoDir)).suggestions.map((e) => [e.id, e]));
  const outcomes = await publishLocal(new Git(repoDir), result.suggestions, entries, now);
  for (const o of outcomes) entries.set(o.entry.id, o.entry);
  await writeLedger(repoDir, { suggestions: [...entries.values()] });
  const report = runReport(
    now,
    outcomes.map((o) => ({ ...o.suggestion, outcome: o.outcome })),
    result.skipped,
    result.rejected,
  );
  return { outcomes, report, reportPath: await writeLearnReport(repoDir, now, report) };
}
