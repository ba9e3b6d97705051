import type { DeliveryInput, DeliveryMetrics } from './delivery.js';
import type { AnomalyLogLine, MetricsRecord } from './facts.js';

// Records of local runs (`intentops run` on a workstation: `origin.kind: local`) are counted apart
// from the pipeline's: a try-out on a laptop is no delivery through the GitOps pipeline, and it
// must not raise deployment frequency or change the failure rate. Each side is computed alone — a
// local run's bake and rollback are local too — and the local figures are said beside the others.
// Records from before `origin` existed count with the pipeline, as they always did.

export const isLocal = (r: Pick<MetricsRecord, 'origin'>): boolean => r.origin?.kind === 'local';

export function countLocalApart(
  input: DeliveryInput,
  compute: (input: DeliveryInput) => DeliveryMetrics,
): DeliveryMetrics {
  const local = input.records.filter(isLocal);
  if (local.length === 0) return compute(input);
  const ids = new Set(local.map((r) => r.id));
  // An anomaly-log line about a local record is the local side's, not an incident of the pipeline's.
  const aboutLocal = (l: AnomalyLogLine) =>
    [l.execution, l.observation_of].some((x) => typeof x === 'string' && ids.has(x));
  const pipeline = compute({
    ...input,
    records: input.records.filter((r) => !isLocal(r)),
    ...(input.anomalyLog ? { anomalyLog: input.anomalyLog.filter((l) => !aboutLocal(l)) } : {}),
  });
  const apart = compute({ ...input, records: local, anomalyLog: [] });
  return { ...pipeline, local: apart.overall.all };
}
