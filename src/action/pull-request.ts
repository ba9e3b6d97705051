import { readFile } from 'node:fs/promises';
import * as core from '../adapters/actions-runner.js';
import { faultPoint } from '../adapters/fault-point.js';
import { changedFiles } from '../adapters/git-diff.js';
import { connectGitHub, preloadFetch } from '../adapters/github/github-adapter.js';
import type { OpenIncident } from '../app/incidents/open-incidents.js';
import {
  type AutoMergeVerdict,
  autoMergeAgent,
  disableAutoMerge,
  enableAutoMerge,
} from '../app/plan/auto-merge.js';
import type { LiveReport } from '../app/plan/live-state.js';
import { type PlannedRequest, planRequests } from '../app/plan/plan-requests.js';
import { pullFacts } from '../app/plan/pull-facts.js';
import { promotionHistoryFor } from '../app/records/history.js';
import type { GitHubPort } from '../app/shared/github-port.js';
import { validate } from '../app/validate/validate.js';
import { hasErrors } from '../domain/input/diagnostic.js';
import type { PolicyFacts } from '../domain/policy/policy.js';
import { classifyRequestPath, REQUESTS_DIR } from '../domain/request/request-path.js';
import type { ActionInputs } from './inputs.js';
import { observerConfig } from './observers.js';
import {
  mixedChanges,
  PLAN_MARKER,
  type PlanCommentInput,
  renderPlanComment,
  renderPlanSummary,
  WHOLE_PLAN_GROUP,
} from './plan-comment.js';
import { readComments, upsertStickyComment } from './sticky-comment.js';

// On a pull request: validate and plan the changed intent files, annotate the offending lines, keep
// one plan comment up to date, write the job summary. Runs with a read-only token on forks: the
// comment is then skipped, the annotations and summary still say everything.

interface PullRequestEvent {
  number: number;
  pull_request: {
    base: { sha: string };
    head: { sha: string };
    user?: { login: string; type?: string } | null;
  };
}

/**
 * Enables auto-merge for an agent's PR that holds only new requests the policies let merge alone;
 * when the PR holds more, says a human is needed and why, and turns off an auto-merge an earlier
 * push got. A failure (a read-only fork token, auto-merge off in the repo) is said, not fatal.
 */
async function autoMergeNote(
  github: GitHubPort | undefined,
  where: { owner: string; repo: string; number: number },
  verdict: AutoMergeVerdict | undefined,
): Promise<PlanCommentInput['autoMerge']> {
  if (!verdict) return undefined;
  const { agent, others } = verdict;
  if (others.length > 0) {
    const list = others.map((o) => `\`${o}\``).join(', ');
    let note = `a human must review and merge this PR: agent ${agent} may auto-merge only a PR whose every change is a new request file under \`intents/requests/\`, and this one also changes ${list}`;
    if (github) {
      try {
        if ((await disableAutoMerge(github, where)) === 'disabled') {
          core.info(`auto-merge disabled on #${where.number}: it holds more than new requests`);
          note += ' (auto-merge, enabled by an earlier push, is now off)';
        }
      } catch (err) {
        core.warning(`could not disable auto-merge: ${(err as Error).message}`);
        note += ` (auto-merge could not be checked or turned off: ${(err as Error).message})`;
      }
    }
    return { note, needsHuman: true };
  }
  if (!github) return { note: `agent ${agent} may merge alone, but auto-merge needs a token` };
  try {
    const done = await enableAutoMerge(github, where);
    core.info(`auto-merge ${done} for agent ${agent} on #${where.number}`);
    return {
      note: `auto-merge ${done} for agent ${agent} (squash): the PR merges when its required checks pass`,
    };
  } catch (err) {
    core.warning(`could not enable auto-merge: ${(err as Error).message}`);
    return {
      note: `agent ${agent} may merge alone, but auto-merge could not be enabled: ${(err as Error).message}`,
    };
  }
}

