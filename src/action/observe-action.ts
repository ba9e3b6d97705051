import * as core from '../adapters/actions-runner.js';
import { faultPoint } from '../adapters/fault-point.js';
import { Git } from '../adapters/git.js';
import { connectGitHub } from '../adapters/github/github-adapter.js';
import { RecordStore } from '../adapters/record-store.js';
import { cancelOnSignals } from '../adapters/signals.js';
import { BakeSuperseded } from '../app/observe/bake.js';
import { bakeWindowOf, hasFollowUp, newerExecution, prOfExecution } from '../app/observe/bake-follow-up.js';
import { observeExecution } from '../app/observe/observe-execution.js';
import { githubOrigin } from '../app/records/origin.js';
import { RecordPublisher } from '../app/records/record-publisher.js';
import type { Stores } from '../app/records/stores.js';
import { loadRepo } from '../app/shared/load-repo.js';
import { realPorts } from '../app/shared/real-ports.js';
import { buildVersion } from '../build-version.js';
import { BOT_IDENTITY } from '../domain/bot/bot-identity.js';
import { bakeProgress } from '../domain/detect/bake.js';
import { durationSeconds } from '../domain/schemas/common.js';
import type { ExecutionRecord } from '../domain/schemas/record.js';
import { answerFailedBake, rollbackAsked } from './bake-remedy.js';
import { bakeComment, bakeMarker, bakeSummary } from './bake-report.js';
import { actionCredentials } from './environment-credentials.js';
import { githubDrafts } from './github-drafts.js';
import type { ActionInputs } from './inputs.js';
import { actionEnv } from './sealed-env.js';
import { upsertStickyComment } from './sticky-comment.js';
import { recordLink, writeSummary } from './summary.js';

// The bake workflow's job: bake one execution (dispatched by the execute job once its record was
// pushed), write the follow-up record and push it as the execute job pushes records. GitHub cancels
// it (SIGINT) when a newer bake for the same target starts: then the branch says whether a newer
// execution for the target exists (superseded) or someone cancelled the run (cancelled).
// GitHub API calls: the PR comment at the start and at the end, and incident issues when something
// is wrong; none while the bake runs and nothing is wrong.

