import * as core from '../adapters/actions-runner.js';
import { armFaults } from '../adapters/fault-point.js';
import { type ActionInputs, getInputs } from './inputs.js';
import { actionEnv, type SealOutcome } from './sealed-env.js';

// What every run of the action does first, whichever code runs the command after: the log line on
// the sealed environment, the fault injection the workflow armed, and the inputs read once.

/** What the log says of the environment steps could read. */
function reportSeal(sealed: SealOutcome): void {
  if (sealed.status === 'sealed')
    core.info(
      `Secrets kept out of this process's environment (steps cannot read them in /proc): ${sealed.names.length} variable(s), ${sealed.how === 'in place' ? 'cleared in place' : 'started again without them'}`,
    );
  else if (sealed.status === 'not-sealed')
    core.warning(
      `The action's environment is NOT sealed: ${sealed.why}. A step can read the github-token input and every secret this step's env sets from /proc/${process.pid}/environ. Run the action on Node 24 (action.yml: runs.using node24).`,
    );
}

export async function startRun(sealed: SealOutcome): Promise<ActionInputs> {
  await core.useRunner();
  reportSeal(sealed);
  // Read from the sealed environment: the workflow sets it, nothing a request or a step writes.
  const faults = armFaults(actionEnv());
  if (faults.length)
    core.warning(`fault injection armed: ${faults.map((f) => `${f.point}:${f.action}@${f.nth}`).join(', ')}`);
  return getInputs();
}
