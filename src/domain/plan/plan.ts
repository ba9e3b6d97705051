import { TemplateError } from '../input/errors.js';
import type { Expected } from '../observe/outcome-match.js';
import { describeExpected } from '../observe/outcome-match.js';
import type { PolicyDecision } from '../policy/policy.js';
import { asTemplateValues, type ParamValue } from '../request/params.js';
import type { AnomalyRule } from '../schemas/anomaly-rules.js';
import type { Intent } from '../schemas/catalog.js';
import { durationSeconds } from '../schemas/common.js';
import type { BakeWindow, OutcomeSpec } from '../schemas/outcomes.js';
import type { Policy, RollbackMode } from '../schemas/policy.js';
import { renderExpected, renderIndicatorPattern } from './expected-template.js';
import {
  type BuiltinProbe,
  describeProbe,
  type ObservePlan,
  planObserve,
  planProbe,
} from './plan-observe.js';
import { type RenderOptions, renderArgv, renderShell } from './template.js';

// The plan is everything a run will do, rendered: what `plan` shows, what `run` executes, and what
// the record stores. Rendering fails with TemplateError before anything runs.

export type Command = string | string[];

export interface PlannedStep {
  name: string;
  command: Command;
  timeoutMs: number;
  continueOnError: boolean;
  env: Record<string, string>;
}

/** A read-only command whose output the plan shows (`preview:`), rendered as the steps are. */
export interface PlannedPreview {
  name: string;
  command: Command;
  timeoutMs: number;
}

export interface PlannedCheck {
  name: string;
  /** What runs: the rendered command, or for a built-in check its description. */
  command: Command;
  probe?: BuiltinProbe;
  expected: Expected;
  expectedText: string;
  timeoutMs: number;
  intervalMs: number;
}

export interface PlannedCapture {
  /** Where the value lands in the snapshot: `metrics.memory_usage`, `error_count`, `pod_restarts`, `recent_logs`. */
  key: string;
  command: Command;
  timeoutMs: number;
  kind: 'number' | 'lines';
  lines?: number;
}

export interface PlannedRule extends AnomalyRule {
  file: string;
}

/** A default rule left out for this intent: it reads `reads`, which the intent never captures. */
export interface NotApplicableRule {
  name: string;
  file: string;
  reads: string[];
}

export interface PlannedPrecheck extends PlannedCheck {
  policy: string;
}

export interface Plan {
  intent: string;
  risk: Intent['risk'];
  params: Record<string, ParamValue>;
  /** The environment it runs in (intents/environments.yaml); absent when the repository names none. */
  environment?: string;
  /** From the matching policies: each must give its expected output once, or no step runs. */
  prechecks: PlannedPrecheck[];
  steps: PlannedStep[];
  /** Names of intentops' environment variables the intent passes to its commands (`env.pass`). */
  envPass?: string[];
  checks: PlannedCheck[];
  indicators: NonNullable<OutcomeSpec['outcomes']['failure_indicators']>;
  captures: PlannedCapture[];
  observe?: ObservePlan;
  /** The bake window: how long to keep watching after the checks pass, and how often to look. */
  bake?: { forMs: number; intervalMs: number };
  rules: PlannedRule[];
  rulesNotApplicable?: NotApplicableRule[];
  expectedDurationS?: number;
  policy: PolicyDecision;
  /**
   * The intent's rollback steps, rendered now with the same params (so a bad param fails the plan,
   * not the rollback at 3 a.m.), and what the policies say about running them.
   */
  rollback?: { mode: RollbackMode; policy?: string; steps: PlannedStep[] };
  /** The intent's `preview:` commands, rendered with the request's params. */
  previews?: PlannedPreview[];
}

export interface PlanInput {
  intent: Intent;
  outcomes?: OutcomeSpec;
  rules: PlannedRule[];
  rulesNotApplicable?: NotApplicableRule[];
  params: Record<string, ParamValue>;
  policy: PolicyDecision;
  prechecks?: readonly (NonNullable<Policy['prechecks']>[number] & { policy: string })[];
}

const DEFAULT_STEP_TIMEOUT_S = 300;
const DEFAULT_CHECK_TIMEOUT_S = 60;
const DEFAULT_PREVIEW_TIMEOUT_S = 60;
const DEFAULT_CHECK_INTERVAL_S = 5;
const DEFAULT_CAPTURE_TIMEOUT_S = 10;
/** Built-in checks without `expected` judge themselves: their output is "pass" when they pass. */
const BUILTIN_EXPECTED = 'pass';

function renderCommand(cmd: Command, values: Record<string, string>, opts: RenderOptions): Command {
  return typeof cmd === 'string' ? renderShell(cmd, values, opts) : renderArgv(cmd, values, opts);
}

/** Template values: the resolved params, plus '' for optional params left out. */
function templateValues(intent: Intent, params: Record<string, ParamValue>): Record<string, string> {
  const values = asTemplateValues(params);
  for (const name of Object.keys(intent.params ?? {})) values[name] ??= '';
  return values;
}

function withContext<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof TemplateError) throw new TemplateError(`${where}: ${err.message}`, err.param);
    throw err;
  }
}

function planCaptures(intent: Intent, values: Record<string, string>, opts: RenderOptions): PlannedCapture[] {
  const c = intent.capture;
  if (!c) return [];
  const out: PlannedCapture[] = [];
  const timeout = (t?: string) => durationSeconds(t ?? `${DEFAULT_CAPTURE_TIMEOUT_S}s`) * 1000;
  for (const [name, m] of Object.entries(c.metrics ?? {})) {
    out.push({
      key: `metrics.${name}`,
      command: renderCommand(m.run, values, opts),
      timeoutMs: timeout(m.timeout),
      kind: 'number',
    });
  }
  for (const key of ['error_count', 'pod_restarts'] as const) {
    const spec = c[key];
    if (spec)
      out.push({
        key,
        command: renderCommand(spec.run, values, opts),
        timeoutMs: timeout(spec.timeout),
        kind: 'number',
      });
  }
  if (c.logs) {
    out.push({
      key: 'recent_logs',
      command: renderCommand(c.logs.run, values, opts),
      timeoutMs: timeout(undefined),
      kind: 'lines',
      lines: c.logs.lines ?? 50,
    });
  }
  return out;
}

