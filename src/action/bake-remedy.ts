import { access } from 'node:fs/promises';
import { join } from 'node:path';
import * as core from '../adapters/actions-runner.js';
import { githubOrigin } from '../app/records/origin.js';
import type { RecordPublisher } from '../app/records/record-publisher.js';
import type { GitHubPort } from '../app/shared/github-port.js';
import { realPorts } from '../app/shared/real-ports.js';
import { buildVersion } from '../build-version.js';
import { rollbackClaimPath, rollbackRequestPath } from '../domain/reconcile/claim.js';
import type { ExecutionRecord } from '../domain/schemas/record.js';
import { githubDrafts } from './github-drafts.js';
import type { ActionInputs } from './inputs.js';
import { observerConfig } from './observers.js';
import { type RollbackContext, remediateRecord } from './rollback-action.js';
import { delegateRollback } from './rollback-request-action.js';

// A failed bake gets the policy's answer like a failed run: ask comments how to roll back, never
// says so, and auto asks the execute workflow to roll back — a rollback changes production, so it
// runs where executions run (environment, credentials), not in the bake job
// (rollback-request-action.ts). Asked after the follow-up is pushed, and again by a re-run that
// finds the follow-up but no request: the job that pushed it may have died before asking.

export interface BakeRemedy {
  inputs: ActionInputs;
  github: GitHubPort | undefined;
  publisher: RecordPublisher;
  branch: string;
  pr: number | undefined;
  run: ExecutionRecord['run'] | undefined;
}

export async function answerFailedBake(o: BakeRemedy, followUp: ExecutionRecord): Promise<void> {
  const ctx: RollbackContext = {
    github: o.github,
    inputs: o.inputs,
    publisher: o.publisher,
    ports: {
      ...realPorts((l) => core.info(l), observerConfig(o.inputs)),
      origin: githubOrigin(process.env),
    },
    toolVersion: await buildVersion(),
    ...(o.run ? { run: o.run } : {}),
    ...(o.github ? { upsertDraft: githubDrafts(o.inputs, o.branch) } : {}),
  };
  const delegate = delegateRollback(ctx, {
    branch: o.branch,
    ...(o.pr !== undefined ? { pr: o.pr } : {}),
    because: followUp,
  });
  await remediateRecord(ctx, followUp, o.pr, { delegate }).catch((err: unknown) =>
    core.warning(`the rollback after the bake could not be requested: ${(err as Error).message}`),
  );
}

/** Whether a rollback of `id` was asked for (its request) or taken up (its claim) on the branch. */
export async function rollbackAsked(repoDir: string, id: string): Promise<boolean> {
  for (const rel of [rollbackRequestPath(id), rollbackClaimPath(id)]) {
    if (
      await access(join(repoDir, rel)).then(
        () => true,
        () => false,
      )
    )
      return true;
  }
  return false;
}
