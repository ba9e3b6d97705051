import type { CheckResult, ExecutionRecord, Snapshot } from '../schemas/record.js';
import type { ReplayOutcome } from './replay.js';

// The run as a timeline, from its record: what ran, what it answered, what was seen, and what
// replay concludes. Plain text for a terminal; tails are cut so one record stays readable.

const TAIL_LINES = 5;

function cmdText(cmd: string | string[]): string {
  return typeof cmd === 'string' ? cmd : JSON.stringify(cmd);
}

function tail(text: string | undefined, indent: string): string[] {
  if (!text) return [];
  const lines = text.replace(/\n+$/, '').split('\n');
  const shown = lines.slice(-TAIL_LINES);
  return [
    ...(lines.length > TAIL_LINES ? [`${indent}… ${lines.length - TAIL_LINES} earlier line(s)`] : []),
    ...shown.map((l) => `${indent}${l}`),
  ];
}

function snapshotLines(label: string, s: Snapshot | null): string[] {
  if (!s) return [`${label}: none`];
  const out = [`${label}:`];
  for (const [k, v] of Object.entries(s.metrics ?? {})) out.push(`  metrics.${k} = ${v ?? 'no data'}`);
  for (const k of ['error_count', 'pod_restarts'] as const) {
    if (s[k] !== undefined) out.push(`  ${k} = ${s[k] ?? 'no data'}`);
  }
  for (const [k, v] of Object.entries(s)) {
    if (['metrics', 'error_count', 'pod_restarts', 'recent_logs', 'unavailable'].includes(k)) continue;
    const text = JSON.stringify(v);
    out.push(`  ${k} = ${text.length > 120 ? `${text.slice(0, 117)}...` : text}`);
  }
  if (s.recent_logs?.length) out.push(`  recent_logs: ${s.recent_logs.length} line(s)`);
  for (const u of s.unavailable ?? []) out.push(`  unavailable ${u.source}: ${u.reason}`);
  return out;
}

function checkLines(kind: string, c: CheckResult): string[] {
  const out = [
    `  ${kind} ${c.name}: ${c.result} in ${c.duration} — ${cmdText(c.cmd)} expecting ${c.expected}`,
  ];
  for (const a of c.attempts) {
    const output = a.output.length > 80 ? `${a.output.slice(0, 77)}...` : a.output;
    out.push(
      `    ${a.at} exit ${a.exit_code ?? '-'} ${a.matched ? 'matched' : 'no match'}: ${JSON.stringify(output)}`,
    );
  }
  return out;
}

/** " by ops-agent (PR author)", with the request's claim when it names someone else. */
function proposedBy(req: ExecutionRecord['request']): string {
  const p = req.proposer;
  if (!p) return req.proposed_by ? ` by ${req.proposed_by}` : '';
  const claim =
    req.proposed_by && req.proposed_by.toLowerCase() !== p.login.toLowerCase()
      ? `; the request claims ${req.proposed_by}`
      : '';
  return ` by ${p.login} (${p.verified ? 'PR author' : 'git author, unverified'}${claim})`;
}

export function formatTimeline(r: ExecutionRecord, replay: ReplayOutcome, path: string): string {
  const lines = [
    `${r.id}  (${path})`,
    `intent ${r.intent} ${JSON.stringify(r.params)} at ${r.timestamp}`,
    `request ${r.request.path}${r.request.commit ? ` @ ${r.request.commit.slice(0, 12)}` : ''}${proposedBy(r.request)}: ${r.request.reason}`,
    `policy ${r.policy.verdict}${r.approvals ? `; approvals: ${r.approvals.detail ?? r.approvals.count ?? 'unknown'}${r.approvals.head_sha ? ` at ${r.approvals.head_sha.slice(0, 12)}` : ''}` : ''}`,
    `tool ${r.tool.name} ${r.tool.version}, catalog ${r.catalog_digest.slice(0, 19)}`,
    '',
    ...snapshotLines('before', r.before),
  ];
  if (r.prechecks?.length) lines.push('prechecks:', ...r.prechecks.flatMap((c) => checkLines('precheck', c)));
  lines.push('steps:');
  if (r.commands_run.length === 0) lines.push('  (none ran)');
  for (const c of r.commands_run) {
    const how = c.timed_out
      ? 'timed out'
      : c.cancelled
        ? 'cancelled'
        : `exit ${c.exit_code ?? c.error ?? '-'}`;
    lines.push(`  ${c.step}: ${cmdText(c.cmd)} → ${how} in ${c.duration}`);
    lines.push(...tail(c.stdout_tail, '    | '), ...tail(c.stderr_tail, '    ! '));
  }
  if (r.checks.length) lines.push('checks:', ...r.checks.flatMap((c) => checkLines('check', c)));
  lines.push(...snapshotLines('after', r.after));
  for (const i of r.failure_indicators)
    lines.push(`indicator ${i.pattern} (${i.severity}) in ${i.source}: ${i.line}`);
  lines.push(
    '',
    `status ${r.status}${r.status_reason ? ` — ${r.status_reason}` : ''}; duration ${r.duration}${r.expected_duration ? ` (expected ${r.expected_duration})` : ''}`,
  );
  lines.push(
    `rules (${replay.rulesSource === 'record' ? 'as recorded' : 'only those that fired: the record predates rules_evaluated'}):`,
  );
  for (const e of replay.evaluated) {
    lines.push(
      `  ${e.rule}: ${e.result}${e.reason ? ` (${e.reason})` : ''} — ${e.condition} with ${JSON.stringify(e.inputs)}`,
    );
  }
  if (replay.evaluated.length === 0) lines.push('  (none evaluated)');
  lines.push(
    '',
    replay.differences.length === 0
      ? `replay: same verdict — ${replay.replayed.status}, anomalies [${replay.replayed.anomalies.join(', ')}]`
      : `replay: DIFFERS\n${replay.differences.map((d) => `  ${d}`).join('\n')}`,
  );
  return lines.join('\n');
}
