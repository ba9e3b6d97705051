import { proposerKind } from '../metrics/delivery.js';
import { attributionOf, type ProposerKind } from '../metrics/facts.js';
import { seconds } from '../records/duration.js';
import { targetOf } from '../request/target.js';
import { type ExecutionRecord, RECORD_STATUSES } from '../schemas/record.js';
import { type IncidentRow, incidentRows, type LocalDraft } from './incidents.js';
import type { LedgerView } from './ledger-view.js';

// Records, incidents and the learning ledger → the figures the report shows. Pure: the app reads
// the files, this counts, the HTML modules only lay out what is here.

export interface ReportInput {
  records: readonly { path: string; record: ExecutionRecord }[];
  /** Incident drafts: local Markdown files plus those the records name (GitHub issues). */
  draftFingerprints: readonly string[];
  filed: readonly string[];
  /** null: there is no learning/ledger.yaml yet. */
  ledger: LedgerView | null;
  now: Date;
  /** Only records at or after this time. */
  since?: Date;
  /** Proposer patterns of agents (the policies' autonomy.agents). */
  agents?: readonly string[];
  /** Local drafts still open (incidents/drafts, `status: draft`), with their front matter. */
  localDrafts?: readonly LocalDraft[];
  /** When incidents were closed (filed documents): fingerprint → the latest closing. */
  closes?: readonly { fingerprint: string; at: number }[];
}

export interface ExecutionRow {
  id: string;
  intent: string;
  status: ExecutionRecord['status'];
  /** Why it ended so: the failed step, the policy that denied it… */
  statusReason?: string;
  /** What it acted on (the app, target… param), null when no param names one. */
  target: string | null;
  /** The environment it ran in, null when the repository declares none. */
  environment: string | null;
  proposer: { kind: ProposerKind; name: string | null };
  timestamp: string;
  durationS: number | null;
  expectedS: number | null;
  anomalies: number;
  recordPath: string;
  /** The execution's page, relative to the report root. */
  page: string;
  /** The verdict of its bake, when a follow-up record observed it. */
  bake?: NonNullable<ExecutionRecord['observation']>['verdict'];
  bakeReason?: string;
  /** A rollback: how it was decided (auto by the policy, or asked and decided by someone). */
  rollbackMode?: 'auto' | 'ask';
  /** This run is a rollback: the execution it undid. */
  rollbackOf?: string;
  /** The rollback that undid it (records are append-only: found by the rollback naming it). */
  rolledBackBy?: string;
  /** The follow-up record that gave it. */
  bakePath?: string;
}

export interface IntentStats {
  intent: string;
  total: number;
  byStatus: Record<ExecutionRecord['status'], number>;
  /** success / (all but denied) — a denied run never started, so it is no failure of the intent. */
  successRate: number | null;
  over: number;
}

export interface ReportModel {
  generatedAt: string;
  since: string | null;
  executions: ExecutionRow[];
  intents: IntentStats[];
  /** Days (UTC) × intents: executions per intent over time. */
  perDay: { days: string[]; series: { intent: string; counts: number[] }[] };
  anomaliesByRule: { rule: string; severity: string; count: number }[];
  incidents: { drafts: number; filed: number };
  /** Every incident the period's records or open local drafts name: open first, then by severity. */
  incidentList: IncidentRow[];
  /** Executions that went wrong, newest first: failed, interrupted, inconclusive, a failed or inconclusive bake, rolled back. */
  attention: ExecutionRow[];
  suggestions: {
    present: boolean;
    entries: { id: string; trigger: string; state: string; pr: string | null; url: string | null }[];
    byState: Record<'open' | 'accepted' | 'rejected' | 'local', number>;
    skipped: number;
  };
  records: readonly { path: string; record: ExecutionRecord }[];
}

export function executionPage(id: string): string {
  return `executions/${id.replace(/[^A-Za-z0-9._-]/g, '_')}.html`;
}

const STATUSES = RECORD_STATUSES;
/** Ends that need a person to look: the run did not do what it was asked, or nobody knows whether it did. */
const TROUBLE = new Set<ExecutionRecord['status']>(['failed', 'interrupted', 'inconclusive']);

