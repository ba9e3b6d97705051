import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseFiles } from '../helpers/fixture-catalog.js';
import { type GitHubDouble, startGitHubDouble, type UserRecord } from '../helpers/github-double.js';
import { writeFiles } from '../helpers/repo.js';
import { type JobKindWorld, type JobWorld, runKillable } from './job-world.js';
import { SECRET_TOKEN } from './world.js';

// The plan job on an agent's pull request, where the plan world (plan-world.ts: a human's PR) meets
// neither auto-merge nor a team: the policies let the agent merge alone and name a team the
// proposer must be in (a membership call per run). `plan-agent`: the PR adds only a request, so
// the plan enables auto-merge (GraphQL: read, then enable). `plan-agent-wide`: the PR also changes
// an app, and an earlier push had auto-merge on, so the plan turns it off (read, then disable).
// However a run is killed or a call failed, the next run leaves one plan comment holding the
// plan, and auto-merge as the PR's changes want it, switched at most once.

const AGENT: UserRecord = { login: 'ops-agent', id: 503, type: 'Bot' };
const TEAM = 'acme/agents';
const PLAN_MARKER = '<!-- intentops:plan -->';
const POLICY = `policies:
  - name: agents
    match: { risk: [low] }
    autonomy: { agents: [ops-agent], auto_merge: true, max_risk: low }
  - name: agent-team
    match: { risk: [low] }
    proposers: { allow: ["@${TEAM}"] }
`;
const REQUEST = 'intent: work\nparams:\n  app: web\nreason: test\nproposed_by: ops-agent\n';
const SWITCH = { on: '/graphql enablePullRequestAutoMerge', off: '/graphql disablePullRequestAutoMerge' };

/** How many times auto-merge was switched `way` on GitHub: each call carried out, its answer lost or not. */
function switched(double: GitHubDouble, way: 'on' | 'off'): number {
  return double.requests.filter(
    (r) =>
      r.template === SWITCH[way] &&
      (r.injected ? r.afterApply === true : r.status === 200 && r.rejected === undefined),
  ).length;
}

function planAgentWorld(name: string, wide: boolean): JobKindWorld {
  return {
    name,
    async start(): Promise<JobWorld> {
      const double = await startGitHubDouble();
      double.state.teamMembers.set(TEAM, new Set([AGENT.login]));
      const dir = await mkdtemp(join(tmpdir(), `intentops-fault-${name}-`));
      const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
      git('init', '-q', '-b', 'main');
      git('config', 'user.email', 't@example.com');
      git('config', 'user.name', 't');
      await writeFiles(dir, { ...baseFiles(), 'intents/policies/agents.yaml': POLICY });
      git('add', '-A');
      git('commit', '-qm', 'catalog');
      const base = git('rev-parse', 'HEAD');
      git('checkout', '-q', '-b', 'agent');
      await writeFiles(dir, {
        'intents/requests/web.yaml': REQUEST,
        ...(wide ? { 'apps/web/values.yaml': 'replicas: 2\n' } : {}),
      });
      git('add', '-A');
      git('commit', '-qm', 'request web');
      const head = git('rev-parse', 'HEAD');
      // The PR as GitHub holds it: the agent's, from its branch; the wide one with the auto-merge
      // an earlier push (a request alone) got.
      const s = double.state;
      s.adoptCommit(head, 'request web');
      s.refs.set('heads/agent', head);
      const number = s.nextNumber();
      const now = s.now();
      s.issues.set(number, {
        ...{ number, id: s.nextId(), title: 'Deploy web', body: null, state: 'open', stateReason: null },
        ...{ labels: [], user: AGENT, locked: false, createdAt: now, updatedAt: now, closedAt: null },
        closedBy: null,
        pull: {
          ...{ head: 'agent', base: 'main', draft: false, merged: false, mergedAt: null },
          ...{ mergedBy: null, mergeCommitSha: null, maintainerCanModify: true },
          autoMerge: wide ? { mergeMethod: 'SQUASH', enabledBy: AGENT, enabledAt: now } : null,
        },
      });
      let attempt = 0;
      return {
        double,
        // GitHub answers 404 for a login outside a team: a 404 on the membership is a proposer
        // outside it, whom the policy denies. Only that request, and the final state is still
        // judged: a re-run that denied would leave auto-merge (or the human's note) wrong.
        expectedErrors: [/the policies deny intents\/requests\/web\.yaml/],
        run: ({ fault, env } = {}) =>
          runKillable({
            inputs: { command: 'plan', 'github-token': SECRET_TOKEN, 'repo-path': dir, 'dry-run': 'false' },
            event: {
              number,
              pull_request: { number, base: { sha: base }, head: { sha: head }, user: AGENT },
            },
            eventName: 'pull_request',
            sha: head,
            apiUrl: double.url,
            cwd: dir,
            env: {
              GITHUB_RUN_ID: '511',
              GITHUB_RUN_ATTEMPT: String(++attempt),
              ...(fault ? { INTENTOPS_FAULT: fault } : {}),
              ...env,
            },
          }),
        async check() {
          const out: string[] = [];
          const plans = s.commentsOf(number).filter((c) => c.body.includes(PLAN_MARKER));
          if (plans.length !== 1)
            out.push(`PR #${number} has ${plans.length} plan comments (exactly one expected)`);
          for (const c of plans) {
            if (!c.body.includes('intents/requests/web.yaml'))
              out.push(`plan comment ${c.id} lacks the request`);
            if (c.body.includes(SECRET_TOKEN)) out.push(`the token is in plan comment ${c.id}`);
          }
          const autoMerge = s.issues.get(number)?.pull?.autoMerge ?? null;
          if (wide) {
            if (autoMerge) out.push(`PR #${number} changes an app, yet auto-merge is still on`);
            if (switched(double, 'on') > 0) out.push(`auto-merge was enabled on PR #${number}`);
            if (switched(double, 'off') > 1)
              out.push(`auto-merge was disabled ${switched(double, 'off')} times (at most once expected)`);
            const said = plans.some((c) => c.body.includes('a human must review and merge this PR'));
            if (!said) out.push('no plan comment says a human must merge it');
          } else {
            if (autoMerge?.mergeMethod !== 'SQUASH')
              out.push(
                `PR #${number} holds only a request of an agent, yet auto-merge is ${autoMerge?.mergeMethod ?? 'off'}`,
              );
            if (switched(double, 'on') > 1)
              out.push(`auto-merge was enabled ${switched(double, 'on')} times (at most once expected)`);
            if (switched(double, 'off') > 0) out.push(`auto-merge was disabled on PR #${number}`);
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
}

export const planAgentJob = planAgentWorld('plan-agent', false);
export const planAgentWideJob = planAgentWorld('plan-agent-wide', true);
