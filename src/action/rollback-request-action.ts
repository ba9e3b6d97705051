import * as core from '../adapters/actions-runner.js';
import { faultPoint } from '../adapters/fault-point.js';
import { RecordStore } from '../adapters/record-store.js';
import { judgeRollbackRequest } from '../app/rollback/requested-rollback.js';
import {
  pendingRollbackRequests,
  type RollbackRequest,
  refuseRollbackRequest,
  strandedRollbackRequests,
  writeRollbackRequest,
} from '../app/rollback/rollback-request.js';
import { statusOf } from '../app/shared/github-calls.js';
import { loadRepo } from '../app/shared/load-repo.js';
import { InputError } from '../domain/input/errors.js';
import { rollbackClaimPath, rollbackRequestPath, runHoldsClaim } from '../domain/reconcile/claim.js';
import { requestedText } from '../domain/rollback/rollback.js';
import type { ExecutionRecord } from '../domain/schemas/record.js';
import { type RollbackContext, remediateRecord, tellRequestPr } from './rollback-action.js';

// The two halves of an automatic rollback after a failed bake on GitHub (app/rollback/
// rollback-request.ts says why): the bake job asks (request pushed, execute workflow dispatched),
// the execute job runs what was asked, once.

/** The bake job's `delegate`: push the request, dispatch the execute workflow, say so. */
export function delegateRollback(
  ctx: RollbackContext,
  o: { branch: string; pr?: number; because: ExecutionRecord },
) {
  return async (execution: ExecutionRecord, trigger: string): Promise<string> => {
    const request: RollbackRequest = {
      rollback_of: execution.id,
      because_of: o.because.id,
      trigger,
      requested_at: new Date().toISOString(),
      ...(o.pr !== undefined ? { pr: o.pr } : {}),
      ...(ctx.run ? { run: ctx.run } : {}),
    };
    const path = rollbackRequestPath(execution.id);
    await faultPoint('rollback.request');
    if (await writeRollbackRequest(ctx.inputs.repoPath, request)) {
      const out = await ctx.publisher.publish([path], `intentops: request the rollback of ${execution.id}`);
      // taken: another attempt pushed the same request first; it stands.
      if (!out.pushed && !out.taken)
        throw new Error(`the rollback request ${path} could not be pushed: ${out.error}`);
    }
    const workflow = ctx.inputs.executeWorkflow;
    if (ctx.github && workflow) {
      try {
        await ctx.github.workflows.dispatch(
          { owner: ctx.inputs.owner, repo: ctx.inputs.repo },
          workflow,
          o.branch,
        );
        core.info(
          `rollback of ${execution.id} requested: ${path} pushed, ${workflow} dispatched on ${o.branch}`,
        );
      } catch (err) {
        // The request is pushed: the next execute run (its schedule) runs it.
        core.warning(
          `could not start ${workflow} (${(err as Error).message}): the rollback of ${execution.id} runs at the next execute run (${path} is pushed)`,
        );
      }
    }
    return requestedText(execution.id, trigger, workflow || 'execute');
  };
}

/** Whether the run that claimed a rollback is over: an earlier attempt of this run, or GitHub says so. */
async function runIsOver(ctx: RollbackContext, run: { id: string; attempt: number }): Promise<boolean> {
  if (ctx.run && ctx.run.id === run.id) return run.attempt < ctx.run.attempt;
  if (!ctx.github) return false;
  try {
    return !runHoldsClaim(
      await ctx.github.workflows.run({ owner: ctx.inputs.owner, repo: ctx.inputs.repo }, Number(run.id)),
      run,
    );
  } catch (err) {
    if (statusOf(err) === 404) return true;
    core.warning(`could not ask GitHub about run ${run.id}: ${(err as Error).message}; treated as running`);
    return false;
  }
}

/**
 * The execute job: run each pending request once. The request only points: the failed record it
 * names is read from the branch and must still call for a rollback, and the policy must still say
 * auto; the rollback's claim (pushed before its first step) keeps it to one run.
 */
export async function runRequestedRollbacks(
  ctx: RollbackContext,
  /** A shard's job: only the rollbacks of executions in its shard (app/rollback/rollback-shards.ts). */
  inShard?: (executionId: string) => Promise<boolean>,
): Promise<{ ran: number; error?: string }> {
  const mine = async (r: RollbackRequest) => !inShard || (await inShard(r.rollback_of));
  let ran = 0;
  let error: string | undefined;
  // Said once and marked, so the next execute run does not try (and say) it again.
  const refuse = async (req: RollbackRequest, of: string, reason: string) => {
    core.warning(`the rollback of ${of} requested by the bake is not run: ${reason}`);
    if (req.pr !== undefined)
      await tellRequestPr(ctx, req.pr, of, `**No automatic rollback of \`${of}\`**: ${reason}.`);
    const rel = await refuseRollbackRequest(ctx.inputs.repoPath, req, reason);
    const out = await ctx.publisher.publish([rel], `intentops: rollback of ${of} refused`);
    if (!out.pushed) core.warning(`${rel} could not be pushed: ${out.error}`);
  };
  // A run that died mid-rollback left its claim and no record: said once, a human decides.
  for (const s of await strandedRollbackRequests(ctx.inputs.repoPath)) {
    if (!s.run || !(await mine(s.request)) || !(await runIsOver(ctx, s.run))) continue;
    const of = s.request.rollback_of;
    await refuse(
      s.request,
      of,
      `a rollback of \`${of}\` was started by run ${s.run.id} attempt ${s.run.attempt} (${rollbackClaimPath(of)}), which ended without its record: it may have run in part; a human decides`,
    );
  }
  const pending: RollbackRequest[] = [];
  for (const r of await pendingRollbackRequests(ctx.inputs.repoPath, (l) => core.warning(l)))
    if (await mine(r)) pending.push(r);
  if (pending.length === 0) return { ran: 0 };
  const { catalog } = await loadRepo(ctx.inputs.repoPath, []);
  const store = new RecordStore(ctx.inputs.repoPath);
  for (const req of pending) {
    const verdict = await judgeRollbackRequest(ctx.inputs.repoPath, catalog, store, req);
    if ('failed' in verdict) {
      error = verdict.failed.message;
      core.error(`rollback of ${req.rollback_of}: ${error}`);
      continue;
    }
    if (!verdict.run) {
      await refuse(req, verdict.of, verdict.reason);
      continue;
    }
    const { execution, because } = verdict;
    try {
      await core.group(`rollback ${execution.id} (requested by the bake)`, async () => {
        const r = await remediateRecord(ctx, because, req.pr);
        if (r.action === 'rolled-back') {
          ran++;
          const baked = !r.rollback.bake?.baked || r.rollback.bake.observation.verdict === 'pass';
          if (r.rollback.record.status !== 'success' || !baked)
            error = `the rollback ${r.rollback.record.id} of ${execution.id} did not succeed: a human is needed`;
        } else if (r.action === 'refused' && /another run is rolling back/.test(r.reason)) {
          core.info(`rollback of ${execution.id}: ${r.reason}`); // that run says what happened
        } else if (r.action === 'refused') {
          await refuse(req, execution.id, r.reason);
        }
      });
    } catch (err) {
      if (err instanceof InputError) {
        await refuse(req, req.rollback_of, err.message);
        continue;
      }
      error = (err as Error).message;
      core.error(`rollback of ${req.rollback_of}: ${error}`);
    }
  }
  return { ran, ...(error ? { error } : {}) };
}
