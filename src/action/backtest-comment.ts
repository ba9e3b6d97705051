import { backtest, rulesFromFile } from '../app/audit/run-backtest.js';
import { InputError } from '../domain/input/errors.js';
import type { RuleFileBacktest } from './backtest-section.js';

// For a PR that changes anomaly rules: each changed rule backtested over the last 30 days of records,
// shown in the plan comment so reviewers see where it would fire (or stop firing) before merging.
// Running it reads the records (js-yaml, the record schemas): the plan imports this file only when a
// rule file changed; the section's text is backtest-section.ts.

export const BACKTEST_WINDOW_S = 30 * 86_400;
const RULE_FILE = /^intents\/anomaly-rules\/[^/]+\.ya?ml$/;

/** The backtests for the PR's changed rule files; a file that does not validate is left to validation. */
export async function ruleFileBacktests(
  repoDir: string,
  changed: readonly { path: string; status: string }[],
  now: Date,
): Promise<RuleFileBacktest[]> {
  const since = new Date(now.getTime() - BACKTEST_WINDOW_S * 1000);
  const out: RuleFileBacktest[] = [];
  for (const f of changed.filter((c) => RULE_FILE.test(c.path))) {
    const deleted = f.status === 'D';
    let rules: Awaited<ReturnType<typeof rulesFromFile>> = [];
    if (!deleted) {
      try {
        rules = await rulesFromFile(repoDir, f.path);
      } catch (err) {
        if (err instanceof InputError) continue;
        throw err;
      }
    }
    const res = await backtest(repoDir, rules, { since, files: new Set([f.path]) });
    out.push({ file: f.path, deleted, records: res.records, rules: res.rules });
  }
  return out;
}
