import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { evaluate, surelyFalse, UNKNOWN, type Value } from './helpers/workflow-expression.js';
import { catalogJobs, commentJobs, workflowTrustFindings } from './helpers/workflow-trust.js';

// A workflow a pull request starts never runs that pull request's code while it holds a write
// permission, and nothing uses pull_request_target; a job in which intentops may run a catalog
// command keeps no token in .git/config; a job a comment starts with an environment or a write
// permission admits only the repository's owner, members and collaborators. Checked on the
// repository's own workflows and on the templates `intentops init` writes, and the checker itself
// on the shapes it must refuse (the plan workflow, the bake job and the retry job as they were).

const ROOT = join(import.meta.dirname, '..');
const DIR = join(ROOT, '.github', 'workflows');
const TEMPLATES = join(ROOT, 'templates', 'gitops', '.github', 'workflows');
const yamlIn = (dir: string) => readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
const files = yamlIn(DIR);
const templates = yamlIn(TEMPLATES);

/** `file:job` for every job `pick` names, over every workflow in `dir`. */
const jobsIn = (dir: string, pick: (text: string) => string[]) =>
  yamlIn(dir).flatMap((f) => pick(readFileSync(join(dir, f), 'utf8')).map((j) => `${f}:${j}`));

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

  it.each(templates)('template %s', (file) => {
    expect(workflowTrustFindings(readFileSync(join(TEMPLATES, file), 'utf8'))).toEqual([]);
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
      'step 1 checks out the pull request with the token persisted in .git/config',
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

  it('a read-only job that reads a secret may not run the PR either (the observe kubeconfig)', () => {
    const secret = `${PR}\n      - run: npm test\n        env:\n          KUBECONFIG_YAML: \${{ secrets.INTENTOPS_OBSERVE_KUBECONFIG }}`;
    expect(workflowTrustFindings(job(READ, secret)).map((f) => f.problem)).toEqual([
      "step 2 runs a command beside the pull request's checkout",
    ]);
    const asAction = `${PR}\n      - uses: ./pr\n        with:\n          kubeconfig: \${{ secrets.INTENTOPS_OBSERVE_KUBECONFIG }}`;
    expect(workflowTrustFindings(job(READ, asAction)).map((f) => f.problem)).toEqual([
      "step 2 runs the local action ./pr from the pull request's checkout",
    ]);
    expect(
      workflowTrustFindings(
        job(
          READ,
          `${BASE}\n${PR}\n      - uses: ./base\n        with:\n          command: preview\n          kubeconfig: \${{ secrets.K }}`,
        ),
      ),
    ).toEqual([]);
  });
});

/** bake.yml before issue 23: the bake's captures ran beside a token persisted in .git/config. */
const OLD_BAKE = `on:
  workflow_dispatch:
    inputs:
      execution: { required: true, type: string }
permissions: {}
jobs:
  bake:
    runs-on: ubuntu-latest
    permissions:
      contents: write
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
          filter: blob:none
      - uses: ./
        with:
          command: observe
          execution: \${{ inputs.execution }}
`;

/** execute.yml's comment job before issue 23: any commenter's `/retry` started it. */
const commentJob = (condition: string, extra = '    environment: production\n') => `on:
  issue_comment:
    types: [created]
  push:
permissions: {}
jobs:
  retry:
    if: ${condition}
${extra}    runs-on: ubuntu-latest
    permissions:
      contents: write
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - uses: ./
        with:
          command: execute
`;
const OLD_RETRY =
  ">-\n      github.event_name == 'issue_comment' && github.event.issue.pull_request && startsWith(github.event.comment.body, '/retry')";
const MEMBERS = `contains(fromJSON('["OWNER", "MEMBER", "COLLABORATOR"]'), github.event.comment.author_association)`;

