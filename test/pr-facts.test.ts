import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOctokit } from '../src/adapters/github-client.js';
import { teamsOf } from '../src/app/pr-facts.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';

let double: GitHubDouble;
beforeAll(async () => {
  double = await startGitHubDouble();
  double.state.teamMembers.set('acme/sre', new Set(['carol']));
});
afterAll(async () => {
  await double.stop();
});

describe('teamsOf', () => {
  it('asks GitHub for each team the policies name; 404 means not a member', async () => {
    const gh = createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' });
    expect(await teamsOf(gh, 'carol', ['acme/sre', 'acme/interns'])).toEqual(['acme/sre']);
    expect(await teamsOf(gh, 'mallory', ['acme/sre'])).toEqual([]);
    const calls = double.requests.filter(
      (r) => r.template === '/orgs/{org}/teams/{team_slug}/memberships/{username}',
    );
    expect(calls.map((c) => c.status)).toEqual([200, 404, 404]);
    expect(double.rejected()).toEqual([]);
  });
});
