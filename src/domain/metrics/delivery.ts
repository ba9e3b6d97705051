import picomatch from 'picomatch';
import { draftFingerprint } from '../incidents/incident-draft.js';
import {
  type AnomalyLogLine,
  attributionOf,
  type Change,
  changeOf,
  endOf,
  type FailureReason,
  type FailureSignal,
  type IncidentClose,
  type IncidentOpen,
  isChange,
  type MetricsRecord,
  type ProposerKind,
  retryRoots,
  signalsOf,
} from './facts.js';
import { failuresOf, restoredByClose } from './failures.js';
import { type Figures, type Side, Sides } from './figures.js';
import { countLocalApart } from './local.js';

// Delivery metrics (DORA) over a period, per intent, per target and per proposer kind, with the
// agents' changes beside the humans': change failure rate, time to restore, deployment frequency and
// lead time. Every figure is computed from the facts in facts.ts; nothing here reads a file.

export const DEFAULT_ATTRIBUTION_WINDOW_MS = 24 * 3600_000;

/** Where lead time starts: said in every output, because local runs only know the merge. */
export const LEAD_TIME_BASIS =
  'lead time is request PR opened → execution finished; a record without the PR (a local run, an older record) counts from the merge';

export type { Figures, Side, Stat } from './figures.js';

export interface FailedChange {
  execution: string;
  intent: string;
  target: string | null;
  kind: ProposerKind;
  /** Who it is attributed to (see facts.ts attributionOf); null when nobody is known. */
  proposer: string | null;
  proposer_verified: boolean;
  /** The request's `proposed_by`, when it names someone else than the proposer. */
  proposed_by?: string;
  at: string;
  reasons: FailureReason[];
  /** When each reason first became known (a rollback: when it started). */
  reason_at: Partial<Record<FailureReason, string>>;
  restored_at: string | null;
  restored_by: 'incident_closed' | 'rollback' | 'retry' | null;
}

export interface DeliveryMetrics {
  since: string;
  until: string;
  attribution_window_s: number;
  notes: string[];
  /** Local runs' changes (`origin.kind: local`), counted apart from everything else here. */
  local?: Figures;
  overall: Side;
  by_intent: ({ intent: string } & Side)[];
  by_target: ({ target: string } & Side)[];
  failures: FailedChange[];
  /** Changes whose request claims another proposer (`proposed_by`) than the one who proposed it. */
  mismatches: Mismatch[];
}

export interface Mismatch {
  execution: string;
  proposer: string;
  proposed_by: string;
}

export interface DeliveryInput {
  /** Every record from `since` on (changes of the period and their later bakes and rollbacks). */
  records: readonly MetricsRecord[];
  closes?: readonly IncidentClose[];
  /** Anomaly log lines: incidents whose record is not among `records` are attributed by target. */
  anomalyLog?: readonly AnomalyLogLine[];
  /** Proposer patterns of agents (the policies' autonomy.agents): a match is an agent's change. */
  agents: readonly string[];
  since: Date;
  until: Date;
  windowMs?: number;
  /** Which changes the period holds (see inPeriod); default 'ran'. */
  judge?: Judge;
}

/**
 * 'ran': the changes that started in the period (what happened). 'window_closed': those whose
 * attribution window closed in it, (since, until] — every failure that can count against them is
 * known, and back-to-back periods judge each change once. A judgement (the agents' track record)
 * takes the second: a change an hour old has had no time to fail late.
 */
export type Judge = 'ran' | 'window_closed';

export function inPeriod(
  c: Pick<Change, 'started' | 'ended'>,
  judge: Judge,
  since: number,
  until: number,
  windowMs: number,
): boolean {
  if (judge === 'ran') return c.started >= since && c.started < until;
  const closes = c.ended + windowMs;
  return closes > since && closes <= until;
}

/** An agent: named by a policy's `autonomy.agents`, or a GitHub App (`name[bot]`); else a human. */
export function proposerKind(proposedBy: string | undefined, agents: readonly string[]): ProposerKind {
  if (!proposedBy) return 'human';
  if (/\[bot\]$/i.test(proposedBy)) return 'agent';
  return agents.some((p) => picomatch.isMatch(proposedBy, p, { nocase: true })) ? 'agent' : 'human';
}

export function deliveryMetrics(input: DeliveryInput): DeliveryMetrics {
  return countLocalApart(input, pipelineMetrics);
}

