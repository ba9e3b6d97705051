import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// src/generated/time-zone-names.ts is made by scripts/time-zone-names.mjs with the oldest Node
// intentops supports; CI runs its --check, which must fail when the file is stale and pass once it
// is made again. Run on a copy, so the checkout is never written.

const ROOT = join(import.meta.dirname, '..');
const FILE = join('src', 'generated', 'time-zone-names.ts');
const NODE20 = ['/usr/bin/node', '/usr/local/bin/node'].find((bin) => {
  try {
    return /^v20\./.test(execFileSync(bin, ['--version'], { encoding: 'utf8' }));
  } catch {
    return false;
  }
});

describe.skipIf(!NODE20)('the generated time zone list', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'intentops-tz-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  mkdirSync(join(tmp, 'scripts'));
  mkdirSync(join(tmp, 'src', 'generated'), { recursive: true });
  for (const f of ['package.json', join('scripts', 'time-zone-names.mjs'), FILE])
    cpSync(join(ROOT, f), join(tmp, f));
  const run = (...args: string[]) =>
    spawnSync(NODE20 as string, [join(tmp, 'scripts', 'time-zone-names.mjs'), ...args], { encoding: 'utf8' });

  it('is fresh as committed, fails --check once stale, and passes once made again', () => {
    const fresh = run('--check');
    expect(fresh.status, fresh.stderr).toBe(0);
    expect(fresh.stdout).toContain(`${FILE} is fresh`);

    const committed = readFileSync(join(tmp, FILE), 'utf8');
    writeFileSync(join(tmp, FILE), committed.replace("  'Europe/Berlin',\n", ''));
    const stale = run('--check');
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain(`${FILE} is stale`);

    expect(run().status).toBe(0);
    expect(readFileSync(join(tmp, FILE), 'utf8')).toBe(committed);
    expect(run('--check').status).toBe(0);
  });

  it('on a newer Node: refuses to make the list, and --check holds the list to what that Node knows', () => {
    const script = join(tmp, 'scripts', 'time-zone-names.mjs');
    const make = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    const check = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    if (process.versions.node.startsWith('20.')) expect(check.status).toBe(0);
    else {
      expect(make.status).toBe(1);
      expect(make.stderr).toContain('run this with Node 20');
      expect(check.status, check.stderr).toBe(0);
      expect(check.stdout).toMatch(/knows all \d+ names \(the full check needs Node 20\)/);
      // a name no runtime knows is caught
      const list = join(tmp, 'src', 'generated', 'time-zone-names.ts');
      writeFileSync(list, readFileSync(list, 'utf8').replace("  'Europe/Paris',", "  'Europe/Atlantis',"));
      const bad = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('Europe/Atlantis');
    }
  });
});
