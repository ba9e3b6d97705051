import { Git } from '../../adapters/git.js';
import { readLedger, writeLedger } from '../../adapters/ledger-store.js';
import type { LedgerEntry } from '../../domain/schemas/ledger.js';
import type { GitHubPort } from '../shared/github-port.js';
import type { LearnResult } from './learn.js';
import { type Published, publishOnGitHub } from './publish-github.js';

// GitHub mode of learn, shared by `intentops learn --pr` and the action's `learn` command: publish
// the suggestions as PRs and write the ledger (the caller commits it, or not).

export async function learnToGitHub(
  repoDir: string,
  result: LearnResult,
  gh: { github: GitHubPort; owner: string; repo: string; serverUrl: string; log: (l: string) => void },
  now: Date,
): Promise<{ published: Published[]; ledgerPath: string; entries: LedgerEntry[] }> {
  const ledger = await readLedger(repoDir);
  const evidencePaths = result.suggestions.flatMap((s) =>
    s.evidence.map((o) => o.recordPath).filter((p): p is string => !!p),
  );
  const added = await new Git(repoDir).addedIn([...new Set(evidencePaths)]);
  const { entries, published } = await publishOnGitHub(
    { ...gh, commitOf: (p) => added.get(p) },
    result.suggestions,
    ledger.suggestions,
    result.triggers,
    now,
  );
  const ledgerPath = await writeLedger(repoDir, { suggestions: entries });
  return { published, ledgerPath, entries };
}
