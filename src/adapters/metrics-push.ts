import { Gauge, Pushgateway, Registry } from 'prom-client';
import { METRIC_HELP, type MetricName, type MetricSample } from '../domain/notify/bot-metrics.js';

// Pushes the bot's metrics to a Prometheus Pushgateway with prom-client. PUT replaces the group, so
// a label set that left the window disappears instead of lingering with an old value.

export function metricsRegistry(samples: readonly MetricSample[]): Registry {
  const registry = new Registry();
  const gauges = new Map<MetricName, Gauge>();
  for (const s of samples) {
    let g = gauges.get(s.name);
    if (!g) {
      g = new Gauge({
        name: s.name,
        help: METRIC_HELP[s.name],
        labelNames: Object.keys(s.labels),
        registers: [registry],
      });
      gauges.set(s.name, g);
    }
    g.set(s.labels, s.value);
  }
  return registry;
}

export async function pushMetrics(opts: {
  url: string;
  samples: readonly MetricSample[];
  job: string;
  groupings: Record<string, string>;
  timeoutMs: number;
}): Promise<void> {
  const gateway = new Pushgateway(opts.url, { timeout: opts.timeoutMs }, metricsRegistry(opts.samples));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
  });
  try {
    await Promise.race([gateway.push({ jobName: opts.job, groupings: opts.groupings }), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
