import * as core from '../adapters/actions-runner.js';
import { Git } from '../adapters/git.js';
import { publish } from '../adapters/git-publish.js';
import { connectGitHub } from '../adapters/github/github-adapter.js';
import { DASHBOARD_LOG, refreshDashboard } from '../app/dashboard/dashboard-issue.js';
import { ApiCallCounter } from '../app/shared/github-calls.js';
import { BOT_IDENTITY } from '../domain/bot/bot-identity.js';
import type { ActionInputs } from './inputs.js';

// After a run (opt-in: input `dashboard: true` or `dashboard: true` in intents/notify.yaml): the
// dashboard issue brought up to date. It never fails the run: a problem is a warning, and the next
// run tries again.

/** Called only when `dashboardWanted` (dashboard-opt-in.ts) says so. */
export async function dashboardAfterRun(inputs: ActionInputs): Promise<void> {
  if (!inputs.token) {
    core.warning('dashboard: no github-token, the dashboard issue is not updated');
    return;
  }
  const calls = new ApiCallCounter();
  try {
    const repoUrl = `${inputs.serverUrl}/${inputs.owner}/${inputs.repo}`;
    const outcome = await refreshDashboard({
      github: connectGitHub({ token: inputs.token, baseUrl: inputs.apiUrl, log: (m) => core.info(m) }),
      owner: inputs.owner,
      repo: inputs.repo,
      repoDir: inputs.repoPath,
      now: new Date(),
      links: { repoUrl },
      calls,
      log: (m) => core.warning(m),
    });
    core.info(`dashboard: issue #${outcome.issue} ${outcome.status} (${calls.total} API call(s))`);
    core.setOutput('dashboard-issue', String(outcome.issue));
    if (outcome.status === 'unchanged') return;
    // What was published is the bot's evidence like its other logs: the next run compares with it.
    const git = new Git(inputs.repoPath);
    await git.configureIdentity(BOT_IDENTITY.name, BOT_IDENTITY.email);
    const branch = (await git.currentBranch()) ?? process.env.GITHUB_REF_NAME ?? 'main';
    const pushed = await publish(git, {
      paths: [DASHBOARD_LOG],
      message: `intentops: dashboard issue #${outcome.issue} ${outcome.status}`,
      branch,
    });
    if (!pushed.pushed)
      core.warning(
        `dashboard: ${DASHBOARD_LOG} could not be pushed (${pushed.error ?? pushed.rejected}): the next run updates the issue once more`,
      );
  } catch (err) {
    core.warning(`dashboard: not updated (${calls.total} API call(s)): ${(err as Error).message}`);
  }
}
