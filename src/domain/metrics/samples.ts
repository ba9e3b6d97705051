import type { MetricSample } from '../notify/bot-metrics.js';
import type { DeliveryMetrics } from './delivery.js';

// Delivery metrics as Pushgateway gauges. Counts per intent and proposer kind (PromQL can sum them
// over any grouping); the ratios and medians per proposer kind only, since they cannot be summed.
// A figure without data (no change, no restore) is left out rather than pushed as 0.

export function deliverySamples(m: DeliveryMetrics): MetricSample[] {
  const out: MetricSample[] = [];
  for (const row of m.by_intent) {
    for (const kind of ['human', 'agent'] as const) {
      const f = row[kind];
      if (f.deployments === 0) continue;
      const labels = { intent: row.intent, proposer_kind: kind };
      out.push({ name: 'intentops_delivery_changes', labels, value: f.deployments });
      out.push({ name: 'intentops_delivery_change_failures', labels, value: f.failures });
    }
  }
  for (const kind of ['all', 'human', 'agent'] as const) {
    const f = m.overall[kind];
    const labels = { proposer_kind: kind };
    out.push({ name: 'intentops_delivery_deployments_per_day', labels, value: f.deployments_per_day });
    if (f.change_failure_rate !== null)
      out.push({ name: 'intentops_delivery_change_failure_rate', labels, value: f.change_failure_rate });
    if (f.time_to_restore)
      out.push({
        name: 'intentops_delivery_time_to_restore_median_seconds',
        labels,
        value: f.time_to_restore.median_s,
      });
    if (f.lead_time)
      out.push({ name: 'intentops_delivery_lead_time_median_seconds', labels, value: f.lead_time.median_s });
  }
  return out;
}
