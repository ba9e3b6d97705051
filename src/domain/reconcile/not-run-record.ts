import { formatSeconds } from '../records/record.js';
import type { ExecutionRecord, RecordApprovals, UnsignedRecord } from '../schemas/record.js';

// The record of a request that was settled without running a step: denied by policy, refused as
// invalid or edited, expired, withdrawn, or interrupted (a lost run's claim). Same shape as every
// record, so the chain, replay, the report and learning read it like any other.

export interface NotRunBase {
  id: string;
  now: Date;
  intent: string;
  params: Record<string, unknown>;
  environment?: string;
  request: ExecutionRecord['request'];
  toolVersion: string;
  catalogDigest: string;
  prevDigest: string | null;
  approvals?: RecordApprovals;
  run?: ExecutionRecord['run'];
  origin?: ExecutionRecord['origin'];
  expectedDurationS?: number;
  /** A `/retry`'s run settled without a step (its run lost): the record is the retry's, not a second run of the request. */
  retryOf?: string;
}

export interface NotRunOutcome {
  status: 'denied' | 'expired' | 'interrupted' | 'cancelled';
  reason: string;
  policy: ExecutionRecord['policy'];
  notRun?: ExecutionRecord['not_run'];
}

export function notRunRecord(base: NotRunBase, outcome: NotRunOutcome): UnsignedRecord {
  return {
    id: base.id,
    timestamp: base.now.toISOString(),
    intent: base.intent,
    params: base.params,
    ...(base.environment !== undefined ? { environment: base.environment } : {}),
    request: base.request,
    ...(base.run ? { run: base.run } : {}),
    ...(base.origin ? { origin: base.origin } : {}),
    ...(base.retryOf ? { retry_of: base.retryOf } : {}),
    ...(outcome.notRun ? { not_run: outcome.notRun } : {}),
    before: null,
    commands_run: [],
    after: null,
    outcome_checks: {},
    checks: [],
    failure_indicators: [],
    anomalies: [],
    rules_not_evaluated: [],
    drafts: [],
    policy: outcome.policy,
    status: outcome.status,
    status_reason: outcome.reason,
    duration: formatSeconds(0),
    ...(base.expectedDurationS !== undefined ? { expected_duration: `${base.expectedDurationS}s` } : {}),
    ...(base.approvals ? { approvals: base.approvals } : {}),
    tool: { name: 'intentops', version: base.toolVersion },
    catalog_digest: base.catalogDigest,
    prev_digest: base.prevDigest,
  };
}