function pipelineMetrics(input: DeliveryInput): DeliveryMetrics {
  const windowMs = input.windowMs ?? DEFAULT_ATTRIBUTION_WINDOW_MS;
  const since = input.since.getTime();
  const until = input.until.getTime();
  const days = (until - since) / 86_400_000;
  const changes = new Map<string, Change>();
  const known = new Set<string>();
  const signals: FailureSignal[] = [];
  const opens: IncidentOpen[] = [];
  /** execution → when a rollback of it succeeded (the earliest). */
  const rolledBack = new Map<string, number>();
  /** change → when a `/retry` of it succeeded (the earliest): the request ran after all. */
  const retried = new Map<string, number>();
  const earliest = (map: Map<string, number>, key: string, at: number) =>
    map.set(key, Math.min(map.get(key) ?? at, at));
  // A retry is the change it retried: what is about the retry (its failure, incident, bake,
  // rollback) is about that change, its window counting from the retry's end.
  // (A retry that is the change itself — its request did not run — is its own.)
  const roots = retryRoots(input.records);
  const change = (id: string) => roots.get(id) ?? id;
  const folded = (id: string) => change(id) !== id;
  const retryEnds = new Map<string, number>();
  /** Every change read, in the period or not: an incident goes to its real latest change. */
  const ran: Change[] = [];
  for (const r of input.records) if (folded(r.id)) retryEnds.set(r.id, endOf(r));
  for (const r of input.records) {
    known.add(r.id);
    if (isChange(r, roots)) {
      const c = changeOf(r, proposerKind(attributionOf(r).login, input.agents));
      ran.push(c);
      if (inPeriod(c, input.judge ?? 'ran', since, until, windowMs)) changes.set(r.id, c);
    }
    const s = signalsOf(r);
    for (const f of s.failures) {
      const after = retryEnds.get(f.execution);
      signals.push({ ...f, execution: change(f.execution), ...(after !== undefined ? { after } : {}) });
    }
    for (const o of s.incidents) opens.push({ ...o, execution: o.execution && change(o.execution) });
    if (r.rollback_of && r.status === 'success') earliest(rolledBack, change(r.rollback_of), endOf(r));
    if (r.retry_of && folded(r.id) && r.status === 'success') earliest(retried, change(r.id), endOf(r));
  }
  // Incidents the log knows but no record read here does: the latest change on the target before
  // it — of all read, so one outside the period (still in its window, say) is not passed over.
  const byTarget = new Map<string, Change[]>();
  for (const c of ran) {
    if (!c.target) continue;
    const list = byTarget.get(c.target) ?? [];
    list.push(c);
    byTarget.set(c.target, list);
  }
  for (const list of byTarget.values()) list.sort((a, b) => a.ended - b.ended);
  for (const line of input.anomalyLog ?? []) {
    if (line.action !== 'create_incident_draft' || typeof line.at !== 'string') continue;
    if (typeof line.intent !== 'string' || typeof line.rule !== 'string') continue;
    const ref = typeof line.observation_of === 'string' ? line.observation_of : line.execution;
    if (typeof ref === 'string' && known.has(ref)) continue; // its record was read: already counted
    const at = Date.parse(line.at);
    const target = typeof line.target === 'string' ? line.target : null;
    const cause =
      (typeof ref === 'string' ? changes.get(ref) : undefined) ??
      (target ? latestBefore(byTarget.get(target) ?? [], at) : undefined);
    opens.push({
      fingerprint: draftFingerprint(
        line.intent,
        line.rule,
        target ?? undefined,
        typeof line.environment === 'string' ? line.environment : undefined,
      ),
      at,
      execution: cause?.id ?? null,
      intent: line.intent,
      target,
    });
    if (cause) signals.push({ execution: cause.id, reason: 'incident', at });
  }
  const closedAt = restoredByClose(opens, input.closes ?? []);

  const failed = failuresOf(changes, signals, windowMs);

  const overall = new Sides();
  const intents = new Map<string, Sides>();
  const targets = new Map<string, Sides>();
  const sidesOf = (map: Map<string, Sides>, key: string) => {
    let s = map.get(key);
    if (!s) {
      s = new Sides();
      map.set(key, s);
    }
    return s;
  };
  const failures: FailedChange[] = [];
  const mismatches: Mismatch[] = [];
  for (const c of changes.values()) {
    const who = c.attribution;
    if (who.login && who.mismatch)
      mismatches.push({ execution: c.id, proposer: who.login, proposed_by: who.mismatch });
    const buckets = [
      ...overall.each(c.kind),
      ...sidesOf(intents, c.intent).each(c.kind),
      ...(c.target ? sidesOf(targets, c.target).each(c.kind) : []),
    ];
    const f = failed.get(c.id);
    const restoredCandidates = [closedAt.get(c.id), rolledBack.get(c.id), retried.get(c.id)].filter(
      (t): t is number => t !== undefined && f !== undefined && t >= f.at,
    );
    const restored = restoredCandidates.length ? Math.min(...restoredCandidates) : undefined;
    for (const b of buckets) {
      b.deployments++;
      if (c.ended + windowMs > until) b.windowOpen++;
      const from = c.opened ?? c.merged;
      if (from !== null && c.ended >= from) b.lead.push(c.ended - from);
      if (!f) continue;
      b.failures++;
      if (restored === undefined) b.unrestored++;
      else b.restore.push(restored - f.at);
    }
    if (f) {
      failures.push({
        execution: c.id,
        intent: c.intent,
        target: c.target,
        kind: c.kind,
        proposer: who.login ?? null,
        proposer_verified: who.verified,
        ...(who.mismatch ? { proposed_by: who.mismatch } : {}),
        at: new Date(f.at).toISOString(),
        reason_at: Object.fromEntries([...f.known].map(([k, at]) => [k, new Date(at).toISOString()])),
        reasons: [...f.reasons].sort(),
        restored_at: restored === undefined ? null : new Date(restored).toISOString(),
        restored_by:
          restored === undefined
            ? null
            : restored === rolledBack.get(c.id)
              ? 'rollback'
              : restored === retried.get(c.id)
                ? 'retry'
                : 'incident_closed',
      });
    }
  }
  const sorted = <K extends string>(map: Map<string, Sides>, key: K) =>
    [...map.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, s]) => ({ [key]: k, ...s.side(days) }) as { [P in K]: string } & Side);
  return {
    since: input.since.toISOString(),
    until: input.until.toISOString(),
    attribution_window_s: windowMs / 1000,
    notes: [LEAD_TIME_BASIS],
    overall: overall.side(days),
    by_intent: sorted(intents, 'intent'),
    by_target: sorted(targets, 'target'),
    failures: failures.sort((a, b) => a.at.localeCompare(b.at)),
    mismatches: mismatches.sort((a, b) => a.execution.localeCompare(b.execution)),
  };
}

function latestBefore(list: readonly Change[], at: number): Change | undefined {
  let found: Change | undefined;
  for (const c of list) if (c.started <= at) found = c;
  return found;
}
