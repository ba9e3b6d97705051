import { readFile } from 'node:fs/promises';
import * as core from '@actions/core';
import { parse } from 'yaml';
import { Git } from '../adapters/git.js';
import { changedFiles, commitTime } from '../adapters/git-diff.js';
import { publish } from '../adapters/git-publish.js';
import { createOctokit, type GitHubClient } from '../adapters/github-client.js';
import { RecordStore } from '../adapters/record-store.js';
import { afterRun } from '../app/after-run/index.js';
import { prFacts, prForCommit, proposerTeams } from '../app/pr-facts.js';
import { realPorts } from '../app/real-ports.js';
import { runRequest } from '../app/run-request.js';
import { describeApprovals } from '../domain/approvals.js';
import { executionId } from '../domain/record.js';
import type { ExecutionRecord } from '../domain/schemas/record.js';
import { deniedMarker, renderDeniedComment } from './denied-comment.js';
import { githubDrafts } from './github-drafts.js';
import type { ActionInputs } from './inputs.js';
import { observerConfig } from './observers.js';
import { upsertStickyComment } from './sticky-comment.js';
import { recordLink, resultsTable, writeSummary } from './summary.js';

// On a push to main: run each request the push added, once. The execution id comes from the request
// file and the merge commit, so a re-run or a re-delivered event finds the record and skips. Records
// are committed back (racing pushes are rebased and retried); the job fails after that when an
// intent failed.

interface PushEvent {
  before: string;
  after: string;
  ref: string;
}

const ZERO = /^0+$/;

export interface MergeResult {
  path: string;
  status: ExecutionRecord['status'] | 'skipped';
  record?: ExecutionRecord;
  recordPath?: string;
}

/** The id a request gets on this merge: same file + same commit → same id, whenever it runs. */
async function idFor(repo: string, path: string, after: string): Promise<string> {
  const request = parse(await readFile(`${repo}/${path}`, 'utf8')) as {
    intent?: string;
    params?: Record<string, unknown>;
  };
  const target = request.params?.app ?? request.params?.target ?? request.params?.name;
  return executionId({
    at: await commitTime(repo, after),
    intent: String(request.intent ?? 'unknown'),
    ...(typeof target === 'string' ? { target } : {}),
    unique: `${path}\u0000${after}`,
  });
}

interface MergeFacts {
  pr?: number;
  approvals: number;
  approvalDetail: string;
  approvalsFrom?: { approvers: string[]; headSha: string; pr: number };
  proposer?: string;
  proposerTeams?: string[];
}

/**
 * The policies are enforced again on the merge: the merge commit's PR gives the approvals and the
 * proposer, counted now, so an admin merge past the plan's checks runs nothing it would not allow.
 * No PR (a direct push to the branch) or no token means no approvals: 0, so a policy that requires
 * approvals denies — fail closed. A GitHub error propagates: the job fails before anything runs and
 * a re-run (same execution ids) tries again.
 */
async function mergeFacts(
  octokit: GitHubClient | undefined,
  inputs: ActionInputs,
  sha: string,
): Promise<MergeFacts> {
  if (!octokit) return { approvals: 0, approvalDetail: 'no token to read the pull request: counted as 0' };
  const repo = { owner: inputs.owner, repo: inputs.repo };
  const pull = await prForCommit(octokit, { ...repo, sha });
  if (!pull) {
    core.warning(`${sha.slice(0, 7)} came from no pull request (a direct push): approvals count as 0`);
    return { approvals: 0, approvalDetail: 'a direct push, no pull request: counted as 0' };
  }
  const facts = await prFacts(octokit, { ...repo, number: pull.number }, pull);
  core.info(`#${pull.number} by ${facts.author}: ${describeApprovals(facts.approvals)}`);
  const teams = facts.author ? await proposerTeams(octokit, inputs.repoPath, facts.author) : [];
  return {
    pr: pull.number,
    approvals: facts.approvals.count,
    approvalDetail: describeApprovals(facts.approvals),
    approvalsFrom: { approvers: facts.approvals.approvers, headSha: facts.headSha, pr: pull.number },
    ...(facts.author ? { proposer: facts.author } : {}),
    ...(teams.length ? { proposerTeams: teams } : {}),
  };
}

