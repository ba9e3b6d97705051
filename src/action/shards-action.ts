import * as core from '../adapters/actions-runner.js';
import { Git } from '../adapters/git.js';
import { RecordStore } from '../adapters/record-store.js';
import { listShards, namesOfGithubEnvironment, observeNamesOf } from '../app/execute/shards.js';
import { requestedRollbackShards } from '../app/rollback/rollback-shards.js';
import { loadRepo } from '../app/shared/load-repo.js';
import { branchOf } from './branch-of.js';
import type { ActionInputs } from './inputs.js';
import { writeSummary } from './summary.js';

// `command: shards`, the first job of the sharded execute workflow: the environment × target shards
// with work, as the matrix of the execute job (each shard `execute` with `shard`). It only reads —
// the job needs `contents: read` and nothing else — so it can run on every event without a
// concurrency group; the shard jobs claim, run and record.

export async function shardsAction(inputs: ActionInputs, event: { ref?: string }): Promise<void> {
  if (inputs.namesFor) return namesAction(inputs, inputs.namesFor);
  if (inputs.namesOfExecution) return bakeNamesAction(inputs, inputs.namesOfExecution);
  const branch = branchOf(inputs, event);
  // The branch as it is now (a queued run starts on an old commit): what was recorded since is done.
  const synced = await new Git(inputs.repoPath).syncToRemote('origin', branch);
  if (synced !== 'up-to-date') core.info(`checkout moved to origin/${branch} (${synced})`);
  const { catalog } = await loadRepo(inputs.repoPath, []);
  // Rollbacks a bake asked for first: the execute job runs them before new changes.
  const first = await requestedRollbackShards(inputs.repoPath, (l) => core.warning(l));
  const list = await listShards(inputs.repoPath, catalog, {
    now: new Date(),
    fallbackGithubEnvironment: inputs.githubEnvironment,
    first,
  });
  for (const n of list.notes) core.warning(n);
  if (list.left > 0)
    core.warning(`${list.left} more shard(s) than one run holds: the next execute run lists them`);
  core.setOutput('matrix', JSON.stringify({ include: list.include }));
  core.setOutput('count', String(list.include.length));
  core.setOutput('max-parallel', String(list.maxParallel));
  core.setOutput('status', list.include.length ? 'success' : 'skipped');
  core.info(
    list.include.length
      ? `${list.include.length} shard(s), ${list.maxParallel} at a time: ${list.include.map((s) => s.shard).join(', ')}`
      : 'nothing pending: no shard',
  );
  await writeSummary(
    [
      '## intentops shards',
      '',
      list.include.length
        ? `${list.include.length} shard(s) with work, at most ${list.maxParallel} at a time:`
        : 'Nothing pending: the execute job is skipped.',
      '',
      ...list.include.map(
        (s) =>
          `- \`${s.shard.replace(/`/g, "'")}\`${s.github_environment ? ` (GitHub environment \`${s.github_environment}\`)` : ''}`,
      ),
      '',
    ].join('\n'),
  );
}

/**
 * `command: shards` with `names-for`, the `/retry` job's first job: the secret and variable names of
 * the environment that runs in that GitHub environment, as outputs, so the retry job is handed those
 * values only (`secrets[needs.retry-names.outputs.kubeconfig]`…), never every secret it could read.
 * It reads the checkout as given (the default branch when the comment came): no sync, no scan.
 */
async function namesAction(inputs: ActionInputs, githubEnvironment: string): Promise<void> {
  const { catalog } = await loadRepo(inputs.repoPath, []);
  const { environment, names, others } = namesOfGithubEnvironment(catalog, githubEnvironment);
  if (others.length)
    core.warning(
      `intents/environments.yaml: ${[environment, ...others].join(', ')} all run in the GitHub environment ${githubEnvironment}; a /retry job there holds the names of ${environment} only, so a retry of a request of ${others.join(', ')} is handed to the sharded jobs (the execute workflow is dispatched). Give each its own github_environment to run its retries in the /retry job.`,
    );
  core.setOutput('environment', environment);
  for (const [field, name] of Object.entries(names)) core.setOutput(field, name);
  const declared = Object.entries(names).filter(([, name]) => name);
  core.info(
    environment
      ? `environment ${environment} runs in ${githubEnvironment}: ${declared.map(([f, n]) => `${f} ${n}`).join(', ') || 'no names declared'}`
      : `no environment of intents/environments.yaml runs in ${githubEnvironment}: no names`,
  );
}

/**
 * `command: shards` with `names-of-execution`, the bake workflow's bake-names job: the read-only
 * names of the execution's environment (its record, which the execute job pushed before it
 * dispatched the bake), as outputs, so the bake job is handed those values only
 * (`secrets[needs.bake-names.outputs.observe_kubeconfig]`…), never the execute kubeconfig nor every
 * secret it could read. It reads the checkout as given (the dispatched branch): no sync, no write.
 */
async function bakeNamesAction(inputs: ActionInputs, id: string): Promise<void> {
  const store = new RecordStore(inputs.repoPath);
  const rel = await store.findById(id);
  // No record: no names, and the bake job says what is wrong (it finds no record either).
  const environment = rel ? ((await store.read(rel)).environment ?? '') : '';
  if (!rel) core.warning(`no execution record ${id} in this checkout: no names for its bake`);
  const { catalog } = await loadRepo(inputs.repoPath, []);
  const names = observeNamesOf(catalog, environment);
  core.setOutput('environment', environment);
  for (const [field, name] of Object.entries(names)) core.setOutput(field, name);
  const declared = Object.entries(names).filter(([, name]) => name);
  core.info(
    environment
      ? `the bake of ${id} observes environment ${environment}: ${declared.map(([f, n]) => `${f} ${n}`).join(', ') || 'no names declared'}`
      : `${id} names no environment: no names`,
  );
}
