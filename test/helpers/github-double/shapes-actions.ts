import type { GitHubState, WorkflowRunRecord } from './model.js';
import { nodeId, repoJson } from './shapes.js';

/** A workflow run as `GET /repos/{owner}/{repo}/actions/runs/{run_id}` answers it (required fields). */
export function workflowRunJson(api: string, s: GitHubState, r: WorkflowRunRecord): Record<string, unknown> {
  const base = `${api}/repos/${s.owner}/${s.repo}/actions/runs/${r.id}`;
  const repo = repoJson(api, s);
  const sha = s.branchSha(s.defaultBranch) ?? '0'.repeat(40);
  const at = s.now();
  return {
    id: r.id,
    node_id: nodeId('WFR', r.id),
    name: 'execute',
    head_branch: s.defaultBranch,
    run_number: r.id,
    run_attempt: r.attempt,
    display_title: 'execute',
    event: 'push',
    status: r.status,
    conclusion: r.conclusion,
    head_sha: sha,
    path: '.github/workflows/execute.yml',
    workflow_id: 1,
    url: base,
    html_url: `https://github.com/${s.owner}/${s.repo}/actions/runs/${r.id}`,
    created_at: at,
    updated_at: at,
    head_commit: {
      id: sha,
      tree_id: sha,
      message: 'merge',
      timestamp: at,
      author: { name: 'dev', email: 'dev@example.com' },
      committer: { name: 'dev', email: 'dev@example.com' },
    },
    head_repository: repo,
    repository: repo,
    jobs_url: `${base}/jobs`,
    logs_url: `${base}/logs`,
    check_suite_url: `${api}/repos/${s.owner}/${s.repo}/check-suites/1`,
    cancel_url: `${base}/cancel`,
    rerun_url: `${base}/rerun`,
    artifacts_url: `${base}/artifacts`,
    workflow_url: `${api}/repos/${s.owner}/${s.repo}/actions/workflows/1`,
    pull_requests: [],
  };
}