export async function planPullRequest(inputs: ActionInputs): Promise<{ valid: boolean; denied: string[] }> {
  const event = JSON.parse(await readFile(inputs.eventPath, 'utf8')) as PullRequestEvent;
  if (!event.pull_request)
    throw new Error(`command 'plan' needs a pull_request event, got ${inputs.eventName}`);
  const { base, head } = event.pull_request;
  const diffing = changedFiles(inputs.repoPath, base.sha, head.sha);
  // Git is at work now: Node's fetch loads meanwhile, not at the first API call after it.
  if (inputs.token) preloadFetch();
  const diff = await diffing;
  // The workflow runs on every PR (a required check skipped by a paths filter never reports and
  // keeps the PR waiting): without an intent change there is nothing to read, ask or comment.
  if (!diff.some((f) => f.path.startsWith('intents/'))) {
    await core.summary
      .addRaw('## intentops plan — ✅ valid\n\nNo file under `intents/` changed: nothing to plan.\n', true)
      .write();
    core.info('no file under intents/ changed: nothing to plan');
    return { valid: true, denied: [] };
  }
  const changed = diff.filter((f) => f.status !== 'D');
  const paths = changed.map((f) => f.path);
  // What the reconcile would take for a request, or refuse, is checked here too: never "0 files".
  const intentFiles = paths.filter((p) =>
    p.startsWith(REQUESTS_DIR)
      ? classifyRequestPath(p).kind !== 'not-request'
      : p.startsWith('intents/') && /\.ya?ml$/.test(p),
  );

  const github = inputs.token
    ? connectGitHub({ token: inputs.token, baseUrl: inputs.apiUrl, log: (m) => core.info(m) })
    : undefined;
  const now = new Date();
  const hasRequests = intentFiles.some((p) => p.startsWith(REQUESTS_DIR));
  const where = { owner: inputs.owner, repo: inputs.repo };
  // validate starts once the reads below are on their way (see handedOff): its parsing holds the
  // event loop, and a request still queued would leave only after it.
  let startValidate: () => void = () => {};
  const validating = new Promise<void>((resolve) => {
    startValidate = resolve;
  }).then(() => validate(inputs.repoPath, { now, approvals: null, history: [] }, intentFiles));
  const catalog = validating.then((r) => r.catalog);
  // Awaited by pullFacts only on some paths (a token, an author): a failing validate is said once,
  // where `validating` is awaited below, never as an unhandled rejection.
  catalog.catch(() => undefined);
  // What a pull request waits for is mostly GitHub's round trips: the reviews and the plan comment's
  // look-up are asked for now, together, and answered while validate parses (the same calls as one
  // by one, none more).
  const reading = hasRequests
    ? pullFacts(
        github,
        {
          ...where,
          number: event.number,
          repoDir: inputs.repoPath,
          catalog,
        },
        event.pull_request,
        (l) => core.warning(l),
      )
    : Promise.resolve({ approvals: null });
  const comments =
    github && intentFiles.length > 0
      ? readComments(github, { ...where, issue_number: event.number })
      : undefined;
  await github?.handedOff();
  startValidate();
  const result = await validating;
  const facts: PolicyFacts = {
    now,
    history: hasRequests ? await promotionHistoryFor(result.catalog, inputs.repoPath, now) : [],
    ...(await reading),
  };
  for (const d of result.diagnostics) {
    const props = {
      file: d.file,
      ...(d.line ? { startLine: d.line, startColumn: d.col ?? 1 } : {}),
      title: 'intentops',
    };
    if (d.severity === 'error') core.error(d.message, props);
    else core.warning(d.message, props);
  }
  // validate loaded the same files (intentFiles): its catalog is the one to plan.
  const requests = planRequests(result.catalog, intentFiles, facts, result.diagnostics);
  // The live state lists the open incident drafts only when a request has a plan: asked for now,
  // answered while auto-merge, the backtests and the cluster are looked at.
  const drafts =
    github && inputs.live !== false && requests.some((r) => r.plan) ? readDrafts(github, where) : undefined;
  const autoMerge = await autoMergeNote(
    github,
    { owner: inputs.owner, repo: inputs.repo, number: event.number },
    autoMergeAgent(requests, { valid: !hasErrors(result.diagnostics), diff }),
  );
  // The backtest reads the records (js-yaml, the record schemas): only when a rule file changed.
  const backtests = diff.some((f) => f.path.startsWith('intents/anomaly-rules/'))
    ? await (await import('./backtest-comment.js')).ruleFileBacktests(inputs.repoPath, diff, now)
    : [];
  const live = inputs.live === false ? undefined : await liveOf(inputs, github, requests, now, drafts);
  const planInput: PlanCommentInput = {
    requests,
    diagnostics: result.diagnostics,
    checkedFiles: intentFiles.length,
    mixed: mixedChanges(paths),
    sha: head.sha,
    ...(inputs.runUrl ? { runUrl: inputs.runUrl } : {}),
    ...(autoMerge ? { autoMerge } : {}),
    ...(backtests.length ? { backtests } : {}),
    ...(live ? { live } : {}),
  };
  // The comment is cut to fit GitHub's limit at request boundaries; the summary holds it all up to
  // its own limit (1 MiB), and past that the run's log does.
  const summary = renderPlanSummary(planInput);
  if (summary.cut) {
    core.startGroup(WHOLE_PLAN_GROUP);
    core.info(renderPlanComment(planInput, Number.POSITIVE_INFINITY).replace(PLAN_MARKER, ''));
    core.endGroup();
  }
  const body = renderPlanComment(
    planInput,
    undefined,
    summary.cut ? `this run's log (the group "${WHOLE_PLAN_GROUP}")` : undefined,
  );
  await core.summary.addRaw(summary.text, true).write();

  if (github && intentFiles.length > 0) {
    try {
      await faultPoint('plan.comment');
      const sticky = await upsertStickyComment(
        github,
        { owner: inputs.owner, repo: inputs.repo, issue_number: event.number },
        PLAN_MARKER,
        body,
        comments ? { listed: comments } : {},
      );
      core.info(`plan comment ${sticky.action} (${sticky.id})`);
    } catch (err) {
      // A fork's pull_request token is read-only: annotations and the summary carry the plan.
      core.warning(`could not write the plan comment: ${(err as Error).message}`);
    }
  }
  // A deny can't be cured by waiting or approving (a hold can): it fails the check like invalid input.
  const denied = requests.filter((r) => r.plan?.policy.verdict === 'deny').map((r) => r.path);
  return { valid: !hasErrors(result.diagnostics), denied };
}

