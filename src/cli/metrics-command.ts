import { DEFAULT_METRICS_DAYS, readDeliveryMetrics } from '../app/audit/delivery-metrics.js';
import { metricsText } from '../domain/metrics/render.js';
import { durationFlag, sinceDate } from './duration-flag.js';
import type { GlobalOptions } from './main.js';

// `intentops metrics [--since 30d] [--window 24h] [--json]`: delivery metrics from the records,
// humans' changes beside the agents'.

export async function metricsCommand(
  g: GlobalOptions,
  o: { since?: string; window?: string },
): Promise<number> {
  const now = new Date();
  const since = sinceDate(o.since ?? `${DEFAULT_METRICS_DAYS}d`, now) as Date;
  const windowS = o.window === undefined ? undefined : durationFlag('--window', o.window, '24h or 2d');
  const { metrics, skipped } = await readDeliveryMetrics({
    repoDir: g.repo,
    now,
    since,
    ...(windowS !== undefined ? { windowMs: windowS * 1000 } : {}),
  });
  for (const s of skipped) process.stderr.write(`skipped ${s.path}: ${s.reason}\n`);
  process.stdout.write(
    g.json ? `${JSON.stringify({ ...metrics, skipped }, null, 2)}\n` : `${metricsText(metrics)}\n`,
  );
  return 0;
}
