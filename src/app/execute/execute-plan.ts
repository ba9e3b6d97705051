import { faultPoint } from '../../adapters/fault-point.js';
import type { Redactor } from '../../adapters/redactor.js';
import { detect } from '../../domain/detect/detect.js';
import { findIndicators, indicatorLine } from '../../domain/observe/outcome-match.js';
import type { Plan } from '../../domain/plan/plan.js';
import { lastLines, stepEnding } from '../../domain/records/failed-step.js';
import { executionId, formatSeconds } from '../../domain/records/record.js';
import { recordQueries } from '../../domain/records/record-queries.js';
import { CANCELLED_REASON } from '../../domain/records/replay.js';
import { targetOf } from '../../domain/request/target.js';
import type {
  CommandRun,
  ExecutionRecord,
  IndicatorSeen,
  RecordApprovals,
  UnsignedRecord,
} from '../../domain/schemas/record.js';
import { snapshot } from '../observe/capture.js';
import { runChecks, runPrechecks, toSeen } from '../observe/checks.js';
import { kubeTargetLine } from '../plan/kube-target.js';
import { sealAndWrite } from '../records/seal-and-write.js';
import type { Stores } from '../records/stores.js';
import type { ExecPorts } from '../shared/ports.js';
import { isolatedPorts, stepEnv } from '../shared/step-env.js';

// Execute a planned request: snapshot → steps → checks → snapshot → detect → record → drafts.
// Whatever happens (a failed step, a P1 indicator, a cancel), a complete record is written.

export interface ExecuteInput {
  plan: Plan;
  request: ExecutionRecord['request'];
  run?: ExecutionRecord['run'];
  retryOf?: string;
  /** Set when this run is a rollback: the execution it undoes and how it was decided. */
  rollback?: { of: string } & NonNullable<ExecutionRecord['rollback']>;
  cwd: string;
  toolVersion: string;
  catalogDigest: string;
  prevDigest: string | null;
  /** Who approved, at which commit: recorded for the audit trail. */
  approvals?: RecordApprovals;
  /** Given by the action (derived from request + merge commit) so a re-run finds its record. */
  id?: string;
  signal?: AbortSignal;
  /** Where the step environment's base set and `env.pass` names are read; default process.env. */
  hostEnv?: Record<string, string | undefined>;
}

export interface ExecuteResult {
  record: ExecutionRecord;
  path: string;
}

async function runSteps(plan: Plan, ports: ExecPorts, input: ExecuteInput, redactor: Redactor) {
  const runs: CommandRun[] = [];
  const indicators: IndicatorSeen[] = [];
  let failed: string | undefined;
  for (const step of plan.steps) {
    if (input.signal?.aborted) break;
    ports.log(
      `  step ${step.name}: ${typeof step.command === 'string' ? step.command : JSON.stringify(step.command)}`,
    );
    const seen = new Set<string>();
    // Lines reach onLine scrubbed of known values only: each hit's line is redacted whole after
    // the step, and cut only then (issue 23).
    const hits: { hit: IndicatorSeen; line: string }[] = [];
    await faultPoint('step.start');
    const res = await ports.runProcess({
      command: step.command,
      cwd: input.cwd,
      env: stepEnv(plan, step.env, input.hostEnv ?? process.env),
      timeoutMs: step.timeoutMs,
      ...(input.signal ? { signal: input.signal } : {}),
      onLine: (line) => {
        for (const hit of toSeen(findIndicators(line, plan.indicators), `step:${step.name}`)) {
          if (seen.has(hit.pattern)) continue;
          seen.add(hit.pattern);
          hits.push({ hit, line });
        }
      },
    });
    await faultPoint('step.end');
    const lines = await redactor.redactDeep(hits.map((h) => h.line));
    hits.forEach((h, i) => {
      indicators.push({ ...h.hit, line: indicatorLine(lines[i] ?? '') });
    });
    runs.push({
      step: step.name,
      cmd: step.command,
      exit_code: res.exitCode,
      duration: formatSeconds(res.durationMs),
      ...(res.timedOut ? { timed_out: true } : {}),
      ...(res.cancelled ? { cancelled: true } : {}),
      ...(res.signal ? { signal: res.signal } : {}),
      ...(res.error ? { error: res.error } : {}),
      output_bytes: res.stdoutBytes + res.stderrBytes,
      stdout_tail: res.stdout,
      stderr_tail: res.stderr,
      ...(step.continueOnError ? { continue_on_error: true } : {}),
    });
    const ok = res.exitCode === 0 && !res.timedOut && !res.cancelled;
    const ending = stepEnding({
      exit_code: res.exitCode,
      ...(res.error ? { error: res.error } : {}),
      timed_out: res.timedOut,
      cancelled: res.cancelled,
    });
    ports.log(`  step ${step.name}: ${ok ? 'ok' : ending} (${formatSeconds(res.durationMs)})`);
    // The stderr tail of a failed step, where the person running it looks first.
    if (!ok && !res.cancelled) for (const line of lastLines(res.stderr)) ports.log(`    │ ${line}`);
    if (!ok && !step.continueOnError && !res.cancelled) {
      failed = `step '${step.name}' ${res.timedOut ? `timed out after ${formatSeconds(step.timeoutMs)}` : `failed (${ending})`}`;
      break;
    }
  }
  return { runs, indicators, failed };
}