/**
 * The open incident drafts the live state lists, asked for early (a round trip); a failure is the
 * live state's to say, never an unhandled rejection meanwhile.
 */
function readDrafts(github: GitHubPort, where: { owner: string; repo: string }): Promise<OpenIncident[]> {
  const drafts = import('../app/incidents/open-incidents.js').then((m) => m.githubDrafts(github, where, 100));
  drafts.catch(() => undefined);
  return drafts;
}

/**
 * The requests' live state, read with the kubeconfig input only (the workflow gives the plan job
 * read-only credentials, INTENTOPS_OBSERVE_KUBECONFIG, or none): never a kubeconfig that happens
 * to be on the runner. Without one the comment says the cluster was not read.
 */
async function liveOf(
  inputs: ActionInputs,
  github: GitHubPort | undefined,
  requests: PlannedRequest[],
  now: Date,
  drafts: Promise<OpenIncident[]> | undefined,
): Promise<LiveReport | undefined> {
  if (!requests.some((r) => r.plan)) return undefined;
  const { readLive, clusterOf } = await import('../app/plan/live-state.js');
  const { createObservers } = await import('../app/shared/providers.js');
  const config = observerConfig(inputs);
  const observers = createObservers(config, 5_000);
  const cluster = inputs.kubeconfigPath
    ? // The comment is public on the PR: the context's name, not the API server's address.
      await clusterOf(requests, observers, (t) => `the kubeconfig input, context ${t.context}`)
    : {
        noCluster:
          'the plan job has no read-only kubeconfig (give the action the kubeconfig input, e.g. secrets.INTENTOPS_OBSERVE_KUBECONFIG)',
      };
  const where = { owner: inputs.owner, repo: inputs.repo };
  const report = await readLive(requests, {
    repoDir: inputs.repoPath,
    now,
    ...cluster,
    ...(config.prometheusUrl ? { observers } : {}),
    incidents: async () => {
      if (drafts) return drafts;
      const { githubDrafts, localDrafts } = await import('../app/incidents/open-incidents.js');
      return github ? githubDrafts(github, where, 100) : localDrafts(inputs.repoPath);
    },
  });
  core.info(report.looked ? `live state read (${report.from})` : `live state not read: ${report.why}`);
  return report;
}
