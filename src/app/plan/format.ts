import { applySources } from '../../domain/plan/manifest-apply.js';
import type { Command, Plan } from '../../domain/plan/plan.js';
import { formatSeconds } from '../../domain/records/record.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';

// Human-readable text for plans and results: short lines, the commands exactly as they run.

/** One argv word as a POSIX shell reads it back: bare when safe, else in single quotes. */
function shellWord(w: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`;
}

/** A command as a shell line: an argv list (run without a shell) quoted so a shell runs the same. */
export function showCommand(c: Command): string {
  return `$ ${typeof c === 'string' ? c : c.map(shellWord).join(' ')}`;
}

/** What the caller knows of where a plan's observers go: the environment's URLs, the cluster. */
export interface PlanWhere {
  prometheusUrl?: string;
  lokiUrl?: string;
  /** One line naming the kube context and API server (or why there is none). */
  kube?: string;
  /** Anything else said once at plan time, e.g. a notify channel whose variable is unset. */
  notes?: string[];
}

/** `10m`, `30s`, `1h`: a window as people write it in intent files. */
function window(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  return formatSeconds(ms);
}

/** The URL a provider asks: the intent's own, else the environment's, named by its variable. */
function urlLabel(own: string | undefined, env: string | undefined, variable: string): string {
  return own ?? (env ? `${variable}=${env}` : variable);
}

/** The providers' part of the snapshots: which pods, queries and streams, and where they go. */
function observeLines(o: NonNullable<Plan['observe']>, where: PlanWhere): string[] {
  const lines: string[] = [];
  if (o.kubernetes) {
    const k = o.kubernetes;
    lines.push(
      `  - kubernetes: pods in namespace ${k.namespace} with selector ${k.selector}${k.deployment ? `, deployment ${k.deployment}` : ''} (phase, readiness, restarts, warning events)`,
    );
  }
  if (o.prometheus) {
    const url = urlLabel(o.prometheus.url, where.prometheusUrl, 'PROMETHEUS_URL');
    for (const [name, q] of Object.entries(o.prometheus.queries))
      lines.push(`  - prometheus ${name}: ${q}  [${url}]`);
  }
  if (o.loki) {
    const l = o.loki;
    lines.push(
      `  - loki: ${l.selector}, last ${l.lines} lines, errors matching ${l.errorPattern} over ${window(l.windowMs)}  [${urlLabel(l.url, where.lokiUrl, 'LOKI_URL')}]`,
    );
  }
  if (o.velero) lines.push(`  - velero: backups in namespace ${o.velero.namespace}`);
  return lines;
}

export function formatPlan(plan: Plan, requestPath: string, where: PlanWhere = {}): string {
  const lines = [
    `Plan for ${requestPath}: ${plan.intent} (risk ${plan.risk})${plan.environment !== undefined ? ` in ${plan.environment}` : ''}`,
    `  params: ${
      Object.entries(plan.params)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(' ') || 'none'
    }`,
  ];
  if (where.kube) lines.push(where.kube);
  if (plan.captures.length || plan.observe) {
    lines.push(
      plan.observe
        ? `Snapshots before and after (providers time out after ${window(plan.observe.timeoutMs)}):`
        : 'Snapshots before and after:',
    );
    for (const c of plan.captures) lines.push(`  - ${c.key}: ${showCommand(c.command)}`);
    if (plan.observe) lines.push(...observeLines(plan.observe, where));
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
  // What the pull request's preview job runs for this request: said here, so a reviewer sees it.
  const dryRuns = applySources(plan.steps);
  if (plan.previews?.length || dryRuns.length) {
    lines.push('Previews (on the pull request, read-only credentials):');
    for (const d of dryRuns)
      lines.push(
        'skipped' in d
          ? `  - step ${d.step}: no dry-run diff — ${d.skipped}`
          : `  - step ${d.step}: server-side dry-run diff of ${d.path} (${d.kind === 'kustomize' ? 'kustomization' : 'manifests'}) against live`,
      );
    for (const p of plan.previews ?? []) {
      lines.push(`  - ${p.name} (timeout ${formatSeconds(p.timeoutMs)})`);
      lines.push(`    ${showCommand(p.command)}`);
    }
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
  lines.push(plan.rules.length || plan.rulesNotApplicable?.length ? 'Anomaly rules:' : 'Anomaly rules: none');
  for (const r of plan.rules)
    lines.push(`  - ${r.name} (${r.severity} → ${r.action}): ${r.condition}  [${r.file}]`);
  for (const r of plan.rulesNotApplicable ?? [])
    lines.push(
      `  - ${r.name} does not apply: ${plan.intent} never captures ${r.reads.join(', ')}  [${r.file}]`,
    );
  if (plan.expectedDurationS !== undefined) lines.push(`Expected duration: ${plan.expectedDurationS}s`);
  if (plan.bake) {
    lines.push(
      `Bake: after a run that passed, watch for ${window(plan.bake.forMs)}, a snapshot every ${window(plan.bake.intervalMs)} (checks, indicators and rules again; a failure can roll back)`,
    );
  }
  lines.push(
    `Policy: ${plan.policy.verdict.toUpperCase()}${plan.policy.matched.length ? ` (policies: ${plan.policy.matched.join(', ')})` : ' (no policy matches)'}`,
  );
  for (const r of plan.policy.results) lines.push(`  - ${r.policy}/${r.rule}: ${r.outcome} — ${r.reason}`);
  for (const n of where.notes ?? []) lines.push(`Note: ${n}`);
  return lines.join('\n');
}

/** The first line: a refused request in the policy's own word (held or denied), once. */
export function resultHeadline(record: ExecutionRecord): string {
  if (record.status === 'denied' && record.commands_run.length === 0) {
    const word = record.policy.verdict === 'hold' ? 'held' : 'denied';
    return `✖ ${record.intent} not run: ${word} by policy${record.status_reason ? ` — ${record.status_reason}` : ''}`;
  }
  return `${record.status === 'success' ? '✔' : '✖'} ${record.intent} ${record.status} in ${record.duration}${record.status_reason ? ` — ${record.status_reason}` : ''}`;
}

/** Why a snapshot is (partly) empty: each source once, saying whether before, after or both. */
function unavailableLines(record: ExecutionRecord): string[] {
  const seen = new Map<string, { reason: string; phases: string[] }>();
  for (const phase of ['before', 'after'] as const) {
    for (const u of record[phase]?.unavailable ?? []) {
      const key = `${u.source}\u0000${u.reason}`;
      const e = seen.get(key) ?? { reason: u.reason, phases: [] };
      e.phases.push(phase);
      seen.set(key, e);
    }
  }
  return [...seen.entries()].map(
    ([key, e]) => `  snapshot ${key.split('\u0000')[0]} unavailable (${e.phases.join(' and ')}): ${e.reason}`,
  );
}

export function formatResult(record: ExecutionRecord, path: string): string {
  const lines = [resultHeadline(record), ...unavailableLines(record)];
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
