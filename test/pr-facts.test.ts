import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOctokit } from '../src/adapters/github/client.js';
import { githubPort } from '../src/adapters/github/github-adapter.js';
import { teamsOf } from '../src/app/shared/pr-facts.js';
import { hasWriteAccess, repoAccess } from '../src/app/shared/write-access.js';
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
    const gh = githubPort(createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' }));
    expect(await teamsOf(gh, 'carol', ['acme/sre', 'acme/interns'])).toEqual(['acme/sre']);
    expect(await teamsOf(gh, 'mallory', ['acme/sre'])).toEqual([]);
    const calls = double.requests.filter(
      (r) => r.template === '/orgs/{org}/teams/{team_slug}/memberships/{username}',
    );
    expect(calls.map((c) => c.status)).toEqual([200, 404, 404]);
    expect(double.rejected()).toEqual([]);
  });
});

describe('hasWriteAccess', () => {
  it('write, maintain and admin may write; read, triage and a non-collaborator (404) may not; one call per login per run', async () => {
    const s = double.state;
    s.grant({ login: 'Alice', id: 11, type: 'User' }, 'write');
    s.grant({ login: 'mo', id: 12, type: 'User' }, 'maintain');
    s.grant({ login: 'root', id: 13, type: 'User' }, 'admin');
    s.grant({ login: 'rita', id: 14, type: 'User' }, 'read');
    s.grant({ login: 'tim', id: 15, type: 'User' }, 'triage');
    const gh = githubPort(createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' }));
    const repo = { owner: 'acme', repo: 'gitops' };
    const logins = ['Alice', 'mo', 'root', 'rita', 'tim', 'nobody'];
    const first = await Promise.all(logins.map((l) => hasWriteAccess(gh, repo, l)));
    expect(first).toEqual([true, true, true, false, false, false]);
    // Again, with another spelling of a login: answered from the run's cache.
    expect(await hasWriteAccess(gh, repo, 'alice')).toBe(true);
    expect(await repoAccess(gh, repo, 'tim')).toEqual({ write: false, role: 'triage' });
    const calls = double.requests.filter(
      (r) => r.template === '/repos/{owner}/{repo}/collaborators/{username}/permission',
    );
    expect(calls.map((c) => c.status)).toEqual([200, 200, 200, 200, 200, 404]);
    // Another run (another client) asks again: a role can change between runs.
    const next = githubPort(createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' }));
    s.grant({ login: 'rita', id: 14, type: 'User' }, 'write');
    expect(await hasWriteAccess(next, repo, 'rita')).toBe(true);
    expect(double.rejected()).toEqual([]);
  });

  it('an error other than 404 propagates and is not cached', async () => {
    const gh = githubPort(createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' }));
    const repo = { owner: 'acme', repo: 'gitops' };
    double.failNext('get', '/repos/{owner}/{repo}/collaborators/{username}/permission', 403, {
      message: 'Resource not accessible by integration',
    });
    await expect(hasWriteAccess(gh, repo, 'mo')).rejects.toMatchObject({ status: 403 });
    expect(await hasWriteAccess(gh, repo, 'mo')).toBe(true);
  });
});
