import * as z from 'zod/mini';
import { ALWAYS, described, ENV_NAME, KebabName, Severity, uniqueNames } from './common.js';

// intents/notify.yaml — where P1/P2 anomalies are sent. The file names environment variables,
// never their values: webhook URLs and routing keys are secrets and stay in the environment.

const EnvName = z
  .string()
  .check(
    z.regex(ENV_NAME, 'expected the NAME of an environment variable (letters, digits, _), not its value'),
  );

const Severities = z
  ._default(z.array(Severity).check(z.minLength(1)), ['P1', 'P2'])
  .apply(described, 'anomaly severities this channel receives; default [P1, P2]');

export const SlackChannelSchema = z
  .strictObject({
    name: KebabName.check(z.describe('a name for this channel, used in logs')),
    kind: z
      .literal('slack')
      .apply(described, 'a Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat…)'),
    webhook_url_env: EnvName.check(z.describe('environment variable holding the webhook URL (a secret)')),
    severities: Severities,
  })
  .apply(described, 'a Slack-compatible webhook');

export const PagerDutyChannelSchema = z
  .strictObject({
    name: KebabName.check(z.describe('a name for this channel, used in logs')),
    kind: z.literal('pagerduty').apply(described, 'PagerDuty Events API v2'),
    routing_key_env: EnvName.check(z.describe('environment variable holding the integration (routing) key')),
    // From the environment, like the key: a URL in the repo could send the key to anyone a PR names.
    events_url_env: z
      .optional(EnvName)
      .apply(
        described,
        'environment variable holding the Events API v2 endpoint (e.g. the EU one); default https://events.pagerduty.com/v2/enqueue',
      ),
    severities: Severities,
  })
  .apply(described, 'PagerDuty Events API v2; dedup_key is the incident fingerprint');

export const NotifyChannelSchema = z.discriminatedUnion('kind', [SlackChannelSchema, PagerDutyChannelSchema]);

export const NotifyConfigSchema = z
  .strictObject({
    channels: z
      ._default(z.array(NotifyChannelSchema), [])
      .apply(described, 'where anomalies are sent after a run'),
    dashboard: z
      .optional(z.boolean())
      .apply(
        described,
        'keep one pinned dashboard issue up to date after execute, incident, learn and prune (the action input `dashboard: true` does the same); needs issues: write',
      ),
  })
  .check(
    z.superRefine((f, ctx) => uniqueNames(f?.channels, 'name', ctx, 'channel', ['channels']), ALWAYS),
    z.describe('alerting: intents/notify.yaml'),
  );

export type NotifyChannel = z.output<typeof NotifyChannelSchema>;
export type NotifyConfig = z.output<typeof NotifyConfigSchema>;
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';
export const PAGERDUTY_CHANGE_EVENTS_URL = 'https://events.pagerduty.com/v2/change/enqueue';
