import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type PlannedRun, writeHistory } from '../../bench/gen-history.js';
import { BOT_IDENTITY } from '../../src/domain/bot/bot-identity.js';
import { checkoutWithRemote, git } from '../helpers/checkout.js';
import { startGitHubDouble } from '../helpers/github-double.js';
import { exampleIntents } from '../helpers/learn-fixture.js';
import { type JobKindWorld, type JobWorld, runKillable } from './job-world.js';
import { SECRET_TOKEN } from './world.js';

// The weekly learn job with one suggestion to make (three memory spikes after deploy-app): however
// it is killed or failed, the next run leaves exactly one suggestion PR for it, and the ledger on
// main names that PR. `learn-update` is the next week's run: the suggestion PR is open already and
// a fourth spike changed the suggestion, so the run rewrites its branch (compare, ref update, file
// PUTs) and edits the PR; after any kill or failure, the one PR holds the new suggestion.

const ID = 'anomaly-deploy-app-memory-spike';
const BRANCH = `intentops/learn/${ID}`;

function learnWorld(name: string, update: boolean): JobKindWorld {
  return {
    name,
    async start(): Promise<JobWorld> {
      const double = await startGitHubDouble();
      const intents = await exampleIntents();
      const { root, remote, work } = await checkoutWithRemote('intentops-fault-learn-', intents, 'catalog');
      double.state.writeFiles('main', intents, 'catalog');
      const now = Date.now();
      const spike = (h: number, app: string, after: number): PlannedRun => ({
        at: new Date(now - h * 3_600_000),
        intent: 'deploy-app',
        app,
        anomalies: [
          {
            rule: 'memory_spike',
            inputs: { 'after.metrics.memory_usage': after, 'before.metrics.memory_usage': 40 },
          },
        ],
      });
      const spikes = [spike(50, 'shop', 75), spike(40, 'billing', 80), spike(30, 'shop', 71)];
      const commitHistory = async (runs: PlannedRun[]) => {
        // Rewritten whole: the same runs make the same records, and the log lists each spike once.
        await rm(join(work, 'incidents', 'anomaly-log.jsonl'), { force: true });
        await writeHistory(work, runs);
        git(work, 'add', '-A');
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
      };
      await commitHistory(spikes);
      let runs = 0;
      let lastWeek: string | undefined;
      const world: JobWorld = {
        double,
        async run({ fault, env } = {}) {
          // A fresh runner checkout each time: a killed job's half-made commit is not the next one's.
          const dir = join(root, `run-${++runs}`);
          git(root, 'clone', '-q', remote, dir);
          return runKillable({
            inputs: { command: 'learn', 'github-token': SECRET_TOKEN, 'repo-path': dir, 'dry-run': 'false' },
            event: { schedule: '17 6 * * 1' },
            eventName: 'schedule',
            sha: git(dir, 'rev-parse', 'HEAD'),
            apiUrl: double.url,
            cwd: dir,
            env: {
              GITHUB_RUN_ID: String(600 + runs),
              ...(fault ? { INTENTOPS_FAULT: fault } : {}),
              ...env,
            },
          });
        },
        async check() {
          const out: string[] = [];
          const pulls = [...double.state.issues.values()].filter((i) => i.pull?.head === BRANCH);
          const open = pulls.filter((p) => p.state === 'open');
          if (pulls.length !== 1 || open.length !== 1)
            out.push(`${pulls.length} suggestion PRs for ${ID}, ${open.length} open (exactly one expected)`);
          let ledger: { suggestions?: { id: string; state?: string; pr?: number }[] } = {};
          try {
            ledger = parse(git(remote, 'show', 'main:learning/ledger.yaml'));
          } catch {
            out.push('no ledger on main');
          }
          const entry = ledger.suggestions?.find((e) => e.id === ID);
          if (!entry) out.push(`the ledger has no entry for ${ID}`);
          else if (entry.state !== 'open' || entry.pr !== open[0]?.number)
            out.push(`the ledger says ${entry.state} #${entry.pr}; the open PR is #${open[0]?.number}`);
          for (const p of pulls)
            if ((p.body ?? '').includes(SECRET_TOKEN)) out.push(`the token is in #${p.number}`);
          if (lastWeek !== undefined && open[0] && open[0].body === lastWeek)
            out.push(`#${open[0].number} still says last week's suggestion`);
          return out;
        },
        async stop() {
          await double.stop();
          await rm(root, { recursive: true, force: true });
        },
      };
      if (update) {
        // Last week's run opened the PR; this week a fourth spike (higher) changes the suggestion.
        const first = await world.run();
        const opened = await world.check();
        if (first.code !== 0 || opened.length)
          throw new Error(`last week's learn run failed: ${opened.join('; ')}${first.stdout}`);
        git(work, 'pull', '-q', '--rebase', 'origin', 'main');
        await commitHistory([...spikes, spike(20, 'billing', 97)]);
        // What the PR said last week: the sweep's runs must replace it, not leave it or add a PR.
        lastWeek = [...double.state.issues.values()].find((i) => i.pull?.head === BRANCH)?.body ?? '';
      }
      return world;
    },
  };
}

export const learnJob = learnWorld('learn', false);
export const learnUpdateJob = learnWorld('learn-update', true);
