import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActionRunOptions, executeOnPush, runAction } from './helpers/action-runner.js';
import { botTexts, keepBody, mentions } from './helpers/bot-bodies.js';
import { SEED_RULES } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { type GitOpsRemote, gitopsRemote } from './helpers/gitops-remote.js';

// Rollback in the execute job, run as a runner runs the action, against the GitHub double and a real
// bare remote: the check of a merged request fails → with policy auto the rollback runs in the same
// job and its record is pushed; with policy ask the PR and the incident issue say how, and nothing
// runs until `/rollback` from someone with write access.

const flaky = (name: string, rollback = true) => `name: ${name}
description: its check fails until it is rolled back
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
  marks: { type: string, pattern: "^[A-Za-z0-9/._-]+$" }
steps:
  - name: deploy
    run: echo run >> {{marks}}/runs-{{app}}
${
  rollback
    ? `rollback:
  - name: undo
    run: echo undo >> {{marks}}/undo-{{app}} && touch {{marks}}/healthy-{{app}}
`
    : ''
}capture:
  metrics:
    broken: { run: "test -e {{marks}}/healthy-{{app}} && echo 0 || echo 99" }
`;

const OUTCOMES = `outcomes:
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
  - name: auto-undo
    match: { intents: [flaky-auto] }
    rollback: auto
  - name: ask-first
    match: { intents: [flaky-ask, plain] }
    rollback: ask
`;

let double: GitHubDouble;
let repo: GitOpsRemote;
let marks: string;

beforeAll(async () => {
  double = await startGitHubDouble();
  double.state.grant({ login: 'alice', id: 401, type: 'User' }, 'write');
  double.state.grant({ login: 'eve', id: 505, type: 'User' }, 'read');
  repo = await gitopsRemote('intentops-rollback-', {
    'intents/catalog/flaky-auto.yaml': flaky('flaky-auto'),
    'intents/catalog/flaky-ask.yaml': flaky('flaky-ask'),
    'intents/catalog/plain.yaml': flaky('plain', false),
    'intents/outcomes/flaky-auto.yaml': OUTCOMES,
    'intents/outcomes/flaky-ask.yaml': OUTCOMES,
    'intents/outcomes/plain.yaml': OUTCOMES,
    'intents/anomaly-rules/default.yaml': RULES,
    'intents/policies/rollback.yaml': POLICIES,
  });
  marks = join(repo.root, 'marks');
  await mkdir(marks, { recursive: true });
});

afterAll(async () => {
  await double.stop();
  await repo.cleanup();
});

const options = (work: string, extra: Partial<ActionRunOptions> = {}) =>
  executeOnPush(work, double.url, extra);

function job(extra: Partial<ActionRunOptions> = {}) {
  return runAction(options(repo.checkout(), extra));
}

const records = () => repo.records();

const lines = (file: string) =>
  existsSync(join(marks, file)) ? readFileSync(join(marks, file), 'utf8').trim().split('\n') : [];

async function mergeRequest(intent: string, app: string): Promise<{ pr: number; path: string }> {
  const path = `intents/requests/${app}.yaml`;
  const sha = await repo.merge(
    { [path]: `intent: ${intent}\nparams: { app: ${app}, marks: ${marks} }\nreason: rollback test\n` },
    `merge ${app}`,
  );
  double.state.adoptCommit(sha, `merge ${app}`);
  return { pr: mergedPr(sha, app), path };
}

const bodies = (issue: number) => double.state.commentsOf(issue).map((c) => c.body ?? '');
/** The lines of an issue's first screen (up to the first blank line), Markdown line breaks trimmed. */
const firstScreen = (issue: number) =>
  (String(double.state.issues.get(issue)?.body).split('\n\n', 1)[0] ?? '')
    .split('\n')
    .map((l) => l.trimEnd());

