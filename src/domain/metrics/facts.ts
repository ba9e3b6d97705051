import { seconds } from '../records/duration.js';
import { targetOf } from '../request/target.js';
import type { ExecutionRecord } from '../schemas/record.js';

// What delivery metrics read from the records, reduced to facts with times: the executions (the
// changes), the signals that one of them failed, the incidents it opened and what restored service.
// Pure: the records and the incident closings come in, the facts go out.

/** A record as metrics read it. `rollback_of` is written by rollback runs; older records lack it. */
export type MetricsRecord = ExecutionRecord & { rollback_of?: string };

export type ProposerKind = 'human' | 'agent';

/**
 * Who a change is attributed to. The record's `request.proposer` (the PR author, verified; locally
 * the git author, not) — never the request file's `proposed_by`, which whoever writes the request
 * chooses. A record from before intentops kept the proposer has only the claim: it counts by it.
 */
export interface Attribution {
  login: string | undefined;
  verified: boolean;
  /** The request's `proposed_by` when it names someone else than the proposer: shown, never counted. */
  mismatch?: string;
}

export function attributionOf(r: Pick<ExecutionRecord, 'request'>): Attribution {
  const { proposer, proposed_by: claim } = r.request;
  if (!proposer) return { login: claim, verified: false };
  const differs = claim !== undefined && claim.toLowerCase() !== proposer.login.toLowerCase();
  return { login: proposer.login, verified: proposer.verified, ...(differs ? { mismatch: claim } : {}) };
}

/** One change: an execution whose steps ran (or may have run: `interrupted`). */
export interface Change {
  id: string;
  intent: string;
  target: string | null;
  /** The environment it ran in, when the repository declares environments. */
  environment?: string;
  kind: ProposerKind;
  attribution: Attribution;
  status: ExecutionRecord['status'];
  started: number;
  ended: number;
  /** When the request was merged (request.merged_at), if the record says. */
  merged: number | null;
  /** When the request PR was opened (request.pr_opened_at), if the record says. */
  opened: number | null;
}

export type FailureReason = 'failed' | 'rolled_back' | 'bake_failed' | 'incident';

/** Something that says a change failed, and when it became known. */
export interface FailureSignal {
  execution: string;
  reason: FailureReason;
  at: number;
  /** The end of the run it follows when that is not the change's own: a retry's (see retryRoots). */
  after?: number;
}

/** An incident draft opened (or updated) by a record: the execution it names is its cause. */
export interface IncidentOpen {
  fingerprint: string;
  at: number;
  /** The execution that caused it: the record's own id, or the one a bake observed. */
  execution: string | null;
  intent: string;
  target: string | null;
}

/** A closing of an incident: a filed document's `closed_at`, or else its `filed_at`. */
export interface IncidentClose {
  fingerprint: string;
  at: number;
}

/** A line of incidents/anomaly-log.jsonl (the fields metrics read). */
export interface AnomalyLogLine {
  at?: unknown;
  execution?: unknown;
  observation_of?: unknown;
  intent?: unknown;
  target?: unknown;
  environment?: unknown;
  rule?: unknown;
  action?: unknown;
}

const RAN = new Set(['success', 'failed', 'cancelled', 'interrupted', 'inconclusive']);

export function endOf(r: Pick<ExecutionRecord, 'timestamp' | 'duration'>): number {
  return Date.parse(r.timestamp) + Math.round((seconds(r.duration) ?? 0) * 1000);
}

/** Its steps ran, or may have (`interrupted`: its job died after the claim) — not settled unrun. */
export function stepsRan(r: Pick<MetricsRecord, 'status' | 'not_run'>): boolean {
  if (r.not_run && r.not_run.decision !== 'interrupted') return false;
  return RAN.has(r.status);
}

/**
 * A change: not a bake's follow-up record, not a rollback (that is the remedy, counted apart), not a
 * request settled without running (denied, expired, withdrawn…). An `interrupted` request counts:
 * its job died after the claim, so its steps may have run. A `/retry` is the same request again, so
 * it is no change of its own — except the first one that ran after a request that did not (see
 * retryRoots): `roots` says which.
 */
export function isChange(r: MetricsRecord, roots: ReadonlyMap<string, string>): boolean {
  if (r.observation_of || r.rollback_of) return false;
  if (r.retry_of) return roots.get(r.id) === r.id;
  return stepsRan(r);
}

