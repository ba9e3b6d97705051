import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// GitHub's @github/local-action runs an action on a workstation: it imports the entry given, calls
// the run() it exports, with inputs from a .env file. action.yml's dist/index.js seals the
// environment (a re-exec) and then runs dist/main.js; local-action is pointed at that module, and at
// src/action/main.ts, where its stand-in @actions/core also captures the outputs. (A bundled file
// carries its own @actions/core, so its outputs go where the real one writes them: $GITHUB_OUTPUT.)

const ROOT = join(import.meta.dirname, '..');
const LOCAL_ACTION = join(ROOT, 'node_modules', '@github', 'local-action', 'bin', 'local-action.js');

describe('the action under @github/local-action', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'intentops-local-action-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  /** `local-action run . <entry> <env>` from the project root: exit code, everything printed, the outputs file. */
  function localAction(entry: string) {
    const outputs = join(tmp, `outputs-${entry.replace(/\W/g, '-')}`);
    writeFileSync(outputs, '');
    writeFileSync(join(tmp, 'event.json'), '{}');
    const env = join(tmp, '.env');
    writeFileSync(
      env,
      [
        'INPUT_COMMAND=validate',
        'INPUT_GITHUB-TOKEN=',
        `INPUT_REPO-PATH=${ROOT}`,
        'INPUT_DRY-RUN=false',
        'GITHUB_REPOSITORY=acme/gitops',
        'GITHUB_EVENT_NAME=workflow_dispatch',
        `GITHUB_EVENT_PATH=${join(tmp, 'event.json')}`,
        `GITHUB_SHA=${'0'.repeat(40)}`,
        'GITHUB_API_URL=http://127.0.0.1:9',
        'GITHUB_SERVER_URL=https://github.com',
        `GITHUB_OUTPUT=${outputs}`,
        '',
      ].join('\n'),
    );
    // Nothing of a runner this test may itself run on: the .env file says it all.
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(INPUT_|GITHUB_|RUNNER_|ACTIONS_)/.test(k)),
    );
    const r = spawnSync(process.execPath, [LOCAL_ACTION, 'run', '.', entry, env], {
      cwd: ROOT,
      env: clean,
      encoding: 'utf8',
      timeout: 90_000,
    });
    return { code: r.status, out: `${r.stdout}${r.stderr}`, outputs: readFileSync(outputs, 'utf8') };
  }

  it('runs dist/main.js, the bundled module that exports run(): no re-exec, the outputs in $GITHUB_OUTPUT', () => {
    const r = localAction('dist/main.js');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('Running Action');
    expect(r.out).not.toMatch(/does not export a run\(\) function/);
    // run() ran once, as it was imported: the environment was not sealed (that is index.js's job).
    expect(r.out).not.toMatch(/Secrets kept out of this process's environment/);
    expect(r.outputs).toMatch(/^status<<(\S+)\nvalid\n\1$/m);
  }, 120_000);

  it('runs src/action/main.ts, whose outputs local-action captures', () => {
    const r = localAction('src/action/main.ts');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/Action Outputs[\s\S]*'status'\s*│\s*'valid'/);
  }, 120_000);
});
