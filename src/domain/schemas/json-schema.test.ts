import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateJsonSchemas, JSON_SCHEMA_SOURCES } from './json-schema.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const generated = generateJsonSchemas();

describe('generateJsonSchemas', () => {
  it('makes one file per intent file kind', () => {
    expect(Object.keys(generated)).toEqual(
      expect.arrayContaining([
        'catalog.schema.json',
        'request.schema.json',
        'outcomes.schema.json',
        'anomaly-rules.schema.json',
        'learning.schema.json',
        'policy.schema.json',
      ]),
    );
    expect(Object.keys(generated)).toEqual(Object.keys(JSON_SCHEMA_SOURCES));
  });

  it('matches the committed files in schemas/ (run `npx tsx scripts/gen-schemas.ts` when this fails)', () => {
    for (const [fileName, text] of Object.entries(generated)) {
      expect(readFileSync(join(root, 'schemas', fileName), 'utf8'), fileName).toBe(text);
    }
  });

  it('describes what people write: strict keys, optional defaults, durations as text or seconds', () => {
    const catalog = JSON.parse(generated['catalog.schema.json'] ?? '{}');
    expect(catalog.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(catalog.additionalProperties).toBe(false);
    expect(catalog.required).toEqual(['name', 'description', 'risk', 'steps']);
    expect(catalog.properties.params.default).toEqual({});
    const step = catalog.properties.steps.items;
    expect(step.properties.timeout.anyOf.map((s: { type: string }) => s.type)).toEqual(['string', 'number']);
    expect(new RegExp(step.properties.timeout.anyOf[0].pattern).test('1h30m')).toBe(true);
    expect(step.properties.timeout.description).toMatch(/process tree/);
    const outcomes = JSON.parse(generated['outcomes.schema.json'] ?? '{}');
    const check = outcomes.properties.outcomes.properties.success.items;
    expect(check.required).toEqual(['condition']);
    expect(Object.keys(check.properties)).toEqual(
      expect.arrayContaining(['check', 'pods_ready', 'prometheus', 'http', 'velero']),
    );
  });
});

describe('scripts/gen-schemas.ts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'intentops-schemas-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const run = (...args: string[]) =>
    execFileSync(tsx, ['scripts/gen-schemas.ts', '--out', dir, ...args], { cwd: root, stdio: 'pipe' });

  it('writes the files, then --check passes, and fails once a file is stale', () => {
    expect(() => run('--check')).toThrow(/stale or missing JSON Schemas/);
    run();
    expect(readdirSync(dir).sort()).toEqual(Object.keys(generated).sort());
    expect(run('--check').toString()).toMatch(/up to date/);
    writeFileSync(join(dir, 'policy.schema.json'), '{}\n');
    expect(() => run('--check')).toThrow(/policy\.schema\.json/);
  });
});
