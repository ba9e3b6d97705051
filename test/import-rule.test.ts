import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The import rule of docs/ARCHITECTURE.md, as `npm run lint` runs it: the repository's biome.json
// on a small tree that breaks it in each way it can be broken, and keeps it once.
const ROOT = join(import.meta.dirname, '..');
const BIOME = join(ROOT, 'node_modules', '.bin', 'biome');

const TREE: Record<string, string> = {
  'src/app/execute/run.ts': "import { watch } from '../observe/watch.js';\nexport const run = () => watch;\n",
  'src/app/observe/watch.ts': "import { run } from '../execute/run.js';\nexport const watch = () => run;\n",
  'src/app/shared/ports.ts': "import { main } from '../../cli/main.js';\nexport const ports = main;\n",
  'src/cli/main.ts': 'export const main = 1;\n',
  'src/domain/plan/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
  'src/domain/plan/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
  'src/domain/plan/c.ts': "import { git } from '../../adapters/git.js';\nexport const c = git;\n",
  'src/adapters/git.ts': "import { ports } from '../app/shared/ports.js';\nexport const git = ports;\n",
  'src/action/main.ts': "import { main } from '../cli/main.js';\nexport const action = main;\n",
};

let dir = '';
let findings: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'import-rule-'));
  copyFileSync(join(ROOT, 'biome.json'), join(dir, 'biome.json'));
  for (const [path, text] of Object.entries(TREE)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  let out = '';
  try {
    out = execFileSync(BIOME, ['lint', '--max-diagnostics=100', '--colors=off', 'src'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const e = err as { stdout: string; stderr: string };
    out = `${e.stdout}${e.stderr}`;
  }
  // "src/app/observe/watch.ts:1:21 lint/style/noRestrictedImports ━━━" → "src/app/observe/watch.ts:1 noRestrictedImports"
  findings = [...out.matchAll(/^(src\/\S+?):(\d+):\d+ lint\/\w+\/(\w+)/gm)].map(
    (m) => `${m[1]}:${m[2]} ${m[3]}`,
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the import rule (biome.json, run by npm run lint)', () => {
  it('refuses a stage importing back up into a stage that uses it, and lets the use go down', () => {
    expect(findings).toContain('src/app/observe/watch.ts:1 noRestrictedImports');
    expect(findings.filter((f) => f.startsWith('src/app/execute/run.ts'))).toEqual([
      'src/app/execute/run.ts:1 noImportCycles',
    ]);
  });

  it('refuses an upward import between layers', () => {
    expect(findings).toEqual(
      expect.arrayContaining([
        'src/domain/plan/c.ts:1 noRestrictedImports',
        'src/adapters/git.ts:1 noRestrictedImports',
        'src/app/shared/ports.ts:1 noRestrictedImports',
        'src/action/main.ts:1 noRestrictedImports',
      ]),
    );
  });

  it('refuses a run-time import cycle', () => {
    expect(findings).toEqual(
      expect.arrayContaining([
        'src/domain/plan/a.ts:1 noImportCycles',
        'src/domain/plan/b.ts:1 noImportCycles',
      ]),
    );
  });
});