export async function executePlan(
  input: ExecuteInput,
  outerPorts: ExecPorts,
  stores: Stores,
  redactorReady: Redactor | Promise<Redactor>,
): Promise<ExecuteResult> {
  // Every process gets only its explicit environment, and its output is redacted before use.
  const ports = isolatedPorts(outerPorts, redactorReady);
  const { plan } = input;
  const started = ports.now();
  const id =
    input.id ??
    executionId({
      at: started,
      intent: plan.intent,
      ...(targetOf(plan.params) ? { target: targetOf(plan.params) as string } : {}),
      unique: `${input.request.path}\u0000${input.request.commit ?? ''}\u0000${started.getTime()}\u0000${process.pid}`,
    });
  const env = stepEnv(plan, {}, input.hostEnv ?? process.env);
  const ctx = { cwd: input.cwd, env, ...(input.signal ? { signal: input.signal } : {}) };

  ports.log(`▶ ${id}`);
  const kube = await kubeTargetLine(plan, ports.observers);
  if (kube) ports.log(`  ${kube}`);
  const before = await snapshot(plan, ports, ctx, { phase: 'before', runStart: started, now: started });
  const redactor = await redactorReady;
  const pre = await runPrechecks(plan, ports, ctx);
  const steps = pre.failed
    ? { runs: [], indicators: [], failed: pre.failed }
    : await runSteps(plan, ports, input, redactor);
  const checks =
    steps.failed || input.signal?.aborted
      ? { results: [], indicators: [] as IndicatorSeen[], stoppedBy: undefined }
      : await runChecks(plan, ports, { ...ctx, since: started });
  // After a cancel there is no time for more captures: GitHub kills the job seconds after SIGINT.
  const after = input.signal?.aborted
    ? null
    : await snapshot(plan, ports, ctx, { phase: 'after', runStart: started, now: ports.now() });
  const indicators = [...steps.indicators, ...checks.indicators];
  const p1 = indicators.find((i) => i.severity === 'P1');
  const failedCheck = checks.results.find((c) => c.result !== 'pass');

  let status: UnsignedRecord['status'] = 'success';
  let statusReason: string | undefined;
  if (input.signal?.aborted) [status, statusReason] = ['cancelled', CANCELLED_REASON];
  else if (steps.failed) [status, statusReason] = ['failed', steps.failed];
  else if (p1)
    [status, statusReason] = ['failed', `${p1.severity} failure indicator '${p1.pattern}' in ${p1.source}`];
  else if (failedCheck)
    [status, statusReason] = ['failed', `check '${failedCheck.name}' ${failedCheck.result}`];

  const queries = recordQueries(plan);
  const origin = await outerPorts.origin?.();
  const base = {
    id,
    timestamp: started.toISOString(),
    intent: plan.intent,
    params: plan.params,
    ...(plan.environment !== undefined ? { environment: plan.environment } : {}),
    request: input.request,
    ...(input.run ? { run: input.run } : {}),
    ...(origin ? { origin } : {}),
    ...(input.retryOf ? { retry_of: input.retryOf } : {}),
    ...(input.rollback
      ? {
          rollback_of: input.rollback.of,
          rollback: {
            mode: input.rollback.mode,
            by: input.rollback.by,
            trigger: input.rollback.trigger,
            ...(input.rollback.comment_url ? { comment_url: input.rollback.comment_url } : {}),
          },
        }
      : {}),
    before,
    ...(pre.results.length ? { prechecks: pre.results } : {}),
    commands_run: steps.runs,
    after,
    outcome_checks: Object.fromEntries(checks.results.map((c) => [c.name, c.result])),
    checks: checks.results,
    failure_indicators: indicators,
    policy: {
      verdict: plan.policy.verdict,
      reasons: plan.policy.results.map((r) => `${r.policy}/${r.rule}: ${r.outcome} — ${r.reason}`),
    },
    status,
    ...(statusReason ? { status_reason: statusReason } : {}),
    duration: formatSeconds(ports.now().getTime() - started.getTime()),
    ...(plan.expectedDurationS !== undefined ? { expected_duration: `${plan.expectedDurationS}s` } : {}),
    ...(input.approvals ? { approvals: input.approvals } : {}),
    ...(queries ? { queries } : {}),
    tool: { name: 'intentops' as const, version: input.toolVersion },
    catalog_digest: input.catalogDigest,
    prev_digest: input.prevDigest,
  };
  // Detection sees the record as it will be stored (redacted), so replay reproduces it exactly.
  const redacted = await redactor.redactDeep(base);
  const detection = input.signal?.aborted
    ? { anomalies: [], notEvaluated: [], evaluated: [] }
    : detect(plan.rules, redacted);
  const unsigned: UnsignedRecord = {
    ...redacted,
    anomalies: detection.anomalies,
    rules_not_evaluated: detection.notEvaluated,
    ...(input.signal?.aborted ? {} : { rules_evaluated: detection.evaluated }),
    drafts: [],
  };
  for (const a of detection.anomalies) {
    ports.log(
      `  anomaly ${a.rule} (${a.severity}) → ${a.action}: ${a.condition} with ${JSON.stringify(a.inputs)}`,
    );
  }
  return sealAndWrite(stores, unsigned, {
    draft: detection.anomalies.filter((a) => a.action === 'create_incident_draft'),
    logLine: (a, record) => ({
      at: record.timestamp,
      execution: id,
      intent: plan.intent,
      target: targetOf(plan.params) ?? null,
      ...(plan.environment !== undefined ? { environment: plan.environment } : {}),
      rule: a.rule,
      severity: a.severity,
      action: a.action,
      inputs: a.inputs,
    }),
  });
}
