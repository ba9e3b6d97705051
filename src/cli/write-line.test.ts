import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// writeLine in a real process whose stdout and stderr are pipes, as in CI.
function child(code: string) {
  const mod = pathToFileURL(join(import.meta.dirname, 'write-line.ts')).href;
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', `import { writeLine } from '${mod}';\n${code}`],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
}

describe('writeLine', () => {
  it('writes all of a line far larger than a pipe holds, then the next, in order', () => {
    const r = child(`writeLine(1, 'é'.repeat(1 << 20)); writeLine(1, 'end'); writeLine(2, '✔ done');`);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${'é'.repeat(1 << 20)}\nend\n`);
    expect(r.stderr).toBe('✔ done\n');
  });
});
