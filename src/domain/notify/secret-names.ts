import { ENV_NAME } from '../schemas/common.js';

/** Where the alert channels are configured. */
export const NOTIFY_FILE = 'intents/notify.yaml';

/** What a channel of intents/notify.yaml keeps in a variable that is a secret by definition. */
const SECRET_KEYS = ['webhook_url_env', 'routing_key_env'] as const;

/**
 * The variables intents/notify.yaml names for webhook URLs and routing keys: their values are
 * secrets whatever the variables are called (`ALERTS_URL`), so the redactor treats them as such.
 * Read from the parsed YAML without the schema: a file that does not validate still names them.
 */
export function notifySecretNames(doc: unknown): string[] {
  const channels = (doc as { channels?: unknown } | null)?.channels;
  if (!Array.isArray(channels)) return [];
  const names = new Set<string>();
  for (const channel of channels) {
    for (const key of SECRET_KEYS) {
      const name = (channel as Record<string, unknown> | null)?.[key];
      if (typeof name === 'string' && ENV_NAME.test(name)) names.add(name);
    }
  }
  return [...names];
}
