import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workflowTrustFindings } from './helpers/workflow-trust.js';

// A workflow a pull request starts never runs that pull request's code while it holds a write
// permission, and nothing uses pull_request_target. Checked on the repository's own workflows, and
// the checker itself on the shapes it must refuse (the plan workflow as it was, among them).

const DIR = join(import.meta.dirname, '..', '.github', 'workflows');
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));

/** plan.yml before issue 14: the PR's own dist/index.js ran with contents and pull-requests write. */
const OLD_PLAN = `name: intentops plan
on:
  pull_request:
    paths: ["intents/**"]
permissions: {}
jobs:
  plan:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      pull-requests: write
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
          persist-credentials: false
      - uses: ./
        with:
          command: plan
`;

const job = (permissions: string, steps: string, on = 'pull_request') => `on:
  ${on}:
permissions: {}
jobs:
  j:
${permissions ? `    permissions:\n${permissions}\n` : ''}    runs-on: ubuntu-latest
    steps:
${steps}
`;
const WRITE = '      contents: write';
const READ = '      contents: read';
const BASE = `      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.base.sha }}
          path: base
          persist-credentials: false`;
const PR = `      - uses: actions/checkout@v4
        with:
          path: pr
          persist-credentials: false`;

describe('workflows: no pull request code with a write token', () => {
  it.each(files)('%s', (file) => {
    expect(workflowTrustFindings(readFileSync(join(DIR, file), 'utf8'))).toEqual([]);
  });

  it('the plan workflow as it was is refused: the local action came from the PR checkout', () => {
    expect(workflowTrustFindings(OLD_PLAN)).toEqual([
      { job: 'plan', problem: "step 2 runs the local action ./ from the pull request's checkout" },
    ]);
  });

  it('pull_request_target and workflow_run are refused whatever the jobs do', () => {
    const t = workflowTrustFindings(job(READ, '      - run: echo hi', 'pull_request_target'));
    expect(t.map((f) => f.problem)).toEqual([
      "triggered by pull_request_target: runs with the base repository's token for untrusted events",
    ]);
    expect(workflowTrustFindings(job(READ, '      - run: echo hi', 'workflow_run'))).toHaveLength(1);
  });

  it('the base commit as the action and the PR as data passes; the same with the PR as the action does not', () => {
    const good = job(WRITE, `${BASE}\n${PR}\n      - uses: ./base\n        with: { repo-path: pr }`);
    expect(workflowTrustFindings(good)).toEqual([]);
    const bad = job(WRITE, `${BASE}\n${PR}\n      - uses: ./pr`);
    expect(workflowTrustFindings(bad).map((f) => f.problem)).toEqual([
      "step 3 runs the local action ./pr from the pull request's checkout",
    ]);
    // A later checkout of the PR over the workspace replaces the base's folder.
    const over = job(
      WRITE,
      `${BASE}\n      - uses: actions/checkout@v4\n        with: { persist-credentials: false }\n      - uses: ./base`,
    );
    expect(workflowTrustFindings(over).map((f) => f.problem)).toEqual([
      "step 3 runs the local action ./base from the pull request's checkout",
    ]);
  });

  it('a write job may run no command beside the PR checkout, nor persist the token in it', () => {
    const npm = job(WRITE, `${PR}\n      - run: npm ci`);
    expect(workflowTrustFindings(npm).map((f) => f.problem)).toEqual([
      "step 2 runs a command beside the pull request's checkout",
    ]);
    const persisted = job('      pull-requests: write', '      - uses: actions/checkout@v4');
    expect(workflowTrustFindings(persisted).map((f) => f.problem)).toEqual([
      'step 1 checks out the pull request with the write token persisted in .git/config',
    ]);
  });

  it('a job that executes intents keeps no token in .git/config, whatever its trigger', () => {
    const exec = (checkout: string) =>
      `on: push\npermissions: {}\njobs:\n  execute:\n    permissions:\n${WRITE}\n    runs-on: ubuntu-latest\n    steps:\n${checkout}\n      - uses: ./\n        with:\n          command: execute\n`;
    expect(workflowTrustFindings(exec('      - uses: actions/checkout@v4')).map((f) => f.problem)).toEqual([
      "step 1 keeps the token in .git/config, where the intents' steps can read it",
    ]);
    const safe = '      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false';
    expect(workflowTrustFindings(exec(safe))).toEqual([]);
  });

  it('without permissions anywhere the token may be write; read-only jobs may run the PR', () => {
    const unset = `on: pull_request\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n${PR}\n      - run: npm test\n`;
    expect(workflowTrustFindings(unset)).toHaveLength(1);
    expect(workflowTrustFindings(job(READ, `${PR}\n      - run: npm test\n      - uses: ./pr`))).toEqual([]);
  });
});
