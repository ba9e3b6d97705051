import * as core from '../adapters/actions-runner.js';
import { dashboardWanted } from './dashboard-opt-in.js';
import { useGitCredentials } from './git-credentials.js';
import { type KubeconfigFile, writeKubeconfigFile } from './kubeconfig-file.js';
import type { SealOutcome } from './sealed-env.js';
import { startRun } from './start.js';

/** The event payload; an empty object when the runner gave none (e.g. a local run). */
async function readEvent(path: string): Promise<{ ref?: string } & Record<string, unknown>> {
  const { readFile } = await import('node:fs/promises');
  return JSON.parse(await readFile(path, 'utf8').catch(() => '{}')) as { ref?: string } & Record<
    string,
    unknown
  >;
}

// The action: read the inputs once, run one use-case, set outputs; the one catch that fails the step.

export async function run(sealed: SealOutcome = { status: 'nothing-to-seal' }): Promise<void> {
  let kube: KubeconfigFile | undefined;
  try {
    const given = await startRun(sealed);
    // validate reads the intent files and runs no git at all: it does not pay for asking git whether
    // the checkout persisted a token (a process start). The plan keeps it: reading records in a
    // sparse, blobless checkout makes git fetch from the remote.
    if (given.command !== 'validate') await useGitCredentials(given.repoPath, given.serverUrl, given.token);
    // validate reads no cluster: no kubeconfig file is written for it (as from the validate bundle).
    kube =
      given.kubeconfig && given.command !== 'validate'
        ? await writeKubeconfigFile(given.kubeconfig)
        : undefined;
    const inputs = kube ? { ...given, kubeconfigPath: kube.path } : given;
    switch (inputs.command) {
      case 'validate': {
        // The runner's entry (index.ts) runs it from the validate bundle; this is the sources' way.
        const { validateAction } = await import('./validate-action.js');
        await validateAction(inputs);
        break;
      }
      case 'plan': {
        const { planPullRequest } = await import('./pull-request.js');
        const { valid, denied } = await planPullRequest(inputs);
        core.setOutput('status', !valid ? 'invalid' : denied.length ? 'denied' : 'valid');
        if (!valid) core.setFailed('the pull request has invalid intent files (see the annotations)');
        else if (denied.length)
          core.setFailed(`the policies deny ${denied.join(', ')} (see the plan comment)`);
        break;
      }
      case 'preview': {
        const { previewPullRequest } = await import('./preview-action.js');
        const { previews } = await previewPullRequest(inputs);
        core.setOutput('status', previews ? 'previewed' : 'skipped');
        break;
      }
      case 'execute': {
        const { executeReconcile } = await import('./execute-reconcile.js');
        await executeReconcile(inputs, await readEvent(inputs.eventPath));
        break;
      }
      case 'shards': {
        const { shardsAction } = await import('./shards-action.js');
        await shardsAction(inputs, await readEvent(inputs.eventPath));
        break;
      }
      case 'incident': {
        const { handleIncidentEvent } = await import('./incident-event.js');
        await handleIncidentEvent(inputs);
        break;
      }
      case 'prune': {
        const { pruneAction } = await import('./prune-action.js');
        await pruneAction(inputs);
        break;
      }
      case 'report': {
        const { reportAction } = await import('./report-action.js');
        await reportAction(inputs);
        break;
      }
      case 'verify': {
        const { verifyAction } = await import('./verify-action.js');
        await verifyAction(inputs, (await readEvent(inputs.eventPath)) as Parameters<typeof verifyAction>[1]);
        break;
      }
      case 'replay': {
        const { replayAction } = await import('./replay-action.js');
        await replayAction(inputs);
        break;
      }
      case 'observe': {
        const { observeAction } = await import('./observe-action.js');
        await observeAction(inputs, await readEvent(inputs.eventPath));
        break;
      }
      case 'learn': {
        const { learnWeekly } = await import('./learn-weekly.js');
        await learnWeekly(inputs);
        break;
      }
    }
    if (await dashboardWanted(inputs)) {
      const { dashboardAfterRun } = await import('./dashboard-action.js');
      await dashboardAfterRun(inputs);
    }
  } catch (err) {
    core.setFailed(err instanceof Error ? err.message : String(err));
  } finally {
    kube?.remove();
  }
}
