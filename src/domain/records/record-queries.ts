import type { Plan } from '../plan/plan.js';
import type { RecordQueries } from '../schemas/record.js';

// What a run's snapshots asked, as rendered with its params: an auditor sees the exact PromQL, LogQL
// selector, label selector and capture commands behind every value in `before`/`after`.

export function recordQueries(plan: Pick<Plan, 'observe' | 'captures'>): RecordQueries | undefined {
  const out: RecordQueries = {};
  const o = plan.observe;
  if (o?.prometheus && Object.keys(o.prometheus.queries).length) out.prometheus = { ...o.prometheus.queries };
  if (o?.loki) out.loki = { selector: o.loki.selector, error_pattern: o.loki.errorPattern };
  if (o?.kubernetes) {
    out.kubernetes = {
      namespace: o.kubernetes.namespace,
      selector: o.kubernetes.selector,
      ...(o.kubernetes.deployment ? { deployment: o.kubernetes.deployment } : {}),
    };
  }
  if (o?.velero) out.velero = { namespace: o.velero.namespace };
  if (plan.captures.length) out.captures = Object.fromEntries(plan.captures.map((c) => [c.key, c.command]));
  return Object.keys(out).length ? out : undefined;
}