describe('workflows: a job that may run catalog commands keeps no token in .git/config', () => {
  it('finds those jobs by the command they run, in this repository and in the templates', () => {
    // Not vacuous: the bake, execute, retry and plan jobs are found wherever they are.
    expect(jobsIn(DIR, catalogJobs)).toEqual(
      expect.arrayContaining([
        'bake.yml:bake',
        'execute.yml:execute',
        'execute.yml:retry',
        'plan.yml:plan',
        'plan.yml:preview',
      ]),
    );
    expect(jobsIn(TEMPLATES, catalogJobs)).toEqual(
      expect.arrayContaining([
        'intentops-bake.yml:bake',
        'intentops-execute.yml:execute',
        'intentops-execute.yml:retry',
        'intentops-plan.yml:plan',
        'intentops-plan.yml:preview',
      ]),
    );
    // Jobs that run no catalog command are not among them.
    expect(jobsIn(DIR, catalogJobs)).not.toContain('report.yml:build');
  });

  it('the bake job as it was is refused: its captures could read the persisted token', () => {
    expect(workflowTrustFindings(OLD_BAKE)).toEqual([
      { job: 'bake', problem: "step 1 keeps the token in .git/config, where the intents' steps can read it" },
    ]);
    const fixed = OLD_BAKE.replace(
      'filter: blob:none',
      'filter: blob:none\n          persist-credentials: false',
    );
    expect(workflowTrustFindings(fixed)).toEqual([]);
  });

  it('a command decided at run time counts as one that may run the catalog', () => {
    const any = OLD_BAKE.replace('command: observe', 'command: ${{ inputs.command }}');
    expect(catalogJobs(any)).toEqual(['bake']);
    expect(catalogJobs(OLD_BAKE.replace('command: observe', 'command: report'))).toEqual([]);
  });
});

describe('workflows: only members start a job from a comment with an environment or a write token', () => {
  it('finds the comment-started jobs in this repository and in the templates', () => {
    expect(jobsIn(DIR, commentJobs)).toEqual(
      expect.arrayContaining(['execute.yml:execute', 'execute.yml:retry', 'incident.yml:incident']),
    );
    expect(jobsIn(TEMPLATES, commentJobs)).toEqual(
      expect.arrayContaining([
        'intentops-execute.yml:execute',
        'intentops-execute.yml:retry',
        'intentops-incident.yml:incident',
      ]),
    );
  });

  it('the retry job as it was is refused: any commenter started the production job', () => {
    expect(workflowTrustFindings(commentJob(OLD_RETRY))).toEqual([
      {
        job: 'retry',
        problem:
          'issue_comment starts it with an environment for a commenter who is NONE, CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, FIRST_TIMER, MANNEQUIN: its if: must check github.event.comment.author_association',
      },
    ]);
    expect(workflowTrustFindings(commentJob(`${OLD_RETRY} && ${MEMBERS}`))).toEqual([]);
  });

  it('a filter that lets an outsider through, or that an `||` bypasses, is refused', () => {
    const problems = (condition: string, extra?: string) =>
      workflowTrustFindings(commentJob(condition, extra)).map((f) => f.problem.split(' for ')[1]);
    expect(problems("github.event.comment.author_association != 'NONE'")).toEqual([
      'a commenter who is CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, FIRST_TIMER, MANNEQUIN: its if: must check github.event.comment.author_association',
    ]);
    expect(problems(`${MEMBERS} || startsWith(github.event.comment.body, '/retry')`)).toHaveLength(1);
    // No `if:` at all, and a write permission without an environment.
    const open = commentJob('true', '').replace('    if: true\n', '');
    expect(workflowTrustFindings(open).map((f) => f.problem)).toEqual([
      'issue_comment starts it with a write permission for a commenter who is NONE, CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, FIRST_TIMER, MANNEQUIN: its if: must check github.event.comment.author_association',
    ]);
    // Case does not matter to GitHub's comparisons; a job comments never start passes.
    expect(problems("github.event.comment.author_association == 'member'")).toEqual([]);
    expect(problems("github.event_name != 'issue_comment'")).toEqual([]);
    expect(problems("${{ github.event_name == 'push' }}")).toEqual([]);
  });

  it('a read-only job without an environment needs no filter', () => {
    const readOnly = commentJob('true', '').replace('contents: write', 'contents: read');
    expect(workflowTrustFindings(readOnly)).toEqual([]);
    expect(commentJobs(readOnly)).toEqual([]);
  });
});