export function buildReportModel(input: ReportInput): ReportModel {
  const since = input.since?.getTime();
  const records = input.records
    .filter((r) => since === undefined || Date.parse(r.record.timestamp) >= since)
    .slice()
    .sort((a, b) => (a.record.timestamp < b.record.timestamp ? -1 : 1));

  // A bake's follow-up record is no execution of its own: its verdict shows on the execution it observes.
  const bakes = new Map<
    string,
    { verdict: NonNullable<ExecutionRecord['observation']>['verdict']; reason: string; path: string }
  >();
  for (const { record, path } of records)
    if (record.observation_of && record.observation)
      bakes.set(record.observation_of, {
        verdict: record.observation.verdict,
        reason: record.observation.reason,
        path,
      });
  const rollbacks = new Map<string, string>();
  for (const { record } of records) if (record.rollback_of) rollbacks.set(record.rollback_of, record.id);
  const executions: ExecutionRow[] = records
    .filter(({ record }) => !record.observation_of)
    .map(({ path, record }) => ({
      id: record.id,
      intent: record.intent,
      status: record.status,
      ...(record.status_reason ? { statusReason: record.status_reason } : {}),
      target: targetOf(record.params) ?? null,
      environment: record.environment ?? null,
      proposer: {
        kind: proposerKind(attributionOf(record).login, input.agents ?? []),
        name: attributionOf(record).login ?? null,
      },
      timestamp: record.timestamp,
      durationS: seconds(record.duration),
      expectedS: seconds(record.expected_duration),
      anomalies: record.anomalies.length,
      recordPath: path,
      page: executionPage(record.id),
      ...(bakes.has(record.id)
        ? {
            bake: bakes.get(record.id)?.verdict,
            bakeReason: bakes.get(record.id)?.reason,
            bakePath: bakes.get(record.id)?.path,
          }
        : {}),
      ...(record.rollback_of ? { rollbackOf: record.rollback_of } : {}),
      ...(record.rollback ? { rollbackMode: record.rollback.mode } : {}),
      ...(rollbacks.has(record.id) ? { rolledBackBy: rollbacks.get(record.id) } : {}),
    }));

  const intents = new Map<string, IntentStats>();
  for (const e of executions) {
    const s = intents.get(e.intent) ?? {
      intent: e.intent,
      total: 0,
      byStatus: {
        success: 0,
        failed: 0,
        cancelled: 0,
        interrupted: 0,
        expired: 0,
        denied: 0,
        inconclusive: 0,
      },
      successRate: null,
      over: 0,
    };
    s.total++;
    s.byStatus[e.status]++;
    if (e.durationS !== null && e.expectedS !== null && e.durationS > e.expectedS) s.over++;
    intents.set(e.intent, s);
  }
  for (const s of intents.values()) {
    const ran = s.total - s.byStatus.denied;
    s.successRate = ran > 0 ? s.byStatus.success / ran : null;
  }
  const intentList = [...intents.values()].sort((a, b) => a.intent.localeCompare(b.intent));

  const days = [...new Set(executions.map((e) => e.timestamp.slice(0, 10)))].sort();
  const perDay = {
    days,
    series: intentList.map((s) => ({
      intent: s.intent,
      counts: days.map(
        (d) => executions.filter((e) => e.intent === s.intent && e.timestamp.startsWith(d)).length,
      ),
    })),
  };

  const rules = new Map<string, { rule: string; severity: string; count: number }>();
  for (const { record } of records) {
    for (const a of record.anomalies) {
      const r = rules.get(a.rule) ?? { rule: a.rule, severity: a.severity, count: 0 };
      r.count++;
      if (a.severity < r.severity) r.severity = a.severity;
      rules.set(a.rule, r);
    }
  }

  const attention = executions
    .filter(
      (e) =>
        TROUBLE.has(e.status) ||
        e.bake === 'fail' ||
        e.bake === 'inconclusive' ||
        e.rolledBackBy !== undefined,
    )
    .reverse();

  const drafts = new Set(input.draftFingerprints);
  for (const { record } of records) for (const d of record.drafts) drafts.add(d.fingerprint);

  const entries = (input.ledger?.entries ?? []).map((e) => ({
    id: e.id,
    trigger: e.trigger,
    state: e.state,
    pr: e.pr === undefined || e.pr === null ? null : String(e.pr),
    // Only web links: a ledger value must not become a javascript: href.
    url: e.url && /^https?:\/\//.test(e.url) ? e.url : null,
  }));
  const byState = { open: 0, accepted: 0, rejected: 0, local: 0 };
  for (const e of input.ledger?.entries ?? []) byState[e.state]++;

  return {
    generatedAt: input.now.toISOString(),
    since: input.since ? input.since.toISOString() : null,
    executions,
    intents: intentList,
    perDay,
    anomaliesByRule: [...rules.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule)),
    incidents: { drafts: drafts.size, filed: input.filed.length },
    incidentList: incidentRows(records, input.localDrafts ?? [], input.closes ?? []),
    attention,
    suggestions: {
      present: input.ledger !== null,
      entries,
      byState,
      skipped: input.ledger?.skipped ?? 0,
    },
    records,
  };
}

export { STATUSES };
