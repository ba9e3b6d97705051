import { draftFingerprint } from '../incidents/incident-draft.js';
import { seconds } from '../records/duration.js';
import { targetOf } from '../request/target.js';
import type { Anomaly, ExecutionRecord } from '../schemas/record.js';

// What is sent after a run, as plain data: a Grafana annotation, a PagerDuty Events v2 event per
// alerting anomaly, a Slack-compatible message. Pure, so each body can be checked without a server.

export interface Links {
  /** Where a human reads the record (a blob URL on GitHub, or the repo path). */
  record?: string;
  /** The workflow run that executed it. */
  run?: string;
  /** The request's pull request. */
  pr?: string;
}

export function alerting(record: ExecutionRecord, severities: readonly string[]): Anomaly[] {
  return record.anomalies.filter((a) => severities.includes(a.severity));
}

/** The incident fingerprint (as drafts and issues carry it): PagerDuty's dedup_key. */
export function anomalyFingerprint(record: ExecutionRecord, anomaly: Anomaly): string {
  return draftFingerprint(record.intent, anomaly.rule, targetOf(record.params), record.environment);
}

/** The run's time range in epoch milliseconds: start, and start + duration. */
export function runSpan(record: ExecutionRecord): { time: number; timeEnd: number } {
  const time = Date.parse(record.timestamp);
  return { time, timeEnd: time + Math.round((seconds(record.duration) ?? 0) * 1000) };
}

function what(record: ExecutionRecord): string {
  const target = targetOf(record.params);
  return `${record.intent}${target ? ` ${target}` : ''}`;
}

/** POST /api/annotations (Grafana HTTP API): a region over the run, tagged intent and status. */
export function grafanaAnnotation(record: ExecutionRecord, links: Links, dashboardUID?: string) {
  const anomalies = record.anomalies.map((a) => `${a.rule} (${a.severity})`).join(', ');
  return {
    ...(dashboardUID ? { dashboardUID } : {}),
    ...runSpan(record),
    tags: ['intentops', `intent:${record.intent}`, `status:${record.status}`],
    text: [
      `${what(record)}: ${record.status} in ${record.duration}`,
      anomalies ? `anomalies: ${anomalies}` : '',
      record.id,
      links.record ?? '',
    ]
      .filter(Boolean)
      .join('\n'),
  };
}

const PD_SEVERITY: Record<Anomaly['severity'], 'critical' | 'error' | 'warning' | 'info'> = {
  P1: 'critical',
  P2: 'error',
  P3: 'warning',
  P4: 'info',
};

/** PagerDuty Events API v2 `trigger`; a repeat of the same incident dedups onto the open alert. */
export function pagerDutyEvent(record: ExecutionRecord, anomaly: Anomaly, routingKey: string, links: Links) {
  const linkList = [
    ...(links.record ? [{ href: links.record, text: `execution record ${record.id}` }] : []),
    ...(links.run ? [{ href: links.run, text: 'workflow run' }] : []),
  ].filter((l) => /^https?:\/\//.test(l.href));
  return {
    routing_key: routingKey,
    event_action: 'trigger' as const,
    dedup_key: anomalyFingerprint(record, anomaly),
    payload: {
      summary: `${what(record)}: anomaly ${anomaly.rule} (${anomaly.severity})`.slice(0, 1024),
      severity: PD_SEVERITY[anomaly.severity],
      source: targetOf(record.params) ?? record.intent,
      timestamp: record.timestamp,
      component: record.intent,
      class: anomaly.rule,
      custom_details: {
        execution_id: record.id,
        status: record.status,
        condition: anomaly.condition,
        values: anomaly.inputs,
        ...(links.record ? { record: links.record } : {}),
      },
    },
    ...(linkList.length ? { links: linkList } : {}),
  };
}

/**
 * PagerDuty Events API v2 change event (POST /v2/change/enqueue): what changed, when it was done, so
 * responders see "deploy-app home-portal success" beside an alert. The time is the end of the run:
 * the moment the change was in place (or given up).
 */
export function pagerDutyChangeEvent(
  record: ExecutionRecord,
  routingKey: string,
  links: Links,
  source: string,
) {
  const linkList = [
    ...(links.record ? [{ href: links.record, text: `execution record ${record.id}` }] : []),
    ...(links.pr ? [{ href: links.pr, text: 'request pull request' }] : []),
    ...(links.run ? [{ href: links.run, text: 'workflow run' }] : []),
  ].filter((l) => /^https?:\/\//.test(l.href));
  const rollbackOf = (record as { rollback_of?: unknown }).rollback_of;
  return {
    routing_key: routingKey,
    payload: {
      summary: `${what(record)} ${record.status}`.slice(0, 1024),
      timestamp: new Date(runSpan(record).timeEnd).toISOString(),
      source,
      custom_details: {
        execution_id: record.id,
        intent: record.intent,
        ...(targetOf(record.params) ? { target: targetOf(record.params) } : {}),
        status: record.status,
        ...(record.status_reason ? { status_reason: record.status_reason } : {}),
        started: record.timestamp,
        duration: record.duration,
        ...(record.request.proposed_by ? { proposed_by: record.request.proposed_by } : {}),
        request: record.request.path,
        ...(typeof rollbackOf === 'string' ? { rollback_of: rollbackOf } : {}),
        ...(record.retry_of ? { retry_of: record.retry_of } : {}),
        anomalies: record.anomalies.map((a) => `${a.rule} (${a.severity})`),
        ...(links.record ? { record: links.record } : {}),
      },
    },
    ...(linkList.length ? { links: linkList } : {}),
  };
}

/** Slack's control characters: record text must not become a mention or a link. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A Slack-compatible incoming-webhook body: `text` (what every compatible server reads). */
export function slackMessage(record: ExecutionRecord, anomalies: readonly Anomaly[], links: Links) {
  const lines = [
    `*intentops*: ${slackEscape(what(record))} — ${record.status} (${record.duration}), ${anomalies.length} anomal${anomalies.length === 1 ? 'y' : 'ies'}`,
    ...anomalies.map(
      (a) =>
        `• ${a.severity} \`${slackEscape(a.rule)}\`: \`${slackEscape(a.condition)}\` with ${slackEscape(JSON.stringify(a.inputs))}`,
    ),
    `execution ${slackEscape(record.id)}`,
    ...(links.record && /^https?:\/\//.test(links.record) ? [`<${links.record}|record>`] : []),
  ];
  return { text: lines.join('\n') };
}