export async function executeMerge(inputs: ActionInputs): Promise<MergeResult[]> {
  const event = JSON.parse(await readFile(inputs.eventPath, 'utf8')) as PushEvent;
  if (!event.after) throw new Error(`command 'execute' needs a push event, got ${inputs.eventName}`);
  const branch = event.ref.replace(/^refs\/heads\//, '');
  const added = ZERO.test(event.before)
    ? []
    : (await changedFiles(inputs.repoPath, event.before, event.after, false))
        .filter((f) => f.status === 'A' && /^intents\/requests\/.+\.ya?ml$/.test(f.path))
        .map((f) => f.path);
  if (ZERO.test(event.before)) core.warning('a new branch: requests already on it are not executed');
  const records = new RecordStore(inputs.repoPath);
  const drafts = inputs.token ? githubDrafts(inputs, branch) : undefined;
  const octokit = inputs.token
    ? createOctokit({ token: inputs.token, baseUrl: inputs.apiUrl, log: (m) => core.info(m) })
    : undefined;
  let facts: MergeFacts | undefined;
  const results: MergeResult[] = [];
  for (const path of added) {
    const id = await idFor(inputs.repoPath, path, event.after);
    const existing = await records.findById(id);
    if (existing) {
      core.info(`${path}: already executed as ${id} (${existing}); skipping`);
      results.push({ path, status: 'skipped', recordPath: existing });
      continue;
    }
    if (inputs.dryRun) {
      core.info(`${path}: would execute as ${id} (dry run)`);
      results.push({ path, status: 'skipped' });
      continue;
    }
    facts ??= await mergeFacts(octokit, inputs, event.after);
    const pr = facts;
    const { record, path: recordPath } = await core.group(`execute ${path}`, () =>
      runRequest(
        {
          approvals: pr.approvals,
          approvalDetail: pr.approvalDetail,
          ...(pr.approvalsFrom ? { approvalsFrom: pr.approvalsFrom } : {}),
          ...(pr.proposer ? { proposer: pr.proposer } : {}),
          ...(pr.proposerTeams ? { proposerTeams: pr.proposerTeams } : {}),
          repoDir: inputs.repoPath,
          requestPath: path,
          toolVersion: process.env.npm_package_version ?? 'action',
          env: process.env,
          id,
          ...(drafts ? { upsertDraft: drafts } : {}),
        },
        realPorts((l) => core.info(l), observerConfig(inputs)),
      ),
    );
    results.push({ path, status: record.status, record, recordPath });
    // The record is on disk: annotations, metrics and alerts now, never fatal (their log is published).
    await afterRun({
      repoDir: inputs.repoPath,
      record,
      links: { record: recordLink(inputs, recordPath), ...(inputs.runUrl ? { run: inputs.runUrl } : {}) },
      env: process.env,
      log: (l) => (l.startsWith('✖') ? core.warning(l) : core.info(l)),
    });
    if (record.status === 'denied' && octokit && pr.pr !== undefined) {
      await commentDenied(octokit, inputs, pr.pr, { path, record, recordPath });
    }
  }
  const ran = results.filter((r) => r.record);
  if (ran.length) {
    const git = new Git(inputs.repoPath);
    await git.configureIdentity(
      'github-actions[bot]',
      '41898282+github-actions[bot]@users.noreply.github.com',
    );
    const published = await publish(git, {
      paths: ['executions', 'incidents'],
      message: `intentops: record ${ran.map((r) => r.record?.id).join(', ')}`,
      branch,
    });
    core.info(
      `records ${published.pushed ? `pushed as ${published.sha} after ${published.attempts} attempt(s)` : 'not pushed'}`,
    );
    if (!published.pushed) {
      core.setFailed(
        `the execution records could not be pushed (${published.error ?? published.rejected}); they are in the job's workspace: ${ran.map((r) => r.recordPath).join(', ')}`,
      );
    }
  }
  await writeSummary(resultsTable(results, inputs));
  core.setOutput('execution-ids', ran.map((r) => r.record?.id).join(','));
  core.setOutput('anomalies', String(ran.reduce((n, r) => n + (r.record?.anomalies.length ?? 0), 0)));
  core.setOutput(
    'incident-issues',
    ran.flatMap((r) => r.record?.drafts.map((d) => d.path.split('/').pop()) ?? []).join(','),
  );
  const failed = results.filter(
    (r) => r.status === 'failed' || r.status === 'denied' || r.status === 'cancelled',
  );
  const denied = failed.length > 0 && failed.every((r) => r.status === 'denied');
  core.setOutput('status', denied ? 'denied' : failed.length ? 'failed' : ran.length ? 'success' : 'skipped');
  if (failed.length)
    core.setFailed(
      `${failed.length} intent(s) did not succeed: ${failed.map((f) => `${f.path} (${f.status})`).join(', ')}`,
    );
  return results;
}

/** Says on the merged PR why its request did not run. A failure to comment does not hide the record. */
async function commentDenied(
  octokit: GitHubClient,
  inputs: ActionInputs,
  pr: number,
  denied: { path: string; record: ExecutionRecord; recordPath: string },
): Promise<void> {
  try {
    const where = { owner: inputs.owner, repo: inputs.repo, issue_number: pr };
    const body = renderDeniedComment(denied);
    const sticky = await upsertStickyComment(octokit, where, deniedMarker(denied.record.id), body);
    core.info(`denied comment on #${pr} ${sticky.action} (${sticky.id})`);
  } catch (err) {
    core.warning(`could not comment on #${pr}: ${(err as Error).message}`);
  }
}
