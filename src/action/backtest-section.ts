import type { BacktestHit, RuleBacktest } from '../domain/detect/rule-backtest.js';

// The plan comment's section for changed anomaly rules (backtest-comment.ts runs the backtests).
// Bounded: a few rules per file, a few example records per rule, a cap on the whole section. Apart
// from the backtest itself so that every plan, which renders it, does not load record reading.

const RULES_SHOWN = 10;
const HITS_SHOWN = 5;
const SECTION_LIMIT = 12_000;

export interface RuleFileBacktest {
  file: string;
  deleted: boolean;
  records: number;
  rules: RuleBacktest[];
}

function esc(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ').replace(/`/g, "'");
}

function hitRows(kind: string, hits: readonly BacktestHit[]): string[] {
  return hits
    .slice(-HITS_SHOWN)
    .reverse()
    .map(
      (h) =>
        `| ${kind} | ${h.timestamp.slice(0, 16).replace('T', ' ')} | ${esc(h.intent)}${h.target ? `/${esc(h.target)}` : ''} | \`${esc(h.path.split('/').pop() ?? h.path)}\` | ${esc(JSON.stringify(h.inputs)).slice(0, 120)} |`,
    );
}

export function renderBacktestSection(files: readonly RuleFileBacktest[]): string[] {
  if (files.length === 0) return [];
  const lines = ['', '### Anomaly rule backtest (last 30 days of records)'];
  for (const f of files) {
    lines.push(
      '',
      `**\`${f.file}\`**${f.deleted ? ' (deleted)' : ''} over ${f.records} record(s):`,
      '',
      '| rule | fires | newly fires | stops firing | not evaluated |',
      '|---|---|---|---|---|',
    );
    const shown = f.rules.slice(0, RULES_SHOWN);
    for (const r of shown) {
      lines.push(
        `| ${esc(r.rule)}${r.removed ? ' (removed)' : ''} | ${r.removed ? '—' : `${r.fires} of ${r.considered}`} | ${r.newlyFires.length} | ${r.stopsFiring.length} | ${r.removed ? '—' : r.notEvaluated} |`,
      );
    }
    if (f.rules.length > RULES_SHOWN) lines.push('', `… and ${f.rules.length - RULES_SHOWN} more rule(s)`);
    const changes = shown.filter((r) => r.newlyFires.length || r.stopsFiring.length);
    if (changes.length) {
      lines.push('', '<details><summary>Where it changes (newest first)</summary>', '');
      for (const r of changes) {
        lines.push(
          `\`${esc(r.rule)}\``,
          '',
          '| change | at | target | record | inputs |',
          '|---|---|---|---|---|',
          ...hitRows('newly fires', r.newlyFires),
          ...hitRows('stops', r.stopsFiring),
          '',
        );
      }
      lines.push('</details>');
    }
    if (f.rules.length === 0) lines.push('', '_No rule fired from this file in the window._');
  }
  lines.push('', '<sub>`npx intentops backtest --rule <file> --since 30d` shows every record.</sub>');
  const text = lines.join('\n');
  return text.length <= SECTION_LIMIT
    ? lines
    : [
        `${text.slice(0, SECTION_LIMIT)}`,
        '',
        '… (backtest truncated; run `intentops backtest` for all of it)',
      ];
}
