import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createOctokit } from '../src/adapters/github/client.js';
import { trailerMarker } from '../src/domain/bot/bot-markers.js';
import { runAction } from './helpers/action-runner.js';
import { keepBody, unbalanced } from './helpers/bot-bodies.js';
import { baseFiles, request } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { writeFiles } from './helpers/repo.js';

// The action on a pull request, run as a runner runs it, against the GitHub double.

let double: GitHubDouble;
let dir: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

beforeAll(async () => {
  double = await startGitHubDouble();
  dir = await mkdtemp(join(tmpdir(), 'intentops-action-pr-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 't');
  await writeFiles(dir, baseFiles());
  git('add', '-A');
  git('commit', '-qm', 'catalog');
  // The PR is issue #1 in the double: its comments are where the plan goes.
  const gh = createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' });
  await gh.rest.issues.create({ owner: 'acme', repo: 'gitops', title: 'Deploy web' });
});

afterAll(async () => {
  await double.stop();
  await rm(dir, { recursive: true, force: true });
});

async function pushToPr(
  files: Record<string, string>,
  message: string,
): Promise<{ base: string; head: string }> {
  const base = git('rev-parse', 'main');
  git('checkout', '-q', '-B', 'pr');
  await writeFiles(dir, files);
  git('add', '-A');
  git('commit', '-qm', message);
  return { base, head: git('rev-parse', 'HEAD') };
}

function plan(base: string, head: string, number = 1) {
  return runAction({
    inputs: { command: 'plan', 'github-token': 'ghs_test', 'repo-path': dir, 'dry-run': 'false' },
    event: { number, pull_request: { number, base: { sha: base }, head: { sha: head } } },
    eventName: 'pull_request',
    sha: head,
    apiUrl: double.url,
    cwd: dir,
  });
}

function planComments(issue = 1) {
  return [...double.state.comments.values()].filter(
    (c) => c.issueNumber === issue && String(c.body).includes('<!-- intentops:plan -->'),
  );
}

describe('action: plan on a pull request', () => {
  it('posts one plan comment, updates it on the next push, and writes the summary', async () => {
    const first = await pushToPr({ 'intents/requests/web.yaml': request({ app: 'web' }) }, 'request web');
    const r1 = await plan(first.base, first.head);
    expect(r1.code, r1.stdout + r1.stderr).toBe(0);
    expect(r1.outputs.status).toBe('valid');
    expect(planComments()).toHaveLength(1);
    expect(String(planComments()[0]?.body)).toContain('<code>intents/requests/web.yaml</code>');
    expect(String(planComments()[0]?.body)).toContain("echo 'ok' > state/said");
    // Commands read as shell lines, an argv list too.
    expect(String(planComments()[0]?.body)).toContain('$ touch state/ran-after');
    expect(String(planComments()[0]?.body)).not.toContain('argv [');
    expect(r1.summary).toMatch(/^## intentops plan — ✅ allow/);

    const second = await pushToPr(
      { 'intents/requests/web.yaml': request({ app: 'web', mem: 70 }) },
      'more memory',
    );
    const r2 = await plan(first.base, second.head);
    expect(r2.code).toBe(0);
    expect(planComments()).toHaveLength(1);
    expect(String(planComments()[0]?.body)).toContain("echo '70' > state/mem");
    expect(double.rejected()).toEqual([]);
  });

  it('as plan.yml runs it: the action is not the PR, the PR is data in pr/; nothing of the PR runs', async () => {
    // The PR replaces the bundled action and package scripts; were any of them run, the marker would appear.
    const marker = join(dir, '..', `${dir.split('/').pop()}-pwned`);
    const evil = `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n`;
    const pr = await pushToPr(
      {
        'intents/requests/data.yaml': request({ app: 'data' }),
        'dist/index.js': evil,
        'action.yml': 'runs:\n  using: node24\n  main: dist/index.js\n',
        'package.json': JSON.stringify({ scripts: { postinstall: `node -e "${evil.trim()}"` } }),
      },
      'request data, and a new bot',
    );
    const workspace = await mkdtemp(join(tmpdir(), 'intentops-workspace-'));
    execFileSync('git', ['clone', '-q', dir, join(workspace, 'pr')]);
    execFileSync('git', ['checkout', '-q', pr.head], { cwd: join(workspace, 'pr') });
    const r = await runAction({
      inputs: { command: 'plan', 'github-token': 'ghs_test', 'repo-path': 'pr', 'dry-run': 'false' },
      event: { number: 1, pull_request: { number: 1, base: { sha: pr.base }, head: { sha: pr.head } } },
      eventName: 'pull_request',
      sha: pr.head,
      apiUrl: double.url,
      cwd: workspace,
    });
    await rm(workspace, { recursive: true, force: true });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(String(planComments()[0]?.body)).toContain('<code>intents/requests/data.yaml</code>');
    expect(existsSync(marker)).toBe(false);
    expect(double.rejected()).toEqual([]);
    git('checkout', '-q', 'main'); // the next PR starts from main again
    git('branch', '-q', '-D', 'pr');
  });

  it('a PR that touches no file under intents/ passes at once: the required check reports, no comment, no API call', async () => {
    git('checkout', '-q', 'main');
    const pr = await pushToPr({ 'README.md': '# the docs only\n' }, 'docs');
    const comments = planComments().length;
    const calls = double.requests.length;
    const r = await plan(pr.base, pr.head);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.status).toBe('valid');
    expect(r.summary).toContain('No file under `intents/` changed: nothing to plan.');
    expect(planComments()).toHaveLength(comments);
    expect(double.requests.slice(calls)).toEqual([]);
    git('checkout', '-q', 'main');
    git('branch', '-q', '-D', 'pr');
  });

  it('annotates the offending line, fails the check, and flags a PR mixing requests with catalog changes', async () => {
    const pr = await pushToPr(
      {
        'intents/requests/bad.yaml': request({ app: 'Bad App' }),
        'intents/catalog/work.yaml': `${baseFiles()['intents/catalog/work.yaml']}\n`,
      },
      'bad request',
    );
    const r = await plan(pr.base, pr.head);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^::error title=intentops,file=intents\/requests\/bad\.yaml,line=3,col=8::param 'app' value "Bad App" does not match pattern/m,
    );
    const body = String(planComments()[0]?.body);
    expect(body).toContain('❌');
    expect(body).toContain('changes what judges them: `intents/catalog/work.yaml`');
    expect(double.rejected()).toEqual([]);
  });

  it('a request the policies deny fails the check (a hold would not: it can still be approved)', async () => {
    git('checkout', '-q', 'main'); // a fresh PR branch, without the earlier tests' files
    const pr = await pushToPr(
      {
        'intents/policies/apps.yaml':
          'policies:\n  - name: apps\n    match: { intents: [work] }\n    params:\n      app: { allow: [web] }\n',
        'intents/requests/db.yaml': request({ app: 'db' }),
      },
      'request db',
    );
    const r = await plan(pr.base, pr.head);
    expect(r.code).toBe(1);
    expect(r.outputs.status).toBe('denied');
    expect(r.stdout).toMatch(/::error::the policies deny intents\/requests\/db\.yaml/);
    const body = String(planComments()[0]?.body);
    keepBody('plan-deny', body);
    // The verdict leads: the headline says denied and why, never "valid".
    expect(body.split('\n', 1)[0]).toMatch(/^## intentops plan — ⛔ denied: .*db/);
    expect(body).not.toContain('✅ valid');
    expect(unbalanced(body)).toEqual([]);
  });

  it('a request that waits for an approval says so on its first line, not "valid"', async () => {
    git('checkout', '-q', 'main');
    git('branch', '-q', '-D', 'pr');
    const pr = await pushToPr(
      {
        'intents/policies/reviewed.yaml':
          'policies:\n  - name: reviewed\n    match: { intents: [work] }\n    approvals: 1\n',
        'intents/requests/api.yaml': request({ app: 'api' }),
      },
      'request api',
    );
    const r = await plan(pr.base, pr.head);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const body = String(planComments()[0]?.body);
    keepBody('plan-hold', body);
    expect(body.split('\n', 1)[0]).toMatch(/^## intentops plan — ⏸ waits for 1 approval/);
    expect(body).toContain('approve the PR');
    expect(body).not.toContain('✅');
    expect(r.summary.split('\n', 1)[0]).toBe(body.split('\n', 1)[0]);
    git('checkout', '-q', 'main');
    git('branch', '-q', '-D', 'pr');
  });
});

describe('action: plan of a long pull request', () => {
  // 45 requests make a plan longer than GitHub takes in one comment: the comment is cut between
  // requests, stays balanced Markdown with its marker in the trailer, and the summary has it all.
  const many = (say: string) =>
    Object.fromEntries(
      Array.from({ length: 45 }, (_, i) => [
        `intents/requests/app-${String(i).padStart(2, '0')}.yaml`,
        request({ app: `app-${i}`, say: `${say}-${'x'.repeat(180)}` }),
      ]),
    );

  it('cuts the comment between requests, keeps it balanced and findable, and updates the one comment on the next push', async () => {
    git('checkout', '-q', 'main');
    const gh = createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' });
    const { data: pr } = await gh.rest.issues.create({ owner: 'acme', repo: 'gitops', title: 'Many apps' });
    const first = await pushToPr(many('one'), '45 requests');
    const r1 = await plan(first.base, first.head, pr.number);
    expect(r1.code, r1.stdout + r1.stderr).toBe(0);
    expect(planComments(pr.number)).toHaveLength(1);
    const body = String(planComments(pr.number)[0]?.body);
    keepBody('plan-long', body);
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(unbalanced(body)).toEqual([]);
    expect(trailerMarker(body, 'plan')).toBe('');
    expect(body).toMatch(/of 45 requests/);
    expect(body).toContain('job summary');
    expect(body).toMatch(/\n\n<sub>\[workflow run\]/); // not swallowed by the note's quote
    // The summary holds every request.
    for (let i = 0; i < 45; i++)
      expect(r1.summary).toContain(`intents/requests/app-${String(i).padStart(2, '0')}.yaml`);
    expect(unbalanced(r1.summary)).toEqual([]);

    const second = await pushToPr(many('two'), 'say two');
    const r2 = await plan(first.base, second.head, pr.number);
    expect(r2.code, r2.stdout + r2.stderr).toBe(0);
    expect(planComments(pr.number)).toHaveLength(1);
    expect(String(planComments(pr.number)[0]?.body)).toContain('two-x');
    expect(double.rejected()).toEqual([]);
    git('checkout', '-q', 'main');
    git('branch', '-q', '-D', 'pr');
  });
});

describe('action: plan over the job summary limit', () => {
  // GitHub refuses a step summary over 1 MiB. 40 requests of an intent with 300 long steps make a
  // plan of about 2 MB: the summary is cut between requests like the comment, stays balanced, lists
  // every request, says how many details it left out and where the whole plan is (the run's log).
  it('cuts the summary between requests under 1 MiB and says where the whole plan is', async () => {
    git('checkout', '-q', 'main');
    const steps = Array.from(
      { length: 300 },
      (_, i) => `  - name: step-${i}\n    run: echo {{app}} ${'y'.repeat(120)} ${i}\n    timeout: 10s`,
    ).join('\n');
    await writeFiles(dir, {
      'intents/catalog/big.yaml': `name: big\ndescription: many long steps\nrisk: low\nparams:\n  app: { type: string, pattern: "^[a-z0-9-]+$" }\nsteps:\n${steps}\n`,
    });
    git('add', '-A');
    git('commit', '-qm', 'a big intent');
    const gh = createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' });
    const { data: issue } = await gh.rest.issues.create({ owner: 'acme', repo: 'gitops', title: 'Big' });
    const name = (i: number) => `big-${String(i).padStart(2, '0')}.yaml`;
    const requests = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [
        `intents/requests/${name(i)}`,
        `intent: big\nparams: { app: big-${i} }\nreason: test\n`,
      ]),
    );
    const pr = await pushToPr(requests, '40 big requests');
    const r = await plan(pr.base, pr.head, issue.number);
    expect(r.code, r.stderr).toBe(0);
    keepBody('plan-summary-huge', r.summary);
    expect(Buffer.byteLength(r.summary, 'utf8')).toBeLessThanOrEqual(1_048_576);
    expect(unbalanced(r.summary)).toEqual([]);
    expect(r.summary).not.toContain('<!-- intentops:plan -->');
    const detailed = (text: string) =>
      Array.from({ length: 40 }, (_, i) => i).filter((i) =>
        text.includes(`<code>intents/requests/${name(i)}</code> — rules`),
      ).length;
    const shown = detailed(r.summary);
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(40);
    expect(r.summary).toContain(`The details of ${40 - shown} of 40 requests do not fit in the job summary`);
    expect(r.summary).toContain('the group "intentops: the whole plan"');
    // Every request is still in the overview table.
    for (let i = 0; i < 40; i++) expect(r.summary).toContain(`| \`${name(i)}\` |`);
    // The run's log has the whole plan, folded in its group.
    const group = r.stdout.split('::group::intentops: the whole plan\n')[1]?.split('::endgroup::')[0] ?? '';
    expect(detailed(group)).toBe(40);
    // The comment points there too, not to a summary that no longer holds it all.
    const body = String(planComments(issue.number)[0]?.body);
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(unbalanced(body)).toEqual([]);
    expect(body).toContain('the whole plan is in this run\'s log (the group "intentops: the whole plan")');
    git('checkout', '-q', 'main');
    git('branch', '-q', '-D', 'pr');
  });
});

describe('the required plan check', () => {
  // A workflow skipped by a `paths:` filter reports no check at all, and a required check that never
  // reports keeps the PR waiting forever: the plan workflow runs on every PR, and the action ends at
  // once when nothing under intents/ changed (above).
  const ROOT = join(import.meta.dirname, '..');
  it.each(['templates/gitops/.github/workflows/intentops-plan.yml', '.github/workflows/plan.yml'])(
    '%s runs on every pull request, unfiltered',
    (file) => {
      const doc = parse(readFileSync(join(ROOT, file), 'utf8')) as { on: Record<string, unknown> };
      expect(Object.keys(doc.on)).toEqual(['pull_request']);
      expect(doc.on.pull_request ?? {}).toEqual({});
    },
  );
});
