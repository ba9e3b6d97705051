import { findIndicators, type IndicatorHit, matchesExpected } from '../../domain/observe/outcome-match.js';
import type { Plan, PlannedCheck } from '../../domain/plan/plan.js';
import { formatSeconds } from '../../domain/records/record.js';
import type { CheckAttempt, CheckResult, IndicatorSeen } from '../../domain/schemas/record.js';
import type { ExecPorts } from '../shared/ports.js';
import { type IndicatorWatch, watchIndicators } from './pod-watch.js';
import { clusterIndicators, probeOnce } from './probes.js';

// Outcome checks poll until the expected value or the timeout. A P1 failure indicator in any
// output ends the wait at once: there is no point waiting 300 s for pods that are OOMKilled. The
// target's pods are watched meanwhile (observe/pod-watch.ts): a crash loop wakes the wait as soon as
// the API shows it, not at the next attempt.

const ATTEMPT_OUTPUT_LIMIT = 2000;

export interface ChecksOutcome {
  results: CheckResult[];
  indicators: IndicatorSeen[];
  /** Set when a P1 indicator ended the wait. */
  stoppedBy?: IndicatorSeen;
}

export interface CheckContext {
  cwd: string;
  env: Record<string, string>;
  signal?: AbortSignal;
  /** When the run started: cluster events older than this are not this run's. */
  since?: Date;
  /** The target's pods as a watch sees them; runChecks starts one when the intent observes Kubernetes. */
  watch?: IndicatorWatch;
}

export function toSeen(hits: readonly IndicatorHit[], source: string): IndicatorSeen[] {
  return hits.map((h) => ({ pattern: h.pattern, severity: h.severity, source, line: h.line }));
}

