import { readLedger } from '../adapters/ledger-store.js';
import { localTrust } from '../app/learn/evidence-origin.js';
import { learn } from '../app/learn/learn.js';
import { learnLocally } from '../app/learn/publish-local.js';
import { lineDiff } from '../domain/learn/line-diff.js';
import { ledgerReport, runReport } from '../domain/learn/report.js';
import { durationFlag } from './duration-flag.js';
import type { GlobalOptions } from './main.js';

export interface LearnFlags {
  since?: string;
  dryRun?: boolean;
  pr?: boolean;
  report?: boolean;
}

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

export async function learnCommand(g: GlobalOptions, o: LearnFlags): Promise<number> {
  if (o.report) {
    const ledger = await readLedger(g.repo);
    out(g.json ? JSON.stringify(ledger, null, 2) : ledgerReport(ledger.suggestions));
    return 0;
  }
  const now = new Date();
  const sinceS = o.since === undefined ? undefined : durationFlag('--since', o.since, '7d, 12h or 30d');
  // The CLI runs for the operator: their commits and their working tree count, with the bot's.
  const result = await learn(g.repo, {
    now,
    trust: await localTrust(g.repo),
    ...(sinceS !== undefined ? { sinceS } : {}),
  });
  if (o.dryRun) {
    if (g.json)
      out(
        JSON.stringify(
          {
            suggestions: result.suggestions,
            skipped: result.skipped,
            rejected: result.rejected,
            counted: result.counted,
          },
          null,
          2,
        ),
      );
    else {
      out(
        runReport(
          now,
          result.suggestions.map((s) => ({ ...s, outcome: 'dry run: nothing written' })),
          result.skipped,
          result.rejected,
        ),
      );
      // The changes each suggestion would make, as docs/learning.md promises: a diff per file.
      for (const s of result.suggestions)
        for (const c of s.changes) out(`\n# ${s.id}\n${lineDiff(c.path, c.before, c.after)}`);
    }
    return 0;
  }
  if (o.pr) {
    const { learnOnGitHub } = await import('./learn-github.js');
    return learnOnGitHub(g, result, now);
  }
  const { outcomes, report, reportPath } = await learnLocally(g.repo, result, now);
  if (g.json) {
    out(
      JSON.stringify(
        {
          suggestions: result.suggestions.map((s, i) => ({ ...s, outcome: outcomes[i]?.outcome })),
          skipped: result.skipped,
          rejected: result.rejected,
          counted: result.counted,
          report: reportPath,
        },
        null,
        2,
      ),
    );
  } else {
    out(report);
    err(`report: ${reportPath}; ledger: learning/ledger.yaml`);
  }
  return 0;
}
