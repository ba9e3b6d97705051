import * as core from '../adapters/actions-runner.js';
import { runCachedScript } from '../adapters/cached-script.js';
import { armFaults } from '../adapters/fault-point.js';
import type { validate } from '../app/validate/validate.js';
import type { formatDiagnostic, hasErrors } from '../domain/input/diagnostic.js';
import { dashboardWanted } from './dashboard-opt-in.js';
import { useGitCredentials } from './git-credentials.js';
import { getInputs } from './inputs.js';
import { type KubeconfigFile, writeKubeconfigFile } from './kubeconfig-file.js';
import { actionEnv, type SealOutcome } from './sealed-env.js';
import { validateSummary, writeSummary } from './summary.js';

/** The event payload; an empty object when the runner gave none (e.g. a local run). */
async function readEvent(path: string): Promise<{ ref?: string } & Record<string, unknown>> {
  const { readFile } = await import('node:fs/promises');
  return JSON.parse(await readFile(path, 'utf8').catch(() => '{}')) as { ref?: string } & Record<
    string,
    unknown
  >;
}

// The validate bundle's name (dist/chunks/validate-<hash>.cjs, scripts/bundle.mjs); none from the sources.
declare const __INTENTOPS_VALIDATE_BUNDLE__: string | undefined;

interface ValidateCode {
  validate: typeof validate;
  formatDiagnostic: typeof formatDiagnostic;
  hasErrors: typeof hasErrors;
}

/**
 * validate's code: the validate bundle, one CommonJS file, which loads faster than the ES modules'
 * graph of the same code (every pull request waits for it); the sources when run from them. No code
 * cache, unlike the CLI: a hosted runner starts cold anyway, and on a self-hosted one a cache file is
 * writable by any step of the runner's user, and would run as the action's code.
 */
async function validateCode(): Promise<ValidateCode> {
  if (typeof __INTENTOPS_VALIDATE_BUNDLE__ === 'string') {
    const { join } = process.getBuiltinModule('node:path');
    return runCachedScript<ValidateCode>(join(import.meta.dirname, __INTENTOPS_VALIDATE_BUNDLE__), undefined)
      .exports;
  }
  const [{ validate }, { formatDiagnostic, hasErrors }] = await Promise.all([
    import('../app/validate/validate.js'),
    import('../domain/input/diagnostic.js'),
  ]);
  return { validate, formatDiagnostic, hasErrors };
}

// The action: read the inputs once, run one use-case, set outputs; the one catch that fails the step.

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

export async function run(sealed: SealOutcome = { status: 'nothing-to-seal' }): Promise<void> {
  let kube: KubeconfigFile | undefined;
  try {
    await core.useRunner();
    reportSeal(sealed);
    // Read from the sealed environment: the workflow sets it, nothing a request or a step writes.
    const faults = armFaults(actionEnv());
    if (faults.length)
      core.warning(
        `fault injection armed: ${faults.map((f) => `${f.point}:${f.action}@${f.nth}`).join(', ')}`,
      );
    const given = getInputs();
    // validate reads the intent files and runs no git at all: it does not pay for asking git whether
    // the checkout persisted a token (a process start). The plan keeps it: reading records in a
    // sparse, blobless checkout makes git fetch from the remote.
    if (given.command !== 'validate') await useGitCredentials(given.repoPath, given.serverUrl, given.token);
    kube = given.kubeconfig ? await writeKubeconfigFile(given.kubeconfig) : undefined;
    const inputs = kube ? { ...given, kubeconfigPath: kube.path } : given;
    switch (inputs.command) {
      case 'validate': {
        const { validate, formatDiagnostic, hasErrors } = await validateCode();
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
