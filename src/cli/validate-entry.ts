import { openParsedYamlFile } from '../adapters/parsed-yaml-file.js';
import { reportFailure, resolveGlobals } from './global-options.js';
import { validateCommand } from './validate-command.js';
import type { ValidateCall } from './validate-route.js';

// What `validate` runs when src/cli/validate-route.ts takes its line: the entry of the validate
// bundle (scripts/bundle.mjs), and of the ES modules when running from the sources.

import type { runValidateAction as RunValidateAction } from '../action/validate-action.js';

/**
 * The action's `validate` (src/action/index.ts) runs the same bundle: one CommonJS file loads faster
 * than the graph of ES modules it would otherwise take in, and every pull request waits for it. On
 * demand: the CLI's start-up does not pay for the action's log and summary code (scripts/bundle.mjs
 * lets this one import() in).
 */
export async function runValidateAction(...args: Parameters<typeof RunValidateAction>): Promise<void> {
  const action = await import('../action/validate-action.js');
  await action.runValidateAction(...args);
}

/**
 * `parsedYamlFile`: where the values of intent files this build parsed are kept between runs
 * (src/app/shared/parsed-yaml.ts); none from the sources, where no build names the file.
 */
export async function runValidate(call: ValidateCall, parsedYamlFile?: string): Promise<number> {
  const parsedYaml = parsedYamlFile === undefined ? undefined : openParsedYamlFile(parsedYamlFile);
  try {
    const g = resolveGlobals(call);
    return await validateCommand(g, call.paths, g.json ? 'json' : call.format, { parsedYaml });
  } catch (err) {
    return reportFailure(err);
  } finally {
    // After the answer is out: the next run is faster, this one is not slower to answer.
    parsedYaml?.save();
  }
}
