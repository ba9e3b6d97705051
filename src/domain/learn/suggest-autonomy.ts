import picomatch from 'picomatch';
import { isMap, type YAMLMap } from 'yaml';
import { type DeliveryInput, deliveryMetrics, type Figures, proposerKind } from '../metrics/delivery.js';
import { attributionOf, isChange, type MetricsRecord } from '../metrics/facts.js';
import type { LearningTrigger } from '../schemas/learning.js';
import { targetOf } from '../target.js';
import type { CatalogView } from './catalog-view.js';
import type { FileChange, Occurrence, Skipped, Suggestion } from './types.js';
import { editYaml } from './yaml-edit.js';

// Autonomy earned by track record: each agent a policy names is compared with the humans on the
// intents it changed, over the trigger's window. Enough changes and a change failure rate no worse
// than the humans' → its max_risk one step up; a change of its that caused an incident or was rolled
// back → one step down. A suggestion like any other: a PR a person merges or closes.

const RISKS = ['low', 'medium', 'high'] as const;
type Risk = (typeof RISKS)[number];
/** What a policy lets an agent run alone when it names no max_risk (src/domain/policy.ts). */
const DEFAULT_MAX_RISK: Risk = 'low';

export interface TrackRecordInput extends Omit<DeliveryInput, 'agents' | 'records'> {
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

/** The policies that name `agent` in autonomy.agents, with their file and index. */
function policiesOf(view: CatalogView, agent: string) {
  return view.policies.flatMap((file) =>
    file.data.policies.flatMap((p, index) =>
      p.autonomy?.agents?.includes(agent)
        ? [{ file, index, name: p.name, maxRisk: (p.autonomy.max_risk ?? DEFAULT_MAX_RISK) as Risk }]
        : [],
    ),
  );
}

/** `max_risk` set on each policy, one file change per file, with a comment saying why. */
function setMaxRisk(
  targets: ReturnType<typeof policiesOf>,
  to: (current: Risk) => Risk,
  comment: string,
): FileChange[] {
  const byFile = new Map<string, typeof targets>();
  for (const t of targets) byFile.set(t.file.path, [...(byFile.get(t.file.path) ?? []), t]);
  return [...byFile.values()].map((ts) => {
    const file = (ts[0] as (typeof ts)[number]).file;
    return {
      path: file.path,
      before: file.text,
      after: editYaml(file.text, (doc) => {
        for (const t of ts) {
          doc.setIn(['policies', t.index, 'autonomy', 'max_risk'], to(t.maxRisk));
          const autonomy = doc.getIn(['policies', t.index, 'autonomy'], true);
          if (isMap(autonomy)) {
            const pair = (autonomy as YAMLMap).items.find(
              (p) => (p.key as { value?: unknown })?.value === 'max_risk',
            );
            const key = pair?.key as { commentBefore?: string } | undefined;
            if (key && typeof key === 'object') key.commentBefore = comment;
          }
        }
      }),
    };
  });
}

export function autonomySuggestions(
  t: LearningTrigger,
  input: TrackRecordInput,
  view: CatalogView,
): (Suggestion | Skipped)[] {
  const out: (Suggestion | Skipped)[] = [];
  for (const agent of input.agents) {
    const key = `autonomy-${slug(agent)}`;
    const skip = (reason: string) => out.push({ key, trigger: t.pattern, reason });
    // By who proposed it (the PR author), never by the `proposed_by` the request file claims.
    const mine = (r: MetricsRecord) =>
      picomatch.isMatch(attributionOf(r).login ?? '', agent, { nocase: true });
    const intents = new Set(input.records.filter((r) => isChange(r) && mine(r)).map((r) => r.intent));
    if (intents.size === 0) {
      skip(`${agent} made no change in the window`);
      continue;
    }
    // The agent beside the humans, on the intents it changed; other agents' changes are left out.
    const pool = input.records.filter(
      (r) =>
        intents.has(r.intent) &&
        (!isChange(r) || mine(r) || proposerKind(attributionOf(r).login, input.agents) === 'human'),
    );
    const m = deliveryMetrics({ ...input, records: pool, agents: [agent] });
    const a: Figures = m.overall.agent;
    const h: Figures = m.overall.human;
    const policies = policiesOf(view, agent);
    const caused = m.failures.filter(
      (f) => f.kind === 'agent' && f.reasons.some((r) => r === 'incident' || r === 'rolled_back'),
    );
    const evidence: Occurrence[] = caused
      .map((f) => ({ at: f.at, execution: f.execution, ...(f.target ? { target: f.target } : {}) }))
      .sort((x, y) => x.at.localeCompare(y.at));
    const compared = `Over ${m.since.slice(0, 10)} to ${m.until.slice(0, 10)} on ${[...intents].sort().join(', ')}: ${agent} made ${a.deployments} change(s) with a change failure rate of ${pct(a.change_failure_rate)}; people made ${h.deployments} with ${pct(h.change_failure_rate)}.`;
    if (caused.length) {
      const lowerable = policies.filter((p) => p.maxRisk !== 'low');
      if (lowerable.length === 0) {
        skip(`${agent} caused ${caused.length} incident(s) or rollback(s), and its max_risk is low already`);
        continue;
      }
      const down = (r: Risk) => RISKS[Math.max(0, RISKS.indexOf(r) - 1)] as Risk;
      out.push({
        id: `${key}-lower`,
        trigger: t.pattern,
        action: t.action,
        title: `Lower ${agent}'s max_risk (${caused.length} change(s) caused an incident or a rollback)`,
        rationale: `${compared} ${caused.length} of its changes caused an incident or were rolled back (${caused.map((f) => `${f.intent}${f.target ? ` on ${f.target}` : ''}: ${f.reasons.join(', ')}`).join('; ')}). Until the cause is understood, it runs one risk level less without a human.`,
        intent: null,
        evidence,
        changes: setMaxRisk(
          lowerable,
          down,
          ` learned: lowered after ${caused.length} change(s) of ${agent} caused an incident or a rollback`,
        ),
        backtest: [
          `With max_risk one step lower over the same window, the agent's changes above it would each have waited for a person: ${caused.length} of them are the ones listed above.`,
        ],
      });
      continue;
    }
    const margin = t.margin ?? 0;
    if (a.deployments < t.threshold) {
      skip(
        `${agent} made ${a.deployments} change(s) in the window; ${t.threshold} are needed to earn more autonomy`,
      );
      continue;
    }
    if (h.change_failure_rate === null) {
      skip(`no change by people on ${[...intents].join(', ')} in the window to compare ${agent} with`);
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
    const up = (r: Risk) => RISKS[Math.min(RISKS.length - 1, RISKS.indexOf(r) + 1)] as Risk;
    const changes = pool.filter((r) => isChange(r) && mine(r));
    out.push({
      id: `${key}-raise`,
      trigger: t.pattern,
      action: t.action,
      title: `Raise ${agent}'s max_risk to ${up((raisable[0] as (typeof raisable)[number]).maxRisk)} (${a.deployments} changes, failure rate ${pct(a.change_failure_rate)} vs people's ${pct(h.change_failure_rate)})`,
      rationale: `${compared} None of its changes caused an incident or was rolled back. ${a.deployments} changes reach the threshold of ${t.threshold} in intents/learning.yaml, and its failure rate is no worse than people's${margin ? ` (within ${pct(margin)})` : ''}: it earns one risk level more without a human. The approvals and windows of every policy still hold.`,
      intent: null,
      evidence: changes
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
