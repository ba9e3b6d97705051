import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type PlannedRun, writeHistory } from '../bench/gen-history.js';
import { BOT_IDENTITY } from '../src/domain/bot/bot-identity.js';
import { trailerMarker } from '../src/domain/bot/bot-markers.js';
import { runAction } from './helpers/action-runner.js';
import { botTexts, keepBody, mentions, unbalanced } from './helpers/bot-bodies.js';
import { checkoutWithRemote, git } from './helpers/checkout.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { exampleIntents, must, note, writeNotes } from './helpers/learn-fixture.js';
import { writeFiles } from './helpers/repo.js';

// The weekly learning run end to end: the action in a real checkout with a bare remote, suggestion
// PRs through the GitHub double (every request checked against GitHub's OpenAPI description).
// One suggestion lives through its whole life: opened, left alone, updated, rejected, kept closed,
// reopened when the evidence doubles, accepted when merged.

let double: GitHubDouble;
let root: string;
let remote: string;
let work: string;
const NOW = Date.now();
const spike = (h: number, app: string, after: number): PlannedRun => ({
  at: new Date(NOW - h * 3_600_000),
  intent: 'deploy-app',
  app,
  anomalies: [
    {
      rule: 'memory_spike',
      inputs: { 'after.metrics.memory_usage': after, 'before.metrics.memory_usage': 40 },
    },
  ],
});
const ID = 'anomaly-deploy-app-memory-spike';
const BRANCH = `intentops/learn/${ID}`;

beforeAll(async () => {
  double = await startGitHubDouble();
  const intents = await exampleIntents();
  ({ root, remote, work } = await checkoutWithRemote('intentops-action-learn-', intents, 'catalog'));
  // The double's main holds the same files: suggestion branches start from it.
  double.state.writeFiles('main', intents, 'catalog');
}, 30_000);

afterAll(async () => {
  await double.stop();
  await rm(root, { recursive: true, force: true });
});

async function addHistory(runs: PlannedRun[], notes: Parameters<typeof writeNotes>[1] = []) {
  git(work, 'pull', '-q', '--rebase', 'origin', 'main');
  await writeHistory(work, runs);
  if (notes.length) await writeNotes(work, notes);
  git(work, 'add', '-A');
  // As the execute run commits them: only the bot's own records are evidence.
  git(
    work,
    '-c',
    `user.name=${BOT_IDENTITY.name}`,
    '-c',
    `user.email=${BOT_IDENTITY.email}`,
    'commit',
    '-qm',
    `intentops: record ${runs.length}`,
  );
  git(work, 'push', '-q', 'origin', 'main');
}

async function learnRun() {
  git(work, 'pull', '-q', '--rebase', 'origin', 'main');
  const sha = git(work, 'rev-parse', 'HEAD');
  const before = double.requests.length;
  const r = await runAction({
    inputs: { command: 'learn', 'github-token': 'ghs_test', 'repo-path': work, 'dry-run': 'false' },
    event: { schedule: '17 6 * * 1' },
    eventName: 'schedule',
    sha,
    apiUrl: double.url,
    cwd: work,
  });
  const calls = double.requests.slice(before);
  expect(r.code, r.stdout + r.stderr + calls.map((c) => `${c.method} ${c.path} ${c.status}`).join('\n')).toBe(
    0,
  );
  const ledger = parse(git(remote, 'show', 'main:learning/ledger.yaml')).suggestions as Record<
    string,
    unknown
  >[];
  return { r, calls, entry: ledger.find((e) => e.id === ID) };
}

const pulls = () => [...double.state.issues.values()].filter((i) => i.pull?.head === BRANCH);
const writes = (calls: { method: string; operationId?: string }[]) =>
  calls.filter((c) => c.method !== 'GET').map((c) => c.operationId);

