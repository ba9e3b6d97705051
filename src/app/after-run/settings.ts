import { basename } from 'node:path';
import { NOTIFY_FILE } from '../../domain/notify/secret-names.js';
import { type NotifyChannel, PAGERDUTY_CHANGE_EVENTS_URL } from '../../domain/schemas/notify.js';
import { loadFile } from '../shared/load-repo.js';

// What is configured after a run: Grafana, the Pushgateway and PagerDuty change events from the
// environment, alert channels
// from intents/notify.yaml (which names env vars; the values — secrets — come from the environment).

// The file's name lives in the domain, so the run's redactor (records/) reads it without this stage.
export { NOTIFY_FILE };

export interface AfterRunSettings {
  grafana?: { url: string; token: string; dashboardUID?: string };
  pushgateway?: { url: string; groupings: Record<string, string> };
  /** A PagerDuty change event per execution: the integration's routing key (a secret), and where to post. */
  pagerdutyChange?: { routingKey: string; url: string; source: string };
  channels: NotifyChannel[];
  /** A problem reading the settings (e.g. notify.yaml invalid): logged, nothing else stops. */
  problems: string[];
  /** Every secret value in play, to scrub from anything logged. */
  secrets: string[];
}

type Env = Record<string, string | undefined>;

export async function readSettings(repoDir: string, env: Env): Promise<AfterRunSettings> {
  const problems: string[] = [];
  const secrets: string[] = [];
  const keep = (v: string | undefined) => {
    if (v) secrets.push(v);
    return v;
  };
  const out: AfterRunSettings = { channels: [], problems, secrets };
  const grafanaUrl = keep(env.GRAFANA_URL);
  const grafanaToken = keep(env.GRAFANA_TOKEN);
  if (grafanaUrl && grafanaToken) {
    out.grafana = {
      url: grafanaUrl,
      token: grafanaToken,
      ...(env.GRAFANA_DASHBOARD_UID ? { dashboardUID: env.GRAFANA_DASHBOARD_UID } : {}),
    };
  } else if (grafanaUrl || grafanaToken) {
    problems.push('grafana: set both GRAFANA_URL and GRAFANA_TOKEN to send annotations');
  }
  const gateway = keep(env.PUSHGATEWAY_URL);
  if (gateway) {
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
    out.pushgateway = {
      url: gateway,
      groupings: owner && repo ? { owner, repo } : { repo: basename(repoDir) || 'repo' },
    };
  }
  const changeKey = keep(env.INTENTOPS_PAGERDUTY_ROUTING_KEY);
  if (changeKey) {
    out.pagerdutyChange = {
      routingKey: changeKey,
      // Another region (events.eu.pagerduty.com) or a test server; the default is PagerDuty's.
      url: env.INTENTOPS_PAGERDUTY_CHANGE_URL || PAGERDUTY_CHANGE_EVENTS_URL,
      source: env.GITHUB_REPOSITORY || basename(repoDir) || 'intentops',
    };
  }
  const notify = await loadFile(repoDir, NOTIFY_FILE).catch(() => undefined);
  if (notify?.loaded) {
    out.channels = (notify.loaded.data as { channels: NotifyChannel[] }).channels;
    for (const c of out.channels) keep(env[c.kind === 'slack' ? c.webhook_url_env : c.routing_key_env]);
  } else if (notify?.diagnostics.some((d) => !/cannot read: ENOENT/.test(d.message))) {
    problems.push(
      `${NOTIFY_FILE} is invalid, no alerts sent (run intentops validate): ${notify.diagnostics[0]?.message ?? ''}`,
    );
  }
  return out;
}

/** Every secret value (and its URL-encoded form) replaced, so a log line can never carry one. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) {
    if (s.length < 4) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join('[REDACTED]');
  }
  return out;
}

/**
 * Channels whose secret variable is unset here: their alerts are skipped. Said once, by `plan`,
 * instead of a ✖ after every run (intents/notify.yaml documents that an unset channel is skipped).
 */
export function unsetChannels(channels: readonly NotifyChannel[], env: Env): string[] {
  return channels.flatMap((c) => {
    const name = c.kind === 'slack' ? c.webhook_url_env : c.routing_key_env;
    return env[name]
      ? []
      : [
          `notify channel ${c.name} (${c.kind}, ${c.severities.join('/')}): ${name} is not set here, so its alerts are skipped`,
        ];
  });
}
