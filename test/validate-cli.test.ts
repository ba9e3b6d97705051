import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseFiles, request, WORK_INTENT } from './helpers/fixture-catalog.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

const repos: string[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map(removeRepo));
});

// learning.yaml present, so only the warnings a test is about show up.
const LEARNING = 'learning_triggers: []\n';

async function repoWith(files: Record<string, string>): Promise<string> {
  const dir = await makeRepo({ ...baseFiles(), 'intents/learning.yaml': LEARNING, ...files });
  repos.push(dir);
  return dir;
}

const BROKEN = {
  'intents/requests/bad.yaml': request({ app: 'a', colour: 'red' }),
  'intents/requests/good.yaml': request({ app: 'b' }),
};

describe('intentops validate', () => {
  it('accepts the project repository itself (the examples)', async () => {
    const res = await cli(['--repo', join(import.meta.dirname, '..'), 'validate']);
    expect(res.stderr).toMatch(/✔ \d+ file\(s\) valid/);
    expect(res.code).toBe(0);
  });

  it('prints path:line:col diagnostics and exits 2', async () => {
    const dir = await repoWith(BROKEN);
    const res = await cli(['--repo', dir, 'validate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(
      "intents/requests/bad.yaml:4:3: unknown param 'colour' for intent 'work'; declared: app, mem, restarts, fail_step, say",
    );
    expect(res.stderr).toContain('✖ 1 error(s)');
  });

  it('--format github prints workflow annotations on stdout', async () => {
    const dir = await repoWith(BROKEN);
    const res = await cli(['--repo', dir, 'validate', '--format', 'github']);
    expect(res.code).toBe(2);
    // The fixture's unused param 'app' adds a ::warning line; the error is the one we look for.
    expect(res.stdout.split('\n').filter((l) => l.startsWith('::error'))).toEqual([
      "::error file=intents/requests/bad.yaml,line=4,col=3::unknown param 'colour' for intent 'work'; declared: app, mem, restarts, fail_step, say",
    ]);
  });

  it('--json gives the diagnostics as data; given paths limit what is reported', async () => {
    const dir = await repoWith(BROKEN);
    const only = await cli(['--repo', dir, 'validate', '--json', 'intents/requests/good.yaml']);
    expect(only.code).toBe(0);
    expect(JSON.parse(only.stdout)).toEqual({ valid: true, files: 1, diagnostics: [] });
    const all = JSON.parse((await cli(['--repo', dir, 'validate', '--json'])).stdout);
    expect(all.valid).toBe(false);
    expect(all.diagnostics.filter((d: { severity: string }) => d.severity === 'error')).toEqual([
      expect.objectContaining({ file: 'intents/requests/bad.yaml', line: 4, col: 3, severity: 'error' }),
    ]);
  });

  it('a catalog error is reported even when only a request is named: its plan depends on it', async () => {
    const dir = await repoWith({
      'intents/anomaly-rules/default.yaml':
        'anomaly_rules:\n  - name: x\n    condition: "duration >"\n    severity: P2\n    action: log_warning\n',
      'intents/requests/good.yaml': request({ app: 'b' }),
    });
    const res = await cli(['--repo', dir, 'validate', 'intents/requests/good.yaml']);
    expect(res.code).toBe(2);
    // Column of the error inside the condition: the value starts at 16, its text at 17, `>` ends at 27.
    expect(res.stderr).toMatch(/^intents\/anomaly-rules\/default\.yaml:3:(2[6-9]): rule 'x': syntax error/m);
  });

  it('a rule reading a metric the intent does not capture is an error with a did-you-mean', async () => {
    const dir = await repoWith({
      'intents/anomaly-rules/work.yaml':
        'anomaly_rules:\n  - name: mem\n    condition: "after.metrics.memory_usag > 20"\n    severity: P2\n    action: log_warning\n',
    });
    const res = await cli(['--repo', dir, 'validate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(
      "intents/anomaly-rules/work.yaml:3:17: rule 'mem' reads after.metrics.memory_usag, but intent 'work' captures: memory_usage; did you mean 'memory_usage'? (the rule would never fire)",
    );
  });

  it('a broken intent file is the one error reported, not every file naming its intent', async () => {
    const dir = await repoWith({
      'intents/catalog/work.yaml': WORK_INTENT.replace('description: Writes', 'description: note: writes'),
      'intents/requests/a.yaml': request({ app: 'a' }),
    });
    const res = await cli(['--repo', dir, 'validate']);
    expect(res.code).toBe(2);
    expect(res.stderr.split('\n').filter((l) => l.startsWith('intents/'))).toEqual([
      'intents/catalog/work.yaml:2:14: Nested mappings are not allowed in compact mappings; hint: quote strings containing ": ", e.g. reason: "fix: the cache"',
    ]);
    expect(res.stderr).toContain('✖ 1 error(s)');
  });

  it('a default rule reading a metric no intent captures is a warning', async () => {
    const dir = await repoWith({
      'intents/anomaly-rules/default.yaml':
        'anomaly_rules:\n  - name: cpu\n    condition: "after.metrics.cpu > 1"\n    severity: P2\n    action: log_warning\n',
    });
    const res = await cli(['--repo', dir, 'validate']);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(
      "rule 'cpu' reads after.metrics.cpu, but the catalog's intents capture: memory_usage",
    );
  });

  it('warns on an unused param and a missing learning.yaml; a request file of another name is an error', async () => {
    const dir = await makeRepo({
      ...baseFiles(),
      'intents/catalog/work.yaml': WORK_INTENT.replace('params:\n', 'params:\n  unused: { type: string }\n'),
      'intents/requests/deploy.YAML': request({ app: 'a' }),
      'intents/requests/other.json': '{}',
    });
    repos.push(dir);
    const res = await cli(['--repo', dir, 'validate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(
      /^intents\/catalog\/work\.yaml:\d+:3: warning: param 'unused' is declared but no step/m,
    );
    // Ignoring them would hide from a reviewer what the author meant to run (test/request-paths.test.ts).
    expect(res.stderr).toMatch(
      /^intents\/requests\/deploy\.YAML: not a request file name: intents\/requests\/deploy\.YAML has an uppercase letter/m,
    );
    expect(res.stderr).toMatch(
      /^intents\/requests\/other\.json: not a request file name: .* does not end in \.yaml or \.yml/m,
    );
    expect(res.stderr).toMatch(
      /^intents\/learning\.yaml: warning: missing: `intentops learn` has no triggers/m,
    );
    expect(res.stderr).not.toMatch(/param 'mem'|param 'say'|param 'restarts'/);
  });

  it('a folder that is no GitOps repository is an error, not "0 files valid"', async () => {
    const empty = await repoWith({});
    await rm(join(empty, 'intents'), { recursive: true, force: true });
    const res = await cli(['--repo', empty, 'validate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`intents/: no intents/ folder in ${empty}`);
  });

  it('a --repo that does not exist is named as such by every command, with no stack trace', async () => {
    for (const command of [['validate'], ['status'], ['report', '--out', '/tmp/never']]) {
      const res = await cli(['--repo', '/nonexistent-intentops-repo', ...command]);
      expect(res.code, command[0]).toBe(2);
      expect(res.stderr).toBe(
        '--repo: no such directory: /nonexistent-intentops-repo (expected the GitOps repository)\n',
      );
    }
  });

  it('status in a folder that is no git checkout says so, with no stack trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'intentops-nogit-'));
    await mkdir(join(dir, 'intents'));
    const res = await cli(['--repo', dir, 'status']);
    await rm(dir, { recursive: true, force: true });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^intentops: .* is not a git checkout with a commit: /);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('without --repo, finds the repository from a subdirectory, as git does', async () => {
    const dir = await repoWith({ 'intents/requests/bad.yaml': request({ app: 'a', colour: 'red' }) });
    const entry = join(import.meta.dirname, '..', 'src', 'cli', 'index.ts');
    const res = spawnSync(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), entry, 'validate', 'bad.yaml'],
      {
        cwd: join(dir, 'intents', 'requests'),
        encoding: 'utf8',
      },
    );
    expect(res.stderr).toContain("intents/requests/bad.yaml:4:3: unknown param 'colour'");
    expect(res.status).toBe(2);
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['validate', '--format', 'xml'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['--help'])).code).toBe(0);
  });
});
