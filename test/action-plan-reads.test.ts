import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOctokit } from '../src/adapters/github/client.js';
import { runAction } from './helpers/action-runner.js';
import { baseFiles, request } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { writeFiles } from './helpers/repo.js';

// What a pull request waits for is mostly GitHub's round trips: the plan's reads (the reviews, the
// open incident drafts, the plan comment's look-up) are asked together, while git and validate work,
// not one after another. The double answers each request after a delay, as GitHub does from a runner,
// and counts how many were waiting at once; the count decides, never a duration.

let double: GitHubDouble;
let dir: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

beforeAll(async () => {
  double = await startGitHubDouble({ latencyMs: 150 });
  dir = await mkdtemp(join(tmpdir(), 'intentops-plan-reads-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 't');
  await writeFiles(dir, baseFiles());
  git('add', '-A');
  git('commit', '-qm', 'catalog');
  const gh = createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' });
  await gh.rest.issues.create({ owner: 'acme', repo: 'gitops', title: 'Restart web' });
});

afterAll(async () => {
  await double.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Plans a pull request adding `files` on top of main; the calls it made, sorted. */
async function planPr(files: Record<string, string>) {
  const base = git('rev-parse', 'main');
  git('checkout', '-q', '-B', 'pr', 'main');
  await writeFiles(dir, files);
  git('add', '-A');
  git('commit', '-qm', 'request');
  const head = git('rev-parse', 'HEAD');
  const before = double.requests.length;
  const r = await runAction({
    inputs: { command: 'plan', 'github-token': 'ghs_test', 'repo-path': dir, 'dry-run': 'false' },
    event: {
      number: 1,
      pull_request: {
        number: 1,
        base: { sha: base },
        head: { sha: head },
        user: { login: 'dev', type: 'User' },
      },
    },
    eventName: 'pull_request',
    sha: head,
    apiUrl: double.url,
    cwd: dir,
  });
  return {
    r,
    calls: double.requests
      .slice(before)
      .map((q) => `${q.method} ${q.path}`)
      .sort(),
  };
}

describe('action: plan on a pull request, GitHub a round trip away', () => {
  it('asks its reads together and makes no more calls than before', async () => {
    const { r, calls } = await planPr({ 'intents/requests/web.yaml': request({ app: 'web' }) });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // The same four calls as when they were asked one by one: nothing read twice.
    expect(calls).toEqual([
      'GET /repos/acme/gitops/issues',
      'GET /repos/acme/gitops/issues/1/comments',
      'GET /repos/acme/gitops/pulls/1/reviews',
      'POST /repos/acme/gitops/issues/1/comments',
    ]);
    // The reviews and the plan comment's look-up were waiting for GitHub at the same time.
    expect(double.maxInFlight()).toBeGreaterThanOrEqual(2);
    expect(double.rejected()).toEqual([]);
  });

  it('reads no incident drafts for a request without a plan (the live state is not shown)', async () => {
    const { r, calls } = await planPr({ 'intents/requests/odd.yaml': 'intent: nosuch\nreason: test\n' });
    expect(r.code).toBe(1);
    expect(calls).toEqual([
      'GET /repos/acme/gitops/issues/1/comments',
      'GET /repos/acme/gitops/pulls/1/reviews',
      // The plan comment the first test made, edited.
      expect.stringMatching(/^PATCH \/repos\/acme\/gitops\/issues\/comments\/\d+$/),
    ]);
    expect(double.rejected()).toEqual([]);
  });
});
