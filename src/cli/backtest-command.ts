import { backtest, resolveRuleRef } from '../app/audit/run-backtest.js';
import type { BacktestHit, RuleBacktest } from '../domain/detect/rule-backtest.js';
import { sinceDate } from './duration-flag.js';
import type { GlobalOptions } from './main.js';

// `intentops backtest --rule <file|name> [--since 30d]`: a rule over past records. Exit 0: the
// backtest ran (firing is information, not failure); 2: bad rule or bad input.

const LISTED = 10;

function hitLine(h: BacktestHit): string {
  const inputs = Object.keys(h.inputs).length ? ` ${JSON.stringify(h.inputs)}` : '';
  return `    ${h.timestamp} ${h.intent}${h.target ? `/${h.target}` : ''} ${h.path}${inputs}`;
}

export function formatBacktest(rules: readonly RuleBacktest[], records: number): string {
  const lines: string[] = [];
  for (const r of rules) {
    lines.push(
      r.removed
        ? `${r.rule} (${r.file}): removed — stops firing on ${r.stopsFiring.length} record(s)`
        : `${r.rule} (${r.file}${r.intent ? `, intent ${r.intent}` : ', all intents'}): fires on ${r.fires} of ${r.considered} record(s); ${r.newlyFires.length} newly, ${r.stopsFiring.length} stop firing, ${r.notEvaluated} not evaluated`,
    );
    if (!r.removed) lines.push(`  condition: ${r.condition}`);
    const list = (title: string, hits: readonly BacktestHit[]) => {
      if (!hits.length) return;
      lines.push(`  ${title}:`, ...hits.slice(-LISTED).map(hitLine));
      if (hits.length > LISTED) lines.push(`    … and ${hits.length - LISTED} earlier`);
    };
    list('would newly fire on', r.newlyFires);
    list('would stop firing on', r.stopsFiring);
  }
  lines.push(`${records} record(s) read`);
  return lines.join('\n');
}

export async function backtestCommand(
  g: GlobalOptions,
  o: { rule: string; since?: string },
): Promise<number> {
  const since = sinceDate(o.since, new Date());
  const { rules, files } = await resolveRuleRef(g.repo, o.rule);
  const res = await backtest(g.repo, rules, { ...(since ? { since } : {}), files });
  process.stdout.write(`${g.json ? JSON.stringify(res, null, 2) : formatBacktest(res.rules, res.records)}\n`);
  for (const u of res.unreadable) process.stderr.write(`skipped ${u.path}: ${u.reason}\n`);
  return 0;
}
