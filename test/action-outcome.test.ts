import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeOnPush, runAction } from './helpers/action-runner.js';
import { keepBody, mentions, unbalanced } from './helpers/bot-bodies.js';
import { baseFiles, request, SEED_RULES } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { type GitOpsRemote, gitopsRemote } from './helpers/gitops-remote.js';

// Issue 31, item 1: after the execute job, the request's pull request says what became of each of
// its requests — succeeded, failed (where, its incident, the next action) or cancelled — with the
// record's execution id, in one comment found by its marker and edited in place. Run as a runner
// runs the action, against the GitHub double and a real bare remote.

const MARKER = '<!-- intentops:outcome -->';

const FLAKY = `name: flaky
description: its check fails until it is rolled back
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
  marks: { type: string, pattern: "^[A-Za-z0-9/._-]+$" }
steps:
  - name: deploy
    run: echo run >> {{marks}}/runs-{{app}}
rollback:
  - name: undo
    run: touch {{marks}}/healthy-{{app}}
capture:
  metrics:
    broken: { run: "test -e {{marks}}/healthy-{{app}} && echo 0 || echo 99" }
`;

const FLAKY_OUTCOMES = `outcomes:
  success:
    - condition: healthy
      check: "test -e {{marks}}/healthy-{{app}} && echo ok || echo bad"
      expected: ok
      timeout: 1s
      interval: 200ms
`;

const RULES = `${SEED_RULES}  - name: broken_after_run
    condition: "after.metrics.broken > 50"
    severity: P2
    action: create_incident_draft
`;

const POLICIES = `policies:
  - name: ask-first
    match: { intents: [flaky] }
    rollback: ask
`;

let double: GitHubDouble;
let repo: GitOpsRemote;
let marks: string;

beforeAll(async () => {
  double = await startGitHubDouble();
  repo = await gitopsRemote('intentops-outcome-', {
    ...baseFiles(),
    'intents/anomaly-rules/default.yaml': RULES,
    'intents/catalog/flaky.yaml': FLAKY,
    'intents/outcomes/flaky.yaml': FLAKY_OUTCOMES,
    'intents/policies/rollback.yaml': POLICIES,
  });
  marks = join(repo.root, 'marks');
  await mkdir(marks, { recursive: true });
});

afterAll(async () => {
  await double.stop();
  await repo.cleanup();
});

const job = () => runAction(executeOnPush(repo.checkout(), double.url));

/** Merges `files` as one pull request; returns its number. */
async function mergePr(branch: string, files: Record<string, string>): Promise<number> {
  const sha = await repo.merge(files, `merge ${branch}`);
  double.state.adoptCommit(sha, `merge ${branch}`);
  return double.state.mergedPull(sha, branch);
}

const outcomeComments = (pr: number) => double.state.commentsOf(pr).filter((c) => c.body?.includes(MARKER));

const recordOf = (path: string) => repo.records().find((r) => r.request.path === path && !r.rollback_of);

describe('action: the outcome on the request pull request', { timeout: 300_000 }, () => {
  it('a PR that merged two requests gets one comment: a row each, the failure first, where it failed, its incident and /rollback', async () => {
    const pr = await mergePr('two', {
      'intents/requests/web.yaml': request({ app: 'web' }),
      'intents/requests/shop.yaml': `intent: flaky\nparams: { app: shop, marks: ${marks} }\nreason: test\n`,
    });
    const r = await job();
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const web = recordOf('intents/requests/web.yaml');
    const shop = recordOf('intents/requests/shop.yaml');
    expect([web?.status, shop?.status]).toEqual(['success', 'failed']);

    const comments = outcomeComments(pr);
    expect(comments).toHaveLength(1);
    const body = comments[0]?.body ?? '';
    keepBody('outcome-two', body);
    // What a reader needs first: the outcome of each, the failure before the success.
    expect(body.split('\n', 1)[0]).toBe('### intentops ran 2 requests: ❌ 1 failed · ✅ 1 succeeded');
    const row = (name: string) => body.split('\n').find((l) => l.startsWith(`| \`${name}\` |`)) ?? '';
    expect(row('web.yaml')).toMatch(/\| ✅ succeeded in [\d.]+s \| <code>exec-[^<]+<\/code> · \[record\]\(/);
    expect(row('web.yaml')).toContain(`<code>${web?.id}</code>`);
    expect(row('web.yaml')).toContain('Nothing to do.');
    // The failure: which check, the incident issue it opened (linked), the next action with the id.
    const issue = shop?.drafts[0]?.path ?? '';
    expect(issue).toMatch(/\/issues\/\d+$/);
    expect(row('shop.yaml')).toContain('❌ failed check <code>healthy</code>');
    expect(row('shop.yaml')).toContain(`[incident #${issue.split('/').pop()}](${issue})`);
    expect(row('shop.yaml')).toContain(`<code>/rollback ${shop?.id}</code>`);
    expect(body.trimEnd().endsWith(MARKER)).toBe(true);
    expect(unbalanced(body)).toEqual([]);
    expect(mentions(body)).toEqual([]);
    expect(double.rejected()).toEqual([]);

    // A re-run of the job has nothing left to run: the comment stays the one it was.
    const again = await job();
    expect(again.code, again.stdout).toBe(0);
    expect(outcomeComments(pr)).toHaveLength(1);
    expect(outcomeComments(pr)[0]?.body).toBe(body);
  });

  it('a failed step is named; a lost answer to the create (a 502 after GitHub made it) still leaves one comment', async () => {
    const pr = await mergePr('db', { 'intents/requests/db.yaml': request({ app: 'db', fail_step: true }) });
    // The double makes the comment, then answers 502: plugin-retry would send it again.
    double.failNextAfterApply('POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments', 502);
    const r = await job();
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const db = recordOf('intents/requests/db.yaml');
    expect(db?.status).toBe('failed');
    const comments = outcomeComments(pr);
    expect(comments).toHaveLength(1);
    const body = comments[0]?.body ?? '';
    keepBody('outcome-failed-step', body);
    expect(body.split('\n', 1)[0]).toBe('### intentops ran `db.yaml`: ❌ failed');
    expect(body).toContain('❌ failed at step <code>maybe-fail</code> (exit 1)');
    expect(body).toContain(`<code>${db?.id}</code>`);
    expect(body).toContain('check the target, fix the cause and merge a new request');
    expect(mentions(body)).toEqual([]);
  });
});
