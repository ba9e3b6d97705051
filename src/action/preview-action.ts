import { readFile } from 'node:fs/promises';
import * as core from '../adapters/actions-runner.js';
import { changedFiles } from '../adapters/git-diff.js';
import { connectGitHub } from '../adapters/github/github-adapter.js';
import type { ManifestDryRun } from '../adapters/kubernetes-dry-run.js';
import { planRequests } from '../app/plan/plan-requests.js';
import type { PreviewOutput } from '../app/plan/previews.js';
import { runRedactor } from '../app/records/run-redactor.js';
import { loadRepo } from '../app/shared/load-repo.js';
import { hasPreviews } from '../domain/plan/manifest-apply.js';
import { classifyRequestPath, REQUESTS_DIR } from '../domain/request/request-path.js';
import type { ActionInputs } from './inputs.js';
import { observerConfig } from './observers.js';
import {
  PREVIEW_MARKER,
  type PreviewCommentInput,
  renderPreviewComment,
  WHOLE_PREVIEW_GROUP,
} from './preview-comment.js';
import { actionEnv } from './sealed-env.js';
import { upsertStickyComment } from './sticky-comment.js';

// The preview job (command `preview`), apart from the plan job: the intents' `preview:` commands and
// the built-in dry-run diffs, run with the read-only observe credentials. What runs is the base
// branch's: the action, and the catalog (`base-path`) that says which commands a preview is; the
// pull request is data (its requests' params, its manifests). A pull request that changes what
// decides which commands run, or comes from a fork, gets no live preview, and the comment says why.

interface PullRequestEvent {
  number: number;
  pull_request: {
    base: { sha: string; repo?: { full_name?: string } };
    head: { sha: string; repo?: { full_name?: string } | null };
  };
}

/**
 * Changes that would let the pull request choose what the preview job runs: the catalog (its
 * `preview:` commands and steps), what else the catalog reads, workflows and the action's own code.
 */
export function previewBlockers(paths: readonly string[]): string[] {
  return paths.filter(
    (p) =>
      /^intents\/(catalog|outcomes|policies|anomaly-rules)\//.test(p) ||
      /^intents\/[^/]+\.ya?ml$/.test(p) ||
      p.startsWith('.github/') ||
      p.startsWith('src/') ||
      p.startsWith('dist/') ||
      p === 'action.yml' ||
      p === 'package.json',
  );
}

