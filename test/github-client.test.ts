import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOctokit, type GitHubClient } from '../src/adapters/github/client.js';
import { type GitHubDouble, rateLimitHeaders, startGitHubDouble } from './helpers/github-double.js';

/** createOctokit's plugins, proven against the GitHub double's injected faults. */

const TOKEN = 'ghs_clientTestToken1234567890';
const repo = { owner: 'acme', repo: 'gitops' };
const ISSUES = '/repos/{owner}/{repo}/issues';
const COMMENTS = '/repos/{owner}/{repo}/issues/{issue_number}/comments';

let double: GitHubDouble;
let gh: GitHubClient;
let logged: string[];

beforeEach(async () => {
  double = await startGitHubDouble();
  logged = [];
  gh = createOctokit({
    token: TOKEN,
    baseUrl: `${double.url}/`,
    pacing: 'none',
    retryBaseMs: 5,
    log: (m) => logged.push(m),
  });
});
afterEach(async () => {
  await double.stop();
});

/** What Octokit throws for an HTTP error answer (its RequestError). */
type HttpError = Error & { status: number; response?: { data: unknown } };

async function failure(p: Promise<unknown>): Promise<HttpError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toMatchObject({ name: 'HttpError', status: expect.any(Number) });
  return err as HttpError;
}

const sent = (method: string, template: string) =>
  double.requests.filter((r) => r.method === method && r.template === template);

describe('createOctokit: retries', () => {
  it('re-sends a POST after a 502 (the double sees two requests, one issue exists)', async () => {
    double.failNext('POST', ISSUES, 502);
    const { data } = await gh.rest.issues.create({ ...repo, title: 'once' });
    expect(sent('POST', ISSUES).map((r) => [r.status, r.injected ?? false])).toEqual([
      [502, true],
      [201, false],
    ]);
    expect([data.number, double.state.issues.size]).toEqual([1, 1]);
    expect(double.requests[0]?.headers.authorization).toBe(`token ${TOKEN}`);
  });

  it('reproduces the duplicate a blind re-send makes when the 502 comes after the write', async () => {
    double.failNextAfterApply('POST', ISSUES, 502);
    await gh.rest.issues.create({ ...repo, title: 'twice' });
    expect(double.state.issues.size).toBe(2); // why creation must look up its marker before POSTing
  });

  it('does not re-send 4xx answers that cannot succeed', async () => {
    double.failNext('PUT', '/repos/{owner}/{repo}/contents/{path}', 409);
    const body = { ...repo, path: 'a.txt', message: 'm', content: 'YQ==' };
    expect((await failure(gh.rest.repos.createOrUpdateFileContents(body))).status).toBe(409);
    expect(double.requests).toHaveLength(1);
    expect(() => double.failNext('POST', '/repos/{owner}/{repo}/issue', 502)).toThrow(
      /description has no POST/,
    );
  });
});

describe('createOctokit: rate limits', () => {
  it('waits out a secondary rate limit (403 + retry-after: 1) and a primary one (x-ratelimit-reset)', async () => {
    await gh.rest.issues.create({ ...repo, title: 't' });
    double.failNext('POST', COMMENTS, 403, undefined, { 'retry-after': '1' });
    let started = Date.now();
    await gh.rest.issues.createComment({ ...repo, issue_number: 1, body: 'hi' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(sent('POST', COMMENTS).map((r) => r.status)).toEqual([403, 201]);

    // A reset 1 s ahead: GitHub gives it in whole seconds, so a reset in the current second is
    // already past when the response comes after the next second begins, and nothing is waited.
    double.failNext('GET', ISSUES, 429, undefined, rateLimitHeaders(1));
    started = Date.now();
    await gh.rest.issues.listForRepo(repo);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950); // reset + 1 s, as GitHub advises
    expect(sent('GET', ISSUES).map((r) => r.status)).toEqual([429, 200]);
    const log = logged.join('\n');
    expect(log).toMatch(/secondary rate limit on POST .*retrying in 1 s \(retry 1 of 2\)/);
    expect(log).toMatch(/GitHub rate limit on GET \/repos\/\{owner\}\/\{repo\}\/issues: retrying/);
    expect(log).not.toContain(TOKEN);
  });

  it('gives up after two rate-limit retries and says so', async () => {
    for (let n = 0; n < 3; n++) double.failNext('GET', ISSUES, 403, undefined, rateLimitHeaders(-60));
    expect((await failure(gh.rest.issues.listForRepo(repo))).status).toBe(403);
    expect(sent('GET', ISSUES)).toHaveLength(3);
    expect(logged.at(-1)).toMatch(/rate limit on GET .*giving up after 2 retries/);
  });

  it('treats a 403 without rate-limit signs as final', async () => {
    double.failNext('POST', ISSUES, 403);
    const err = await failure(gh.rest.issues.create({ ...repo, title: 't' }));
    expect(err.message).toContain('Resource not accessible by integration');
    expect(double.requests).toHaveLength(1);
  });
});

describe('createOctokit: pacing and input', () => {
  it('spaces writes by GitHub’s 1 s unless pacing is off', async () => {
    const paced = createOctokit({ token: TOKEN, baseUrl: double.url });
    let started = Date.now();
    await paced.rest.issues.createLabel({ ...repo, name: 'a', color: 'ffffff' });
    await paced.rest.issues.createLabel({ ...repo, name: 'b', color: 'ffffff' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    started = Date.now();
    await gh.rest.issues.createLabel({ ...repo, name: 'c', color: 'ffffff' });
    await gh.rest.issues.createLabel({ ...repo, name: 'd', color: 'ffffff' });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('refuses an empty token before any request', () => {
    expect(() => createOctokit({ token: ' ' })).toThrow(/token is empty/);
  });
});
