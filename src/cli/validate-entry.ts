import { reportFailure, resolveGlobals } from './global-options.js';
import { validateCommand } from './validate-command.js';
import type { ValidateCall } from './validate-route.js';

// What `validate` runs when src/cli/validate-route.ts takes its line: the entry of the validate
// bundle (scripts/bundle.mjs), and of the ES modules when running from the sources.

export async function runValidate(call: ValidateCall): Promise<number> {
  try {
    const g = resolveGlobals(call);
    return await validateCommand(g, call.paths, g.json ? 'json' : call.format);
  } catch (err) {
    return reportFailure(err);
  }
}
