import { resolve } from 'node:path';
import * as core from '../adapters/actions-runner.js';
import { connectGitHub } from '../adapters/github/github-adapter.js';
import { writeReportSite } from '../adapters/report-site.js';
import { buildReport } from '../app/report/build-report.js';
import { resolveRepoLinks } from '../app/report/repo-links.js';
import { readScorecardFacts } from '../app/report/scorecard.js';
import { incidentFacts, startListing } from '../app/report/scorecard-github.js';
import { CHART_SCRIPT } from '../domain/report/index-page.js';
import { durationSeconds } from '../domain/schemas/common.js';
import type { ActionInputs } from './inputs.js';
import { writeSummary } from './summary.js';

// `command: report`: the static execution report (what `intentops report` writes) into the `out`
// folder, for actions/upload-pages-artifact in the same job. A GitOps repository has no npm install.

export function sinceInput(since: string | undefined, now: Date): Date | undefined {
  if (!since) return undefined;
  try {
    return new Date(now.getTime() - durationSeconds(since) * 1000);
  } catch {
    throw new Error(`input 'since' must be a duration like 30d, got '${since}'`);
  }
}

export async function reportAction(inputs: ActionInputs): Promise<void> {
  const now = new Date();
  const since = sinceInput(inputs.since, now);
  const out = resolve(inputs.out ?? 'site');
  // On a runner GITHUB_REPOSITORY and GITHUB_SHA are set: record paths link to that commit's files.
  const links = await resolveRepoLinks({ repoDir: inputs.repoPath, outDir: out });
  // The scorecard's incident row: the issues, when the token may read them (nothing is written).
  // The listing runs while the records are read; the facts then serve the report's scorecard too.
  const gh = inputs.token
    ? {
        github: connectGitHub({ token: inputs.token, baseUrl: inputs.apiUrl, log: (m) => core.info(m) }),
        owner: inputs.owner,
        repo: inputs.repo,
      }
    : undefined;
  const listing = gh ? startListing(inputs.repoPath, gh) : undefined;
  const facts = gh ? await readScorecardFacts(inputs.repoPath) : undefined;
  const issues = gh && facts ? await incidentFacts(inputs.repoPath, facts, gh, listing) : undefined;
  const site = await buildReport({
    repoDir: inputs.repoPath,
    now,
    links,
    ...(since ? { since } : {}),
    ...(issues ? { issues } : {}),
    ...(facts ? { facts } : {}),
  });
  const files = await writeReportSite(out, site.pages, CHART_SCRIPT);
  for (const s of site.skipped) core.warning(`skipped ${s.path}: ${s.reason}`);
  core.setOutput('status', 'written');
  core.setOutput('report-path', out);
  core.info(`wrote ${files.length} files to ${out} (${site.model.executions.length} executions)`);
  await writeSummary(
    `### intentops report: ${site.model.executions.length} execution(s), ${files.length} file(s)${site.skipped.length ? `, ${site.skipped.length} skipped` : ''}`,
  );
}
