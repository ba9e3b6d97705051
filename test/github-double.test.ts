import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOctokit, type GitHubClient } from '../src/adapters/github/client.js';
import { operationAt } from './helpers/github-double/spec.js';
import {
  type GitHubDouble,
  loadDescription,
  startGitHubDouble,
  validateBody,
  validateResponse,
} from './helpers/github-double.js';

const TOKEN = 'ghs_doubleTestToken1234567890';
const repo = { owner: 'acme', repo: 'gitops' };
const ISSUES = '/repos/{owner}/{repo}/issues';

let double: GitHubDouble;
let gh: GitHubClient;

beforeAll(() => {
  const { loadMs, operations } = loadDescription();
  console.info(`GitHub description: ${operations} operations read in ${loadMs} ms`);
});
beforeEach(async () => {
  double = await startGitHubDouble();
  gh = createOctokit({
    token: TOKEN,
    baseUrl: double.url,
    pacing: 'none',
    retryBaseMs: 5,
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

describe('the real Octokit against the double', () => {
  it('creates, labels, comments, updates, closes and finds issues by label', async () => {
    const marker = '<!-- intentops:fingerprint=abc123 -->';
    const { data: issue } = await gh.rest.issues.create({
      ...repo,
      title: 'Incident: error rate above 5%',
      body: `Timeline…\n${marker}`,
      labels: ['incident-draft', 'severity:P2'],
    });
    expect(issue.number).toBe(1);
    expect(issue.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual([
      'incident-draft',
      'severity:P2',
    ]);
    expect(issue.html_url).toBe('https://github.com/acme/gitops/issues/1');
    expect(issue.user?.login).toBe('github-actions[bot]');
    // Missing labels are created on the repository, as GitHub does for users with push access.
    const { data: label } = await gh.rest.issues.getLabel({ ...repo, name: 'Severity:P2' });
    expect(label.name).toBe('severity:P2');

    const { data: comment } = await gh.rest.issues.createComment({
      ...repo,
      issue_number: 1,
      body: 'again at 10:02',
    });
    await gh.rest.issues.updateComment({ ...repo, comment_id: comment.id, body: 'again at 10:02 and 10:07' });
    const { data: comments } = await gh.rest.issues.listComments({ ...repo, issue_number: 1 });
    expect(comments.map((c) => c.body)).toEqual(['again at 10:02 and 10:07']);

    await gh.rest.issues.addLabels({ ...repo, issue_number: 1, labels: ['incident-filed'] });
    await gh.rest.issues.removeLabel({ ...repo, issue_number: 1, name: 'incident-draft' });
    const { data: other } = await gh.rest.issues.create({
      ...repo,
      title: 'other',
      labels: ['incident-filed'],
    });
    const { data: closed } = await gh.rest.issues.update({ ...repo, issue_number: 1, state: 'closed' });
    expect([closed.state, closed.state_reason, closed.comments]).toEqual(['closed', 'completed', 1]);

    const open = await gh.rest.issues.listForRepo({ ...repo, labels: 'incident-filed' });
    expect(open.data.map((i) => i.number)).toEqual([other.number]);
    const all = await gh.rest.issues.listForRepo({
      ...repo,
      labels: 'incident-filed,severity:P2',
      state: 'all',
    });
    expect(all.data.map((i) => i.number)).toEqual([1]);
    expect(all.data[0]?.body).toContain(marker);

    const reopened = await gh.rest.issues.update({ ...repo, issue_number: 1, state: 'open' });
    expect([reopened.data.state_reason, reopened.data.closed_at]).toEqual(['reopened', null]);
    expect(double.rejected()).toEqual([]);
    expect(double.requests.every((r) => r.headers.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it('follows Link pagination and answers a duplicate label with GitHub’s 422', async () => {
    for (let n = 0; n < 5; n++)
      await gh.rest.issues.create({ ...repo, title: `issue ${n}`, labels: ['bulk'] });
    const pages = await gh.paginate(gh.rest.issues.listForRepo, { ...repo, labels: 'bulk', per_page: 2 });
    expect(pages.map((i) => i.number)).toEqual([5, 4, 3, 2, 1]);
    expect(sent('GET', ISSUES)).toHaveLength(3);

    const err = await failure(gh.rest.issues.createLabel({ ...repo, name: 'BULK', color: 'ff0000' }));
    expect(err.status).toBe(422);
    expect(err.response?.data).toMatchObject({ errors: [{ code: 'already_exists', field: 'name' }] });
    expect(double.rejected()).toEqual([]); // a valid request GitHub refuses is not a description breach
  });

  it('opens a pull request from a branch with a committed file, reviews, merges it', async () => {
    const { data: main } = await gh.rest.git.getRef({ ...repo, ref: 'heads/main' });
    await gh.rest.git.createRef({ ...repo, ref: 'refs/heads/intent/scale-api', sha: main.object.sha });
    const text = 'kind: Request\nintent: scale\n';
    const put = await gh.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: 'intents/requests/scale-api.yaml',
      message: 'Propose scale-api',
      content: Buffer.from(text).toString('base64'),
      branch: 'intent/scale-api',
    });
    expect(put.status).toBe(201);
    const { data: file } = await gh.rest.repos.getContent({
      ...repo,
      path: 'intents/requests/scale-api.yaml',
      ref: 'intent/scale-api',
    });
    expect(
      Array.isArray(file) || file.type !== 'file'
        ? undefined
        : Buffer.from(file.content, 'base64').toString(),
    ).toBe(text);

    const { data: pr } = await gh.rest.pulls.create({
      ...repo,
      title: 'Scale api',
      head: 'intent/scale-api',
      base: 'main',
    });
    expect([pr.mergeable, pr.changed_files, pr.head.ref]).toEqual([true, 1, 'intent/scale-api']);
    const dup = await failure(
      gh.rest.pulls.create({ ...repo, title: 'again', head: 'intent/scale-api', base: 'main' }),
    );
    expect(dup.status).toBe(422);
    const { data: listed } = await gh.rest.pulls.list({
      ...repo,
      head: 'acme:intent/scale-api',
      state: 'open',
    });
    expect(listed.map((p) => p.number)).toEqual([pr.number]);

    double.state.addReview(pr.number, 'APPROVED', { login: 'alice', id: 7, type: 'User' });
    const { data: reviews } = await gh.rest.pulls.listReviews({ ...repo, pull_number: pr.number });
    expect(reviews.map((r) => [r.user?.login, r.state])).toEqual([['alice', 'APPROVED']]);

    const byCommit = (commit_sha: string) =>
      gh.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha });
    expect((await byCommit(pr.head.sha)).data.map((p) => p.number)).toEqual([pr.number]);

    const { data: merged } = await gh.rest.pulls.merge({
      ...repo,
      pull_number: pr.number,
      merge_method: 'squash',
    });
    expect(merged.merged).toBe(true);
    const { data: ofMerge } = await byCommit(merged.sha);
    expect(ofMerge.map((p) => [p.number, p.merge_commit_sha, Boolean(p.merged_at)])).toEqual([
      [pr.number, merged.sha, true],
    ]);
    expect((await failure(byCommit('f'.repeat(40)))).status).toBe(404);
    const { data: onMain } = await gh.rest.repos.getContent({ ...repo, path: 'intents/requests' });
    expect(Array.isArray(onMain) ? onMain.map((e) => e.name) : []).toEqual(['scale-api.yaml']);
    const after = await gh.rest.pulls.get({ ...repo, pull_number: pr.number });
    expect([after.data.state, after.data.merged, after.data.merge_commit_sha]).toEqual([
      'closed',
      true,
      merged.sha,
    ]);
    const { data: repository } = await gh.rest.repos.get(repo);
    expect(repository.default_branch).toBe('main');
    expect(double.rejected()).toEqual([]);
  });

  it('updates a seeded file only with its blob sha, and lists pull requests among issues', async () => {
    double.state.writeFiles('main', { 'catalog/api.yaml': 'replicas: 2\n' });
    const path = 'catalog/api.yaml';
    const { data: file } = await gh.rest.repos.getContent({ ...repo, path });
    const sha = Array.isArray(file) ? '' : file.sha;
    const content = Buffer.from('replicas: 3\n').toString('base64');
    const blind = await failure(
      gh.rest.repos.createOrUpdateFileContents({ ...repo, path, message: 'm', content }),
    );
    expect(blind.status).toBe(422);
    const stale = { ...repo, path, message: 'm', content, sha: '0'.repeat(40) };
    expect((await failure(gh.rest.repos.createOrUpdateFileContents(stale))).status).toBe(409);
    const ok = await gh.rest.repos.createOrUpdateFileContents({ ...repo, path, message: 'm', content, sha });
    expect([ok.status, ok.data.commit.parents?.length]).toEqual([200, 1]);

    double.state.writeFiles('feature', { 'b.txt': 'b' });
    await gh.rest.pulls.create({ ...repo, title: 'feature', head: 'feature', base: 'main' });
    const { data: issues } = await gh.rest.issues.listForRepo(repo);
    expect(issues.map((i) => [i.number, i.pull_request !== undefined])).toEqual([[1, true]]);
    expect(double.rejected()).toEqual([]);
  });
  it('accepts a workflow_dispatch the workflow declares, records it, and refuses what GitHub refuses', async () => {
    double.state.addWorkflow('intentops-bake.yml', { execution: true, target: false });
    double.state.addWorkflow('intentops-report.yml');
    const dispatch = (workflow_id: string, body: { ref: string; inputs?: Record<string, string> }) =>
      gh.rest.actions.createWorkflowDispatch({ ...repo, workflow_id, ...body });
    const ok = await dispatch('intentops-bake.yml', {
      ref: 'main',
      inputs: { execution: 'exec-1', target: 'web' },
    });
    expect(ok.status).toBe(204);
    expect(double.state.dispatches).toEqual([
      {
        workflow: 'intentops-bake.yml',
        ref: 'main',
        inputs: { execution: 'exec-1', target: 'web' },
        at: expect.any(String),
      },
    ]);
    expect((await failure(dispatch('nope.yml', { ref: 'main' }))).status).toBe(404);
    const noTrigger = await failure(dispatch('intentops-report.yml', { ref: 'main' }));
    expect(noTrigger.message).toMatch(/does not have 'workflow_dispatch' trigger/);
    const noRef = await failure(dispatch('intentops-bake.yml', { ref: 'gone', inputs: { execution: 'x' } }));
    expect([noRef.status, noRef.message]).toEqual([422, expect.stringMatching(/No ref found for: gone/)]);
    const extra = await failure(
      dispatch('intentops-bake.yml', { ref: 'main', inputs: { execution: 'x', id: 'y' } }),
    );
    expect(extra.message).toMatch(/Unexpected inputs provided: \["id"\]/);
    const missing = await failure(dispatch('intentops-bake.yml', { ref: 'main', inputs: { target: 'web' } }));
    expect(missing.message).toMatch(/Required input 'execution' not provided/);
    expect(double.state.dispatches).toHaveLength(1);
    // The body is checked against the description first: a ref must be given.
    const bodyless = await fetch(
      `${double.url}/repos/acme/gitops/actions/workflows/intentops-bake.yml/dispatches`,
      {
        method: 'POST',
        headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: { execution: 'x' } }),
      },
    );
    expect(bodyless.status).toBe(422);
    expect(double.rejected().map((r) => r.rejected)).toEqual(['request breaks GitHub’s description']);
  });
});

describe('GraphQL faults, named by root field', () => {
  const PIN = 'mutation($id: ID!) { pinIssue(input: { issueId: $id }) { issue { number isPinned } } }';
  const pinned = () => [...double.state.issues.values()].filter((i) => i.pinned).length;

  it('fails one GraphQL operation as failNext fails a REST route: before it is carried out, or after', async () => {
    const issue = (await gh.rest.issues.create({ ...repo, title: 'dashboard' })).data;
    double.failNext('POST', '/graphql pinIssue', 502);
    double.failNext('POST', '/graphql', 500); // any GraphQL call
    const gql = gh.graphql.defaults({ request: { retries: 0 } });
    await expect(gql(PIN, { id: issue.node_id })).rejects.toMatchObject({ status: 502 });
    await expect(gql(PIN, { id: issue.node_id })).rejects.toMatchObject({ status: 500 });
    expect(pinned()).toBe(0);

    double.failNextAfterApply('POST', '/graphql pinIssue', 0);
    await expect(gql(PIN, { id: issue.node_id })).rejects.toThrow(/fetch failed|other side closed|socket/);
    expect(pinned()).toBe(1);
    // GraphQL's own failure: a 200 whose body has errors and no data.
    const refused = { data: null, errors: [{ type: 'FORBIDDEN', path: [], message: 'Not allowed' }] };
    double.failNext('POST', '/graphql pinIssue', 200, refused);
    await expect(gql(PIN, { id: issue.node_id })).rejects.toThrow(/Not allowed/);
    expect(double.requests.filter((r) => r.path === '/graphql').map((r) => [r.template, r.injected])).toEqual(
      [
        ['/graphql pinIssue', true],
        ['/graphql pinIssue', true],
        ['/graphql pinIssue', true],
        ['/graphql pinIssue', true],
      ],
    );
    expect(() => double.failNext('POST', '/graphqlx', 500)).toThrow(/has no POST \/graphqlx/);
  });
});

describe('what GitHub’s description forbids is refused and recorded', () => {
  it('refuses a string where the description wants an array of labels, and a misspelt field', async () => {
    const err = await failure(
      gh.request('POST /repos/{owner}/{repo}/issues', {
        ...repo,
        title: 't',
        labels: 'x' as unknown as string[],
      }),
    );
    expect(err.status).toBe(422);
    await failure(gh.request('POST /repos/{owner}/{repo}/issues', { ...repo, title: 't', lables: ['x'] }));
    const [labels, typo] = double.rejected();
    expect(labels?.problems).toContainEqual({ field: '/labels', message: 'must be array' });
    expect(typo?.problems?.map((p) => p.message)).toContain('must NOT have additional properties (lables)');
    expect(double.state.issues.size).toBe(0);
  });

  it('refuses unknown operations, unknown query parameters, and missing credentials', async () => {
    const unknown = await failure(gh.request('GET /repos/{owner}/{repo}/no-such-thing', repo));
    expect([unknown.status, unknown.response?.data]).toEqual([
      404,
      expect.objectContaining({ message: 'Not Found' }),
    ]);
    await failure(gh.request('GET /repos/{owner}/{repo}/issues', { ...repo, label: 'typo' }));
    const anonymous = await fetch(`${double.url}/repos/acme/gitops`);
    expect(anonymous.status).toBe(401);
    expect(double.rejected().map((r) => [r.status, r.rejected])).toEqual([
      [404, 'no such operation in GitHub’s description'],
      [422, 'request breaks GitHub’s description'],
      [401, 'no or malformed Authorization header'],
    ]);
  });
});

describe('the double checks itself against the description', () => {
  const createIssue = () => operationAt('post', ISSUES);

  it('validateResponse catches a broken issue and accepts a well-formed error', async () => {
    const op = createIssue();
    if (!op) throw new Error('issues/create missing from the description');
    const { data: good } = await gh.rest.issues.create({ ...repo, title: 'ok' });
    expect(validateResponse(op, 201, good)).toEqual([]);
    const { user: _user, ...noUser } = good;
    const broken = { ...noUser, number: '1', state_reason: 'fixed' };
    const problems = validateResponse(op, 201, broken).map((p) => `${p.field} ${p.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        "/ must have required property 'user'",
        '/number must be integer',
        '/state_reason must be equal to one of the allowed values',
      ]),
    );
    expect(validateResponse(op, 418, {})[0]?.message).toMatch(
      /status 418 is not among issues\/create's responses/,
    );
    expect(validateBody(op, { title: 1, labels: [{ name: 'a' }] }, true)).toEqual([]);
  });

  it('answers 500 and records the problem when its own state would break a response', async () => {
    await gh.rest.issues.create({ ...repo, title: 'x', labels: ['bad'] });
    const label = double.state.label('bad');
    if (label) (label as { color: unknown }).color = 7;
    const err = await failure(gh.rest.issues.get({ ...repo, issue_number: 1 }));
    expect(err.status).toBe(500);
    expect(err.message).toContain('/labels/0/color must be string');
    const problems = double.requests.at(-1)?.responseProblems ?? [];
    expect(problems.map((p) => p.field)).toContain('/labels/0/color');
  });
});
