import picomatch from 'picomatch';
import {
  DEFAULT_ATTRIBUTION_WINDOW_MS,
  type DeliveryInput,
  type DeliveryMetrics,
  deliveryMetrics,
  type FailedChange,
  inPeriod,
  proposerKind,
} from '../metrics/delivery.js';
import { attributionOf, endOf, isChange, type MetricsRecord, retryRoots } from '../metrics/facts.js';
import { targetOf } from '../request/target.js';
import type { LearningTrigger } from '../schemas/learning.js';
import { down, policiesOf, setMaxRisk, up } from './autonomy-policies.js';
import type { CatalogView } from './catalog-view.js';
import type { Skipped, Suggestion } from './types.js';

// Autonomy earned by track record: each agent a policy names is compared with the humans on the
// intents it changed, over the trigger's window. Enough changes and a change failure rate no worse
// than the humans' → its max_risk one step up; a change of its that caused an incident or was rolled
// back → one step down. A suggestion like any other: a PR a person merges or closes.
//
// A change is the agent's when the agent proposed it (the request PR's author), whatever the
// request's `proposed_by` claims. A raise judges only the changes whose attribution window closed in
// the trigger's window: an hour-old change has had no time to fail late, and back-to-back windows
// judge each change once. A rollback or an incident in the window lowers at once, whenever the
// change it is about ran.

export interface TrackRecordInput extends Omit<DeliveryInput, 'agents' | 'records'> {
  /** Every record from one attribution window before `since` on. */
  records: readonly MetricsRecord[];
  /** Every agent pattern the policies name. */
  agents: readonly string[];
}

const pct = (r: number | null) => (r === null ? 'no data' : `${Math.round(r * 1000) / 10} %`);
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
const hours = (ms: number) => `${Math.round((ms / 3_600_000) * 10) / 10} h`;
const CAUSES = ['incident', 'rolled_back'] as const;
const caused = (f: FailedChange) => f.kind === 'agent' && CAUSES.some((k) => f.reason_at[k]);
const compared = (m: DeliveryMetrics, intents: string, agent: string, what: string) =>
  `Over ${m.since.slice(0, 10)} to ${m.until.slice(0, 10)} on ${intents}: ${agent} made ${m.overall.agent.deployments} change(s)${what} with a change failure rate of ${pct(m.overall.agent.change_failure_rate)}; people made ${m.overall.human.deployments} with ${pct(m.overall.human.change_failure_rate)}.`;

