import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOctokit } from '../../src/adapters/github/client.js';
import { baseFiles, request } from '../helpers/fixture-catalog.js';
import { startGitHubDouble } from '../helpers/github-double.js';
import { writeFiles } from '../helpers/repo.js';
import { type JobKindWorld, type JobWorld, runKillable } from './job-world.js';
import { SECRET_TOKEN } from './world.js';

// The plan job on a pull request (PR #1 in the double) that adds one request: however it is
// killed or failed, the next run leaves exactly one plan comment, and it holds the plan.

const PLAN_MARKER = '<!-- intentops:plan -->';

export const planJob: JobKindWorld = {
  name: 'plan',
  async start(): Promise<JobWorld> {
    const double = await startGitHubDouble();
    const dir = await mkdtemp(join(tmpdir(), 'intentops-fault-plan-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 't');
    await writeFiles(dir, baseFiles());
    git('add', '-A');
    git('commit', '-qm', 'catalog');
    const base = git('rev-parse', 'HEAD');
    git('checkout', '-q', '-b', 'pr');
    await writeFiles(dir, { 'intents/requests/web.yaml': request({ app: 'web' }) });
    git('add', '-A');
    git('commit', '-qm', 'request web');
    const head = git('rev-parse', 'HEAD');
    const gh = createOctokit({ token: 't', baseUrl: double.url, pacing: 'none' });
    await gh.rest.issues.create({ owner: 'acme', repo: 'gitops', title: 'Deploy web' });
    let attempt = 0;
    return {
      double,
      run: ({ fault, env } = {}) =>
        runKillable({
          inputs: { command: 'plan', 'github-token': SECRET_TOKEN, 'repo-path': dir, 'dry-run': 'false' },
          event: { number: 1, pull_request: { number: 1, base: { sha: base }, head: { sha: head } } },
          eventName: 'pull_request',
          sha: head,
          apiUrl: double.url,
          cwd: dir,
          env: {
            GITHUB_RUN_ID: '501',
            GITHUB_RUN_ATTEMPT: String(++attempt),
            ...(fault ? { INTENTOPS_FAULT: fault } : {}),
            ...env,
          },
        }),
      async check() {
        const out: string[] = [];
        const plans = [...double.state.comments.values()].filter(
          (c) => c.issueNumber === 1 && c.body.includes(PLAN_MARKER),
        );
        if (plans.length !== 1) out.push(`PR #1 has ${plans.length} plan comments (exactly one expected)`);
        for (const c of plans) {
          if (!c.body.includes('intents/requests/web.yaml'))
            out.push(`plan comment ${c.id} lacks the request`);
          if (c.body.includes(SECRET_TOKEN)) out.push(`the token is in plan comment ${c.id}`);
        }
        return out;
      },
      async stop() {
        await double.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
};
