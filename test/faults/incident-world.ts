import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOctokit } from '../../src/adapters/github/client.js';
import { startGitHubDouble, type UserRecord } from '../helpers/github-double.js';
import { filled, incidentIssue } from '../helpers/incident-fixture.js';
import { writeFiles } from '../helpers/repo.js';
import { type JobKindWorld, type JobWorld, runKillable } from './job-world.js';
import { SECRET_TOKEN } from './world.js';

// The incident job (`command: incident`) on a `/file` comment on a filled incident draft: it files
// the incident on main, switches the issue's labels (adds `incident-filed`, removes
// `incident-draft`) and says "Filed as". However it is killed or failed, the re-run (the same event
// again, on a fresh checkout) leaves one filed file, the labels switched and one "Filed as".

const OWNER = 'acme';
const REPO = 'gitops';
/** The repository's owner (OWNER to the double): trusted to file. */
const HUMAN: UserRecord = { login: OWNER, id: 501, type: 'User' };
const repository = {
  name: REPO,
  full_name: `${OWNER}/${REPO}`,
  default_branch: 'main',
  owner: { login: OWNER },
};

export const incidentFileJob: JobKindWorld = {
  name: 'incident-file',
  async start(): Promise<JobWorld> {
    const double = await startGitHubDouble();
    const gh = createOctokit({ token: 'ghs_setup', baseUrl: double.url, pacing: 'none' });
    const root = await mkdtemp(join(tmpdir(), 'intentops-fault-incident-'));
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    const remote = join(root, 'remote.git');
    const seed = join(root, 'seed');
    git(root, 'init', '-q', '--bare', '-b', 'main', remote);
    git(root, 'clone', '-q', remote, seed);
    await writeFiles(seed, { 'README.md': '# gitops\n' });
    git(seed, 'add', '-A');
    git(seed, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'readme');
    git(seed, 'push', '-q', 'origin', 'main');

    const repo = { owner: OWNER, repo: REPO };
    const web = await incidentIssue(gh, repo, 'web');
    const issue = (await gh.rest.issues.get({ ...repo, issue_number: web.number })).data;
    await gh.rest.issues.update({ ...repo, issue_number: web.number, body: filled(String(issue.body)) });
    const c = double.state.addComment(web.number, '/file', HUMAN);
    const { data: comment } = await gh.rest.issues.getComment({ ...repo, comment_id: c.id });
    const { data: now } = await gh.rest.issues.get({ ...repo, issue_number: web.number });
    // One event, delivered again by each re-run, as GitHub does.
    const event = { action: 'created', issue: now, comment, sender: HUMAN, repository };
    let runs = 0;
    return {
      double,
      async run({ fault, env } = {}) {
        const dir = join(root, `checkout-${++runs}`);
        git(root, 'clone', '-q', remote, dir);
        return runKillable({
          inputs: { command: 'incident', 'github-token': SECRET_TOKEN, 'repo-path': dir },
          event,
          eventName: 'issue_comment',
          sha: git(dir, 'rev-parse', 'HEAD'),
          apiUrl: double.url,
          cwd: dir,
          env: { GITHUB_RUN_ID: String(700 + runs), ...(fault ? { INTENTOPS_FAULT: fault } : {}), ...env },
        });
      },
      async check() {
        const out: string[] = [];
        const files = git(remote, 'ls-tree', '-r', '--name-only', 'main')
          .split('\n')
          .filter((f) => f.startsWith('incidents/filed/'));
        if (files.length !== 1)
          out.push(`${files.length} filed incident files on main (exactly one expected)`);
        const labels = double.state.issues.get(web.number)?.labels ?? [];
        if (!labels.includes('incident-filed')) out.push(`#${web.number} lacks the label incident-filed`);
        // GitHub answers 404 to removing a label the issue does not have: told so, the job takes
        // it as removed already (app/incidents/incident-lifecycle.ts), and the label may stay.
        const toldGone = double.requests.some(
          (r) => r.method === 'DELETE' && r.injected && r.status === 404 && !r.afterApply,
        );
        if (labels.includes('incident-draft') && !toldGone)
          out.push(`#${web.number} still has the label incident-draft`);
        const said = double.state
          .commentsOf(web.number)
          .filter((x) => x.user.type === 'Bot' && x.body.includes('Filed as'));
        if (said.length !== 1)
          out.push(`#${web.number} has ${said.length} "Filed as" comments (one expected)`);
        if (git(remote, 'log', '-p', '--all').includes(SECRET_TOKEN)) out.push('the token was pushed');
        return out;
      },
      async stop() {
        await double.stop();
        await rm(root, { recursive: true, force: true });
      },
    };
  },
};
