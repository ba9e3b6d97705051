import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOctokit, type GitHubClient } from '../src/adapters/github/client.js';
import { serializeRecord } from '../src/adapters/record-store.js';
import { incidentCloses } from '../src/app/audit/delivery-metrics.js';
import { recordPath } from '../src/domain/records/record.js';
import { runAction } from './helpers/action-runner.js';
import { mentions } from './helpers/bot-bodies.js';
import { type GitHubDouble, startGitHubDouble, type UserRecord } from './helpers/github-double.js';
import { filled, incidentIssue as openIncident } from './helpers/incident-fixture.js';
import { makeRecord } from './helpers/record-fixture.js';
import { writeFiles } from './helpers/repo.js';

// The incident lifecycle run as a runner runs it: issues and issue_comment payloads shaped from the
// double's own (OpenAPI-checked) answers, a fresh checkout of a bare remote per run.

let double: GitHubDouble;
let gh: GitHubClient;
let root: string;
let remote: string;
let runs = 0;
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const owner = 'acme';
const repo = 'gitops';
/** The repository's owner (OWNER to the double), and someone with no role in it (NONE). */
const human: UserRecord = { login: owner, id: 501, type: 'User' };
const mallory: UserRecord = { login: 'mallory', id: 666, type: 'User' };
const repository = {
  name: repo,
  full_name: `${owner}/${repo}`,
  default_branch: 'main',
  owner: { login: owner },
};

beforeAll(async () => {
  double = await startGitHubDouble();
  gh = createOctokit({ token: 'ghs_setup', baseUrl: double.url, pacing: 'none' });
  root = await mkdtemp(join(tmpdir(), 'intentops-action-incident-'));
  remote = join(root, 'remote.git');
  const seed = join(root, 'seed');
  git(root, 'init', '-q', '--bare', '-b', 'main', remote);
  git(root, 'clone', '-q', remote, seed);
  await writeFiles(seed, { 'README.md': '# gitops\n' });
  git(seed, 'add', '-A');
  git(seed, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'readme');
  git(seed, 'push', '-q', 'origin', 'main');
});

afterEach(() => {
  expect(double.rejected()).toEqual([]);
});

afterAll(async () => {
  await double.stop();
  await rm(root, { recursive: true, force: true });
});

const incidentIssue = (app: string) => openIncident(gh, { owner, repo }, app);

const issueJson = async (n: number) =>
  (await gh.rest.issues.get({ owner, repo, issue_number: n })).data as unknown as Record<string, unknown>;

/** A fresh checkout of the remote's main, as actions/checkout makes one; `at` pins an older commit. */
async function run(eventName: string, event: unknown, at?: string) {
  const dir = join(root, `checkout-${++runs}`);
  git(root, 'clone', '-q', remote, dir);
  if (at) git(dir, 'reset', '-q', '--hard', at);
  const seen = double.requests.length;
  const r = await runAction({
    inputs: { command: 'incident', 'github-token': 'ghs_test', 'repo-path': dir },
    event,
    eventName,
    sha: git(dir, 'rev-parse', 'HEAD'),
    apiUrl: double.url,
    cwd: dir,
  });
  return { ...r, calls: double.requests.slice(seen).map((q) => `${q.method} ${q.template ?? q.path}`) };
}

async function label(n: number, name: string, at?: string) {
  await gh.rest.issues.addLabels({ owner, repo, issue_number: n, labels: [name] });
  return run(
    'issues',
    { action: 'labeled', label: { name }, issue: await issueJson(n), sender: human, repository },
    at,
  );
}

/** A human's comment on the issue, and the issue_comment event GitHub would deliver for it. */
async function commentEvent(n: number, body: string, by = human) {
  const c = double.state.addComment(n, body, by);
  const { data } = await gh.rest.issues.getComment({ owner, repo, comment_id: c.id });
  return {
    id: c.id,
    event: { action: 'created', issue: await issueJson(n), comment: data, sender: by, repository },
  };
}