export async function previewPullRequest(inputs: ActionInputs): Promise<{ previews: number }> {
  const event = JSON.parse(await readFile(inputs.eventPath, 'utf8')) as PullRequestEvent;
  if (!event.pull_request)
    throw new Error(`command 'preview' needs a pull_request event, got ${inputs.eventName}`);
  const { base, head } = event.pull_request;
  const where = { owner: inputs.owner, repo: inputs.repo, issue_number: event.number };
  const runUrl = inputs.runUrl ? { runUrl: inputs.runUrl } : {};
  const github = inputs.token
    ? connectGitHub({ token: inputs.token, baseUrl: inputs.apiUrl, log: (m) => core.info(m) })
    : undefined;
  const diff = await changedFiles(inputs.repoPath, base.sha, head.sha);
  const requestPaths = diff
    .filter(
      (f) =>
        f.status !== 'D' &&
        f.path.startsWith(REQUESTS_DIR) &&
        classifyRequestPath(f.path).kind !== 'not-request',
    )
    .map((f) => f.path);
  if (requestPaths.length === 0) {
    core.info('no request changed: nothing to preview');
    await core.summary
      .addRaw('## intentops preview\n\nNo request changed: nothing to preview.\n', true)
      .write();
    return { previews: 0 };
  }
  const publish = async (input: PreviewCommentInput) => {
    const summary = renderPreviewComment(input, true).replace(PREVIEW_MARKER, '');
    await core.summary.addRaw(summary, true).write();
    // Past the summary's limit, the run's log holds every output whole.
    if (input.ran && summary.includes(WHOLE_PREVIEW_GROUP)) {
      core.startGroup(WHOLE_PREVIEW_GROUP);
      for (const [path, outputs] of Object.entries(input.byPath))
        for (const p of outputs)
          core.info(`${path}: ${p.title}${p.problem ? ` — ${p.problem}` : ''}\n${p.text}`);
      core.endGroup();
    }
    if (!github) return;
    try {
      const sticky = await upsertStickyComment(github, where, PREVIEW_MARKER, renderPreviewComment(input));
      core.info(`preview comment ${sticky.action} (${sticky.id})`);
    } catch (err) {
      core.warning(`could not write the preview comment: ${(err as Error).message}`);
    }
  };
  // A head repository GitHub no longer names (a deleted fork) counts as a fork.
  const fork = !head.repo?.full_name || head.repo.full_name !== base.repo?.full_name;
  const blockers = previewBlockers(diff.map((f) => f.path));
  const why = fork
    ? 'A pull request from a fork gets no live preview: its workflow run has no cluster credentials, and the previews would run for anyone who can open one.'
    : blockers.length
      ? `This pull request changes what decides which commands a preview runs (${blockers.map((b) => `\`${b}\``).join(', ')}): no live preview until that change is merged on its own.`
      : undefined;
  if (why) {
    core.info(why);
    await publish({ ran: false, why, sha: head.sha, ...runUrl });
    return { previews: 0 };
  }
  const now = new Date();
  // The base branch's catalog decides what runs; the pull request gives the requests.
  const basePath = inputs.basePath ?? inputs.repoPath;
  const [{ catalog: baseCatalog }, { catalog: prCatalog }] = await Promise.all([
    loadRepo(basePath),
    loadRepo(inputs.repoPath, requestPaths),
  ]);
  const catalog = { ...baseCatalog, requests: prCatalog.requests };
  const requests = planRequests(catalog, requestPaths, { now, approvals: null, history: [] });
  // Nothing to preview: no comment (the plan comment, planned with the same catalog, points to none).
  if (!requests.some((r) => hasPreviews(r.plan))) {
    core.info('no changed request has a preview or applies manifests from the repository');
    await core.summary
      .addRaw(
        '## intentops preview\n\nNo changed request has a preview or applies manifests from the repository.\n',
        true,
      )
      .write();
    return { previews: 0 };
  }
  const { runPreviews } = await import('../app/plan/previews.js');
  const { runProcess } = await import('../adapters/process-runner.js');
  let cluster: string;
  let dryRun: ManifestDryRun | undefined;
  if (inputs.kubeconfigPath) {
    const { createManifestDryRun } = await import('../adapters/kubernetes-dry-run.js');
    const { describeKubeConfig } = await import('../adapters/kubernetes.js');
    const context = observerConfig(inputs).kubeContext;
    const source = { kubeconfigPath: inputs.kubeconfigPath, ...(context ? { context } : {}) };
    try {
      // The comment is public on the PR: the context's name, not the API server's address.
      cluster = `the kubeconfig input, context ${describeKubeConfig(source).context}`;
      dryRun = createManifestDryRun(source);
    } catch (err) {
      cluster = `no cluster: ${(err as Error).message}`;
    }
  } else
    cluster =
      'no cluster: the preview job has no read-only kubeconfig (give the action the kubeconfig input, e.g. secrets.INTENTOPS_OBSERVE_KUBECONFIG)';
  const byPath: Record<string, PreviewOutput[]> = await runPreviews(requests, {
    repoDir: inputs.repoPath,
    ...(dryRun ? { cluster: dryRun } : { noCluster: cluster.replace(/^no cluster: /, '') }),
    runProcess,
    // The whole environment: a preview gets only the steps' base set of it (shared/step-env.ts), and
    // the redactor knows every secret in it.
    env: actionEnv(),
    redactor: await runRedactor(basePath, actionEnv()),
  });
  await publish({ ran: true, cluster, byPath, sha: head.sha, ...runUrl });
  return { previews: Object.values(byPath).reduce((n, l) => n + l.length, 0) };
}
