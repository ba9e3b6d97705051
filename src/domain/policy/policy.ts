import picomatch from 'picomatch';
import { durationSeconds } from '../schemas/common.js';
import type { Policy, RollbackMode } from '../schemas/policy.js';
import { CronSyntaxError, withCron } from './cron.js';
import { decidePromotion, type PromotionRun } from './promotion.js';

// Policy decisions are pure functions of (request, policies, facts, clock). The strictest verdict wins:
// deny > hold > allow.

export type Verdict = 'allow' | 'hold' | 'deny';

export interface PolicyFacts {
  now: Date;
  /** Who proposed the request: a login or agent name; undefined when run locally by hand. */
  proposer?: string;
  /** The proposer's teams (`org/team`) among those the policies name; looked up by the app. */
  proposerTeams?: readonly string[];
  /** Human approvals on the request PR; null when not known (a local run). */
  approvals: number | null;
  /** Who approved and whose reviews did not count, appended to the approvals reason. */
  approvalDetail?: string;
  /** Earlier executions, for rate limits and the promotion gate (which reads the optional fields). */
  history: readonly ({ intent: string; target?: string; timestamp: string; status: string } & Partial<
    Omit<PromotionRun, 'intent' | 'timestamp' | 'status'>
  >)[];
}

export interface PolicySubject {
  intent: string;
  risk: 'low' | 'medium' | 'high';
  params: Readonly<Record<string, unknown>>;
  target?: string;
  /** The environment the request runs in (intents/environments.yaml); absent when none is declared. */
  environment?: string;
  /** The intent has a bake window: a promotion waits for the earlier run's bake too. */
  bakes?: boolean;
}

export interface RuleResult {
  policy: string;
  rule:
    | 'proposers'
    | 'approvals'
    | 'windows'
    | 'freezes'
    | 'rate_limit'
    | 'params'
    | 'autonomy'
    | 'promotion'
    /** At execute only: the target moved since the approved plan (app/execute/drift-guard.ts). */
    | 'on_drift';
  /** For `promotion`: the qualifying execution in the earlier environment. */
  execution?: string;
  outcome: 'pass' | 'hold' | 'deny' | 'info';
  reason: string;
}

export interface PolicyDecision {
  verdict: Verdict;
  matched: string[];
  results: RuleResult[];
  /** The request may be merged without a human: set only for an allowed agent, with `agent` its name. */
  autoMerge?: true;
  agent?: string;
  /** The strictest `rollback` of the matched policies (never > ask > auto); absent when none says. */
  rollback?: RollbackMode;
  /** The policy that set `rollback`. */
  rollbackPolicy?: string;
  /** `deny` when a matched policy says so (the strictest wins); absent: proceed. */
  onDrift?: 'deny';
  /** The policy that set `on_drift: deny`. */
  onDriftPolicy?: string;
}

const RANK: Record<Verdict, number> = { allow: 0, hold: 1, deny: 2 };

export function policyMatches(policy: Policy, subject: PolicySubject): boolean {
  const byName = policy.match.intents?.includes(subject.intent) ?? false;
  const byRisk = policy.match.risk?.includes(subject.risk) ?? false;
  const byParams = Object.entries(policy.match.params ?? {}).every(([name, values]) =>
    values.some((v) => v === subject.params[name]),
  );
  const bySelector =
    policy.match.intents !== undefined || policy.match.risk !== undefined ? byName || byRisk : true;
  const byEnvironment =
    policy.match.environments === undefined ||
    (subject.environment !== undefined && policy.match.environments.includes(subject.environment));
  return bySelector && byEnvironment && byParams;
}

/** A login pattern (`alice`, `ops-*`), or a team (`@org/team`) the proposer is a member of. */
function matchesAny(patterns: readonly string[], who: string, teams: readonly string[] = []): boolean {
  return patterns.some((p) =>
    p.startsWith('@')
      ? teams.includes(p.slice(1).toLowerCase())
      : picomatch.isMatch(who, p, { nocase: true }),
  );
}

/** The teams (`org/team`, without the @) that proposers patterns name: what the app must look up. */
export function teamsNamed(policies: readonly Policy[]): string[] {
  const all = policies.flatMap((p) => [...(p.proposers?.allow ?? []), ...(p.proposers?.deny ?? [])]);
  return [...new Set(all.filter((p) => p.startsWith('@')).map((p) => p.slice(1).toLowerCase()))];
}

function checkProposers(p: Policy, facts: PolicyFacts): RuleResult[] {
  if (!p.proposers) return [];
  const who = facts.proposer;
  const r = (outcome: RuleResult['outcome'], reason: string): RuleResult[] => [
    { policy: p.name, rule: 'proposers', outcome, reason },
  ];
  if (!who) return r('info', 'proposer unknown (local run): proposer rules apply to requests from PRs');
  const teams = facts.proposerTeams ?? [];
  if (p.proposers.deny && matchesAny(p.proposers.deny, who, teams))
    return r('deny', `${who} is denied by proposers.deny`);
  if (p.proposers.allow && !matchesAny(p.proposers.allow, who, teams)) {
    return r('deny', `${who} is not in proposers.allow (${p.proposers.allow.join(', ')})`);
  }
  return r('pass', `${who} may propose`);
}

