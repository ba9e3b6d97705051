import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Git } from '../adapters/git.js';
import { readLedger, writeLedger } from '../adapters/ledger-store.js';
import { learn } from '../app/learn/learn.js';
import { publishLocal } from '../app/learn/publish-local.js';
import { InputError } from '../domain/errors.js';
import { ledgerReport, runReport } from '../domain/learn/report.js';
import { durationSeconds } from '../domain/schemas/common.js';
import type { GlobalOptions } from './main.js';

export interface LearnFlags {
  since?: string;
  dryRun?: boolean;
  pr?: boolean;
  report?: boolean;
}

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

function sinceSeconds(since: string | undefined): number | undefined {
  if (since === undefined) return undefined;
  try {
    return durationSeconds(since);
  } catch {
    throw new InputError([
      {
        file: '--since',
        severity: 'error',
        message: `expected a duration like 7d, 12h or 30d; got ${JSON.stringify(since)}`,
      },
    ]);
  }
}

export async function learnCommand(g: GlobalOptions, o: LearnFlags): Promise<number> {
  if (o.report) {
    const ledger = await readLedger(g.repo);
    out(g.json ? JSON.stringify(ledger, null, 2) : ledgerReport(ledger.suggestions));
    return 0;
  }
  const now = new Date();
  const sinceS = sinceSeconds(o.since);
  const result = await learn(g.repo, { now, ...(sinceS !== undefined ? { sinceS } : {}) });
  if (o.dryRun) {
    if (g.json)
      out(
        JSON.stringify(
          { suggestions: result.suggestions, skipped: result.skipped, counted: result.counted },
          null,
          2,
        ),
      );
    else
      out(
        runReport(
          now,
          result.suggestions.map((s) => ({ ...s, outcome: 'dry run: nothing written' })),
          result.skipped,
        ),
      );
    return 0;
  }
  if (o.pr) {
    const { learnOnGitHub } = await import('./learn-github.js');
    return learnOnGitHub(g, result, now);
  }
  const ledger = await readLedger(g.repo);
  const outcomes = await publishLocal(
    new Git(g.repo),
    result.suggestions,
    new Map(ledger.suggestions.map((e) => [e.id, e])),
    now,
  );
  const byId = new Map(ledger.suggestions.map((e) => [e.id, e]));
  for (const o of outcomes) byId.set(o.entry.id, o.entry);
  await writeLedger(g.repo, { suggestions: [...byId.values()] });
  const report = runReport(
    now,
    outcomes.map((o) => ({ ...o.suggestion, outcome: o.outcome })),
    result.skipped,
  );
  const reportPath = `learning/reports/${now.toISOString().slice(0, 10)}.md`;
  await mkdir(join(g.repo, 'learning', 'reports'), { recursive: true });
  await writeFile(join(g.repo, reportPath), report);
  if (g.json) {
    out(
      JSON.stringify(
        {
          suggestions: result.suggestions.map((s, i) => ({ ...s, outcome: outcomes[i]?.outcome })),
          skipped: result.skipped,
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
