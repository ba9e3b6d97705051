import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createRedactor, type Redactor } from '../../adapters/redactor.js';
import { NOTIFY_FILE, notifySecretNames } from '../../domain/notify/secret-names.js';

/**
 * The redactor of a run in `repoDir`: the secrets of `env` (secret-looking names, action inputs),
 * and the variables intents/notify.yaml names for webhooks and routing keys, whatever their names.
 */
export async function runRedactor(
  repoDir: string,
  env: Record<string, string | undefined>,
  /** Secret values held outside `env` (an environment's kubeconfig and tokens). */
  extraSecrets: readonly string[] = [],
): Promise<Redactor> {
  return createRedactor({ env, extraSecrets: [...extraSecrets], secretNames: await notifyNames(repoDir) });
}

async function notifyNames(repoDir: string): Promise<string[]> {
  try {
    return notifySecretNames(parse(await readFile(join(repoDir, NOTIFY_FILE), 'utf8')));
  } catch {
    return []; // no notify.yaml, or not YAML: it names nothing (validate says what is wrong with it)
  }
}
