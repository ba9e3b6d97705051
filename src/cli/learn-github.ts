import type { LearnResult } from '../app/learn/learn.js';
import { learnToGitHub } from '../app/learn/run-github.js';
import { rejectionLines } from '../domain/learn/provenance.js';
import { requireGitHub } from './github-env.js';
import type { GlobalOptions } from './main.js';

/** `intentops learn --pr`: the same PRs the weekly action opens, from a workstation. */
export async function learnOnGitHub(g: GlobalOptions, result: LearnResult, now: Date): Promise<number> {
  const gh = await requireGitHub('--pr');
  const { published, ledgerPath } = await learnToGitHub(
    g.repo,
    result,
    { ...gh, log: (l) => process.stderr.write(`${l}\n`) },
    now,
  );
  process.stdout.write(
    g.json
      ? `${JSON.stringify({ suggestions: result.suggestions, published, skipped: result.skipped, rejected: result.rejected, ledger: ledgerPath }, null, 2)}\n`
      : `${published.map((p) => `${p.id}: ${p.outcome}`).join('\n') || 'no suggestions'}\n`,
  );
  if (!g.json)
    for (const l of rejectionLines(result.rejected)) process.stderr.write(`evidence not counted: ${l}\n`);
  return 0;
}