/** One attempt of a check: a command, or a built-in probe; `text` is what indicators are matched in. */
async function attempt(
  check: PlannedCheck,
  ports: ExecPorts,
  opts: { cwd: string; env: Record<string, string>; signal?: AbortSignal; timeoutMs: number },
): Promise<{ output: string; matched: boolean; exitCode: number | null; text: string }> {
  if (check.probe) {
    const r = await probeOnce(check.probe, check.expected, ports.observers, {
      timeoutMs: opts.timeoutMs,
      now: ports.now(),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return { ...r, text: r.output };
  }
  const res = await ports.runProcess({
    command: check.command,
    cwd: opts.cwd,
    env: opts.env,
    timeoutMs: opts.timeoutMs,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const output = res.stdout.trim();
  return {
    output,
    matched: res.exitCode === 0 && matchesExpected(output, check.expected),
    exitCode: res.exitCode,
    text: `${res.stdout}\n${res.stderr}`,
  };
}

export async function pollCheck(
  check: PlannedCheck,
  plan: Plan,
  ports: ExecPorts,
  opts: CheckContext,
): Promise<{ result: CheckResult; indicators: IndicatorSeen[]; p1?: IndicatorSeen }> {
  const started = ports.now().getTime();
  const deadline = started + check.timeoutMs;
  const attempts: CheckAttempt[] = [];
  const indicators: IndicatorSeen[] = [];
  const seenPatterns = new Set<string>();
  let result: CheckResult['result'] = 'timeout';
  const watched = (): IndicatorSeen | undefined => {
    const p1 = opts.watch?.p1();
    if (!p1 || seenPatterns.has(`${p1.pattern}\u0000${p1.source}`)) return p1;
    seenPatterns.add(`${p1.pattern}\u0000${p1.source}`);
    indicators.push(p1);
    return p1;
  };
  const wake = opts.watch
    ? opts.signal
      ? AbortSignal.any([opts.signal, opts.watch.alarm])
      : opts.watch.alarm
    : opts.signal;
  for (;;) {
    // The first attempt always runs (it records every indicator, events too); after that, a P1 the
    // watch saw while the wait slept ends the check without another attempt.
    const early = attempts.length > 0 ? watched() : undefined;
    if (early) {
      result = 'fail';
      return { result: finish(), indicators, p1: early };
    }
    const left = Math.max(1, deadline - ports.now().getTime());
    const [res, cluster] = await Promise.all([
      attempt(check, ports, { ...opts, timeoutMs: left }),
      plan.observe?.kubernetes
        ? clusterIndicators(plan, plan.observe.kubernetes, ports.observers, {
            timeoutMs: Math.min(left, plan.observe.timeoutMs),
            ...(opts.signal ? { signal: opts.signal } : {}),
            ...(opts.since ? { since: opts.since } : {}),
            ...(opts.watch ? { pods: opts.watch.pods() } : {}),
          })
        : [],
    ]);
    attempts.push({
      at: ports.now().toISOString(),
      exit_code: res.exitCode,
      output: res.output.slice(-ATTEMPT_OUTPUT_LIMIT),
      matched: res.matched,
    });
    const matched = res.matched;
    const hits = [
      ...toSeen(findIndicators(res.text, plan.indicators), `check:${check.name}`),
      ...cluster,
    ].filter((h) => !seenPatterns.has(`${h.pattern}\u0000${h.source}`));
    for (const h of hits) seenPatterns.add(`${h.pattern}\u0000${h.source}`);
    indicators.push(...hits);
    const p1 = hits.find((h) => h.severity === 'P1');
    if (matched) {
      result = 'pass';
      break;
    }
    if (p1) {
      result = 'fail';
      return { result: finish(), indicators, p1 };
    }
    if (opts.signal?.aborted) {
      result = 'fail';
      break;
    }
    if (ports.now().getTime() + check.intervalMs >= deadline) break;
    await ports.sleep(check.intervalMs, wake);
  }
  return { result: finish(), indicators };

  function finish(): CheckResult {
    return {
      name: check.name,
      cmd: check.command,
      expected: check.expectedText,
      result,
      duration: formatSeconds(ports.now().getTime() - started),
      attempts,
    };
  }
}

export async function runChecks(plan: Plan, ports: ExecPorts, opts: CheckContext): Promise<ChecksOutcome> {
  const target = plan.observe?.kubernetes;
  const own =
    !opts.watch && target && plan.checks.length > 0 && plan.observe
      ? await watchIndicators(plan, target, ports.observers, {
          timeoutMs: plan.observe.timeoutMs,
          pollMs: Math.min(5000, ...plan.checks.map((c) => c.intervalMs)),
          log: ports.log,
          ...(opts.since ? { since: opts.since } : {}),
          ...(opts.signal ? { signal: opts.signal } : {}),
        })
      : undefined;
  try {
    return await checkAll(plan, ports, own ? { ...opts, watch: own } : opts);
  } finally {
    own?.close();
  }
}

async function checkAll(plan: Plan, ports: ExecPorts, opts: CheckContext): Promise<ChecksOutcome> {
  const out: ChecksOutcome = { results: [], indicators: [] };
  for (const check of plan.checks) {
    if (out.stoppedBy || opts.signal?.aborted) {
      out.results.push({
        name: check.name,
        cmd: check.command,
        expected: check.expectedText,
        result: 'skipped',
        duration: '0s',
        attempts: [],
      });
      continue;
    }
    ports.log(
      `  check ${check.name}: polling for ${check.expectedText} (timeout ${formatSeconds(check.timeoutMs)})`,
    );
    const r = await pollCheck(check, plan, ports, opts);
    out.results.push(r.result);
    out.indicators.push(...r.indicators);
    if (r.p1) out.stoppedBy = r.p1;
    const last = r.result.attempts.at(-1);
    ports.log(
      `  check ${check.name}: ${r.result.result} after ${r.result.attempts.length} attempt(s)${last ? `, last output ${JSON.stringify(last.output.slice(0, 60))}` : ''}${r.p1 ? ` — ${r.p1.severity} indicator ${r.p1.pattern} ended the wait` : ''}`,
    );
  }
  return out;
}

/** Policy prechecks: one attempt each, in order; the first that fails stops the run before any step. */
export async function runPrechecks(
  plan: Plan,
  ports: ExecPorts,
  opts: CheckContext,
): Promise<{ results: CheckResult[]; failed?: string }> {
  const results: CheckResult[] = [];
  for (const pre of plan.prechecks) {
    const r = await pollCheck({ ...pre, intervalMs: pre.timeoutMs }, plan, ports, opts);
    const result = {
      ...r.result,
      name: `${pre.policy}/${pre.name}`,
      result: r.result.result === 'pass' ? 'pass' : 'fail',
    } as const;
    results.push(result);
    const last = result.attempts.at(-1);
    ports.log(
      `  precheck ${result.name}: ${result.result}${last ? ` (output ${JSON.stringify(last.output.slice(0, 60))})` : ''}`,
    );
    if (result.result !== 'pass') {
      return {
        results,
        failed: `precheck '${pre.name}' of policy '${pre.policy}' failed: expected ${pre.expectedText}, got ${JSON.stringify(last?.output ?? '')}`,
      };
    }
  }
  return { results };
}
