import { readFile } from 'node:fs/promises';
import * as core from '@actions/core';
import { parse } from 'yaml';
import { Git } from '../adapters/git.js';
import { changedFiles, commitTime } from '../adapters/git-diff.js';
import { publish } from '../adapters/git-publish.js';
import { RecordStore } from '../adapters/record-store.js';
import { realPorts } from '../app/real-ports.js';
import { runRequest } from '../app/run-request.js';
import { executionId } from '../domain/record.js';
import type { ExecutionRecord } from '../domain/schemas/record.js';
import { githubDrafts } from './github-drafts.js';
import type { ActionInputs } from './inputs.js';
import { observerConfig } from './observers.js';
import { resultsTable } from './summary.js';

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
    const { record, path: recordPath } = await core.group(`execute ${path}`, () =>
      runRequest(
        {
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
  await core.summary.addRaw(resultsTable(results, inputs), true).write();
  core.setOutput('execution-ids', ran.map((r) => r.record?.id).join(','));
  core.setOutput('anomalies', String(ran.reduce((n, r) => n + (r.record?.anomalies.length ?? 0), 0)));
  core.setOutput(
    'incident-issues',
    ran.flatMap((r) => r.record?.drafts.map((d) => d.path.split('/').pop()) ?? []).join(','),
  );
  const failed = results.filter(
    (r) => r.status === 'failed' || r.status === 'denied' || r.status === 'cancelled',
  );
  core.setOutput('status', failed.length ? 'failed' : ran.length ? 'success' : 'skipped');
  if (failed.length)
    core.setFailed(
      `${failed.length} intent(s) did not succeed: ${failed.map((f) => `${f.path} (${f.status})`).join(', ')}`,
    );
  return results;
}
