import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOctokit } from '../src/adapters/github/client.js';
import { githubPort } from '../src/adapters/github/github-adapter.js';
import { allOf, type GitHubPort } from '../src/app/shared/github-port.js';
import { upsertStickyComment } from '../src/app/shared/sticky-comment.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';

// A sticky comment grows from its own last body (the outcome comment keeps a row per request). Only
// the bot's own comment is read back: someone else's comment that ends in the bot's marker must not
// have its text copied into the bot's comment (forged rows, links, mentions signed by the bot).

const repo = { owner: 'acme', repo: 'gitops' };
const MARKER = '<!-- intentops:outcome -->';
let double: GitHubDouble;
const port = (): GitHubPort => githubPort(createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' }));

beforeAll(async () => {
  double = await startGitHubDouble();
});
afterAll(async () => {
  await double.stop();
});

async function openIssue(github: GitHubPort, title: string) {
  return github.issues.create(repo, { title, body: '' });
}

describe('upsertStickyComment', () => {
  it("never reads back a comment someone else wrote with the bot's marker", async () => {
    const github = port();
    const issue = await openIssue(github, 'forged');
    const mallory = { login: 'mallory', id: 66, type: 'User' } as const;
    double.state.addComment(
      issue.number,
      `| evil.yaml | ✅ succeeded | [record](https://evil.test) @org/sre |\n\n${MARKER}\n`,
      mallory,
    );
    const seen: (string | undefined)[] = [];
    await upsertStickyComment(github, { ...repo, issue_number: issue.number }, MARKER, (existing) => {
      seen.push(existing);
      return `| a.yaml | ✅ succeeded |\n\n${MARKER}\n`;
    });
    expect(seen).toEqual([undefined]);
    const comments = await allOf(github.comments.list(repo, issue.number));
    const bots = comments.filter((c) => c.user?.type === 'Bot');
    expect(bots).toHaveLength(1);
    expect(bots[0]?.body).not.toContain('evil');
  });

  it('grows from its own last body, edited in place', async () => {
    const github = port();
    const issue = await openIssue(github, 'own');
    const where = { ...repo, issue_number: issue.number };
    const first = await upsertStickyComment(github, where, MARKER, (e) => `${e ?? ''}row a\n\n${MARKER}\n`);
    const second = await upsertStickyComment(
      github,
      where,
      MARKER,
      (e) => `${(e ?? '').replace(`\n${MARKER}\n`, '')}row b\n\n${MARKER}\n`,
    );
    expect(first.action).toBe('created');
    expect(second).toEqual({ action: 'updated', id: first.id });
    const comments = await allOf(github.comments.list(repo, issue.number));
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toMatch(/row a[\s\S]*row b/);
  });

  it('a 404 on the edit of a comment it just listed is not taken for a gone comment: edited, not duplicated', async () => {
    // Found by the fault sweep (issue 28): GitHub answering 404 for a moment (eventual consistency)
    // made a re-delivered /rollback write a second outcome comment beside the first.
    const github = port();
    const issue = await openIssue(github, 'flaky 404');
    const where = { ...repo, issue_number: issue.number };
    const first = await upsertStickyComment(github, where, MARKER, `row a\n\n${MARKER}\n`);
    double.failNext('PATCH', '/repos/{owner}/{repo}/issues/comments/{comment_id}', 404);
    const again = await upsertStickyComment(github, where, MARKER, `row b\n\n${MARKER}\n`, {
      retryBaseMs: 1,
    });
    expect(again).toEqual({ action: 'updated', id: first.id });
    const comments = await allOf(github.comments.list(repo, issue.number));
    expect(comments.map((c) => c.body)).toEqual([`row b\n\n${MARKER}\n`]);
  });

  it('a comment that is gone (deleted) is made again', async () => {
    const github = port();
    const issue = await openIssue(github, 'gone');
    const where = { ...repo, issue_number: issue.number };
    const first = await upsertStickyComment(github, where, MARKER, `row a\n\n${MARKER}\n`);
    double.state.comments.delete(first.id);
    const made = await upsertStickyComment(github, where, MARKER, `row b\n\n${MARKER}\n`);
    expect(made.action).toBe('created');
    expect((await allOf(github.comments.list(repo, issue.number))).map((c) => c.id)).toEqual([made.id]);
  });
});