describe('action: weekly learn', () => {
  it('opens one PR per suggestion with the change and the evidence; commits the ledger', async () => {
    await addHistory([spike(50, 'shop', 75), spike(40, 'billing', 80), spike(30, 'shop', 71)]);
    const { r, entry, calls } = await learnRun();
    expect(pulls()).toHaveLength(1);
    const pr = must(pulls()[0]);
    expect(pr.title).toBe('Add a memory_usage headroom precheck before deploy-app (memory_spike ×3)');
    // What the precheck would have done over the same runs, for the reviewer to weigh.
    expect(pr.body).toMatch(
      /## What would have happened\n\n- Over the same runs .* the precheck would have held \d+ of \d+ runs of deploy-app/,
    );
    expect(pr.body).toMatch(/\[record\]\(https:\/\/[a-z.]+\/acme\/gitops\/blob\/[0-9a-f]{40}\/executions\//);
    expect(pr.labels).toContain('intentops-suggestion');
    const file = must(double.state.commits.get(must(double.state.branchSha(BRANCH)))).files.get(
      'intents/policies/learned.yaml',
    );
    expect(String(file)).toContain('name: learned-deploy-app-memory-spike');
    expect(entry).toMatchObject({ state: 'open', pr: pr.number, evidence: 3, branch: BRANCH });
    expect(r.outputs.suggestions).toBe(String(pr.number));
    // The job summary shows the delivery metrics: three changes, none proposed by an agent.
    expect(r.summary).toContain('## Delivery metrics (last 30 days)');
    expect(r.summary).toMatch(/^\| all \| humans \| 3 \| 0\.1 \| /m);
    expect(r.summary).toMatch(/^\| all \| agents \| 0 \| 0 \| – \| – \| – \|$/m);
    expect(writes(calls)).toEqual([
      'git/create-ref',
      'repos/create-or-update-file-contents',
      'pulls/create',
      'issues/add-labels',
    ]);
    expect(double.rejected()).toEqual([]);
    keepBody('suggestion-anomaly', pr.body);
  });

  it('the PR body leads with the change (folded diff), its cost and the backtest verdict, in words', () => {
    const body = String(must(pulls()[0]).body);
    // As GitHub shows it: `memory\_usage` reads memory_usage.
    const head = body.split('\n').slice(0, 4).join('\n').replace(/\\(.)/g, '$1');
    // The first lines: what changes, what it would have done over the same runs, what it costs.
    expect(head).toMatch(
      /^\*\*Proposed change:\*\* add a memory_usage headroom precheck before deploy-app/im,
    );
    expect(head).toMatch(
      /^\*\*Backtest:\*\* would have caught \d+ of the \d+ runs where memory_spike fired/m,
    );
    expect(head).toMatch(/^\*\*Cost:\*\* /m);
    // Then the change itself, folded, as a diff of the file.
    const details = body.indexOf('<details>');
    expect(details).toBeGreaterThan(0);
    expect(body.indexOf('## Why')).toBeGreaterThan(details);
    expect(body.slice(details)).toMatch(
      /^<details><summary>The change: <code>intents\/policies\/learned\.yaml<\/code>.*<\/summary>\n\n```diff\n[\s\S]*^\+ +- name: learned-deploy-app-memory-spike$/m,
    );
    // Words, not trigger names.
    expect(body).not.toMatch(/repeated_anomaly|suggest_policy_update|→ \*\*/);
    // A chart only when the evidence spans more than one day: one bar says nothing a count does not.
    const days = new Set([50, 40, 30].map((h) => new Date(NOW - h * 3_600_000).toISOString().slice(0, 10)));
    expect(body.includes('```mermaid\nxychart-beta')).toBe(days.size > 1);
    expect(unbalanced(body)).toEqual([]);
    expect(trailerMarker(body, 'suggestion')).toBe(ID);
  });

  it('a second run with the same evidence pushes nothing and opens nothing', async () => {
    const tip = double.state.branchSha(BRANCH);
    const { calls } = await learnRun();
    expect(writes(calls)).toEqual([]);
    expect(double.state.branchSha(BRANCH)).toBe(tip);
    expect(pulls()).toHaveLength(1);
  });

  it('new evidence that changes the suggestion updates the same PR', async () => {
    await addHistory([spike(20, 'search', 95)]);
    const { calls, entry } = await learnRun();
    expect(pulls()).toHaveLength(1);
    expect(writes(calls)).toEqual(['git/update-ref', 'repos/create-or-update-file-contents', 'pulls/update']);
    expect(must(pulls()[0]).title).toContain('×4');
    expect(entry).toMatchObject({ state: 'open', evidence: 4 });
  });

  it('a PR closed without merge is recorded as rejected and stays closed on the next run', async () => {
    const pr = must(pulls()[0]);
    pr.state = 'closed';
    pr.closedAt = new Date().toISOString();
    await addHistory([spike(10, 'auth', 76)]);
    const { calls, entry } = await learnRun();
    expect(writes(calls)).toEqual([]);
    expect(pulls()).toHaveLength(1);
    expect(entry).toMatchObject({ state: 'rejected', pr: pr.number, evidence_at_decision: 4 });
  });

  it('is opened again once the evidence has doubled, and recorded as accepted when merged', async () => {
    await addHistory([spike(9, 'auth', 77), spike(8, 'mail', 78), spike(7, 'chat', 79)]);
    const { entry } = await learnRun();
    const all = pulls();
    expect(all).toHaveLength(2);
    const fresh = must(all.find((p) => p.state === 'open'));
    expect(entry).toMatchObject({ state: 'open', pr: fresh.number, evidence: 8 });
    expect(must(entry).history).toMatchObject([{ state: 'rejected', evidence: 4 }]);

    const merged = await fetch(`${double.url}/repos/acme/gitops/pulls/${fresh.number}/merge`, {
      method: 'PUT',
      headers: { authorization: 'token ghs_test', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(merged.status).toBe(200);
    // Merged on GitHub but not yet in this checkout: recorded as accepted, nothing reopened.
    const after = await learnRun();
    expect(after.entry).toMatchObject({ state: 'accepted', pr: fresh.number });
    expect(writes(after.calls)).toEqual([]);
    // Once the merged policy is in the checkout, the pattern has nothing left to change.
    const policy = must(double.state.commits.get(must(double.state.branchSha('main')))).files.get(
      'intents/policies/learned.yaml',
    );
    await writeFiles(work, { 'intents/policies/learned.yaml': String(policy) });
    git(work, 'add', '-A');
    git(work, 'commit', '-qm', 'merge suggestion');
    git(work, 'push', '-q', 'origin', 'main');
    const settled = await learnRun();
    expect(settled.r.stdout).toContain('policy learned-deploy-app-memory-spike exists already');
    expect(settled.r.summary).toContain('exists already');
    expect(settled.entry).toMatchObject({ state: 'accepted', pr: fresh.number });
    expect(writes(settled.calls)).toEqual([]);
    const report = git(remote, 'show', 'main:learning/ledger.yaml');
    expect(report).toContain('decided_at');
    expect(double.rejected()).toEqual([]);
  }, 90_000); // three action runs: on a loaded machine more than the default 30 s

  it('a fix done by hand by two people names them without pinging them; one day of evidence has no chart', async () => {
    // Yesterday 10:00 and 11:00 UTC: one day, whatever the time of the run.
    const day = Math.floor(NOW / 86_400_000) * 86_400_000 - 86_400_000;
    const fix = (h: number, app: string, by: string, issue: number) =>
      note({
        kind: 'manual_fix',
        at: new Date(day + h * 3_600_000).toISOString(),
        issue,
        by,
        text: `Flushed the cache:\n\`\`\`\nredis-cli -h ${app}-redis FLUSHDB\n\`\`\``,
      });
    await addHistory([], [fix(10, 'shop', 'alice', 11), fix(11, 'billing', 'bob', 12)]);
    await learnRun();
    const pr = must([...double.state.issues.values()].find((i) => i.pull?.head.includes('new-intent-')));
    const body = String(pr.body);
    keepBody('suggestion-manual-fix', body);
    expect(body.split('\n')[0]).toMatch(/^\*\*Proposed change:\*\* New intent redis-flushdb/);
    expect(body).toMatch(/\| alice \|/);
    expect(mentions(body)).toEqual([]);
    expect(body).not.toContain('```mermaid');
    expect(unbalanced(body)).toEqual([]);
  }, 60_000);

  it('no title, body or comment the bot wrote in these runs @mentions anyone', () => {
    const texts = botTexts(double.requests);
    expect(texts.length).toBeGreaterThan(5);
    expect(texts.flatMap((t) => mentions(t.text).map((m) => `${t.where}: ${m}`))).toEqual([]);
    for (const t of texts) expect(unbalanced(t.text), t.where).toEqual([]);
  });
});
