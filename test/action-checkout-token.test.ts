import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bakeOnDispatch, executeOnPush, runAction } from './helpers/action-runner.js';
import { type GitHubDouble, startGitHubDouble } from './helpers/github-double.js';
import { type GitOpsRemote, git, gitopsRemote } from './helpers/gitops-remote.js';
import { catalogJobs } from './helpers/workflow-trust.js';

// Issue 23: the bake job checked out with the token persisted in .git/config, a capture read
// `http.<server>/.extraheader`, and the follow-up record committed it. Each job of the shipped
// workflows (this repository's and the templates `intentops init` writes) that runs `execute` or
// `observe` is checked out here as its actions/checkout step says — the header written into
// .git/config unless `persist-credentials: false` — and the action runs (the bundle on Node 24 in
// CI) an intent whose step, captures and checks look for the token in git's configuration.

const SERVER = 'https://github.example'; // GITHUB_SERVER_URL in the action runner
const TOKEN = 'ghs_test';
const BASIC = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
const LOOK = "git config --get-regexp 'extraheader' || echo no-token-in-git-config";

const PEEK = `name: peek
description: reads git's configuration in a step, a capture and a check
risk: low
params:
  app: { type: string, pattern: "^[a-z0-9-]+$" }
steps:
  - name: look
    run: ${JSON.stringify(LOOK)}
capture:
  metrics:
    git_config: { run: ${JSON.stringify(LOOK)} }
`;
const PEEK_OUTCOMES = `observe: { for: 1s, interval: 500ms }
outcomes:
  success:
    - { condition: looked, check: ${JSON.stringify(LOOK)}, expected: { regex: "." }, timeout: 5s, interval: 100ms }
`;

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

/** The checkout inputs of the job in `dir` that runs `command`, found by what it runs. */
function checkoutOf(dir: string, command: string): { where: string; with: Record<string, unknown> } {
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yml'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    const jobs = (parse(text) as { jobs: Record<string, { steps?: Step[] }> }).jobs;
    for (const name of catalogJobs(text)) {
      const steps = jobs[name]?.steps ?? [];
      if (!steps.some((s) => s.with?.command === command)) continue;
      const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout@'));
      if (checkout) return { where: `${f}:${name}`, with: checkout.with ?? {} };
    }
  }
  throw new Error(`no job in ${dir} runs ${command} after actions/checkout`);
}

let double: GitHubDouble;
let repo: GitOpsRemote;

beforeAll(async () => {
  double = await startGitHubDouble();
  repo = await gitopsRemote('intentops-checkout-token-', {
    'intents/catalog/peek.yaml': PEEK,
    'intents/outcomes/peek.yaml': PEEK_OUTCOMES,
  });
});

afterAll(async () => {
  await double.stop();
  await repo.cleanup();
});

/** A runner checkout as actions/checkout makes it with these inputs (its default persists the token). */
function runnerCheckout(inputs: Record<string, unknown>): string {
  const work = repo.checkout();
  if (inputs['persist-credentials'] !== false) {
    git(work, 'config', '--local', `http.${SERVER}/.extraheader`, `AUTHORIZATION: basic ${BASIC}`);
  }
  return work;
}

const ROOT = join(import.meta.dirname, '..');

describe.each([
  ['this repository', join(ROOT, '.github', 'workflows')],
  ['the templates', join(ROOT, 'templates', 'gitops', '.github', 'workflows')],
])('the execute and bake jobs of %s', { timeout: 300_000 }, (_, dir) => {
  it('keep the token where no step, capture or check finds it, and no record holds it', async () => {
    const execute = checkoutOf(dir, 'execute');
    const bake = checkoutOf(dir, 'observe');
    const app = dir.includes('templates') ? 'tpl' : 'repo';
    const sha = await repo.merge(
      { [`intents/requests/${app}.yaml`]: `intent: peek\nparams: { app: ${app} }\nreason: peek\n` },
      `merge ${app}`,
    );
    double.state.adoptCommit(sha, `merge ${app}`);

    const work = runnerCheckout(execute.with);
    const ran = await runAction(
      executeOnPush(work, double.url, {
        inputs: { ...executeOnPush(work, double.url).inputs, 'bake-workflow': 'none' },
      }),
    );
    expect(ran.code, `${execute.where}\n${ran.stdout}${ran.stderr}`).toBe(0);
    const exec = repo.records().find((r) => r.request.path === `intents/requests/${app}.yaml`);
    expect(exec?.status).toBe('success');

    const baked = await runAction(
      bakeOnDispatch(runnerCheckout(bake.with), double.url, { execution: exec?.id ?? '' }, '900'),
    );
    // A capture that prints no number leaves the bake inconclusive: its reason quotes what it printed,
    // the channel the token took into the record in issue 23.
    expect(baked.stdout, bake.where).toContain('not a number');
    const follow = repo.records().find((r) => r.observation_of === exec?.id);
    expect(follow, `${bake.where}\n${baked.stdout}${baked.stderr}`).toBeDefined();

    // Whatever the records say the step, the capture and the check saw, it was not the token.
    for (const [where, record] of [
      [execute.where, exec],
      [bake.where, follow],
    ] as const) {
      const text = JSON.stringify(record);
      expect(text, where).toContain('no-token-in-git-config');
      expect(text, where).not.toMatch(/AUTHORIZATION/i);
      expect(text, where).not.toContain(BASIC);
    }
    for (const f of repo.files()) expect(repo.show(f), f).not.toContain(BASIC);
    expect(double.rejected()).toEqual([]);
  });
});
