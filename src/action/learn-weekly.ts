import * as core from '../adapters/actions-runner.js';
import { Git } from '../adapters/git.js';
import { publish } from '../adapters/git-publish.js';
import { connectGitHub } from '../adapters/github/github-adapter.js';
import { writeLearnReport } from '../adapters/ledger-store.js';
import { DEFAULT_METRICS_DAYS, readDeliveryMetrics } from '../app/audit/delivery-metrics.js';
import { BOT_ONLY } from '../app/learn/evidence-origin.js';
import { learn } from '../app/learn/learn.js';
import { learnToGitHub } from '../app/learn/run-github.js';
import { scorecardRows } from '../app/report/scorecard-github.js';
import { BOT_IDENTITY } from '../domain/bot/bot-identity.js';
import { rejectionLines } from '../domain/learn/provenance.js';
import { runReport, velocityLine } from '../domain/learn/report.js';
import { metricsMarkdown } from '../domain/metrics/render.js';
import { scorecardMarkdown } from '../domain/metrics/scorecard-render.js';
import type { ActionInputs } from './inputs.js';
import { writeSummary } from './summary.js';

// The weekly learning run: suggestions as PRs (with a PAT or App token their checks run; PRs opened
// with GITHUB_TOKEN start no workflows), then the ledger and the week's report committed and pushed.

/**
 * The delivery metrics of the last 30 days for the job summary: humans beside agents, the figures a
 * team lead reads weekly. A failure to read them is a warning; learning goes on.
 */
async function deliveryForSummary(repoDir: string, now: Date): Promise<string> {
  try {
    const { metrics } = await readDeliveryMetrics({ repoDir, now });
    return `\n\n${metricsMarkdown(metrics, { heading: '## Delivery metrics (last 30 days)' })}\n`;
  } catch (err) {
    core.warning(`delivery metrics not shown: ${(err as Error).message}`);
    return '';
  }
}

/**
 * The scorecard of the last 30 days as a table, after the ledger was written (learning velocity
 * reads it). The incident issues are counted when the token may read them; nothing is written.
 */
async function scorecardForSummary(inputs: ActionInputs, now: Date): Promise<string> {
  try {
    const rows = await scorecardRows({
      repoDir: inputs.repoPath,
      since: new Date(now.getTime() - DEFAULT_METRICS_DAYS * 86_400_000),
      now,
      github: inputs.token
        ? {
            github: connectGitHub({ token: inputs.token, baseUrl: inputs.apiUrl, log: (m) => core.info(m) }),
            owner: inputs.owner,
            repo: inputs.repo,
          }
        : undefined,
    });
    return `\n\n${scorecardMarkdown(rows, '## Scorecard (last 30 days)')}\n`;
  } catch (err) {
    core.warning(`scorecard not shown: ${(err as Error).message}`);
    return '';
  }
}

export async function learnWeekly(inputs: ActionInputs): Promise<void> {
  const now = new Date();
  const delivery = deliveryForSummary(inputs.repoPath, now);
  // The repository is open to pull requests: only what the bot itself committed is evidence.
  const result = await learn(inputs.repoPath, { now, trust: BOT_ONLY });
  core.info(
    `learn: ${result.counted.executions} execution(s), ${result.counted.anomalies} anomalies, ${result.counted.notes} manual note(s); ${result.suggestions.length} suggestion(s)`,
  );
  for (const l of rejectionLines(result.rejected)) core.warning(`evidence not counted: ${l}`);
  for (const k of result.skipped) core.info(`  no change for ${k.key}: ${k.reason}`);
  if (inputs.dryRun || !inputs.token) {
    if (!inputs.token) core.warning('no github-token: suggestions are listed, no PR is opened');
    await writeSummary(
      runReport(
        now,
        result.suggestions.map((s) => ({ ...s, outcome: 'dry run' })),
        result.skipped,
        result.rejected,
      ) +
        (await delivery) +
        (await scorecardForSummary(inputs, now)),
    );
    core.setOutput('status', 'dry-run');
    return;
  }
  const github = connectGitHub({ token: inputs.token, baseUrl: inputs.apiUrl, log: (m) => core.info(m) });
  const { published, ledgerPath, entries } = await learnToGitHub(
    inputs.repoPath,
    result,
    {
      github,
      owner: inputs.owner,
      repo: inputs.repo,
      serverUrl: inputs.serverUrl,
      log: (l) => core.info(l),
    },
    now,
  );
  const outcomeOf = new Map(published.map((p) => [p.id, p.outcome]));
  const report = runReport(
    now,
    result.suggestions.map((s) => ({ ...s, outcome: outcomeOf.get(s.id) ?? '' })),
    result.skipped,
    result.rejected,
  );
  const reportPath = await writeLearnReport(inputs.repoPath, now, report);

  const git = new Git(inputs.repoPath);
  await git.configureIdentity(BOT_IDENTITY.name, BOT_IDENTITY.email);
  const branch = (await git.currentBranch()) ?? process.env.GITHUB_REF_NAME ?? 'main';
  const pushed = await publish(git, {
    paths: [ledgerPath, reportPath],
    message: `intentops: learning ledger ${now.toISOString().slice(0, 10)}`,
    branch,
  });
  if (!pushed.pushed) {
    core.setFailed(
      `the learning ledger could not be pushed (${pushed.error ?? pushed.rejected}); it is in the job's workspace: ${ledgerPath}`,
    );
  }
  // How fast suggestions become decisions, from the ledger just written: the seed's criterion.
  await writeSummary(
    `${report}\n${velocityLine(entries)}\n${await delivery}${await scorecardForSummary(inputs, now)}`,
  );
  core.setOutput('status', 'learned');
  core.setOutput('suggestions', published.flatMap((p) => (p.pr === undefined ? [] : [p.pr])).join(','));
}
