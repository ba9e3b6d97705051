import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseFiles, request } from './helpers/fixture-catalog.js';
import { cli, makeRepo, removeRepo } from './helpers/repo.js';

const repos: string[] = [];
afterEach(async () => {
  await Promise.all(repos.splice(0).map(removeRepo));
});

async function repoWith(files: Record<string, string>): Promise<string> {
  const dir = await makeRepo({ ...baseFiles(), ...files });
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
    expect(res.stdout.trim()).toBe(
      "::error file=intents/requests/bad.yaml,line=4,col=3::unknown param 'colour' for intent 'work'; declared: app, mem, restarts, fail_step, say",
    );
  });

  it('--json gives the diagnostics as data; given paths limit what is reported', async () => {
    const dir = await repoWith(BROKEN);
    const only = await cli(['--repo', dir, 'validate', '--json', 'intents/requests/good.yaml']);
    expect(only.code).toBe(0);
    expect(JSON.parse(only.stdout)).toEqual({ valid: true, files: 1, diagnostics: [] });
    const all = JSON.parse((await cli(['--repo', dir, 'validate', '--json'])).stdout);
    expect(all.valid).toBe(false);
    expect(all.diagnostics).toEqual([
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
    expect(res.stderr).toMatch(/^intents\/anomaly-rules\/default\.yaml:3:16: rule 'x': syntax error/m);
  });

  it('a folder that is no GitOps repository is an error, not "0 files valid"', async () => {
    const res = await cli(['--repo', '/nonexistent-intentops-repo', 'validate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^intents\/: no intents\/ folder in \/nonexistent-intentops-repo/m);
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['validate', '--format', 'xml'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['--help'])).code).toBe(0);
  });
});