function branchOf(event: { ref?: string }): string {
  const ref = event.ref ?? process.env.GITHUB_REF ?? '';
  const branch = ref.replace(/^refs\/heads\//, '');
  if (!branch || branch.startsWith('refs/'))
    throw new Error(`command 'observe' bakes on a branch; the event gave the ref '${ref}'`);
  return branch;
}

/** This workflow run, for the rollback request (who asked). */
function runOf(): ExecutionRecord['run'] | undefined {
  const id = process.env.GITHUB_RUN_ID;
  if (!id) return undefined;
  const attempt = Number(process.env.GITHUB_RUN_ATTEMPT ?? '1') || 1;
  const url =
    process.env.GITHUB_REPOSITORY &&
    `${process.env.GITHUB_SERVER_URL ?? 'https://github.com'}/${process.env.GITHUB_REPOSITORY}/actions/runs/${id}`;
  return { id, attempt, ...(url ? { url } : {}) };
}

/** The follow-up written into the checkout, then pushed as the execute job pushes records. */
function followUpWriter(
  store: RecordStore,
  publisher: RecordPublisher,
  branch: string,
): Stores['writeRecord'] {
  return async (r) => {
    await faultPoint('bake.followup');
    const written = await store.write(r);
    const out = await publisher.publish(
      ['executions', 'incidents'],
      `intentops: bake ${r.observation?.verdict} for ${r.observation_of}`,
    );
    if (!out.pushed) throw new Error(`the follow-up record could not be pushed: ${out.error}`);
    if (publisher.diverted) core.warning(`${branch} refused the follow-up: it is on ${out.branch}`);
    return written;
  };
}

/**
 * A bake this job cannot take (it lacks the execution's environment's credentials) still leaves its
 * follow-up record, inconclusive with the reason, committed and pushed like every other: faults
 * leave a complete record, and the audit and the learning loop read verdicts from records. A re-run
 * finds it (hasFollowUp) and writes no second one. Returns the follow-up's path.
 */
async function recordUnobserved(
  inputs: ActionInputs,
  at: { git: Git; store: RecordStore; branch: string },
  execution: ExecutionRecord,
  why: string,
): Promise<string> {
  const { git, store, branch } = at;
  const publisher = new RecordPublisher(git, {
    branch,
    runId: process.env.GITHUB_RUN_ID ?? `local-${process.pid}`,
    log: (l) => core.warning(l),
  });
  const result = await observeExecution(
    {
      repoDir: inputs.repoPath,
      toolVersion: await buildVersion(),
      env: actionEnv(),
      execution,
      unobserved: why,
      ...(inputs.token ? { upsertDraft: githubDrafts(inputs, branch) } : {}),
      prevDigest: async () => {
        await git.syncToRemote('origin', branch);
        return store.latestDigest();
      },
      writeRecord: followUpWriter(store, publisher, branch),
    },
    // No provider is called: the job's observers are never asked for anything.
    { ...realPorts((l) => core.info(l)), origin: githubOrigin(process.env) },
  );
  if (!result.baked) throw new Error(`no follow-up for ${execution.id}: ${result.reason}`);
  await publisher.publishChanges(['incidents'], `intentops: anomalies of ${result.record.id}`);
  return result.path;
}

export async function observeAction(inputs: ActionInputs, event: { ref?: string }): Promise<void> {
  const id = inputs.execution ?? '';
  const branch = branchOf(event);
  const git = new Git(inputs.repoPath);
  await git.configureIdentity(BOT_IDENTITY.name, BOT_IDENTITY.email);
  await git.syncToRemote('origin', branch);
  const store = new RecordStore(inputs.repoPath);
  const rel = await store.findById(id);
  if (!rel) throw new Error(`no execution record ${id} on ${branch}: nothing to bake`);
  const execution = await store.read(rel);
  const done = await hasFollowUp(inputs.repoPath, execution);
  if (done) {
    // A second dispatch for the same execution (a re-run of execute): the first one baked it.
    core.info(`${id} was baked already: ${done}`);
    const followUp = await store.read(done);
    if (followUp.observation?.verdict === 'fail' && !(await rollbackAsked(inputs.repoPath, id))) {
      // The job that pushed the failed follow-up died before the policy's answer: give it now.
      core.info(`the policy's answer to ${done} was never given: giving it now`);
      const github = inputs.token
        ? connectGitHub({ token: inputs.token, baseUrl: inputs.apiUrl, log: (m) => core.info(m) })
        : undefined;
      const pr = github
        ? await prOfExecution(github, { owner: inputs.owner, repo: inputs.repo }, execution).catch(
            () => undefined,
          )
        : undefined;
      const publisher = new RecordPublisher(git, {
        branch,
        runId: process.env.GITHUB_RUN_ID ?? `local-${process.pid}`,
        log: (l) => core.warning(l),
      });
      await answerFailedBake({ inputs, github, publisher, branch, pr, run: runOf() }, followUp);
    }
    core.setOutput('status', 'skipped');
    return;
  }

  const { catalog } = await loadRepo(inputs.repoPath);
  const window = bakeWindowOf(catalog, execution.intent);
  if (!window || execution.status !== 'success') {
    core.info(
      `no bake for ${id}: ${window ? `it ended ${execution.status}` : `intent ${execution.intent} has no bake window`}`,
    );
    core.setOutput('status', 'skipped');
    return;
  }
  const forMs = durationSeconds(window.for) * 1000;
  // The bake observes an environment with its read-only names (observe_kubeconfig, never the
  // execute kubeconfig; its Prometheus and Loki), handed by the workflow's bake-names job. One
  // this job lacks, or a cluster of its own without observe_kubeconfig: observing with the job's own
  // kubeconfig would read another cluster, so the bake ends inconclusive, never pass or fail on the
  // wrong cluster (a repository without environments.yaml keeps the job's input).
  if (catalog.environments) {
    const own = await actionCredentials(inputs, catalog.environments, undefined, 'refuse', 'bake').connect(
      execution.environment,
    );
    if ('refused' in own) {
      // Kept in the follow-up record: what is missing and why the bake did not look, not an
      // execute job's advice (nothing was to run here).
      const why = `the bake could not observe environment ${execution.environment ?? '(none)'}: ${own.refused.replace(/; nothing ran$/, '')}`;
      core.setOutput('status', 'inconclusive');
      const path = await recordUnobserved(inputs, { git, store, branch }, execution, why);
      await writeSummary(
        `## intentops bake ${id}\n\n**inconclusive**: ${why}\n\nFollow-up record: [${path}](${recordLink(inputs, path)})\n`,
      );
      core.setFailed(`bake inconclusive for ${id}: ${why} (follow-up ${path})`);
      return;
    }
    own.release();
  }
  // The execution's environment's read-only cluster and observability credentials, for the whole
  // bake; a field it leaves out is the job's own input (INTENTOPS_OBSERVE_KUBECONFIG…).
  const connection = await actionCredentials(
    inputs,
    catalog.environments,
    (l) => core.warning(l),
    'job-default',
    'bake',
  ).connect(execution.environment);
  if ('refused' in connection) {
    core.setOutput('status', 'skipped');
    core.setFailed(`no bake for ${id}: ${connection.refused}`);
    return;
  }

  const github = inputs.token
    ? connectGitHub({ token: inputs.token, baseUrl: inputs.apiUrl, log: (m) => core.info(m) })
    : undefined;
  const pr = github
    ? await prOfExecution(github, { owner: inputs.owner, repo: inputs.repo }, execution).catch(
        () => undefined,
      )
    : undefined;
  const comment = async (body: string) => {
    if (!github || pr === undefined) return;
    const where = { owner: inputs.owner, repo: inputs.repo, issue_number: pr };
    await faultPoint('bake.comment');
    await upsertStickyComment(github, where, bakeMarker(id), body).catch((err: Error) =>
      core.warning(`could not comment on #${pr}: ${err.message}`),
    );
  };

  // GitHub's cancel: decide why before the bake stops, from what the branch holds now.
  const signals = cancelOnSignals((l) => core.warning(l));
  const stop = new AbortController();
  // Once the follow-up is being written the branch is the publisher's: a late signal changes nothing.
  let writing = false;
  let deciding: Promise<void> = Promise.resolve();
  signals.signal.addEventListener('abort', () => {
    if (writing) return;
    deciding = (async () => {
      const newer = await git
        .syncToRemote('origin', branch)
        .then(() => newerExecution(store, execution))
        .catch(() => null);
      core.info(
        newer ? `${newer} is newer for the target: this bake is superseded` : 'the bake was cancelled',
      );
      stop.abort(newer ? new BakeSuperseded(`superseded by ${newer}`) : signals.signal.reason);
    })();
  });

  const publisher = new RecordPublisher(git, {
    branch,
    runId: process.env.GITHUB_RUN_ID ?? `local-${process.pid}`,
    log: (l) => core.warning(l),
  });
  const runLink = inputs.runUrl;
  let progress = bakeProgress({ elapsedMs: 0, forMs, anomalies: 0 });
  await bakeSummary({ id, progress, runUrl: runLink });
  await comment(bakeComment({ id, progress, runUrl: runLink }));
  try {
    const result = await observeExecution(
      {
        repoDir: inputs.repoPath,
        toolVersion: await buildVersion(),
        env: { ...actionEnv(), ...connection.stepEnv },
        execution,
        signal: stop.signal,
        ...(github ? { upsertDraft: githubDrafts(inputs, branch) } : {}),
        prevDigest: async () => {
          writing = true;
          await deciding;
          await git.syncToRemote('origin', branch);
          return store.latestDigest();
        },
        writeRecord: followUpWriter(store, publisher, branch),
        // The policy's answer (bake-remedy.ts): auto asks the execute workflow to roll back.
        afterFollowUp: (followUp) =>
          answerFailedBake({ inputs, github, publisher, branch, pr, run: runOf() }, followUp),
        onProgress: async (line) => {
          progress = line;
          // The summary is a file on the runner: written as often as there is news, no API call.
          await bakeSummary({ id, progress: line, runUrl: runLink });
        },
      },
      { ...realPorts((l) => core.info(l), connection.observe), origin: githubOrigin(process.env) },
    );
    if (!result.baked) {
      core.info(`no bake: ${result.reason}`);
      core.setOutput('status', 'skipped');
      await comment(bakeComment({ id, progress: `no bake: ${result.reason}`, runUrl: runLink }));
      return;
    }
    await publisher.publishChanges(['incidents'], `intentops: anomalies of ${result.record.id}`);
    const o = result.observation;
    const ended = {
      id,
      progress,
      verdict: o,
      recordUrl: recordLink(inputs, result.path),
      runUrl: runLink,
      incidents: result.record.drafts.map((d) => d.path),
      where: inputs,
    };
    await bakeSummary(ended);
    await comment(bakeComment(ended));
    core.setOutput('status', o.verdict);
    core.setOutput('execution-ids', result.record.id);
    core.setOutput('anomalies', String(result.record.anomalies.length));
    core.setOutput('incident-issues', result.record.drafts.map((d) => d.path.split('/').pop()).join(','));
    if (o.verdict === 'fail' || o.verdict === 'inconclusive')
      core.setFailed(`bake ${o.verdict}: ${o.reason} (follow-up ${result.path})`);
  } finally {
    connection.release();
    signals.dispose();
  }
}