describe('rollback in the action', { timeout: 420_000 }, () => {
  it('policy auto: the failed check is rolled back in the same job; the record is pushed and the PR told', async () => {
    const { pr, path } = await mergeRequest('flaky-auto', 'auto');
    const res = await job();
    expect(res.code).toBe(1);
    const exec = records().find((r) => r.request.path === path && !r.rollback_of);
    expect(exec?.status).toBe('failed');
    const rollback = records().find((r) => r.rollback_of === exec?.id);
    expect(rollback, res.stdout).toBeDefined();
    expect(rollback?.rollback).toMatchObject({ mode: 'auto', by: 'policy' });
    expect(rollback?.rollback?.trigger).toMatch(/check 'healthy' (fail|timeout)/);
    expect(rollback?.status).toBe('success');
    expect(lines('undo-auto')).toHaveLength(1);
    // Said as the request's next action in the PR's one outcome comment, not in a comment of its own.
    const outcome = bodies(pr).filter((b) => b.includes('<!-- intentops:outcome -->'));
    expect(outcome).toHaveLength(1);
    keepBody('outcome-rolled-back', outcome[0]);
    const row = outcome[0]?.split('\n').find((l) => l.startsWith('| `')) ?? '';
    expect(row).toMatch(/^\| `[^`]+` \| ❌ failed check <code>healthy<\/code>/);
    expect(row).toContain(`Rolled back** \`${exec?.id}\` automatically`);
    expect(row).toMatch(/Fix the cause, then merge a new request\. \|$/);
    expect(bodies(pr).some((b) => b.includes('intentops:rollback-of='))).toBe(false);
    // The incident issue of the failed run says what was rolled back, when and by whom.
    const issue = exec?.drafts[0]?.path ?? '';
    expect(issue).toMatch(/\/issues\/\d+$/);
    const n = Number(issue.split('/').pop());
    expect(bodies(n).some((b) => b.includes(`rollback execution \`${rollback?.id}\``))).toBe(true);
    // The issue's own first screen is current: no longer "Failing", and the rollback, linked.
    const first = firstScreen(n);
    keepBody('incident-rolled-back', double.state.issues.get(n)?.body);
    expect(first[0]).toMatch(/^\*\*P\d\*\* · \*\*Rolled back\*\* · /);
    expect(first[1]).toMatch(
      /^\*\*Next:\*\* find the root cause and fill in the postmortem below, then comment `\/file` · \[record\]/,
    );
    expect(first).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^\\*\\*Rollback:\\*\\* \\[\`${rollback?.id}\`\\]\\(https://\\S+/${rollback?.id}\\.yaml\\) by the policy at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC — succeeded$`,
        ),
      ),
    );
    expect(double.rejected()).toEqual([]);
  });

  it('policy ask: waits; /rollback from a reader runs nothing, from a writer runs it once', async () => {
    const { pr, path } = await mergeRequest('flaky-ask', 'ask');
    const res = await job();
    expect(res.code).toBe(1);
    const exec = records().find((r) => r.request.path === path);
    expect(exec?.status).toBe('failed');
    expect(records().some((r) => r.rollback_of === exec?.id)).toBe(false);
    expect(bodies(pr).some((b) => b.includes(`/rollback ${exec?.id}`))).toBe(true);
    const n = Number((exec?.drafts[0]?.path ?? '').split('/').pop());
    expect(bodies(n).some((b) => b.includes(`/rollback ${exec?.id}`))).toBe(true);

    const byReader = await job(commentEvent(pr, 911, 'eve', '/rollback'));
    expect(byReader.code, byReader.stdout).toBe(0);
    expect(
      bodies(pr).some((b) => b.includes('only people with write access') && b.includes('/rollback')),
    ).toBe(true);
    expect(lines('undo-ask')).toHaveLength(0);

    const byWriter = await job(commentEvent(pr, 912, 'alice', '/rollback'));
    expect(byWriter.code, byWriter.stdout + byWriter.stderr).toBe(0);
    const rollback = records().find((r) => r.rollback_of === exec?.id);
    expect(rollback?.rollback).toMatchObject({ mode: 'ask', by: 'alice', trigger: '/rollback by alice' });
    expect(rollback?.status).toBe('success');
    expect(lines('undo-ask')).toHaveLength(1);
    expect(bodies(pr).some((b) => b.includes(`Rolled back** \`${exec?.id}\` by alice`))).toBe(true);
    // The request's row in the outcome comment no longer offers the rollback: it says it was done.
    const outcome = bodies(pr).filter((b) => b.includes('<!-- intentops:outcome -->'));
    expect(outcome).toHaveLength(1);
    const row = outcome[0]?.split('\n').find((l) => l.startsWith('| `')) ?? '';
    expect(row).toContain(`Rolled back** \`${exec?.id}\` by alice`);
    expect(row).not.toContain('To roll back, someone with write access');
    expect(firstScreen(n)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^\\*\\*Rollback:\\*\\* \\[\`${rollback?.id}\`\\]\\(\\S+\\) by \`alice\` at .* UTC — succeeded$`,
        ),
      ),
    );

    // On the incident issue, naming the execution: it was rolled back already, nothing runs.
    const again = await job(commentEvent(n, 913, 'alice', `/rollback ${exec?.id}`, false));
    expect(again.code).toBe(0);
    expect(bodies(n).some((b) => b.includes('was already rolled back'))).toBe(true);
    expect(lines('undo-ask')).toHaveLength(1);
    expect(double.rejected()).toEqual([]);
  });

  it('a rollback claimed by a run that left no record is not run again: a human decides', async () => {
    const { pr, path } = await mergeRequest('flaky-ask', 'stale');
    await job();
    const exec = records().find((r) => r.request.path === path);
    expect(exec?.status).toBe('failed');
    // What a job killed between its claim and the rollback's record leaves on the branch.
    await repo.merge(
      { [`executions/claims/rollback-${exec?.id}.yaml`]: `rollback_of: ${exec?.id}\nby: alice\n` },
      'intentops: claim the rollback',
    );
    const res = await job(commentEvent(pr, 931, 'alice', '/rollback'));
    expect(res.code).toBe(0);
    expect(
      bodies(pr).some(
        (b) => b.includes(`a rollback of ${exec?.id} was started`) && b.includes('left no record'),
      ),
    ).toBe(true);
    expect(lines('undo-stale')).toHaveLength(0);
    expect(records().filter((r) => r.rollback_of === exec?.id)).toEqual([]);
  });

  it('/rollback on an incident issue that names several executions asks which one; nothing runs', async () => {
    const s = double.state;
    const number = s.nextNumber();
    const now = s.now();
    const bot = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' as const };
    const body =
      'Occurrences: `exec-20261202-010000-flaky-ask-a-aaaaaa`, `exec-20261202-020000-flaky-ask-b-bbbbbb`';
    s.issues.set(number, {
      ...{ number, id: s.nextId(), title: 'incident', body, state: 'open', stateReason: null },
      ...{ labels: [], user: bot, locked: false, createdAt: now, updatedAt: now, closedAt: null },
      closedBy: null,
    });
    const before = records().length;
    const res = await job(commentEvent(number, 941, 'alice', '/rollback', false, body));
    expect(res.code, res.stdout).toBe(0);
    expect(
      bodies(number).some(
        (b) =>
          b.includes('`/rollback` needs the execution') &&
          b.includes('exec-20261202-020000-flaky-ask-b-bbbbbb'),
      ),
    ).toBe(true);
    expect(records()).toHaveLength(before);
  });

  it('/rollback of an execution whose intent has no rollback steps says so and runs nothing', async () => {
    const { pr, path } = await mergeRequest('plain', 'plain');
    await job();
    const exec = records().find((r) => r.request.path === path);
    expect(exec?.status).toBe('failed');
    const res = await job(commentEvent(pr, 921, 'alice', '/rollback'));
    expect(res.code).toBe(0);
    expect(bodies(pr).some((b) => b.includes('declares no rollback steps, so there is nothing to run'))).toBe(
      true,
    );
    expect(records().filter((r) => r.rollback_of === exec?.id)).toEqual([]);
    // An id with no record at all: said so, nothing runs.
    const nope = await job(commentEvent(pr, 922, 'alice', '/rollback exec-20260101-000000-nope-abc123'));
    expect(nope.code).toBe(0);
    expect(bodies(pr).join('\n')).toMatch(
      /Nothing rolled back for `exec-20260101-000000-nope-abc123`: .*no execution record with id exec-20260101-000000-nope-abc123/,
    );
    expect(records().some((r) => r.rollback_of === 'exec-20260101-000000-nope-abc123')).toBe(false);
  });

  it('no body the bot posted in these runs @mentions anyone (the commenter is named, not pinged)', () => {
    const texts = botTexts(double.requests);
    // The refusal to eve and the rollback alice asked for both name their commenter.
    expect(texts.some((t) => /\beve\b/.test(t.text))).toBe(true);
    expect(texts.some((t) => /\balice\b/.test(t.text))).toBe(true);
    expect(texts.flatMap((t) => mentions(t.text).map((m) => `${t.where}: ${m}`))).toEqual([]);
  });
});

const mergedPr = (sha: string, branch: string) => double.state.mergedPull(sha, branch);

function commentEvent(
  issue: number,
  commentId: number,
  login: string,
  body: string,
  onPr = true,
  issueBody?: string,
): Partial<ActionRunOptions> {
  return {
    eventName: 'issue_comment',
    event: {
      action: 'created',
      issue: {
        number: issue,
        ...(onPr ? { pull_request: { url: 'x' } } : {}),
        ...(issueBody ? { body: issueBody } : {}),
      },
      comment: { id: commentId, body, user: { login, type: 'User' } },
    },
  };
}