describe('workflows: the context job for hand-opened incident issues holds no more than it needs', () => {
  it('reads the records, writes one comment and a label; no token kept, nothing run', () => {
    for (const file of [join(DIR, 'incident.yml'), join(TEMPLATES, 'intentops-incident.yml')]) {
      const wf = parse(readFileSync(file, 'utf8')) as {
        on: { issues: { types: string[] } };
        jobs: Record<string, { if: string; permissions: unknown; steps: { run?: string; with?: unknown }[] }>;
      };
      expect(wf.on.issues.types, file).toEqual(['opened', 'labeled', 'closed']);
      const job = wf.jobs.context;
      expect(job?.permissions, file).toEqual({ contents: 'read', issues: 'write' });
      expect(job?.steps[0]?.with, file).toEqual({ 'persist-credentials': false });
      expect(
        job?.steps.filter((st) => st.run),
        file,
      ).toEqual([]);
      expect(job?.if, file).toMatch(/^github\.event_name == 'issues' && /);
      expect(
        surelyFalse(job?.if ?? '', { github: { event_name: 'issue_comment', event: {} } }),
        `${file}: a comment never starts it`,
      ).toBe(true);
    }
  });
});

describe('workflows: the execute workflow runs its shards in parallel, each on its own', () => {
  interface ExecuteJob {
    if?: string;
    needs?: string;
    permissions?: unknown;
    environment?: unknown;
    concurrency?: unknown;
    strategy?: Record<string, unknown>;
    outputs?: Record<string, string>;
    steps: { id?: string; uses?: string; run?: string; with?: Record<string, unknown> }[];
  }
  it('a read-only shards job feeds a matrix that never fails fast, one concurrency group per environment and target', () => {
    for (const file of [join(DIR, 'execute.yml'), join(TEMPLATES, 'intentops-execute.yml')]) {
      const { jobs } = parse(readFileSync(file, 'utf8')) as { jobs: Record<string, ExecuteJob> };
      const shards = jobs.shards;
      // Least privilege: it lists, nothing more — no write scope, no environment, no secret.
      expect(shards?.permissions, file).toEqual({ contents: 'read' });
      expect(shards?.environment, file).toBeUndefined();
      expect(JSON.stringify(shards), file).not.toContain('secrets.');
      expect(
        shards?.steps.filter((st) => st.run),
        file,
      ).toEqual([]);
      expect(shards?.steps.find((st) => st.id === 'shards')?.with?.command, file).toBe('shards');
      expect(shards?.steps[0]?.with?.['persist-credentials'], file).toBe(false);
      const execute = jobs.execute;
      expect(execute?.needs, file).toBe('shards');
      expect(execute?.if, file).toBe(
        "github.event_name != 'issue_comment' && needs.shards.outputs.count != '0'",
      );
      expect(execute?.strategy, file).toEqual({
        'fail-fast': false,
        'max-parallel': '${{ fromJSON(needs.shards.outputs.max-parallel) }}',
        matrix: '${{ fromJSON(needs.shards.outputs.matrix) }}',
      });
      expect(execute?.concurrency, file).toEqual({
        group: 'intentops-execute-${{ matrix.environment }}-${{ matrix.target }}',
        'cancel-in-progress': false,
      });
      expect(execute?.environment, file).toBe('${{ matrix.github_environment }}');
      const step = execute?.steps.find((st) => st.with?.command === 'execute');
      expect(step?.with?.shard, file).toBe('${{ matrix.shard }}');
    }
  });
});

