import * as core from '../adapters/actions-runner.js';
import { checkBotOwned } from '../app/audit/bot-owned.js';
import { auditVerify } from '../app/audit/verify.js';
import type { ActionInputs } from './inputs.js';
import { actionEnv } from './sealed-env.js';
import { cell, writeSummary } from './summary.js';

// `command: verify`: the audit trail checks a GitOps repository's CI needs, with no npm install.
// Always `audit verify` (record digests and the prev_digest chain); on a pull_request event also
// `audit bot-owned` (only the bot changes executions/, incidents/*.jsonl, learning/ledger.yaml),
// reading the PR's changes from the checkout at repo-path (fetch-depth: 0). The checker is the
// pinned action, so a pull request cannot change the check that judges it.

interface PullRequestEvent {
  pull_request?: { base?: { sha?: string }; head?: { sha?: string }; user?: { login?: string } };
}

export async function verifyAction(inputs: ActionInputs, event: PullRequestEvent): Promise<void> {
  const lines: string[] = [];
  const failures: string[] = [];
  const pr = event.pull_request;
  if (inputs.eventName === 'pull_request' && pr?.base?.sha && pr.head?.sha && pr.user?.login) {
    const bots = (actionEnv().INTENTOPS_BOT_LOGINS ?? '')
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean);
    const actor = process.env.GITHUB_ACTOR;
    const res = await checkBotOwned(inputs.repoPath, {
      base: pr.base.sha,
      head: pr.head.sha,
      author: pr.user.login,
      ...(actor ? { actor } : {}),
      bots,
    });
    for (const t of res.touched) {
      if (res.ok) core.info(`bot-owned ${JSON.stringify(t.path)} (${t.status}), changed by the bot`);
      else core.error(`${JSON.stringify(t.path)} (${t.status}) is bot-owned`, { file: t.path });
    }
    if (!res.ok) failures.push(`bot-owned: ${res.why}`);
    lines.push(
      res.ok
        ? `- bot-owned: ${res.touched.length ? `${res.touched.length} path(s), changed by the bot` : 'no bot-owned path changed'}`
        : `- bot-owned: ✖ ${cell(res.why ?? '')}`,
    );
  }
  const audit = await auditVerify(inputs.repoPath);
  for (const p of audit.problems) core.error(`${p.path}: ${p.kind}: ${p.message}`, { file: p.path });
  if (audit.problems.length) failures.push(`audit verify: ${audit.problems.length} problem(s)`);
  lines.push(
    `- audit verify: ${audit.records} record(s), ${audit.rollupEntries} rolled-up entr(ies): ${audit.problems.length} problem(s)`,
  );
  core.setOutput('status', failures.length ? 'failed' : 'verified');
  await writeSummary([`### intentops verify`, '', ...lines].join('\n'));
  if (failures.length) core.setFailed(failures.join('; '));
}
