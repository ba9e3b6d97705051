import { seconds } from '../records/duration.js';
import type { ExecutionRecord } from '../schemas/record.js';

// The bot's own metrics, pushed after each run. A run is a short process, so a counter kept in
// memory would always read 1: the counts are taken from the records of the window instead (the
// records are the truth and survive restarts), as gauges, and the last run's figures per intent.

export const METRICS_WINDOW_DAYS = 30;

export const METRIC_HELP = {
  intentops_executions: `executions recorded in the last ${METRICS_WINDOW_DAYS} days, by intent and status`,
  intentops_failures: `executions that failed, were cancelled or interrupted in the last ${METRICS_WINDOW_DAYS} days, by intent (0 for an intent that ran without one)`,
  intentops_anomalies: `anomalies detected in the last ${METRICS_WINDOW_DAYS} days, by intent, rule and severity`,
  intentops_last_duration_seconds: 'duration of the latest execution of each intent',
  intentops_expected_duration_seconds: "the intent's expected_duration at its latest execution",
  intentops_last_execution_timestamp_seconds: 'when the latest execution of each intent started',
  intentops_last_success: '1 when the latest execution of each intent succeeded, else 0',
  intentops_delivery_changes: `changes (executions that ran) in the last ${METRICS_WINDOW_DAYS} days, by intent and proposer kind`,
  intentops_delivery_change_failures: `changes that failed, were rolled back, failed their bake or caused an incident within the attribution window, last ${METRICS_WINDOW_DAYS} days`,
  intentops_delivery_change_failure_rate: `change failures ÷ changes in the last ${METRICS_WINDOW_DAYS} days, by proposer kind (human, agent, all)`,
  intentops_delivery_deployments_per_day: `changes per day over the last ${METRICS_WINDOW_DAYS} days, by proposer kind`,
  intentops_delivery_time_to_restore_median_seconds:
    'median time from a change failure to its incident closed or its rollback succeeded, by proposer kind',
  intentops_delivery_lead_time_median_seconds:
    'median time from the request merged to its execution finished, by proposer kind',
  intentops_scorecard_value: `the seed's success criteria over the last ${METRICS_WINDOW_DAYS} days, by criterion and unit (share 0…1, seconds, days); absent when there was nothing to measure or it could not be read`,
  intentops_scorecard_pass: '1 when the criterion meets its threshold, else 0 (absent with its value)',
} as const;
export type MetricName = keyof typeof METRIC_HELP;
export interface MetricSample {
  name: MetricName;
  labels: Record<string, string>;
  value: number;
}
type Counts = Map<string, { labels: Record<string, string>; n: number }>;

function count(map: Counts, labels: Record<string, string>, by = 1) {
  const key = JSON.stringify(labels);
  const e = map.get(key) ?? { labels, n: 0 };
  e.n += by;
  map.set(key, e);
}

/** Samples for every metric, from the window's records (oldest first; the last one per intent wins). */
export function botMetrics(records: readonly ExecutionRecord[]): MetricSample[] {
  const executions: Counts = new Map();
  const failures: Counts = new Map();
  const anomalies: Counts = new Map();
  const last = new Map<string, ExecutionRecord>();
  for (const r of records) {
    count(executions, { intent: r.intent, status: r.status });
    // Every intent that ran has a failures series, 0 when none failed: a missing series is "No
    // data" on a dashboard, not 0.
    const failed = r.status === 'failed' || r.status === 'cancelled' || r.status === 'interrupted';
    count(failures, { intent: r.intent }, failed ? 1 : 0);
    for (const a of r.anomalies) count(anomalies, { intent: r.intent, rule: a.rule, severity: a.severity });
    const prev = last.get(r.intent);
    if (!prev || prev.timestamp <= r.timestamp) last.set(r.intent, r);
  }
  const out: MetricSample[] = [];
  const push = (name: MetricName, m: Counts) => {
    for (const e of m.values()) out.push({ name, labels: e.labels, value: e.n });
  };
  push('intentops_executions', executions);
  push('intentops_failures', failures);
  push('intentops_anomalies', anomalies);
  for (const r of last.values()) {
    const labels = { intent: r.intent };
    const d = seconds(r.duration);
    const e = seconds(r.expected_duration);
    if (d !== null) out.push({ name: 'intentops_last_duration_seconds', labels, value: d });
    if (e !== null) out.push({ name: 'intentops_expected_duration_seconds', labels, value: e });
    out.push({
      name: 'intentops_last_execution_timestamp_seconds',
      labels,
      value: Date.parse(r.timestamp) / 1000,
    });
    out.push({ name: 'intentops_last_success', labels, value: r.status === 'success' ? 1 : 0 });
  }
  return out;
}
