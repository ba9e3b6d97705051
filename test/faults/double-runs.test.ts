import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOctokit } from '../../src/adapters/github/client.js';
import { type GitHubDouble, startGitHubDouble } from '../helpers/github-double.js';

// The double answers for the workflow runs a fault scenario registers: a killed job's run is
// `completed`, so the next job settles its claim instead of waiting on it forever.

let double: GitHubDouble;
beforeAll(async () => {
  double = await startGitHubDouble();
});
afterAll(async () => {
  await double.stop();
});

describe('the GitHub double models workflow runs', () => {
  it('answers a registered run as GitHub describes it, and an unknown one 501 as before', async () => {
    double.state.workflowRuns.set(77, { id: 77, attempt: 2, status: 'completed', conclusion: 'failure' });
    const octokit = createOctokit({ token: 'ghs_x', baseUrl: double.url });
    const { data } = await octokit.rest.actions.getWorkflowRun({ owner: 'acme', repo: 'gitops', run_id: 77 });
    expect([data.status, data.run_attempt]).toEqual(['completed', 2]);
    await expect(
      octokit.rest.actions.getWorkflowRun({
        owner: 'acme',
        repo: 'gitops',
        run_id: 78,
        request: { retries: 0 },
      }),
    ).rejects.toMatchObject({ status: 501 });
    expect(double.requests.filter((r) => r.responseProblems)).toEqual([]);
  });
});