export function buildPlan(input: PlanInput): Plan {
  const { intent, outcomes } = input;
  const values = templateValues(intent, input.params);
  const opts: RenderOptions = { allowLeadingDash: (p) => intent.params?.[p]?.allow_leading_dash === true };
  const planSteps = (list: Intent['steps'], what: string): PlannedStep[] =>
    list.map((s) =>
      withContext(`${what} '${s.name}'`, () => ({
        name: s.name,
        command: renderCommand(s.run, values, opts),
        timeoutMs: durationSeconds(s.timeout ?? `${DEFAULT_STEP_TIMEOUT_S}s`) * 1000,
        continueOnError: s.continue_on_error ?? false,
        env: Object.fromEntries(
          Object.entries(s.env ?? {}).map(([k, v]) => [
            k,
            renderArgv([v], values, { allowLeadingDash: () => true })[0] ?? '',
          ]),
        ),
      })),
    );
  const steps = planSteps(intent.steps, 'step');
  const rollback = intent.rollback
    ? {
        mode: input.policy.rollback ?? ('ask' as const),
        ...(input.policy.rollbackPolicy ? { policy: input.policy.rollbackPolicy } : {}),
        steps: planSteps(intent.rollback, 'rollback step'),
      }
    : undefined;
  const previews = (intent.preview ?? []).map((p) =>
    withContext(
      `preview '${p.name}'`,
      (): PlannedPreview => ({
        name: p.name,
        command: renderCommand(p.run, values, opts),
        timeoutMs: durationSeconds(p.timeout ?? `${DEFAULT_PREVIEW_TIMEOUT_S}s`) * 1000,
      }),
    ),
  );
  const checks = (outcomes?.outcomes.success ?? []).map((c) =>
    withContext(`check '${c.condition}'`, (): PlannedCheck => {
      const probe = planProbe(c, values);
      const expected = c.expected === undefined ? BUILTIN_EXPECTED : renderExpected(c.expected, values);
      return {
        name: c.condition,
        command: probe ? describeProbe(probe) : renderCommand(c.check ?? '', values, opts),
        ...(probe ? { probe } : {}),
        expected,
        expectedText: probe && c.expected === undefined ? 'pass' : describeExpected(expected),
        timeoutMs: durationSeconds(c.timeout ?? `${DEFAULT_CHECK_TIMEOUT_S}s`) * 1000,
        intervalMs: durationSeconds(c.interval ?? `${DEFAULT_CHECK_INTERVAL_S}s`) * 1000,
      };
    }),
  );
  const indicators = (outcomes?.outcomes.failure_indicators ?? []).map((ind, i) =>
    withContext(`failure indicator ${i + 1}`, () => ({
      ...ind,
      pattern: renderIndicatorPattern(ind.pattern, ind.regex, values),
    })),
  );
  const observe = withContext('capture', () => planObserve(intent.capture, values));
  const captures = withContext('capture', () => planCaptures(intent, values, opts));
  const prechecks = (input.prechecks ?? []).map((p) =>
    withContext(`precheck '${p.name}' of policy '${p.policy}'`, (): PlannedPrecheck => {
      const probe = planProbe(
        { ...p, condition: p.name, check: p.run, timeout: '60s', interval: '5s' },
        values,
      );
      const expected = p.expected === undefined ? BUILTIN_EXPECTED : renderExpected(p.expected, values);
      return {
        policy: p.policy,
        name: p.name,
        command: probe ? describeProbe(probe) : renderCommand(p.run ?? '', values, opts),
        ...(probe ? { probe } : {}),
        expected,
        expectedText: probe && p.expected === undefined ? 'pass' : describeExpected(expected),
        timeoutMs: durationSeconds(p.timeout ?? `${DEFAULT_CHECK_TIMEOUT_S}s`) * 1000,
        intervalMs: 0,
      };
    }),
  );
  return {
    intent: intent.name,
    risk: intent.risk,
    params: input.params,
    prechecks,
    steps,
    ...(intent.env?.pass.length ? { envPass: [...intent.env.pass] } : {}),
    checks,
    indicators,
    captures,
    ...(observe ? { observe } : {}),
    ...bakeOf(outcomes?.observe ?? intent.observe),
    rules: input.rules,
    ...(input.rulesNotApplicable?.length ? { rulesNotApplicable: input.rulesNotApplicable } : {}),
    ...(intent.expected_duration ? { expectedDurationS: durationSeconds(intent.expected_duration) } : {}),
    policy: input.policy,
    ...(rollback ? { rollback } : {}),
    ...(previews.length ? { previews } : {}),
  };
}

function bakeOf(w: BakeWindow | undefined): Pick<Plan, 'bake'> {
  if (!w) return {};
  return { bake: { forMs: durationSeconds(w.for) * 1000, intervalMs: durationSeconds(w.interval) * 1000 } };
}

/** Rules for an intent: the default file's, overridden by name by the intent's own file. */
export function rulesFor(defaults: readonly PlannedRule[], own: readonly PlannedRule[]): PlannedRule[] {
  const byName = new Map(defaults.map((r) => [r.name, r]));
  for (const r of own) byName.set(r.name, r);
  return [...byName.values()];
}
