import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// What scripts/bundle.mjs leaves out of dist/ to start faster, and that the bundle still reads the same.
// (Start-up time itself is measured by bench/startup.mjs; timing never decides a test.)

const ROOT = join(import.meta.dirname, '..');
const CHUNKS = join(ROOT, 'dist', 'chunks');

describe('the bundle', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'intentops-bundle-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("holds zod's English messages only, not its other locales", () => {
    const chunks = readdirSync(CHUNKS).map((f) => readFileSync(join(CHUNKS, f), 'utf8'));
    // zod's German locale ("erwartet") and French one ("reçu", escaped by esbuild or not).
    expect(chunks.filter((c) => /erwartet|re(?:ç|\\xE7)u/.test(c))).toEqual([]);
    expect(chunks.some((c) => c.includes('Invalid input'))).toBe(true);
  });

  it('validates without loading modules it does not use: node:crypto, node:child_process, node_modules', () => {
    // Each is a few milliseconds of every start: crypto for a digest validate does not compute,
    // child_process for commander's executable subcommands, picomatch for fdir's unused glob().
    const probe = join(tmp, 'probe.cjs');
    const out = join(tmp, 'loaded.json');
    writeFileSync(
      probe,
      "process.on('exit', () => require('node:fs').writeFileSync(process.env.PROBE_OUT, JSON.stringify({ builtins: process.moduleLoadList, required: Object.keys(require.cache) })));\n",
    );
    const r = spawnSync(
      process.execPath,
      ['--require', probe, join(ROOT, 'dist', 'cli.js'), '--repo', ROOT, 'validate'],
      { encoding: 'utf8', env: { ...process.env, PROBE_OUT: out } },
    );
    expect(r.status, r.stderr).toBe(0);
    const loaded = JSON.parse(readFileSync(out, 'utf8')) as { builtins: string[]; required: string[] };
    expect(loaded.builtins.filter((m) => /^NativeModule (?:crypto|child_process)$/.test(m))).toEqual([]);
    expect(loaded.required.filter((f) => f.includes('node_modules'))).toEqual([]);
    // The probe sees what it should: Node's own modules are listed.
    expect(loaded.builtins).toContain('NativeModule fs');
  });

  it('reports schema errors on the bundled CLI as the sources do', () => {
    cpSync(join(ROOT, 'intents'), join(tmp, 'intents'), { recursive: true });
    writeFileSync(
      join(tmp, 'intents', 'requests', 'bad.yaml'),
      'intent: deploy-app\nparams: {app: home, tag: "1"}\nreason: 5\nextra: 1\n',
    );
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), '--repo', tmp, 'validate'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('intents/requests/bad.yaml:3:9: reason: expected a string, got 5');
    expect(r.stderr).toContain("intents/requests/bad.yaml:4:1: unknown key 'extra'");
  });
});
