import { evaluateCondition } from '../rules/condition.js';
import { ruleVariables } from '../rules/variables.js';
import type { ExecutionFact, Occurrence } from './types.js';
import { onTargets, targetsOf } from './words.js';

// What would have happened with the suggested change in place, over the same runs the evidence came
// from: the figure a reviewer weighs before merging. Counted, never guessed: runs that lack the value
// a change depends on are named as such.

const span = (runs: readonly ExecutionFact[]) => {
  const days = runs.map((r) => r.at.slice(0, 10)).sort();
  return days[0] === days.at(-1) ? `on ${days[0]}` : `from ${days[0]} to ${days.at(-1)}`;
};
const firedIn = (os: readonly Occurrence[]) => new Set(os.map((o) => o.execution).filter(Boolean));

/** The backtest's sentences, and the one clause of it the PR leads with. */
export interface Backtest {
  lines: string[];
  verdict: string;
}
/** The fields a suggestion carries of a backtest: none when there were no runs to replay. */
export const backtestFields = (b: Backtest | null) => (b ? { backtest: b.lines, verdict: b.verdict } : {});
const none = (lines: string[], verdict: string): Backtest | null =>
  lines.length ? { lines, verdict } : null;

/**
 * The runs of an intent's requests: what a policy or a step would have applied to. A rollback is an
 * execution of its own but no request; a denied or expired request never ran.
 */
export const requestRuns = (executions: readonly ExecutionFact[], intent: string) =>
  executions.filter(
    (e) => e.intent === intent && !e.rollbackOf && e.status !== 'denied' && e.status !== 'expired',
  );

/** A headroom precheck: which runs it would have held, among those where the rule fired and the rest. */
export function backtestHeadroom(o: {
  executions: readonly ExecutionFact[];
  intent: string;
  rule: string;
  metric: string;
  param: string;
  /** The limit that applies to a run on `target`; undefined where the precheck does not apply. */
  limitOf: (target: string | undefined) => number | undefined;
  occurrences: readonly Occurrence[];
}): Backtest | null {
  const runs = requestRuns(o.executions, o.intent).filter((e) => o.limitOf(e.target) !== undefined);
  if (runs.length === 0) return null;
  const fired = firedIn(o.occurrences);
  const known = runs.filter((e) => typeof e.beforeMetrics?.[o.metric] === 'number');
  const held = known.filter((e) => (e.beforeMetrics?.[o.metric] as number) > (o.limitOf(e.target) as number));
  const heldFired = held.filter((e) => fired.has(e.id)).length;
  const firedKnown = known.filter((e) => fired.has(e.id)).length;
  const lines = [
    `Over the same runs (${span(runs)}), the precheck would have held ${held.length} of ${known.length} runs of ${o.intent} ${onTargets(targetsOf(runs), o.param)}: ${heldFired} of the ${firedKnown} runs where ${o.rule} fired, and ${held.length - heldFired} of the ${known.length - firedKnown} runs without it.`,
  ];
  if (known.length < runs.length)
    lines.push(
      `${runs.length - known.length} run(s) recorded no ${o.metric} before they started and are not counted.`,
    );
  if (heldFired < firedKnown)
    lines.push(
      `${firedKnown - heldFired} of the runs where ${o.rule} fired started at or under the limit: the precheck would not have prevented them.`,
    );
  const others = known.length - firedKnown;
  return none(
    lines,
    `would have caught ${heldFired} of the ${firedKnown} runs where ${o.rule} fired${others ? `, and held ${held.length - heldFired} of the ${others} without it` : ''}`,
  );
}

/**
 * A new expected_duration: how often the rule would have fired with it, against how often it did,
 * over `runs` — the runs the new value was learned from.
 */
export function backtestDuration(o: {
  runs: readonly ExecutionFact[];
  intent: string;
  rule: string;
  condition: string;
  nextS: number;
  next: string;
}): Backtest | null {
  const runs = o.runs.filter((e) => typeof e.durationS === 'number');
  if (runs.length === 0) return null;
  const fires = (e: ExecutionFact, expected: number | undefined) => {
    const vars = ruleVariables({
      intent: e.intent,
      params: {},
      status: e.status,
      duration: e.durationS as number,
      ...(expected !== undefined ? { expected_duration: expected } : {}),
    });
    const r = evaluateCondition(o.condition, vars);
    // A condition that reads more than the duration cannot be replayed from these facts: the plain
    // comparison with the expected duration stands in, and the text says so.
    return r.status === 'not_evaluated' ? null : r.status === 'fired';
  };
  const before = runs.map((e) => fires(e, e.expectedS));
  const after = runs.map((e) => fires(e, o.nextS));
  if (after.some((x) => x === null)) {
    const over = runs.filter((e) => (e.durationS as number) > o.nextS).length;
    return none(
      [
        `Over the same runs (${span(runs)}), ${over} of ${runs.length} runs of ${o.intent} took longer than ${o.next} (the rule reads more than the duration, so it was not replayed).`,
      ],
      `${over} of ${runs.length} runs would still have counted as slow`,
    );
  }
  const [was, would] = [before.filter(Boolean).length, after.filter(Boolean).length];
  return none(
    [
      `Over the same runs (${span(runs)}), with expected_duration ${o.next} ${o.rule} would have fired on ${would} of ${runs.length} runs of ${o.intent}, instead of ${was}.`,
    ],
    `${o.rule} would have fired on ${would} of ${runs.length} runs instead of ${was}`,
  );
}

/** A policy or outcome change that applies to every run of the intent: how many it would have touched. */
export function backtestEveryRun(o: {
  executions: readonly ExecutionFact[];
  intent: string;
  rule: string;
  occurrences: readonly Occurrence[];
  param: string;
  effect: string;
}): Backtest | null {
  const runs = requestRuns(o.executions, o.intent);
  if (runs.length === 0) return null;
  const fired = firedIn(o.occurrences);
  const hit = runs.filter((e) => fired.has(e.id)).length;
  return none(
    [
      `Over the same runs (${span(runs)}), all ${runs.length} runs of ${o.intent} ${onTargets(targetsOf(runs), o.param)} would have ${o.effect}; ${hit} of them were runs where ${o.rule} fired.`,
    ],
    `all ${runs.length} runs would have ${o.effect}, the ${hit} where ${o.rule} fired among them`,
  );
}