function checkApprovals(p: Policy, facts: PolicyFacts): RuleResult[] {
  if (p.approvals === undefined || p.approvals === 0) return [];
  const need = p.approvals;
  if (facts.approvals === null) {
    return [
      {
        policy: p.name,
        rule: 'approvals',
        outcome: 'info',
        // Not known here (a local plan or run): the request waits for them on its PR; "needs" beside
        // an ALLOW verdict read as a contradiction.
        reason: `waits for ${need} approval${need === 1 ? '' : 's'} on the request PR`,
      },
    ];
  }
  const ok = facts.approvals >= need;
  return [
    {
      policy: p.name,
      rule: 'approvals',
      outcome: ok ? 'pass' : 'hold',
      reason: `${facts.approvals} of ${need} required approval(s)${facts.approvalDetail ? ` (${facts.approvalDetail})` : ''}`,
    },
  ];
}

/** Open when the latest cron start is less than `duration` ago. */
function windowOpen(w: { cron: string; duration: string; timezone?: string }, now: Date): boolean {
  const start = withCron(w.cron, w.timezone, (s) => s.prev(now));
  return start !== null && now.getTime() - start.getTime() < durationSeconds(w.duration) * 1000;
}

/** When the first window opens after `now`, as `2026-12-07 09:00 UTC`; undefined when none will. */
function nextOpening(windows: NonNullable<Policy['windows']>, now: Date): string | undefined {
  const times = windows
    .map((w) => withCron(w.cron, w.timezone, (s) => s.next(now)))
    .filter((d): d is Date => d !== null)
    .map((d) => d.getTime());
  if (!times.length) return undefined;
  return `${new Date(Math.min(...times)).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function checkWindows(p: Policy, facts: PolicyFacts): RuleResult[] {
  if (!p.windows?.length) return [];
  let open: (typeof p.windows)[number] | undefined;
  try {
    open = p.windows.find((w) => windowOpen(w, facts.now));
  } catch (err) {
    // The schema refuses a cron croner cannot read; should one get here anyway, it holds the run.
    if (!(err instanceof CronSyntaxError)) throw err;
    const reason = `invalid cron expression '${err.cron}': ${err.message}`;
    return [{ policy: p.name, rule: 'windows', outcome: 'hold', reason }];
  }
  const list = p.windows
    .map((w) => `${w.cron} for ${w.duration}${w.timezone ? ` (${w.timezone})` : ''}`)
    .join('; ');
  const opens = open ? undefined : nextOpening(p.windows, facts.now);
  return [
    {
      policy: p.name,
      rule: 'windows',
      outcome: open ? 'pass' : 'hold',
      reason: open
        ? `inside change window ${open.cron}`
        : `outside every change window: ${list}${opens ? `; the next opens ${opens}` : ''}`,
    },
  ];
}

function checkFreezes(p: Policy, facts: PolicyFacts): RuleResult[] {
  const now = facts.now.getTime();
  return (p.freezes ?? [])
    .filter((f) => now >= Date.parse(f.from) && now <= Date.parse(f.to))
    .map((f) => ({
      policy: p.name,
      rule: 'freezes' as const,
      outcome: 'hold' as const,
      reason: `change freeze ${f.from} → ${f.to}${f.reason ? `: ${f.reason}` : ''}`,
    }));
}

function checkRateLimit(p: Policy, subject: PolicySubject, facts: PolicyFacts): RuleResult[] {
  if (!p.rate_limit) return [];
  const { max, per, scope = 'intent' } = p.rate_limit;
  const since = facts.now.getTime() - durationSeconds(per) * 1000;
  const count = facts.history.filter(
    (h) =>
      h.intent === subject.intent &&
      h.status !== 'denied' &&
      (scope === 'intent' || h.target === subject.target) &&
      Date.parse(h.timestamp) > since,
  ).length;
  const what = scope === 'target' ? `${subject.intent} on ${subject.target ?? '?'}` : subject.intent;
  return [
    {
      policy: p.name,
      rule: 'rate_limit',
      outcome: count < max ? 'pass' : 'hold',
      reason: `${count} execution(s) of ${what} in the last ${per}; limit ${max}`,
    },
  ];
}

function checkParams(p: Policy, subject: PolicySubject): RuleResult[] {
  return Object.entries(p.params ?? {}).map(([name, { allow }]) => {
    const value = subject.params[name];
    const ok = value !== undefined && allow.some((a) => a === value);
    return {
      policy: p.name,
      rule: 'params' as const,
      outcome: ok ? ('pass' as const) : ('deny' as const),
      reason: ok
        ? `${name}=${JSON.stringify(value)} is allowed`
        : `${name}=${JSON.stringify(value)} is not in the allowlist (${allow.map((a) => JSON.stringify(a)).join(', ')})`,
    };
  });
}

function checkPromotion(p: Policy, subject: PolicySubject, facts: PolicyFacts): RuleResult[] {
  if (!p.promotion) return [];
  const runs = facts.history.flatMap((h) =>
    h.id !== undefined && h.params !== undefined
      ? [{ ...h, id: h.id, params: h.params } satisfies PromotionRun]
      : [],
  );
  const verdict = decidePromotion(
    p.promotion,
    {
      intent: subject.intent,
      params: subject.params,
      bakes: subject.bakes ?? false,
      ...(subject.environment !== undefined ? { environment: subject.environment } : {}),
    },
    runs,
    facts.now,
  );
  if (!verdict) return [];
  return [
    {
      policy: p.name,
      rule: 'promotion',
      outcome: verdict.outcome,
      reason: verdict.reason,
      ...(verdict.execution ? { execution: verdict.execution } : {}),
    },
  ];
}

const RISK_RANK: Record<PolicySubject['risk'], number> = { low: 0, medium: 1, high: 2 };

/**
 * An agent (a proposer matching `autonomy.agents`) within `max_risk` (default low) may proceed
 * alone; above it, the other rules (approvals, windows) decide and a human is needed. Only a `pass`
 * with `auto_merge: true` lets the PR merge itself; everyone else merges by hand.
 */
function checkAutonomy(p: Policy, subject: PolicySubject, facts: PolicyFacts): RuleResult[] {
  const agents = p.autonomy?.agents;
  const who = facts.proposer;
  if (!agents?.length || !who) return [];
  const r = (outcome: RuleResult['outcome'], reason: string): RuleResult[] => [
    { policy: p.name, rule: 'autonomy', outcome, reason },
  ];
  if (!matchesAny(agents, who)) return r('info', `${who} is not an autonomous agent: a human merges`);
  const max = p.autonomy?.max_risk ?? 'low';
  if (RISK_RANK[subject.risk] > RISK_RANK[max]) {
    return r('info', `agent ${who} needs a human: risk ${subject.risk} > max_risk ${max}`);
  }
  if (!p.autonomy?.auto_merge) {
    return r('info', `agent ${who} is within max_risk ${max} but auto_merge is off: a human merges`);
  }
  return r('pass', `agent ${who} may proceed without a human (risk ${subject.risk} ≤ max_risk ${max})`);
}

/** Strictest wins here too: one matched policy saying a human is needed outweighs any grant. */
function autonomyOf(verdict: Verdict, results: readonly RuleResult[], proposer?: string) {
  const own = results.filter((r) => r.rule === 'autonomy');
  const granted = own.some((r) => r.outcome === 'pass');
  const refused = own.some((r) => r.outcome !== 'pass');
  return verdict === 'allow' && granted && !refused && proposer
    ? { autoMerge: true as const, agent: proposer }
    : {};
}

export function decide(
  policies: readonly Policy[],
  subject: PolicySubject,
  facts: PolicyFacts,
): PolicyDecision {
  const matched = policies.filter((p) => policyMatches(p, subject));
  const results = matched.flatMap((p) => [
    ...checkProposers(p, facts),
    ...checkParams(p, subject),
    ...checkApprovals(p, facts),
    ...checkWindows(p, facts),
    ...checkFreezes(p, facts),
    ...checkRateLimit(p, subject, facts),
    ...checkAutonomy(p, subject, facts),
    ...checkPromotion(p, subject, facts),
  ]);
  const verdict = results.reduce<Verdict>((v, r) => {
    const next: Verdict = r.outcome === 'deny' ? 'deny' : r.outcome === 'hold' ? 'hold' : 'allow';
    return RANK[next] > RANK[v] ? next : v;
  }, 'allow');
  return {
    verdict,
    matched: matched.map((p) => p.name),
    results,
    ...autonomyOf(verdict, results, facts.proposer),
    ...rollbackOf(matched),
    ...onDriftOf(matched),
  };
}

/** One policy saying `on_drift: deny` outweighs any `proceed`, as for verdicts. */
function onDriftOf(matched: readonly Policy[]): Pick<PolicyDecision, 'onDrift' | 'onDriftPolicy'> {
  const deny = matched.find((p) => p.on_drift === 'deny');
  return deny ? { onDrift: 'deny', onDriftPolicy: deny.name } : {};
}

const ROLLBACK_RANK: Record<RollbackMode, number> = { auto: 0, ask: 1, never: 2 };

/** Strictest wins, as for verdicts: one policy saying `never` outweighs any `auto`. */
function rollbackOf(matched: readonly Policy[]): Pick<PolicyDecision, 'rollback' | 'rollbackPolicy'> {
  let best: Policy | undefined;
  for (const p of matched) {
    if (!p.rollback) continue;
    if (!best?.rollback || ROLLBACK_RANK[p.rollback] > ROLLBACK_RANK[best.rollback]) best = p;
  }
  return best?.rollback ? { rollback: best.rollback, rollbackPolicy: best.name } : {};
}
