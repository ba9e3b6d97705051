import * as core from '../adapters/actions-runner.js';
import { Git } from '../adapters/git.js';
import { publish } from '../adapters/git-publish.js';
import { DEFAULT_RETENTION, prune } from '../app/audit/prune.js';
import { BOT_IDENTITY } from '../domain/bot/bot-identity.js';
import { durationSeconds } from '../domain/schemas/common.js';
import type { ActionInputs } from './inputs.js';
import { cell, markdownTable, writeSummary } from './summary.js';

// `command: prune` (the weekly workflow): records past the retention into rollups, committed and
// pushed the way execute publishes records, so a race with an execute job is rebased and retried.

export async function pruneAction(inputs: ActionInputs): Promise<void> {
  const retention = inputs.retention ?? DEFAULT_RETENTION;
  let retentionS: number;
  try {
    retentionS = durationSeconds(retention);
  } catch {
    throw new Error(`input 'retention' must be a duration like 30d, got '${retention}'`);
  }
  const res = await prune({ repoDir: inputs.repoPath, now: new Date(), retentionS, dryRun: inputs.dryRun });
  for (const r of res.rollups) core.info(`${r.path}: +${r.added} (${r.total} in all)`);
  for (const k of res.kept) core.warning(`kept ${k.path}: ${k.reason}`);
  core.setOutput('status', res.pruned.length ? 'pruned' : 'skipped');
  core.info(
    `${res.dryRun ? 'would move' : 'moved'} ${res.pruned.length} record(s) older than ${res.cutoff}, and ${res.claims.length} claim(s) with them`,
  );
  if (res.pruned.length && !res.dryRun) {
    const git = new Git(inputs.repoPath);
    await git.configureIdentity(BOT_IDENTITY.name, BOT_IDENTITY.email);
    const branch = (await git.currentBranch()) ?? 'main';
    const published = await publish(git, {
      paths: ['executions'],
      message: `intentops: prune ${res.pruned.length} record(s) older than ${retention} into ${res.rollups.length} rollup(s)`,
      branch,
    });
    core.info(
      `rollups ${published.pushed ? `pushed as ${published.sha} after ${published.attempts} attempt(s)` : 'not pushed'}`,
    );
    if (!published.pushed)
      core.setFailed(`the pruned records could not be pushed: ${published.error ?? published.rejected}`);
  }
  await writeSummary(
    [
      `### intentops prune: ${res.dryRun ? 'would move' : 'moved'} ${res.pruned.length} record(s) older than ${retention}`,
      '',
      res.rollups.length
        ? markdownTable(
            ['rollup', 'added', 'entries'],
            res.rollups.map((r) => [cell(r.path), String(r.added), String(r.total)]),
          )
        : 'Nothing older than the retention.',
      ...res.kept.map((k) => `- kept \`${cell(k.path)}\`: ${cell(k.reason)}`),
    ].join('\n'),
  );
  if (res.kept.length) {
    core.setFailed(
      `${res.kept.length} old record(s) do not verify and were kept; run \`intentops audit verify\``,
    );
  }
}
