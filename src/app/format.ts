import type { Command, Plan } from '../domain/plan.js';
import { formatSeconds } from '../domain/record.js';
import type { ExecutionRecord } from '../domain/schemas/record.js';

// Human-readable text for plans and results: short lines, the commands exactly as they run.

export function showCommand(c: Command): string {
  return typeof c === 'string' ? `$ ${c}` : `argv ${JSON.stringify(c)}`;
}

export function formatPlan(plan: Plan, requestPath: string): string {
  const lines = [
    `Plan for ${requestPath}: ${plan.intent} (risk ${plan.risk})`,
    `  params: ${
      Object.entries(plan.params)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(' ') || 'none'
    }`,
  ];
  if (plan.captures.length) {
    lines.push('Snapshots before and after:');
    for (const c of plan.captures) lines.push(`  - ${c.key}: ${showCommand(c.command)}`);
  }
  if (plan.prechecks.length) {
    lines.push('Prechecks (from policies; any failure stops the run before the first step):');
    for (const c of plan.prechecks)
      lines.push(`  - ${c.policy}/${c.name}: expect ${c.expectedText}  ${showCommand(c.command)}`);
  }
  lines.push('Steps:');
  plan.steps.forEach((s, i) => {
    lines.push(
      `  ${i + 1}. ${s.name} (timeout ${formatSeconds(s.timeoutMs)}${s.continueOnError ? ', continue on error' : ''})`,
    );
    lines.push(`     ${showCommand(s.command)}`);
  });
  if (plan.rollback) {
    const why = { auto: 'runs at once', ask: 'runs on /rollback from a writer', never: 'never runs' };
    lines.push(
      `Rollback (${plan.rollback.mode}${plan.rollback.policy ? `, policy ${plan.rollback.policy}` : ', default'}: ${why[plan.rollback.mode]} when a check, a P1 indicator or the bake fails):`,
    );
    plan.rollback.steps.forEach((s, i) => {
      lines.push(`  ${i + 1}. ${s.name} (timeout ${formatSeconds(s.timeoutMs)})`);
      lines.push(`     ${showCommand(s.command)}`);
    });
  }
  lines.push(plan.checks.length ? 'Outcome checks:' : 'Outcome checks: none');
  for (const c of plan.checks) {
    lines.push(
      `  - ${c.name}: expect ${c.expectedText} within ${formatSeconds(c.timeoutMs)} (every ${formatSeconds(c.intervalMs)})`,
    );
    lines.push(`    ${showCommand(c.command)}`);
  }
  if (plan.indicators.length) {
    lines.push(
      `Failure indicators: ${plan.indicators.map((i) => `${i.pattern} (${i.severity})`).join(', ')}`,
    );
  }
  lines.push(plan.rules.length ? 'Anomaly rules:' : 'Anomaly rules: none');
  for (const r of plan.rules)
    lines.push(`  - ${r.name} (${r.severity} → ${r.action}): ${r.condition}  [${r.file}]`);
  if (plan.expectedDurationS !== undefined) lines.push(`Expected duration: ${plan.expectedDurationS}s`);
  lines.push(
    `Policy: ${plan.policy.verdict.toUpperCase()}${plan.policy.matched.length ? ` (policies: ${plan.policy.matched.join(', ')})` : ' (no policy matches)'}`,
  );
  for (const r of plan.policy.results) lines.push(`  - ${r.policy}/${r.rule}: ${r.outcome} — ${r.reason}`);
  return lines.join('\n');
}

export function formatResult(record: ExecutionRecord, path: string): string {
  const lines = [
    `${record.status === 'success' ? '✔' : '✖'} ${record.intent} ${record.status} in ${record.duration}${record.status_reason ? ` — ${record.status_reason}` : ''}`,
  ];
  for (const [name, result] of Object.entries(record.outcome_checks))
    lines.push(`  check ${name}: ${result}`);
  for (const i of record.failure_indicators)
    lines.push(`  indicator ${i.pattern} (${i.severity}) in ${i.source}`);
  for (const a of record.anomalies) lines.push(`  anomaly ${a.rule} (${a.severity}) → ${a.action}`);
  for (const r of record.rules_not_evaluated) lines.push(`  rule ${r.rule} not evaluated: ${r.reason}`);
  for (const d of record.drafts) lines.push(`  incident draft ${d.new ? 'written' : 'updated'}: ${d.path}`);
  lines.push(`  record: ${path}`);
  return lines.join('\n');
}