async function comment(n: number, body: string, by = human) {
  const { id, event } = await commentEvent(n, body, by);
  return { id, event, ...(await run('issue_comment', event)) };
}

const mainSha = () => git(remote, 'rev-parse', 'main');
const remoteFiles = () => git(remote, 'ls-tree', '-r', '--name-only', 'main').split('\n');
const remoteFile = (path: string) => git(remote, 'show', `main:${path}`);
const labelsOf = (n: number) => double.state.issues.get(n)?.labels ?? [];
const botComments = (n: number) =>
  double.state
    .commentsOf(n)
    .filter((c) => c.user.type === 'Bot')
    .map((c) => c.body);
const notes = () =>
  remoteFile('incidents/manual-notes.jsonl')
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('action: incident lifecycle', () => {
  let web: { number: number; fingerprint: string };

  it('refuses to file while human-input sections are empty: names them, removes the label, no file', async () => {
    web = await incidentIssue('web');
    const before = mainSha();
    const r = await label(web.number, 'incident-filed');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.status).toBe('unfilled');
    expect(labelsOf(web.number)).not.toContain('incident-filed');
    expect(labelsOf(web.number)).toContain('incident-draft');
    const [said] = botComments(web.number);
    expect(said).toContain('**Root cause**, **Lessons learned**, **Action items**');
    expect(said).toContain('The label `incident-filed` was removed.');
    expect(mainSha()).toBe(before);

    // Half filled, asked by comment: only what is still missing is named; no label to remove.
    const body = String((await issueJson(web.number)).body).replace(
      /### Root cause\n_to be filled in_/,
      '### Root cause\nA bad probe.',
    );
    await gh.rest.issues.update({ owner, repo, issue_number: web.number, body });
    const c = await comment(web.number, '/file');
    expect(c.code, c.stdout).toBe(0);
    expect(c.outputs.status).toBe('unfilled');
    const last = botComments(web.number).at(-1) ?? '';
    expect(last).toContain('fill in **Lessons learned**, **Action items**');
    expect(last).not.toContain('Root cause');
    expect(last).not.toContain('was removed');
    expect(remoteFiles().some((f) => f.startsWith('incidents/filed/'))).toBe(false);
  });

  it('files a filled incident once: the file on main, labels switched, "Filed as"; a repeat is a no-op', async () => {
    const fix = await comment(web.number, '/manual-fix restarted web-7f by hand');
    expect(fix.outputs.status).toBe('noted');
    const issue = await issueJson(web.number);
    await gh.rest.issues.update({ owner, repo, issue_number: web.number, body: filled(String(issue.body)) });

    const r = await label(web.number, 'incident-filed');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.status).toBe('filed');
    expect(r.outputs['incident-issues']).toBe(String(web.number));
    const path = `incidents/filed/${web.fingerprint}-deploy-web-unexpected-restart.md`;
    expect(remoteFiles()).toContain(path);
    const doc = remoteFile(path);
    expect(doc).toContain('title: "Deploy web: unexpected restart"');
    expect(doc).toContain(`issue: ${web.number}`);
    expect(doc).toContain('severity: P2');
    expect(doc).toContain('intent: deploy-app');
    expect(doc).toContain(`filed_by: ${owner}`);
    expect(doc).toMatch(/filed_at: "?\d{4}-\d\d-\d\dT/);
    expect(doc).toContain(`(https://github.com/${owner}/${repo}/issues/${web.number})`);
    expect(doc).toContain('### Root cause\nA bad probe.\n\n### Lessons learned\nTest probes under load.');
    expect(doc).toContain(`- **manual fix** by ${owner}`);
    expect(doc).toContain('  > restarted web-7f by hand');
    expect(labelsOf(web.number)).toContain('incident-filed');
    expect(labelsOf(web.number)).not.toContain('incident-draft');
    expect(botComments(web.number).at(-1)).toContain(`Filed as [\`${path}\`]`);
    expect(r.calls).toEqual([
      'GET /repos/{owner}/{repo}/issues/{issue_number}',
      'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);

    const sha = mainSha();
    const comments = double.state.commentsOf(web.number).length;
    for (const again of [await comment(web.number, '/file'), await label(web.number, 'incident-filed')]) {
      expect(again.code, again.stdout).toBe(0);
      expect(again.outputs.status).toBe('already-filed');
    }
    expect(mainSha()).toBe(sha);
    expect(double.state.commentsOf(web.number).length).toBe(comments + 1); // only the human's /file
  });

  it('/file on a filled draft adds the label; a lost "Filed as" comment is finished from a stale checkout', async () => {
    const api = await incidentIssue('api');
    const body = filled(String((await issueJson(api.number)).body));
    await gh.rest.issues.update({ owner, repo, issue_number: api.number, body });
    const stale = mainSha();
    const r = await comment(api.number, '/file');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.status).toBe('filed');
    expect(labelsOf(api.number)).toEqual(expect.arrayContaining(['incident-filed']));
    expect(labelsOf(api.number)).not.toContain('incident-draft');
    expect(r.calls).toContain('POST /repos/{owner}/{repo}/issues/{issue_number}/labels');
    const filedFiles = () => remoteFiles().filter((f) => f.startsWith('incidents/filed/'));
    expect(filedFiles()).toHaveLength(2);

    // The answer to "Filed as" was lost and the job re-runs on its event's (older) commit.
    const filedAs = double.state.commentsOf(api.number).find((c) => c.body.includes('Filed as'));
    double.state.comments.delete(filedAs?.id ?? -1);
    const sha = mainSha();
    const again = await run('issue_comment', r.event, stale);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.outputs.status).toBe('filed');
    expect(again.stdout).toContain('is on the branch already');
    expect(mainSha()).toBe(sha); // no second commit, no second file
    expect(filedFiles()).toHaveLength(2);
    expect(botComments(api.number).filter((b) => b.includes('Filed as'))).toHaveLength(1);
  });

  it('records /manual-fix and /manual-step as JSON lines; hostile text is data, capped, never run or echoed', async () => {
    const db = await incidentIssue('db');
    const step = await comment(db.number, '/manual-step scaled db to 3 replicas\nthen waited');
    expect(step.code, step.stdout + step.stderr).toBe(0);
    expect(step.outputs.status).toBe('noted');
    expect(step.calls).toEqual([
      'GET /repos/{owner}/{repo}/issues/{issue_number}',
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
    // The body says who fixed what on its first screen, as plain text: no @mention.
    const fixes = () =>
      String(double.state.issues.get(db.number)?.body)
        .split('\n\n', 1)[0]
        ?.split('\n')
        .find((l) => l.startsWith('**Fixes:**'));
    expect(fixes()).toMatch(
      new RegExp(
        `^\\*\\*Fixes:\\*\\* 1 noted · last: manual step by \`${owner}\` at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC: \`scaled db to 3 replicas then waited\`$`,
      ),
    );
    expect(botComments(db.number).at(-1)).toContain(
      'Recorded the manual step in `incidents/manual-notes.jsonl`',
    );

    const canary = join(root, 'pwned');
    const hostile = `$(touch ${canary}) \`touch ${canary}\` HOSTILE-7731\n::set-output name=status::pwned\n"; rm -rf / #\n${'A'.repeat(10_240)}Z`;
    const bad = await comment(db.number, `/manual-fix ${hostile}`);
    expect(bad.code, bad.stdout + bad.stderr).toBe(0);
    expect(bad.outputs.status).toBe('noted');
    expect(existsSync(canary)).toBe(false);
    expect(bad.stdout + bad.stderr).not.toContain('HOSTILE-7731');
    // In the body it is one code span, cut short: it cannot format, run or mention anything.
    expect(fixes()).toMatch(
      /^\*\*Fixes:\*\* 2 noted · last: manual fix by `acme` at .* UTC: `\$\(touch [^`]*'touch [^`]*…`$/,
    );
    expect(mentions(String(double.state.issues.get(db.number)?.body))).toEqual([]);

    const lines = notes();
    const mine = lines.filter((l) => l.issue === db.number);
    expect(mine).toEqual([
      {
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        issue: db.number,
        fingerprint: db.fingerprint,
        intent: 'deploy-app',
        kind: 'manual_step',
        text: 'scaled db to 3 replicas\nthen waited',
        by: owner,
        comment: step.id,
      },
      {
        at: expect.any(String),
        issue: db.number,
        fingerprint: db.fingerprint,
        intent: 'deploy-app',
        kind: 'manual_fix',
        text: hostile.slice(0, 2000),
        by: owner,
        comment: bad.id,
        truncated: true,
      },
    ]);
    expect(lines.find((l) => l.issue === web.number)).toMatchObject({
      kind: 'manual_fix',
      intent: 'deploy-app',
    });
    expect(remoteFile('.gitattributes')).toContain('incidents/manual-notes.jsonl merge=union');

    // Two notes at once on two incidents, from the same commit: both lines land (rebase + union merge).
    const cache = await incidentIssue('cache');
    const [one, two] = await Promise.all([
      commentEvent(db.number, '/manual-step drained node-3'),
      commentEvent(cache.number, '/manual-fix flushed the cache'),
    ]);
    const both = await Promise.all([run('issue_comment', one.event), run('issue_comment', two.event)]);
    expect(both.map((b) => [b.code, b.outputs.status])).toEqual([
      [0, 'noted'],
      [0, 'noted'],
    ]);
    expect(
      notes()
        .map((l) => l.comment)
        .filter((id) => id === one.id || id === two.id),
    ).toHaveLength(2);

    // A re-delivered event adds no second line; it sets the body's fixes line from the notes log when
    // the run that pushed the note died before it did (here: the line taken out of the body).
    const sha = mainSha();
    const issue = double.state.issues.get(db.number);
    if (issue) issue.body = String(issue.body).replace(/^\*\*Fixes:\*\*.*\n/m, '');
    expect(fixes()).toBeUndefined();
    const redelivered = await run('issue_comment', bad.event);
    expect(redelivered.outputs.status).toBe('already-noted');
    expect(fixes()).toMatch(
      /^\*\*Fixes:\*\* 3 noted · last: manual step by `[^`]+` at .* UTC: `drained node-3`$/,
    );
    const stranger = await comment(db.number, '/manual-fix I fixed it', mallory);
    expect(stranger.code).toBe(0);
    expect(stranger.outputs.status).toBe('ignored');
    expect(stranger.calls).toEqual([]);
    expect(mainSha()).toBe(sha);
  });

  it('records when an incident issue is closed, once per closing; metrics end time to restore there', async () => {
    const db = await incidentIssue('db');
    await gh.rest.issues.update({ owner, repo, issue_number: db.number, state: 'closed' });
    const closed = await issueJson(db.number);
    const event = { action: 'closed', issue: closed, sender: human, repository };
    const r = await run('issues', event);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.status).toBe('closed');
    const lines = remoteFile('incidents/closings.jsonl').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { at: closed.closed_at, issue: db.number, fingerprint: db.fingerprint, by: owner },
    ]);
    // A re-delivered event: nothing new, nothing pushed.
    const head = mainSha();
    const again = await run('issues', event);
    expect(again.outputs.status).toBe('already-closed');
    expect(mainSha()).toBe(head);
    // The closing is what metrics, the report and the dashboard read as the incident's end.
    const dir = join(root, `checkout-${++runs}`);
    git(root, 'clone', '-q', remote, dir);
    expect(await incidentCloses(dir)).toContainEqual({
      fingerprint: db.fingerprint,
      at: Date.parse(String(closed.closed_at)),
    });
  });

  it('ignores issues without the marker, other labels and plain comments (exit 0, no API call)', async () => {
    const { data: plain } = await gh.rest.issues.create({
      owner,
      repo,
      title: 'Question',
      body: 'Not an incident',
      labels: ['incident-draft'],
    });
    const sha = mainSha();
    const unmarked = await label(plain.number, 'incident-filed');
    const otherLabel = await label(web.number, 'bug');
    const chatter = await comment(web.number, 'thanks, /file later');
    for (const r of [unmarked, otherLabel, chatter]) {
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.outputs.status).toBe('ignored');
      expect(r.calls).toEqual([]);
    }
    expect(unmarked.stdout).toContain(`#${plain.number} is not an intentops incident issue`);
    expect(labelsOf(plain.number)).toContain('incident-filed'); // not ours to touch
    expect(mainSha()).toBe(sha);
  });

  it('answers an issue a person opens with the incident label: the context of the run it names, once', async () => {
    // A run on `shop` committed to main, as execute leaves it.
    const shop = makeRecord({
      id: 'exec-20260103-100000-deploy-app-shop-aaaaaa',
      timestamp: '2026-01-03T10:00:00.000Z',
      params: { app: 'shop' },
      after: { pod_restarts: 3, recent_logs: ['panic: out of memory @octocat'] },
    });
    const seed = join(root, `checkout-${++runs}`);
    git(root, 'clone', '-q', remote, seed);
    await writeFiles(seed, { [recordPath(shop)]: serializeRecord(shop) });
    git(seed, 'add', '-A');
    git(seed, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'record');
    git(seed, 'push', '-q', 'origin', 'main');
    const head = mainSha();

    const { data: down } = await gh.rest.issues.create({
      owner,
      repo,
      title: 'shop is down',
      body: 'checkout fails since this morning',
      labels: ['incident'],
    });
    // GitHub sends both for an issue opened with a label: opened, then labeled.
    const opened = await run('issues', {
      action: 'opened',
      issue: await issueJson(down.number),
      sender: human,
      repository,
    });
    expect(opened.code, opened.stdout + opened.stderr).toBe(0);
    expect(opened.outputs.status).toBe('offered');
    const [body, ...more] = botComments(down.number);
    expect(more).toEqual([]);
    expect(body).toContain(shop.id);
    expect(body).toContain('```\npanic: out of memory @octocat\n```');
    expect(labelsOf(down.number)).toEqual(expect.arrayContaining(['incident', 'incident-context']));
    const labeled = await run('issues', {
      action: 'labeled',
      label: { name: 'incident' },
      issue: await issueJson(down.number),
      sender: human,
      repository,
    });
    expect(labeled.code, labeled.stdout + labeled.stderr).toBe(0);
    expect(labeled.outputs.status).toBe('already-there');
    expect(botComments(down.number)).toHaveLength(1);
    expect(labeled.calls.filter((c) => c.startsWith('POST') && c.endsWith('/comments'))).toEqual([]);

    // An issue that names nothing the records know: counted, left alone.
    const { data: vague } = await gh.rest.issues.create({
      owner,
      repo,
      title: 'something is off',
      body: 'no idea what',
      labels: ['incident'],
    });
    const nothing = await run('issues', {
      action: 'opened',
      issue: await issueJson(vague.number),
      sender: human,
      repository,
    });
    expect(nothing.code, nothing.stdout + nothing.stderr).toBe(0);
    expect(nothing.outputs.status).toBe('nothing-named');
    expect(botComments(vague.number)).toEqual([]);
    // Opened without the label, or the bot's own draft: not this job's.
    const { data: plain } = await gh.rest.issues.create({
      owner,
      repo,
      title: 'shop: a question',
      body: 'hi',
    });
    const ignored = await run('issues', {
      action: 'opened',
      issue: await issueJson(plain.number),
      sender: human,
      repository,
    });
    expect(ignored.outputs.status).toBe('ignored');
    expect(ignored.calls).toEqual([]);
    expect(mainSha()).toBe(head);
  });
});
