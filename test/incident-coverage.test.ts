import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOctokit, type GitHubClient } from '../src/adapters/github/client.js';
import { githubPort } from '../src/adapters/github/github-adapter.js';
import { incidentCoverage, type ListingPages } from '../src/app/incidents/incident-coverage.js';
import { ApiCallCounter } from '../src/app/shared/github-calls.js';
import { marker } from '../src/domain/bot/bot-markers.js';
import { recordFacts } from '../src/domain/metrics/scorecard.js';
import type { ExecutionRecord } from '../src/domain/schemas/record.js';
import { type GitHubDouble, startGitHubDouble, type UserRecord } from './helpers/github-double.js';
import { makeRecord } from './helpers/record-fixture.js';

// Incident issues as the scorecard counts them, against the GitHub double: the bot's drafts and
// the issues people open by hand with the incident label; a hand-opened one that names an execution
// or a target gets the bot's context in one comment, never two (re-run, a lost answer).

const repo = { owner: 'acme', repo: 'gitops' };
const ALICE: UserRecord = { login: 'alice', id: 501, type: 'User' };
const ISSUES = '/repos/{owner}/{repo}/issues';

let double: GitHubDouble;
let gh: GitHubClient;

beforeEach(async () => {
  double = await startGitHubDouble();
  gh = createOctokit({
    token: 'ghs_coverageTest123456',
    baseUrl: double.url,
    pacing: 'none',
    retryBaseMs: 5,
  });
});
afterEach(async () => {
  expect(double.rejected()).toEqual([]);
  await double.stop();
});

const records: ExecutionRecord[] = [
  makeRecord({ id: 'exec-20260103-100000-work-web-aaaaaa', timestamp: '2026-01-03T10:00:00.000Z' }),
  makeRecord({
    id: 'exec-20260104-100000-work-cart-bbbbbb',
    timestamp: '2026-01-04T10:00:00.000Z',
    params: { app: 'cart' },
    after: { pod_restarts: 4, recent_logs: ['panic: out of memory'] },
  }),
];

function issue(title: string, body: string, labels: string[], user: UserRecord = ALICE) {
  const s = double.state;
  const n = s.nextNumber();
  s.issues.set(n, {
    number: n,
    id: s.nextId(),
    title,
    body,
    state: 'open',
    stateReason: null,
    labels: labels.map((l) => s.ensureLabel(l).name),
    user,
    locked: false,
    createdAt: '2026-01-05T08:00:00Z',
    updatedAt: '2026-01-05T08:00:00Z',
    closedAt: null,
    closedBy: null,
  });
  return n;
}

// The records as the scorecard hands them: their facts, and a loader for the one an issue names.
const recs = {
  candidates: records.map((r) => recordFacts(r)),
  load: async (id: string) => records.find((r) => r.id === id),
};

const comments = (n: number) => [...double.state.comments.values()].filter((c) => c.issueNumber === n);
const posts = () => double.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comments'));

