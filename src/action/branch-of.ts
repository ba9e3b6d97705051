import type { ActionInputs } from './inputs.js';

// The branch an execute or shards job reconciles, from its event.

export function branchOf(
  inputs: Pick<ActionInputs, 'eventName' | 'command'>,
  event: { ref?: string },
): string {
  // A push names its branch; a schedule, a dispatch or a comment runs on the default branch.
  const ref = event.ref ?? process.env.GITHUB_REF ?? '';
  const branch = ref.replace(/^refs\/heads\//, '');
  if (!branch || branch.startsWith('refs/')) {
    throw new Error(
      `command '${inputs.command}' reconciles a branch; ${inputs.eventName} gave the ref '${ref}'`,
    );
  }
  return branch;
}
