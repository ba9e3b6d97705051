import { policyMatches } from '../policy/policy.js';
import { targetParamOf } from '../request/target.js';
import { durationSeconds } from '../schemas/common.js';
import { type CatalogView, policyNamed, ruleCondition } from './catalog-view.js';
import { addPolicy, policyName } from './learned-policies.js';
import { numbersIn, percentile, roundedDuration, secondsText } from './numbers.js';
import { headroomPrecheck } from './suggest-headroom.js';
import { backtestDuration, backtestEveryRun, backtestFields, requestRuns } from './suggestion-backtest.js';
import {
  type Built,
  type ExecutionFact,
  type Finding,
  ROLLED_BACK_RULE,
  type Skipped,
  type Suggestion,
} from './types.js';
import { onTargets, targetsOf } from './words.js';
import { appendTo, editYaml, newYamlFile, setWithComment } from './yaml-edit.js';

// A repeated anomaly becomes a change that prevents or absorbs it, chosen by what the rule looks at:
// a metric rise → a headroom precheck (suggest-headroom.ts) where one would have held the runs where
// it fired and no others; duration → expected_duration raised to the observed p95; restarts → a
// readiness wait in the outcomes; anything else → one more approval for the intent.

export function anomalySuggestion(
  f: Finding,
  view: CatalogView,
  executions: readonly ExecutionFact[],
): Suggestion | Skipped {
  const intent = f.intent as string;
  const rule = f.rule as string;
  const condition = ruleCondition(view, intent, rule) ?? '';
  const n = f.occurrences.length;
  const [first, last] = [day(f.occurrences[0]?.at), day(f.occurrences.at(-1)?.at)];
  const when = first === last ? `on ${first}` : `between ${first} and ${last}`;
  const param = targetParamOf(Object.keys(view.intents.get(intent)?.data.params ?? {})) ?? 'target';
  const where = onTargets(targetsOf(f.occurrences), param);
  const seen =
    rule === ROLLED_BACK_RULE
      ? `${intent} was rolled back ${n} times${where ? ` ${where}` : ''} ${when}`
      : `${rule} fired ${n} times in ${intent} runs${where ? ` ${where}` : ''} ${when}`;
  const metric = /\bafter\.metrics\.([a-z_][a-z0-9_]*)\b/.exec(condition)?.[1];
  const built: Built = !view.intents.has(intent)
    ? { skip: `intent ${intent} is no longer in the catalog` }
    : metric
      ? headroomOrApproval(f, view, metric, seen, executions)
      : /\bduration\b/.test(condition) && /\bexpected_duration\b/.test(condition)
        ? expectedDuration(f, view, executions, seen)
        : /\bpod_restarts_(after|before)\b/.test(condition)
          ? readinessWait(f, view, seen, executions)
          : extraApproval(f, view, seen, executions);
  if ('skip' in built) return { key: f.key, trigger: f.trigger.pattern, reason: built.skip };
  return {
    id: f.key,
    trigger: f.trigger.pattern,
    action: f.trigger.action,
    title: built.title,
    rationale: built.rationale,
    intent,
    rule,
    evidence: f.occurrences,
    changes: built.changes,
    ...(built.backtest?.length ? { backtest: built.backtest } : {}),
    ...(built.verdict ? { verdict: built.verdict } : {}),
    ...(built.cost ? { cost: built.cost } : {}),
  };
}

const day = (iso?: string) => (iso ?? '').slice(0, 10);
/** Runs whose duration is the whole run's: a cancelled or interrupted one stopped short. */
const RAN_TO_END = new Set(['success', 'failed', 'inconclusive']);