describe('incident coverage', () => {
  it('counts every incident-labelled issue and offers context to hand-opened ones that name something', async () => {
    const bot = issue('work on web: memory_spike', `draft\n\n${marker('fingerprint', 'fp1')}`, [
      'incident-draft',
    ]);
    const byId = issue('web broken', 'since exec-20260103-100000-work-web-aaaaaa everything is slow', [
      'incident',
    ]);
    const byTarget = issue('cart keeps restarting', 'the cart pods restart', ['incident']);
    const nothing = issue('something is off', 'no idea what', ['incident']);
    issue('a feature request', 'not an incident', ['enhancement']);

    const calls = new ApiCallCounter();
    const r = await incidentCoverage(githubPort(gh), recs, { ...repo, calls, retryBaseMs: 5 });
    expect(r.issues.map((i) => [i.number, i.bot, i.context])).toEqual([
      [bot, true, false],
      [byId, false, true],
      [byTarget, false, true],
      [nothing, false, false],
    ]);
    expect(r.offered).toEqual([byId, byTarget]);
    const [idComment] = comments(byId);
    expect(idComment?.body).toContain(
      '`exec-20260103-100000-work-web-aaaaaa` — intent `work`, status **success**',
    );
    expect(idComment?.body).toMatch(/\*\*Before \/ after\*\*[\s\S]*memory_usage: 40[\s\S]*memory_usage: 75/);
    expect(idComment?.body).toMatch(/<!-- intentops:incident-context=\d+ -->$/);
    const [targetComment] = comments(byTarget);
    expect(targetComment?.body).toContain('exec-20260104-100000-work-cart-bbbbbb');
    expect(targetComment?.body).toMatch(/\*\*Logs \(after the run\)\*\*\n\n```\npanic: out of memory\n```/);
    expect(targetComment?.body).not.toMatch(/@\w/);
    expect(comments(nothing)).toEqual([]);
    expect(double.state.issues.get(byId)?.labels).toContain('incident-context');
    // Three paged listings (one per incident label); per offered issue one comment and one label.
    expect(calls.byOperation).toEqual({
      'issues/list-for-repo': 3,
      'issues/create-comment': 2,
      'issues/add-labels': 2,
    });

    // Again: the label says it is done; nothing is written.
    const again = await incidentCoverage(githubPort(gh), recs, { ...repo, retryBaseMs: 5 });
    expect(again.offered).toEqual([]);
    expect(again.issues.filter((i) => i.context).map((i) => i.number)).toEqual([byId, byTarget]);
    expect(posts()).toHaveLength(2);
  });

  it('finds its comment when the label was lost, and does not post twice after a lost answer', async () => {
    const n = issue('web broken', 'see exec-20260103-100000-work-web-aaaaaa', ['incident']);
    // The answer to the comment is lost after GitHub made it: look, find it, do not send again.
    double.failNextAfterApply('POST', `${ISSUES}/{issue_number}/comments`, 502);
    const r = await incidentCoverage(githubPort(gh), recs, { ...repo, retryBaseMs: 5 });
    expect(r.offered).toEqual([n]);
    expect(comments(n)).toHaveLength(1);
    // The label removed by hand: the comment's marker is found, nothing is posted again.
    double.state.issues.get(n)?.labels.splice(0);
    double.state.issues.get(n)?.labels.push('incident');
    const again = await incidentCoverage(githubPort(gh), recs, { ...repo, retryBaseMs: 5 });
    expect(again.offered).toEqual([n]);
    expect(comments(n)).toHaveLength(1);
    expect(posts()).toHaveLength(1);
  });

  it("is not put off by a person's comment that carries the context marker", async () => {
    const n = issue('web broken', 'see exec-20260103-100000-work-web-aaaaaa', ['incident']);
    double.state.addComment(n, `nothing to see\n\n<!-- intentops:incident-context=${n} -->`, ALICE);
    const r = await incidentCoverage(githubPort(gh), recs, { ...repo, retryBaseMs: 5 });
    expect(r.offered).toEqual([n]);
    expect(comments(n).map((c) => c.user.login)).toEqual(['alice', expect.stringMatching(/\[bot\]$/)]);
  });

  it('only counts when asked not to write', async () => {
    issue('web broken', 'see exec-20260103-100000-work-web-aaaaaa', ['incident']);
    const r = await incidentCoverage(githubPort(gh), recs, { ...repo, offer: false });
    expect(r.issues.map((i) => i.context)).toEqual([false]);
    expect(posts()).toEqual([]);
  });

  it('asks for the listing again with the last ETags: unchanged pages are 304s, a changed one is read', async () => {
    for (let i = 0; i < 120; i++)
      issue(`draft ${i}`, `d\n\n${marker('fingerprint', `fp${i}`)}`, ['incident-draft']);
    const pages: ListingPages = {};
    const first = await incidentCoverage(githubPort(gh), recs, { ...repo, offer: false, pages });
    expect(first.issues).toHaveLength(120);
    expect(Object.keys(pages).sort()).toEqual([
      'incident#1',
      'incident-draft#1',
      'incident-draft#2',
      'incident-filed#1',
    ]);

    const listings = () => double.requests.filter((r) => r.operationId === 'issues/list-for-repo');
    const seen = listings().length;
    const calls = new ApiCallCounter();
    const again = await incidentCoverage(githubPort(gh), recs, { ...repo, offer: false, pages, calls });
    expect(again.issues).toEqual(first.issues);
    // The labels are listed at once: their requests may interleave.
    const byLabel = (rs: ReturnType<typeof listings>) =>
      rs
        .map((r) => [r.query.labels, r.query.page, r.status])
        .sort((a, b) => (`${a[0]}#${a[1]}` < `${b[0]}#${b[1]}` ? -1 : 1));
    const second = listings().slice(seen);
    expect(byLabel(second)).toEqual([
      ['incident', '1', 304],
      ['incident-draft', '1', 304],
      ['incident-draft', '2', 304],
      ['incident-filed', '1', 304],
    ]);
    expect(second.every((r) => typeof r.headers['if-none-match'] === 'string')).toBe(true);
    expect(calls.byOperation).toEqual({ 'issues/list-for-repo (304: not modified)': 4 });

    // Someone opens one by hand: its label's page changes and is read; the others stay 304s.
    const byHand = issue('web broken', 'since exec-20260103-100000-work-web-aaaaaa', ['incident']);
    const third = await incidentCoverage(githubPort(gh), recs, { ...repo, offer: false, pages });
    expect(third.issues.map((i) => i.number)).toContain(byHand);
    expect(byLabel(listings().slice(seen + 4))).toEqual([
      ['incident', '1', 200],
      ['incident-draft', '1', 304],
      ['incident-draft', '2', 304],
      ['incident-filed', '1', 304],
    ]);

    // The port's one conditional page: a 304 is an answer there, not a failure; another ETag reads.
    const port = githubPort(gh);
    const query = { labels: 'incident-draft', state: 'all' } as const;
    const etag = pages['incident-draft#2']?.etag;
    expect(await port.issues.listPage(repo, query, 2, etag)).toEqual({ notModified: true });
    const read = await port.issues.listPage(repo, query, 2, 'W/"other"');
    expect(read).toMatchObject({ etag, next: false });
    expect('items' in read && read.items).toHaveLength(20);
    const plain = await port.issues.listPage(repo, query, 1);
    expect(plain).toMatchObject({ next: true });
  });
});
