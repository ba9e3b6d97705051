import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as core from '@actions/core';
import { faultPoint } from '../adapters/fault-point.js';
import type { GitHubClient } from '../adapters/github-client.js';
import { RecordStore } from '../adapters/record-store.js';
import type { Catalog } from '../app/load-repo.js';
import { outcomesFor } from '../app/prepare.js';
import { followUpSuffix } from '../domain/bake-record.js';
import type { BakeWindow } from '../domain/schemas/outcomes.js';
import type { ExecutionRecord } from '../domain/schemas/record.js';
import { targetOf } from '../domain/target.js';
import type { ActionInputs } from './inputs.js';

// The bake on GitHub does not hold the execute job (nor its concurrency group) for its length: once
// a successful run's record is pushed, the execute job dispatches the bake workflow with the
// execution id. The bake workflow has a concurrency group per target with cancel-in-progress, so
// a newer execution's bake ends the older one (verdict superseded). See docs/bake.md.

/** The bake window a run of this intent gets: the outcome spec's, else the catalog intent's (as the plan). */
export function bakeWindowOf(catalog: Catalog, intent: string): BakeWindow | undefined {
  return outcomesFor(catalog, intent)?.data.observe ?? catalog.intents.get(intent)?.data.observe;
}

/** The concurrency key of a bake: the execution's target, else its intent. */
export function bakeTarget(r: Pick<ExecutionRecord, 'params' | 'intent'>): string {
  return targetOf(r.params) ?? `intent-${r.intent}`;
}

/** Whether a follow-up of this execution is in the checkout: found by file name, from its day on. */
export async function hasFollowUp(repoDir: string, r: ExecutionRecord): Promise<string | null> {
  const suffix = `-${followUpSuffix(r)}.yaml`;
  const day = r.timestamp.slice(0, 10);
  const root = join(repoDir, 'executions');
  const days = (await readdir(root).catch(() => [] as string[])).filter(
    (d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && d >= day,
  );
  for (const d of days.sort()) {
    const f = (await readdir(join(root, d))).find((x) => x.endsWith(suffix));
    if (f) return `executions/${d}/${f}`;
  }
  return null;
}

export type DispatchOutcome = 'dispatched' | 'failed';

/**
 * POST /repos/{owner}/{repo}/actions/workflows/{workflow}/dispatches. Never fatal: the execution
 * record is already pushed; a bake that could not start is a warning that says how to start it.
 */
export async function dispatchBake(
  octokit: GitHubClient,
  inputs: Pick<ActionInputs, 'owner' | 'repo' | 'bakeWorkflow'>,
  o: { record: ExecutionRecord; branch: string },
): Promise<DispatchOutcome> {
  const target = bakeTarget(o.record);
  await faultPoint('bake.dispatch');
  try {
    await octokit.rest.actions.createWorkflowDispatch({
      owner: inputs.owner,
      repo: inputs.repo,
      workflow_id: inputs.bakeWorkflow,
      ref: o.branch,
      inputs: { execution: o.record.id, target },
    });
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

/**
 * A re-run attempt of the execute job finds its records already pushed and runs nothing, so it would
 * never dispatch: when the first attempt died between the push and the dispatch, the bake would be
 * lost. On a re-run (attempt > 1), the records this workflow run pushed (same run id) that passed,
 * have a bake window and no follow-up yet are dispatched again. A bake still running from an earlier
 * attempt is then replaced (same concurrency group): it records `cancelled`, the new one the verdict.
 */
export async function rerunBakes(
  repoDir: string,
  catalog: Catalog,
  run: { id: string; attempt: number } | undefined,
): Promise<ExecutionRecord[]> {
  if (!run || run.attempt <= 1) return [];
  const store = new RecordStore(repoDir);
  // Records of this run were written while it ran: the newest two days hold them (a job runs ≤ 6 h).
  const all = await store.list();
  const days = [...new Set(all.map((p) => p.split('/')[1]))].slice(-2);
  const out: ExecutionRecord[] = [];
  for (const rel of all.filter((p) => days.includes(p.split('/')[1]))) {
    const r = await store.read(rel);
    if (r.observation_of || r.status !== 'success' || r.run?.id !== run.id) continue;
    if (!bakeWindowOf(catalog, r.intent)) continue;
    if (await hasFollowUp(repoDir, r)) continue;
    out.push(r);
  }
  return out;
}