export function autonomySuggestions(
  t: LearningTrigger,
  input: TrackRecordInput,
  view: CatalogView,
): (Suggestion | Skipped)[] {
  const out: (Suggestion | Skipped)[] = [];
  const windowMs = input.windowMs ?? DEFAULT_ATTRIBUTION_WINDOW_MS;
  const [since, until] = [input.since.getTime(), input.until.getTime()];
  // One request merged once is one change, however often /retry ran it (facts.ts retryRoots).
  const roots = retryRoots(input.records);
  for (const agent of input.agents) {
    const key = `autonomy-${slug(agent)}`;
    const skip = (reason: string) => out.push({ key, trigger: t.pattern, reason });
    // By who proposed it (the PR author), never by the `proposed_by` the request file claims.
    const mine = (r: MetricsRecord) =>
      picomatch.isMatch(attributionOf(r).login ?? '', agent, { nocase: true });
    // Its changes the window can say something about: judged (window closed in it) or still open.
    const reach = input.records.filter(
      (r) => isChange(r, roots) && mine(r) && endOf(r) + windowMs > since && endOf(r) <= until,
    );
    const intents = new Set(reach.map((r) => r.intent));
    if (intents.size === 0) {
      skip(`${agent} made no change in the window`);
      continue;
    }
    const names = [...intents].sort().join(', ');
    // The agent beside the humans, on the intents it changed; other agents' changes are left out.
    // A retry is its request again, proposed by the same: it goes with the request's change, or
    // another agent's later retry would stand as a change once its first one is left out.
    const pool = input.records.filter(
      (r) =>
        intents.has(r.intent) &&
        ((!isChange(r, roots) && !r.retry_of) ||
          mine(r) ||
          proposerKind(attributionOf(r).login, input.agents) === 'human'),
    );
    const policies = policiesOf(view, agent);
    // A rollback or incident that became known in the window, about any change still in reach.
    const recent = deliveryMetrics({
      ...input,
      records: pool,
      agents: [agent],
      since: new Date(since - windowMs),
    });
    const lower = recent.failures.filter(
      (f) => caused(f) && CAUSES.some((k) => Date.parse(f.reason_at[k] ?? '') >= since),
    );
    if (lower.length) {
      const lowerable = policies.filter((p) => p.maxRisk !== 'low');
      if (lowerable.length === 0) {
        skip(`${agent} caused ${lower.length} incident(s) or rollback(s), and its max_risk is low already`);
        continue;
      }
      out.push({
        id: `${key}-lower`,
        trigger: t.pattern,
        action: t.action,
        title: `Lower ${agent}'s max_risk (${lower.length} change(s) caused an incident or a rollback)`,
        rationale: `${compared(recent, names, agent, '')} ${lower.length} of its changes caused an incident or were rolled back between ${input.since.toISOString().slice(0, 10)} and ${input.until.toISOString().slice(0, 10)} (${lower.map((f) => `${f.intent}${f.target ? ` on ${f.target}` : ''}: ${f.reasons.join(', ')}`).join('; ')}). Until the cause is understood, it runs one risk level less without a human.`,
        intent: null,
        evidence: lower
          .map((f) => ({ at: f.at, execution: f.execution, ...(f.target ? { target: f.target } : {}) }))
          .sort((x, y) => x.at.localeCompare(y.at)),
        changes: setMaxRisk(
          lowerable,
          down,
          ` learned: lowered after ${lower.length} change(s) of ${agent} caused an incident or a rollback`,
        ),
        backtest: [
          `With max_risk one step lower over the same window, the agent's changes above it would each have waited for a person: ${lower.length} of them are the ones listed above.`,
        ],
      });
      continue;
    }
    // Judged: the changes whose attribution window closed in the trigger's window.
    const m = deliveryMetrics({ ...input, records: pool, agents: [agent], judge: 'window_closed' });
    const [a, h] = [m.overall.agent, m.overall.human];
    const judged = (r: MetricsRecord) =>
      inPeriod(
        { started: Date.parse(r.timestamp), ended: endOf(r) },
        'window_closed',
        since,
        until,
        windowMs,
      );
    const open = reach.filter((r) => !judged(r)).length;
    const closedIn = ` whose ${hours(windowMs)} attribution window closed in the window`;
    const margin = t.margin ?? 0;
    if (a.deployments < t.threshold) {
      skip(
        `${agent} made ${a.deployments} change(s)${closedIn}${open ? ` (${open} still open)` : ''}; ${t.threshold} are needed to earn more autonomy`,
      );
      continue;
    }
    // Lowered already, when it happened: its changes' incidents and rollbacks still bar a raise.
    const earlier = m.failures.filter(caused);
    if (earlier.length) {
      skip(
        `${earlier.length} of ${agent}'s judged changes caused an incident or were rolled back before the window: no raise`,
      );
      continue;
    }
    if (h.change_failure_rate === null) {
      skip(
        `no change by people on ${names} whose attribution window closed in the window to compare ${agent} with`,
      );
      continue;
    }
    if ((a.change_failure_rate ?? 0) > h.change_failure_rate + margin) {
      skip(
        `${agent}'s change failure rate ${pct(a.change_failure_rate)} is worse than people's ${pct(h.change_failure_rate)}${margin ? ` + ${pct(margin)}` : ''}`,
      );
      continue;
    }
    const raisable = policies.filter((p) => p.maxRisk !== 'high');
    if (raisable.length === 0) {
      skip(`${agent}'s max_risk is high already`);
      continue;
    }
    out.push({
      id: `${key}-raise`,
      trigger: t.pattern,
      action: t.action,
      title: `Raise ${agent}'s max_risk to ${up((raisable[0] as (typeof raisable)[number]).maxRisk)} (${a.deployments} changes, failure rate ${pct(a.change_failure_rate)} vs people's ${pct(h.change_failure_rate)})`,
      rationale: `${compared(m, names, agent, closedIn)} None of its changes caused an incident or was rolled back.${open ? ` ${open} more are still within their attribution window: they are judged next time.` : ''} ${a.deployments} changes reach the threshold of ${t.threshold} in intents/learning.yaml, and its failure rate is no worse than people's${margin ? ` (within ${pct(margin)})` : ''}: it earns one risk level more without a human. The approvals and windows of every policy still hold.`,
      intent: null,
      evidence: reach
        .filter(judged)
        .map((r) => {
          const target = targetOf(r.params);
          return { at: r.timestamp, execution: r.id, ...(target ? { target } : {}) };
        })
        .sort((x, y) => x.at.localeCompare(y.at)),
      changes: setMaxRisk(
        raisable,
        up,
        ` learned: raised after ${a.deployments} changes of ${agent} with a failure rate of ${pct(a.change_failure_rate)} (people: ${pct(h.change_failure_rate)})`,
      ),
      backtest: [
        `Over the same window, ${a.deployments} changes of ${agent} ran; ${a.failures} failed. With one risk level more, its requests of that level would have run without waiting for a person; the policies' approvals still apply.`,
      ],
    });
  }
  return out;
}
