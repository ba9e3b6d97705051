import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOctokit } from '../src/adapters/github/client.js';
import { visiblePath } from '../src/domain/request/request-path.js';
import { executeOnPush, runAction } from './helpers/action-runner.js';
import { baseFiles } from './helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { type GitOpsRemote, git, gitopsRemote } from './helpers/gitops-remote.js';
import { cli, makeRepo, removeRepo, writeFiles } from './helpers/repo.js';

// Issue 23: a path that is not a request file name (a trailing space, a newline, a confusable
// letter, a link…) is an error that plan and validate show at that path, and the reconcile never
// runs it — least of all as the already executed request whose name it imitates.

const MARK = `name: mark
description: notes each run
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
  marks: { type: string, pattern: "^[A-Za-z0-9/._-]+$" }
steps:
  - name: mark
    run: echo run >> {{marks}}/runs-{{app}}
    timeout: 10s
`;

/** The shapes issue 23 names, each a real request (of its own app where that tells runs apart). */
function oddShapes(marks: string): Record<string, string> {
  const req = (app: string) => `intent: mark\nparams: { app: ${app}, marks: ${marks} }\nreason: odd\n`;
  return {
    'intents/requests/a.yaml ': req('a'),
    'intents/requests/a.yaml\n': req('a'),
    'intents/requests/A.YAML': req('upper'),
    'intents/requests/sub/a.yaml': req('sub'),
    'intents/requests/-a.yaml': req('dash'),
    'intents/requests/\u0430.yaml': req('cyrillic'), // Cyrillic а: looks like a.yaml
  };
}
/** Added beside the shapes: a link to the executed request, under a fine name. */
const LINK = 'intents/requests/b.yaml';

describe('validate: a path under intents/requests/ that is not a request file name', () => {
  it('is an error at that path, for every shape; a fine request beside them is checked as before', async () => {
    const dir = await makeRepo({
      ...baseFiles(),
      'intents/catalog/mark.yaml': MARK,
      'intents/requests/a.yaml': `intent: mark\nparams: { app: a, marks: /tmp }\nreason: fine\n`,
      ...oddShapes('/tmp'),
      'intents/requests/.gitkeep': '',
      'intents/requests/README.md': '# requests\n',
    });
    try {
      await symlink('a.yaml', join(dir, LINK));
      const res = await cli(['--repo', dir, 'validate']);
      expect(res.code, res.stderr).toBe(2);
      for (const path of [...Object.keys(oddShapes('/tmp')), LINK]) {
        expect(res.stderr, visiblePath(path)).toContain(
          `${visiblePath(path)}: not a request file${path === LINK ? ':' : ' name:'} ${visiblePath(path)}`,
        );
      }
      expect(res.stderr).not.toMatch(/^intents\/requests\/a\.yaml:/m);
      expect(res.stderr).not.toMatch(/\.gitkeep|README\.md/);
      expect(res.stderr).toContain('✖ 7 error(s)');

      // Named on the command line, as plan and run name them: refused the same way.
      for (const path of ['intents/requests/a.yaml ', LINK]) {
        const one = await cli(['--repo', dir, 'validate', path]);
        expect(one.code, path).toBe(2);
        expect(one.stderr).toContain(`not a request file`);
        const plan = await cli(['--repo', dir, 'plan', path]);
        expect(plan.code, path).toBe(2);
        expect(plan.stderr).toContain(`not a request file`);
      }
    } finally {
      await removeRepo(dir);
    }
  });
});

let double: GitHubDouble;
let repo: GitOpsRemote;
let marks: string;

beforeAll(async () => {
  double = await startGitHubDouble();
  repo = await gitopsRemote('intentops-request-paths-', {
    ...baseFiles(),
    'intents/catalog/mark.yaml': MARK,
  });
  marks = join(repo.root, 'marks');
  await mkdir(marks, { recursive: true });
  // The PR is issue #1 in the double: its comments are where the plan goes.
  const gh = createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' });
  await gh.rest.issues.create({ owner: 'acme', repo: 'gitops', title: 'odd paths' });
});

