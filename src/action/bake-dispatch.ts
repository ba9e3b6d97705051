import * as core from '../adapters/actions-runner.js';
import { faultPoint } from '../adapters/fault-point.js';
import { bakeTarget } from '../app/observe/bake-follow-up.js';
import type { GitHubPort } from '../app/shared/github-port.js';
import type { ExecutionRecord } from '../domain/schemas/record.js';
import type { ActionInputs } from './inputs.js';

// The bake on GitHub does not hold the execute job (nor its concurrency group) for its length: once
// a successful run's record is pushed, the execute job dispatches the bake workflow with the
// execution id. The bake workflow has a concurrency group per target with cancel-in-progress, so
// a newer execution's bake ends the older one (verdict superseded). See docs/bake.md.

export type DispatchOutcome = 'dispatched' | 'failed';

/**
 * POST /repos/{owner}/{repo}/actions/workflows/{workflow}/dispatches. Never fatal: the execution
 * record is already pushed; a bake that could not start is a warning that says how to start it.
 */
export async function dispatchBake(
  github: GitHubPort,
  inputs: Pick<ActionInputs, 'owner' | 'repo' | 'bakeWorkflow'>,
  o: { record: ExecutionRecord; branch: string },
): Promise<DispatchOutcome> {
  const target = bakeTarget(o.record);
  await faultPoint('bake.dispatch');
  try {
    await github.workflows.dispatch(
      { owner: inputs.owner, repo: inputs.repo },
      inputs.bakeWorkflow,
      o.branch,
      {
        execution: o.record.id,
        target,
      },
    );
    core.info(`bake of ${o.record.id} dispatched: ${inputs.bakeWorkflow} on ${o.branch} (target ${target})`);
    return 'dispatched';
  } catch (err) {
    const status = (err as { status?: number }).status;
    const why =
      status === 404
        ? `no workflow ${inputs.bakeWorkflow} on ${o.branch}: add it (intentops init writes it; docs/bake.md) or set bake-workflow: ''`
        : status === 403
          ? `the token may not start workflows: give the execute job \`actions: write\``
          : (err as Error).message;
    core.warning(
      `the bake of ${o.record.id} was not started (${why}); start it by hand: the ${inputs.bakeWorkflow} workflow with execution ${o.record.id}, or \`intentops observe ${o.record.id}\``,
    );
    return 'failed';
  }
}
