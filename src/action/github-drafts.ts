import * as core from '../adapters/actions-runner.js';
import { connectGitHub } from '../adapters/github/github-adapter.js';
import { githubDraftStore, IncidentIssues } from '../app/incidents/incident-issues.js';
import type { Stores } from '../app/records/stores.js';
import { recordPath } from '../domain/records/record.js';
import type { ActionInputs } from './inputs.js';

/**
 * Incident drafts as GitHub issues. The record is committed after its issues are written, so the
 * link names the branch the record is pushed to (its path never changes: records are not rewritten).
 */
export function githubDrafts(inputs: ActionInputs, branch: string): Stores['upsertDraft'] {
  const github = connectGitHub({ token: inputs.token, baseUrl: inputs.apiUrl, log: (m) => core.info(m) });
  const issues = new IncidentIssues(github, {
    owner: inputs.owner,
    repo: inputs.repo,
    log: (m) => core.info(m),
  });
  return githubDraftStore(
    issues,
    (record) =>
      `${inputs.serverUrl}/${inputs.owner}/${inputs.repo}/blob/${encodeURIComponent(branch)}/${recordPath(record)}`,
  );
}
