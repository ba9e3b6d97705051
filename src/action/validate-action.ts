import * as core from '../adapters/actions-runner.js';
import { validate } from '../app/validate/validate.js';
import { formatDiagnostic, hasErrors } from '../domain/input/diagnostic.js';
import type { ActionInputs } from './inputs.js';
import { adoptSealed, type SealOutcome } from './sealed-env.js';
import { startRun } from './start.js';
import { validateSummary, writeSummary } from './summary.js';

// The action's `validate`: annotations on the offending lines, the job summary, the `status` output.

export async function validateAction(inputs: ActionInputs): Promise<void> {
  const result = await validate(inputs.repoPath, { now: new Date(), approvals: null, history: [] });
  for (const d of result.diagnostics) {
    (d.severity === 'warning' ? core.warning : core.error)(d.message, {
      file: d.file,
      ...(d.line ? { startLine: d.line, startColumn: d.col ?? 1 } : {}),
    });
  }
  const valid = !hasErrors(result.diagnostics);
  await writeSummary(validateSummary(result.diagnostics, valid));
  core.setOutput('status', valid ? 'valid' : 'invalid');
  if (!valid)
    core.setFailed(
      `${result.diagnostics.length} problem(s):\n${result.diagnostics.map(formatDiagnostic).join('\n')}`,
    );
}

/**
 * The whole run of `validate` from the validate bundle (src/action/index.ts starts it there instead
 * of the ES modules: every pull request waits for it). This copy of the sealed environment's module
 * is not the entry's: it is handed the sealed entries.
 */
export async function runValidateAction(sealed: SealOutcome, entries: Record<string, string>): Promise<void> {
  adoptSealed(entries);
  try {
    const inputs = await startRun(sealed);
    if (inputs.command !== 'validate')
      throw new Error(`the validate bundle was started for '${inputs.command}'`);
    await validateAction(inputs);
  } catch (err) {
    core.setFailed(err instanceof Error ? err.message : String(err));
  }
}