describe("workflows: a job gets only its environment's declared secrets", () => {
  interface Job {
    if?: string;
    needs?: string;
    environment?: unknown;
    permissions?: unknown;
    concurrency?: unknown;
    strategy?: { matrix?: unknown };
    outputs?: Record<string, string>;
    steps?: { id?: string; with?: Record<string, unknown> }[];
  }
  const jobsOf = (dir: string) =>
    yamlIn(dir).flatMap((f) =>
      Object.entries((parse(readFileSync(join(dir, f), 'utf8')) as { jobs: Record<string, Job> }).jobs).map(
        ([name, j]) => ({ at: `${f}:${name}`, job: j }),
      ),
    );
  const all = [...jobsOf(DIR), ...jobsOf(TEMPLATES)];
  const jobAt = (at: string) => all.find((j) => j.at === at)?.job;

  it('no job hands the action every secret or variable the job can read', () => {
    expect(all.map((j) => j.at)).toEqual(
      expect.arrayContaining([
        'execute.yml:execute',
        'execute.yml:retry',
        'intentops-execute.yml:execute',
        'intentops-execute.yml:retry',
      ]),
    );
    for (const { at, job } of all) {
      expect(JSON.stringify(job).replace(/\s+/g, ''), at).not.toMatch(/toJSON\((secrets|vars)\)/i);
    }
  });

  // A value with quotes, a backslash and newlines (a kubeconfig) must stay valid JSON.
  const KUBE = 'apiVersion: v1\nusers:\n- user: {token: "a\\"b"}\n';
  const NAMES = {
    kubeconfig: 'PROD_KUBECONFIG',
    kube_context: 'PROD_CONTEXT',
    prometheus_url: '',
    prometheus_token: '',
    loki_url: 'PROD_LOKI_URL',
    loki_token: 'PROD_LOKI_TOKEN',
  };
  const values = {
    // GitHub gives null for a name the job does not have (here '', an undeclared field).
    secrets: {
      PROD_KUBECONFIG: KUBE,
      PROD_LOKI_TOKEN: 'lo"ki',
      GITHUB_TOKEN: 'ghs_never',
      SLACK_WEBHOOK_URL: 'https://hooks.example/never',
      STAGING_KUBECONFIG: 'never',
      '': null,
    },
    vars: { PROD_CONTEXT: 'prod', PROD_LOKI_URL: 'https://loki.example', OTHER: 'never', '': null },
  };
  /** What the execute step of `job` gets as its secrets and vars inputs, in `context`. */
  const handed = (job: Job | undefined, context: { [k: string]: Value }) => {
    const step = job?.steps?.find((st) => st.with?.command === 'execute');
    return {
      secrets: JSON.parse(String(evaluate(String(step?.with?.secrets), context))),
      vars: JSON.parse(String(evaluate(String(step?.with?.vars), context))),
    };
  };
  const PRODUCTION = {
    secrets: { PROD_KUBECONFIG: KUBE, PROD_LOKI_TOKEN: 'lo"ki', '': null },
    vars: { PROD_CONTEXT: 'prod', PROD_LOKI_URL: 'https://loki.example', '': null },
  };

  it.each(['execute.yml', 'intentops-execute.yml'])(
    '%s: the execute step gets the names its matrix entry lists, as valid JSON',
    (f) => {
      const context = { matrix: { environment: 'production', ...NAMES }, ...values };
      expect(handed(jobAt(`${f}:execute`), context)).toEqual(PRODUCTION);
    },
  );

  it.each(['execute.yml', 'intentops-execute.yml'])(
    "%s: the retry step gets the names the read-only retry-names job lists for the retry job's environment",
    (f) => {
      const retry = jobAt(`${f}:retry`);
      const names = jobAt(`${f}:retry-names`);
      expect(retry?.needs, f).toBe('retry-names');
      // Started by the same comments only, and no more than the shards job may: it reads.
      expect(names?.if, f).toBe(retry?.if);
      expect(names?.permissions, f).toEqual({ contents: 'read' });
      expect(names?.environment, f).toBeUndefined();
      expect(JSON.stringify(names), f).not.toMatch(/secrets\.|secrets\[/);
      expect(names?.steps?.[0]?.with?.['persist-credentials'], f).toBe(false);
      const step = names?.steps?.find((st) => st.with?.command === 'shards');
      // The names of the GitHub environment the retry job runs in, and only its own.
      expect(step?.with?.['names-for'], f).toBe(retry?.environment);
      const execute = retry?.steps?.find((st) => st.with?.command === 'execute');
      expect(execute?.with?.['github-environment'], f).toBe(retry?.environment);
      // Each output is the step's, under the field's name the retry job reads.
      expect(names?.outputs, f).toEqual(
        Object.fromEntries(Object.keys(NAMES).map((k) => [k, `\${{ steps.${step?.id}.outputs.${k} }}`])),
      );
      const context = { needs: { 'retry-names': { outputs: NAMES } }, ...values };
      expect(handed(retry, context)).toEqual(PRODUCTION);
    },
  );

  it.each(['bake.yml', 'intentops-bake.yml'])(
    "%s: the bake step gets the read-only names the bake-names job lists for the execution's environment, never its execute kubeconfig",
    (f) => {
      const bake = jobAt(`${f}:bake`);
      const names = jobAt(`${f}:bake-names`);
      expect(bake?.needs, f).toBe('bake-names');
      // It reads, no more: no write scope, no environment, no secret, no token kept.
      expect(names?.permissions, f).toEqual({ contents: 'read' });
      expect(names?.environment, f).toBeUndefined();
      expect(bake?.environment, f).toBeUndefined();
      expect(JSON.stringify(names), f).not.toMatch(/secrets\.|secrets\[/);
      expect(names?.steps?.[0]?.with?.['persist-credentials'], f).toBe(false);
      const step = names?.steps?.find((st) => st.with?.command === 'shards');
      expect(step?.with?.['names-of-execution'], f).toBe('${{ inputs.execution }}');
      const observeNames = { ...NAMES, observe_kubeconfig: 'PROD_OBSERVE_KUBECONFIG' } as Record<
        string,
        string
      >;
      delete observeNames.kubeconfig;
      expect(names?.outputs, f).toEqual(
        Object.fromEntries(
          Object.keys(observeNames).map((k) => [k, `\${{ steps.${step?.id}.outputs.${k} }}`]),
        ),
      );
      // The observe step's fallback stays the repository's read-only kubeconfig.
      const observe = bake?.steps?.find((st) => st.with?.command === 'observe');
      expect(observe?.with?.kubeconfig, f).toBe('${{ secrets.INTENTOPS_OBSERVE_KUBECONFIG }}');
      const context = {
        inputs: { execution: 'exec-1' },
        needs: { 'bake-names': { outputs: observeNames } },
        secrets: { ...values.secrets, PROD_OBSERVE_KUBECONFIG: KUBE },
        vars: values.vars,
      };
      const given = {
        secrets: JSON.parse(String(evaluate(String(observe?.with?.secrets), context))),
        vars: JSON.parse(String(evaluate(String(observe?.with?.vars), context))),
      };
      expect(given).toEqual({
        secrets: { PROD_OBSERVE_KUBECONFIG: KUBE, PROD_LOKI_TOKEN: 'lo"ki', '': null },
        vars: PRODUCTION.vars,
      });
      // Least privilege: the execute kubeconfig's name is nowhere in the bake's workflow.
      expect(JSON.stringify(given)).not.toContain('PROD_KUBECONFIG');
      expect(JSON.stringify(bake), f).not.toMatch(/outputs\.kubeconfig\b/);
    },
  );
});

describe('the expression evaluator the checks use', () => {
  const ctx = { github: { event_name: 'issue_comment', event: { comment: { author_association: 'NONE' } } } };

  it('knows what the context fixes and nothing else', () => {
    expect(evaluate("github.event_name == 'ISSUE_COMMENT'", ctx)).toBe(true);
    expect(evaluate('github.event.comment.body', ctx)).toBe(UNKNOWN);
    expect(evaluate("startsWith(github.event.comment.body, '/retry')", ctx)).toBe(UNKNOWN);
    expect(evaluate(MEMBERS, ctx)).toBe(false);
    expect(evaluate("contains(github.event.issue.labels.*.name, 'x')", ctx)).toBe(UNKNOWN);
    expect(evaluate("fromJSON('[1, 2]')[1] == 2 && 'it''s' == 'IT''S'", ctx)).toBe(true);
    expect(evaluate("!(1 < 2) || null == 0 && '' == false", ctx)).toBe(true);
  });

  it('in three values: unknown && false is false, unknown || false is unknown', () => {
    expect(surelyFalse("github.event.comment.body == 'x' && github.event_name == 'push'", ctx)).toBe(true);
    expect(surelyFalse("github.event.comment.body == 'x' || github.event_name == 'push'", ctx)).toBe(false);
    expect(surelyFalse(`!github.event.issue.pull_request && ${MEMBERS}`, ctx)).toBe(true);
    expect(surelyFalse(undefined, ctx)).toBe(false);
    expect(surelyFalse(false, ctx)).toBe(true);
    expect(surelyFalse('github.event_name ==', ctx)).toBe(false);
  });
});