/** A headroom precheck; one more approval where none would have prevented the evidence alone. */
function headroomOrApproval(
  f: Finding,
  view: CatalogView,
  metric: string,
  seen: string,
  executions: readonly ExecutionFact[],
): Built {
  const h = headroomPrecheck(f, view, metric, seen, executions);
  if (h && 'instead' in h) return extraApproval(f, view, seen, executions, h.instead);
  return h ?? extraApproval(f, view, seen, executions);
}
function expectedDuration(
  f: Finding,
  view: CatalogView,
  executions: readonly ExecutionFact[],
  seen: string,
): Built {
  const file = view.intents.get(f.intent as string) as NonNullable<ReturnType<CatalogView['intents']['get']>>;
  // The runs since the first occurrence that ran to their end: what the p95 is of, and what the
  // backtest replays ("the same runs").
  const fired = new Set(f.occurrences.map((o) => o.execution));
  const ats = [...executions.filter((e) => fired.has(e.id)).map((e) => e.at), f.occurrences[0]?.at ?? ''];
  const from = ats.filter(Boolean).sort()[0] ?? '';
  const runs = requestRuns(executions, f.intent as string).filter(
    (e) => e.at >= from && RAN_TO_END.has(e.status) && typeof e.durationS === 'number',
  );
  const durations = numbersIn(runs.map((e) => e.durationS));
  if (durations.length === 0) return { skip: `no durations of ${f.intent} recorded` };
  const p95 = percentile(durations, 95);
  const next = roundedDuration(p95);
  const current = file.data.expected_duration ? durationSeconds(file.data.expected_duration) : 0;
  if (durationSeconds(next) <= current)
    return {
      skip: `expected_duration ${file.data.expected_duration} covers the p95 (${secondsText(p95)}) already`,
    };
  const counts = `${f.rule} ×${f.occurrences.length}`;
  return {
    title: `Raise ${f.intent} expected_duration to ${next} (${counts}, p95 ${secondsText(p95)})`,
    rationale: `${seen}. Over ${durations.length} runs since the first one, the 95th percentile of the duration is ${secondsText(p95)} against an expected ${file.data.expected_duration ?? 'nothing'}; ${next} is that figure rounded up.`,
    changes: [
      {
        path: file.path,
        before: file.text,
        after: editYaml(file.text, (doc) =>
          setWithComment(
            doc,
            'expected_duration',
            next,
            ` learned: p95 of ${durations.length} runs was ${secondsText(p95)} (${counts})`,
          ),
        ),
      },
    ],
    ...backtestFields(
      backtestDuration({
        runs,
        intent: f.intent as string,
        rule: f.rule as string,
        condition: ruleCondition(view, f.intent as string, f.rule as string) ?? '',
        nextS: durationSeconds(next),
        next,
      }),
    ),
    cost: `none for the runs themselves: a run counts as slow only after ${next} instead of ${file.data.expected_duration ?? 'its current expected duration'}`,
  };
}

function readinessWait(
  f: Finding,
  view: CatalogView,
  seen: string,
  executions: readonly ExecutionFact[],
): Built {
  const intent = view.intents.get(f.intent as string)?.data;
  const param = targetParamOf(Object.keys(intent?.params ?? {}));
  if (!param) return extraApproval(f, view, seen, executions);
  const check = {
    condition: 'readiness_settled',
    pods_ready: { namespace: `{{${param}}}`, selector: `app={{${param}}}` },
    timeout: '300s',
  };
  const comment = ` ${seen}: wait until every pod is ready again`;
  const existing = view.outcomes.get(f.intent as string);
  if (existing && JSON.stringify(existing.data).includes('"readiness_settled"')) {
    return { skip: `${existing.path} waits for readiness already` };
  }
  const path = existing?.path ?? `intents/outcomes/${f.intent}.yaml`;
  const after = existing
    ? editYaml(existing.text, (doc) => appendTo(doc, ['outcomes', 'success'], check, comment))
    : newYamlFile('../../schemas/outcomes.schema.json', comment, { outcomes: { success: [check] } });
  return {
    title: `Wait for readiness after ${f.intent} (${f.rule} ×${f.occurrences.length})`,
    rationale: `${seen}. Pods restarted after the run; an outcome check that waits until every pod of the ${param} is Running and ready turns a silent restart into a visible wait or failure.`,
    changes: [{ path, before: existing?.text ?? null, after }],
    ...backtestFields(
      backtestEveryRun({
        executions,
        intent: f.intent as string,
        rule: f.rule as string,
        occurrences: f.occurrences,
        param,
        effect: 'waited after their steps until every pod was ready (up to 300s)',
      }),
    ),
    cost: `every ${f.intent} run waits after its steps until every pod is ready, up to ${check.timeout}`,
  };
}

function extraApproval(
  f: Finding,
  view: CatalogView,
  seen: string,
  executions: readonly ExecutionFact[],
  why = 'Nothing in the rule points at a precheck that would prevent it.',
): Built {
  const name = policyName(f);
  if (policyNamed(view, name)) return { skip: `policy ${name} exists already` };
  const intent = view.intents.get(f.intent as string)?.data;
  const subject = { intent: f.intent as string, risk: intent?.risk ?? 'medium', params: {} };
  const required = Math.max(
    0,
    ...view.policies.flatMap((file) =>
      file.data.policies.filter((p) => policyMatches(p, subject)).map((p) => p.approvals ?? 0),
    ),
  );
  const policy = {
    name,
    description: `Learned: ${f.rule} repeated; one more human look before ${f.intent} runs`,
    match: { intents: [f.intent] },
    approvals: required + 1,
  };
  return {
    title: `Require ${required + 1} approval(s) for ${f.intent} (${f.rule} ×${f.occurrences.length})`,
    rationale: `${seen}. ${why} The suggestion asks for ${required + 1} approval(s) instead of ${required} until the cause is fixed.`,
    changes: [addPolicy(view, policy, ` ${seen}: one more approval`)],
    ...backtestFields(
      backtestEveryRun({
        executions,
        intent: f.intent as string,
        rule: f.rule as string,
        occurrences: f.occurrences,
        param: targetParamOf(Object.keys(intent?.params ?? {})) ?? 'target',
        effect: `needed ${required + 1} approval(s) instead of ${required}`,
      }),
    ),
    cost: `every ${f.intent} request waits for ${required + 1} approval(s) instead of ${required}`,
  };
}
