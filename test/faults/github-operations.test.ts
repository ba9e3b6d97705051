import { describe, expect, it } from 'vitest';
import { adapterOperations, GRAPHQL, operationsIn, unmetOperations } from './github-operations.js';

// The sweep's "GitHub operations no probed job meets" line is only as good as this derivation.

describe('the GitHub operations the adapter calls', () => {
  it('maps each rest.scope.method to its route, once, and GraphQL to a line of its own', () => {
    const source = `
      await rest.teams.getMembershipForUserInOrg({ org, team_slug, username });
      octokit.paginate.iterator(rest.pulls.list, q); await rest.pulls.list(q);
      await octokit.graphql(PIN_ISSUE, { id });`;
    expect(operationsIn(source)).toEqual([
      'GET /orgs/{org}/teams/{team_slug}/memberships/{username}',
      'GET /repos/{owner}/{repo}/pulls',
      GRAPHQL,
    ]);
  });

  it('refuses a method Octokit does not have', () => {
    expect(() => operationsIn('rest.pulls.frobnicate({})')).toThrow('Octokit has no rest.pulls.frobnicate');
  });

  it('names the operations no met call covers; any GraphQL root field meets GraphQL', () => {
    const ops = ['GET /repos/{owner}/{repo}', 'PATCH /repos/{owner}/{repo}/pulls/{pull_number}', GRAPHQL];
    expect(unmetOperations(ops, ['GET /repos/{owner}/{repo}'])).toEqual([
      'PATCH /repos/{owner}/{repo}/pulls/{pull_number}',
      GRAPHQL,
    ]);
    expect(unmetOperations(ops, [...ops.slice(0, 2), `${GRAPHQL} pinIssue`])).toEqual([]);
  });

  it('meets a route however the description spells its parameters, never a literal segment', () => {
    const compare = 'GET /repos/{owner}/{repo}/compare/{basehead}';
    expect(unmetOperations([compare], ['GET /repos/{owner}/{repo}/compare/{base}...{head}'])).toEqual([]);
    const issue = 'GET /repos/{owner}/{repo}/issues/{issue_number}';
    expect(unmetOperations([issue], ['GET /repos/{owner}/{repo}/issues/comments'])).toEqual([issue]);
    expect(unmetOperations([issue], ['PATCH /repos/{owner}/{repo}/issues/{issue_number}'])).toEqual([issue]);
  });

  it('reads the real adapter: every call it can make, each route GitHub names', () => {
    const ops = adapterOperations();
    expect(ops).toContain('GET /orgs/{org}/teams/{team_slug}/memberships/{username}');
    expect(ops).toContain('PATCH /repos/{owner}/{repo}/git/refs/{ref}');
    expect(ops).toContain('GET /repos/{owner}/{repo}/actions/runs/{run_id}');
    expect(ops).toContain(GRAPHQL);
    expect(ops.length).toBeGreaterThanOrEqual(28);
  });
});