afterAll(async () => {
  await double.stop();
  await repo.cleanup();
});

function job() {
  return runAction(executeOnPush(repo.checkout(), double.url));
}

const runsOf = (app: string) =>
  existsSync(join(marks, `runs-${app}`))
    ? readFileSync(join(marks, `runs-${app}`), 'utf8').split('\n').length - 1
    : 0;

describe('a PR of odd request paths after a.yaml has run', { timeout: 300_000 }, () => {
  it('plan flags each path; merged, the reconcile runs none of them and not a.yaml again', async () => {
    const a = await repo.merge(
      { 'intents/requests/a.yaml': `intent: mark\nparams: { app: a, marks: ${marks} }\nreason: once\n` },
      'merge a',
    );
    double.state.adoptCommit(a, 'merge a');
    const first = await job();
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(runsOf('a')).toBe(1);

    // The PR, as a pull_request job sees it.
    const dev = repo.dev;
    git(dev, 'pull', '-q', '--rebase', 'origin', 'main');
    const base = git(dev, 'rev-parse', 'HEAD');
    git(dev, 'checkout', '-q', '-b', 'odd');
    await writeFiles(dev, oddShapes(marks));
    await symlink('a.yaml', join(dev, LINK));
    git(dev, 'add', '-A');
    git(dev, 'commit', '-qm', 'odd paths');
    const head = git(dev, 'rev-parse', 'HEAD');
    const plan = await runAction({
      inputs: { command: 'plan', 'github-token': 'ghs_test', 'repo-path': dev, 'dry-run': 'false' },
      event: { number: 1, pull_request: { number: 1, base: { sha: base }, head: { sha: head } } },
      eventName: 'pull_request',
      sha: head,
      apiUrl: double.url,
      cwd: dev,
    });
    expect(plan.code, plan.stdout + plan.stderr).toBe(1);
    const comment = String(
      [...double.state.comments.values()].find((c) => String(c.body).includes('<!-- intentops:plan -->'))
        ?.body,
    );
    expect(comment).toContain('Checked 7 file(s)');
    expect(comment).toContain('❌ 7 problem(s)');
    for (const path of [...Object.keys(oddShapes(marks)), LINK]) {
      const shown = visiblePath(path);
      expect(plan.stdout, shown).toMatch(
        new RegExp(`^::error .*::not a request file.*${reEscape(shown)}`, 'm'),
      );
      expect(comment, shown).toContain(shown);
    }

    // Merged as GitHub merges a PR: a merge commit on main.
    git(dev, 'checkout', '-q', 'main');
    git(dev, 'pull', '-q', '--rebase', 'origin', 'main');
    git(dev, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #1 from odd', 'odd');
    git(dev, 'push', '-q', 'origin', 'main');
    double.state.adoptCommit(git(dev, 'rev-parse', 'HEAD'), 'Merge pull request #1 from odd');
    const merged = await job();
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
    expect(merged.outputs['execution-ids']).toBe('');
    expect(readdirSync(marks)).toEqual(['runs-a']);
    expect(runsOf('a')).toBe(1);
    expect(repo.records().map((r) => r.request.path)).toEqual(['intents/requests/a.yaml']);
    for (const path of ['intents/requests/a.yaml ', 'intents/requests/a.yaml\n', LINK])
      expect(merged.stdout).toContain(`${visiblePath(path)}`);
    // Said in the log and the job summary of the merge's run.
    expect(merged.stdout).toMatch(/^⚠ not a request file name: "intents\/requests\/a\.yaml " .*never run$/m);
    expect(merged.summary).toContain('not a request file name');

    // And the next run does not either.
    const again = await job();
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(runsOf('a')).toBe(1);
    expect(double.rejected()).toEqual([]);
  });
});

function reEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
