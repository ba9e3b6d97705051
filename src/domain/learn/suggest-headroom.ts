import { targetParamOf } from '../request/target.js';
import { type CatalogView, policyNamed } from './catalog-view.js';
import {
  type HeadroomLimit,
  headroomLimit,
  limitsByTarget,
  ONE_LIMIT_SPREAD,
  oneLimitFits,
} from './headroom.js';
import { addPolicies, policyName, targetPolicyName } from './learned-policies.js';
import { backtestFields, backtestHeadroom, requestRuns } from './suggestion-backtest.js';
import type { Built, ExecutionFact, Finding } from './types.js';

// A repeated anomaly on a metric rise becomes a headroom precheck: hold the run while the metric is
// above a limit learned from the runs where the rule fired and the runs where it did not
// (headroom.ts). `instead` is why no precheck would have prevented the evidence without holding
// ordinary runs; null, that the history lacks the levels or the intent a way to read the metric.

type Scope = { target?: string; limit: HeadroomLimit };

export function headroomPrecheck(
  f: Finding,
  view: CatalogView,
  metric: string,
  seen: string,
  executions: readonly ExecutionFact[],
): Built | { instead: string } | null {
  const [intentName, rule] = [f.intent as string, f.rule as string];
  const intent = view.intents.get(intentName)?.data;
  const probe = intent?.capture?.metrics?.[metric];
  const query = intent?.capture?.prometheus?.queries?.[metric];
  if (!probe && !query) return null;
  const fired = new Set(f.occurrences.map((o) => o.execution));
  const others = requestRuns(executions, intentName).filter(
    (e) => !fired.has(e.id) && typeof e.beforeMetrics?.[metric] === 'number',
  );
  const levelsOn = (target?: string) =>
    others
      .filter((e) => target === undefined || e.target === target)
      .map((e) => e.beforeMetrics?.[metric] as number);
  const all = headroomLimit(f.occurrences, metric, levelsOn());
  if (!all) return null;
  const param = targetParamOf(Object.keys(intent?.params ?? {}));
  const perTarget = param ? limitsByTarget(f.occurrences, metric, levelsOn) : null;
  const fits = !!perTarget && perTarget.size > 1 && oneLimitFits(perTarget);
  // One limit for every target when the history shows one target, none, or targets alike whose
  // levels one limit separates; else a limit per target.
  const scopes: Scope[] =
    !param || !perTarget || (fits && all.separates)
      ? [{ limit: all }]
      : [...perTarget].map(([target, limit]) => ({ target, limit }));
  const apart = scopes.filter((s) => !s.limit.separates);
  if (apart.length)
    return {
      instead: `No headroom precheck: ${apart.map((s) => overlap(s, metric, rule)).join('; ')}, so a limit that holds the first holds ordinary runs too.`,
    };

  const check = (limit: number) =>
    probe
      ? {
          name: `${metric}_headroom`,
          run: probe.run,
          expected: { op: '<=', value: limit },
          timeout: probe.timeout ?? '30s',
        }
      : { name: `${metric}_headroom`, prometheus: { query }, expected: { op: '<=', value: limit } };
  const base = policyName(f);
  const policies = scopes.map((s) => ({
    name: s.target && scopes.length > 1 ? targetPolicyName(base, s.target) : base,
    limit: s.limit.limit,
    target: s.target,
  }));
  const fresh = policies.filter((p) => !policyNamed(view, p.name));
  if (fresh.length === 0) return { skip: `policy ${policies.map((p) => p.name).join(', ')} exists already` };
  const policy = (p: (typeof policies)[number]) => ({
    name: p.name,
    description: `Learned: ${rule} repeated; start ${intentName}${p.target ? ` on ${p.target}` : ''} only below the level where it fired`,
    match: { intents: [intentName], ...(param && p.target ? { params: { [param]: [p.target] } } : {}) },
    prechecks: [check(p.limit)],
  });
  const limitOf = (t: string | undefined) =>
    policies.find((p) => p.target === undefined || p.target === t)?.limit;
  return {
    title: `Add a ${metric} headroom precheck before ${intentName}${policies.length > 1 ? ` (a limit per ${param})` : ''} (${rule} ×${f.occurrences.length})`,
    rationale: `${seen}. ${explain(scopes, perTarget, fits, { metric, rule, param: param ?? 'target' })} Adjust the limit to the real capacity when you know it.`,
    changes: [
      addPolicies(
        view,
        fresh.map((p) => ({
          policy: policy(p),
          comment: ` ${seen}: headroom precheck (limit ${p.limit}${p.target ? ` on ${p.target}` : ''})`,
        })),
      ),
    ],
    ...backtestFields(
      backtestHeadroom({
        executions,
        intent: intentName,
        rule,
        metric,
        param: param ?? 'target',
        limitOf,
        occurrences: f.occurrences,
      }),
    ),
    cost: `one more check before every ${intentName} run${policies.length > 1 || policies[0]?.target ? ` on ${policies.map((p) => p.target).join(', ')}` : ''} (${probe ? `a command, up to ${probe.timeout ?? '30s'}` : 'a Prometheus query'}); a run that would start above the limit is held`,
  };
}

const span = (xs: readonly number[]) => {
  const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
  return lo === hi ? `${lo}` : `${lo} to ${hi}`;
};

/** `on shop memory_usage started at 50 to 70 where memory_spike fired and up to 80 where it did not`. */
const overlap = (s: Scope, metric: string, rule: string) =>
  `${s.target ? `on ${s.target} ` : ''}${metric} started at ${span(s.limit.befores)} where ${rule} fired and up to ${s.limit.ordinary} where it did not`;

function explain(
  scopes: readonly Scope[],
  perTarget: ReadonlyMap<string, HeadroomLimit> | null,
  fits: boolean,
  o: { metric: string; rule: string; param: string },
): string {
  const levels = (l: HeadroomLimit) =>
    `${o.metric} went from ${l.befores.join(', ')} to ${l.afters.join(', ')}: a median rise of ${l.rise}, up to ${l.highest}`;
  const why = (l: HeadroomLimit) =>
    `The precheck holds a run while ${o.metric} is above ${l.limit}: every run where ${o.rule} fired started above it (from ${l.lowest}), ${l.ordinary === undefined ? 'and no other run recorded its level' : `none of the others did (up to ${l.ordinary})`}.`;
  const list = (m: ReadonlyMap<string, HeadroomLimit>) =>
    [...m].map(([t, l]) => `${t} ${l.limit}`).join(', ');
  const [first] = scopes as [Scope];
  if (scopes.length === 1 && !first.target)
    return `${levels(first.limit)}. ${why(first.limit)}${fits && perTarget ? ` One limit fits all: the limits per ${o.param} (${list(perTarget)}) lie within a factor of ${ONE_LIMIT_SPREAD} of each other.` : ''}`;
  if (scopes.length === 1)
    return `${levels(first.limit)}. ${why(first.limit)} It was learned on ${first.target} alone, so other ${o.param}s' runs are not held.`;
  const reason = fits
    ? `One limit for every ${o.param} would hold ordinary runs`
    : `The levels differ too much between ${o.param}s for one limit (${list(perTarget ?? new Map())}: more than a factor of ${ONE_LIMIT_SPREAD} apart)`;
  return `${reason}, so each gets a limit per ${o.param} of its own, and other ${o.param}s' runs are not held. ${scopes.map((s) => `On ${s.target}, ${levels(s.limit)}. ${why(s.limit)}`).join(' ')}`;
}
