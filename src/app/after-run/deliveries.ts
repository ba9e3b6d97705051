import { postJson } from '../../adapters/http-deliver.js';
import { deliverySamples } from '../../domain/metrics/samples.js';
import { scorecardSamples } from '../../domain/metrics/scorecard-render.js';
import { botMetrics, METRICS_WINDOW_DAYS } from '../../domain/notify/bot-metrics.js';
import {
  alerting,
  grafanaAnnotation,
  type Links,
  pagerDutyChangeEvent,
  pagerDutyEvent,
  slackMessage,
} from '../../domain/notify/messages.js';
import { PAGERDUTY_EVENTS_URL } from '../../domain/schemas/notify.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import { readDeliveryMetrics } from '../audit/delivery-metrics.js';
import { readRecords } from '../records/read-records.js';
import { readScorecard } from '../report/scorecard.js';
import type { AfterRunSettings } from './settings.js';

// One function per destination. Each returns what it did in a sentence, or throws; the caller turns
// either into a log line. A destination with nothing to send returns null.

export type Env = Record<string, string | undefined>;
export interface Delivery {
  target: string;
  kind: 'grafana' | 'pushgateway' | 'slack' | 'pagerduty' | 'pagerduty-change';
  run: () => Promise<string | null>;
}

function grafanaUrl(base: string): string {
  return new URL('api/annotations', base.endsWith('/') ? base : `${base}/`).toString();
}

/** The window's records, oldest first: the day folders name their date, so older ones are not read. */
async function windowRecords(repoDir: string, now: Date): Promise<ExecutionRecord[]> {
  const out: ExecutionRecord[] = [];
  for await (const r of readRecords(repoDir, new Date(now.getTime() - METRICS_WINDOW_DAYS * 86_400_000))) {
    if ('record' in r) out.push(r.record);
  }
  return out;
}

export function deliveries(ctx: {
  repoDir: string;
  record: ExecutionRecord;
  links: Links;
  settings: AfterRunSettings;
  env: Env;
  now: Date;
  timeoutMs: number;
}): Delivery[] {
  const { record, links, settings, env, timeoutMs } = ctx;
  const out: Delivery[] = [];
  const g = settings.grafana;
  if (g) {
    out.push({
      target: 'grafana',
      kind: 'grafana',
      run: async () => {
        const body = grafanaAnnotation(record, links, g.dashboardUID);
        const res = await postJson(grafanaUrl(g.url), body, {
          headers: { authorization: `Bearer ${g.token}` },
          timeoutMs,
        });
        return `annotation ${body.tags.join(',')} (HTTP ${res.status})`;
      },
    });
  }
  const pd = settings.pagerdutyChange;
  // A bake's follow-up record is not a change: the execution it observed was sent already.
  if (pd && !record.observation_of) {
    out.push({
      target: 'pagerduty',
      kind: 'pagerduty-change',
      run: async () => {
        const body = pagerDutyChangeEvent(record, pd.routingKey, links, pd.source);
        const res = await postJson(pd.url, body, { timeoutMs });
        return `change event "${body.payload.summary}" (HTTP ${res.status})`;
      },
    });
  }
  const p = settings.pushgateway;
  if (p) {
    out.push({
      target: 'pushgateway',
      kind: 'pushgateway',
      run: async () => {
        // prom-client loads only when a Pushgateway is configured: `run` does not pay for it otherwise.
        const [{ pushMetrics }, records] = await Promise.all([
          import('../../adapters/metrics-push.js'),
          windowRecords(ctx.repoDir, ctx.now),
        ]);
        // The same window's records: read once for both sets of metrics.
        const [delivery, card] = await Promise.all([
          readDeliveryMetrics({ repoDir: ctx.repoDir, now: ctx.now, records }),
          // The incident issues are not listed after every run: that row is pushed by neither.
          readScorecard({
            repoDir: ctx.repoDir,
            since: new Date(ctx.now.getTime() - METRICS_WINDOW_DAYS * 86_400_000),
            now: ctx.now,
            issues: { unavailable: 'not read after a run' },
          }),
        ]);
        const samples = [
          ...botMetrics(records),
          ...deliverySamples(delivery.metrics),
          ...scorecardSamples(card),
        ];
        await pushMetrics({ url: p.url, samples, job: 'intentops', groupings: p.groupings, timeoutMs });
        return `${samples.length} samples pushed`;
      },
    });
  }
  for (const channel of settings.channels) {
    const anomalies = alerting(record, channel.severities);
    if (anomalies.length === 0) continue;
    const secretEnv = channel.kind === 'slack' ? channel.webhook_url_env : channel.routing_key_env;
    // Unset: the channel is skipped, as notify.yaml says; `plan` names it once (unsetChannels).
    if (!env[secretEnv]) continue;
    out.push({
      target: channel.name,
      kind: channel.kind,
      run: async () => {
        const secret = env[secretEnv];
        if (!secret) throw new Error(`${secretEnv} is not set`);
        if (channel.kind === 'slack') {
          await postJson(secret, slackMessage(record, anomalies, links), { timeoutMs });
          return `message with ${anomalies.length} anomalies`;
        }
        const url = (channel.events_url_env && env[channel.events_url_env]) || PAGERDUTY_EVENTS_URL;
        // One event per anomaly, all at once: the channel as a whole stays within one timeout.
        const events = anomalies.map((a) => pagerDutyEvent(record, a, secret, links));
        const sent = await Promise.allSettled(events.map((e) => postJson(url, e, { timeoutMs })));
        const failed = sent.flatMap((s, i) =>
          s.status === 'rejected' ? [`${events[i]?.dedup_key}: ${(s.reason as Error).message}`] : [],
        );
        const ok = events.filter((_, i) => sent[i]?.status === 'fulfilled').map((e) => e.dedup_key);
        if (failed.length)
          throw new Error(`${ok.length ? `triggered ${ok.join(', ')}; ` : ''}failed ${failed.join('; ')}`);
        return `triggered ${ok.join(', ')}`;
      },
    });
  }
  return out;
}