export function changeOf(r: MetricsRecord, kind: ProposerKind): Change {
  const merged = r.request.merged_at ? Date.parse(r.request.merged_at) : Number.NaN;
  const opened = r.request.pr_opened_at ? Date.parse(r.request.pr_opened_at) : Number.NaN;
  return {
    id: r.id,
    intent: r.intent,
    target: targetOf(r.params) ?? null,
    ...(r.environment !== undefined ? { environment: r.environment } : {}),
    kind,
    attribution: attributionOf(r),
    status: r.status,
    started: Date.parse(r.timestamp),
    ended: endOf(r),
    merged: Number.isFinite(merged) ? merged : null,
    opened: Number.isFinite(opened) ? opened : null,
  };
}

/** When a bake's anomaly first appeared, else when the bake ended: a late failure is dated late. */
function bakeSeen(r: MetricsRecord, rule?: string): number {
  const o = r.observation;
  const first = o?.first_seen.filter((f) => !rule || f.what === `rule:${rule}`).map((f) => Date.parse(f.at));
  if (first?.length) return Math.min(...first);
  return o ? Date.parse(o.ended) : endOf(r);
}

/** The failure signals and incident openings one record carries, whatever execution they are about. */
export function signalsOf(r: MetricsRecord): { failures: FailureSignal[]; incidents: IncidentOpen[] } {
  const failures: FailureSignal[] = [];
  const incidents: IncidentOpen[] = [];
  // A retry's own failure and incidents name it; deliveryMetrics moves them to the change it retried.
  const ran = !r.observation_of && !r.rollback_of && (!!r.retry_of || stepsRan(r));
  const cause = r.observation_of ?? (ran ? r.id : null);
  if (r.rollback_of)
    failures.push({ execution: r.rollback_of, reason: 'rolled_back', at: Date.parse(r.timestamp) });
  if (r.observation_of && r.observation?.verdict === 'fail')
    failures.push({ execution: r.observation_of, reason: 'bake_failed', at: bakeSeen(r) });
  if (ran && (r.status === 'failed' || r.status === 'interrupted'))
    failures.push({ execution: r.id, reason: 'failed', at: endOf(r) });
  const target = targetOf(r.params) ?? null;
  for (const d of r.drafts) {
    const rule = r.anomalies.find((a) => a.action === 'create_incident_draft')?.rule;
    const at = r.observation_of ? bakeSeen(r, rule) : endOf(r);
    incidents.push({ fingerprint: d.fingerprint, at, execution: cause, intent: r.intent, target });
    if (cause) failures.push({ execution: cause, reason: 'incident', at });
  }
  return { failures, incidents };
}

/**
 * Each retry (`retry_of`) → the change it is part of: one request merged once is one change, dated
 * by the run that ran. A retry of a retry leads back to the request's own record (the root). When
 * the root ran (or may have: interrupted), it is the change. When it did not — the drift guard denied
 * it and a writer's `/retry` ran it — the first retry that ran is the change (it maps to itself),
 * and every other retry is folded into it; with none that ran, there is no change. A root this read
 * does not hold is taken to have run: it is a change of an earlier period, as before.
 */
export function retryRoots(records: readonly MetricsRecord[]): Map<string, string> {
  const byId = new Map(records.map((r) => [r.id, r]));
  const of = new Map<string, string>();
  for (const r of records) if (r.retry_of) of.set(r.id, r.retry_of);
  /** root → its retries. */
  const chains = new Map<string, string[]>();
  for (const id of of.keys()) {
    let root = id;
    const seen = new Set<string>();
    while (of.has(root) && !seen.has(root)) {
      seen.add(root);
      root = of.get(root) as string;
    }
    chains.set(root, [...(chains.get(root) ?? []), id]);
  }
  const out = new Map<string, string>();
  for (const [root, retries] of chains) {
    const own = byId.get(root);
    const first =
      own && !stepsRan(own)
        ? retries
            .map((id) => byId.get(id) as MetricsRecord)
            .filter(stepsRan)
            .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp) || a.id.localeCompare(b.id))[0]
        : undefined;
    for (const id of retries) out.set(id, first?.id ?? root);
  }
  return out;
}
