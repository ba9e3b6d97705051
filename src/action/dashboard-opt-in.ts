import type { NotifyConfig } from '../domain/schemas/notify.js';
import type { ActionInputs } from './inputs.js';

// Whether a run keeps the dashboard issue up to date: asked before the dashboard's code is loaded,
// so the commands that never touch it (validate, plan…) do not pay for it, nor for the intent
// files' loader this imports only when asked.

export const DASHBOARD_COMMANDS: readonly ActionInputs['command'][] = [
  'execute',
  'incident',
  'learn',
  'prune',
];

/** Opted in by the action input, or by `dashboard: true` in intents/notify.yaml. */
export async function dashboardWanted(inputs: ActionInputs): Promise<boolean> {
  if (!DASHBOARD_COMMANDS.includes(inputs.command) || inputs.dryRun) return false;
  if (inputs.dashboard) return true;
  // A broken notify.yaml is validate's to report; the dashboard is not worth failing a run for.
  const [{ NOTIFY_FILE }, { loadFile }] = await Promise.all([
    import('../app/after-run/settings.js'),
    import('../app/shared/load-repo.js'),
  ]);
  const notify = await loadFile(inputs.repoPath, NOTIFY_FILE).catch(() => undefined);
  return (notify?.loaded?.data as NotifyConfig | undefined)?.dashboard === true;
}
