import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_KEPT_CHARS, openParsedYamlFile } from './parsed-yaml-file.js';

const dir = mkdtempSync(join(tmpdir(), 'intentops-parsed-yaml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the file of parsed intent files', () => {
  it('gives back a value for the same text only, and writes only when a run parsed something new', () => {
    const file = join(dir, 'sub', 'one.yaml.json');
    const a = openParsedYamlFile(file);
    expect(a.get('/r/intents/a.yaml', 'a: 1\n')).toBeUndefined();
    a.set('/r/intents/a.yaml', 'a: 1\n', { a: 1 });
    a.set('/r/intents/b.yaml', 'b: 2\n', { b: 2 });
    a.save();
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const b = openParsedYamlFile(file);
    expect(b.get('/r/intents/a.yaml', 'a: 1\n')).toEqual({ value: { a: 1 } });
    expect(b.get('/r/intents/a.yaml', 'a: 2\n')).toBeUndefined();
    expect(b.get('/r/intents/b.yaml', 'b: 2\n')).toEqual({ value: { b: 2 } });
    // Nothing new: nothing to write.
    const before = readFileSync(file, 'utf8');
    rmSync(file);
    b.save();
    expect(existsSync(file)).toBe(false);
    writeFileSync(file, before, { mode: 0o600 });
  });

  it('keeps other repositories’ files after this run’s, while they fit', () => {
    const file = join(dir, 'many.yaml.json');
    const big = `a: "${'x'.repeat(MAX_KEPT_CHARS)}"\n`;
    const first = openParsedYamlFile(file);
    first.set('/one/intents/big.yaml', big, { a: 'x' });
    first.save();
    const second = openParsedYamlFile(file);
    expect(second.get('/one/intents/big.yaml', big)).toEqual({ value: { a: 'x' } });
    second.set('/two/intents/a.yaml', 'a: 1\n', { a: 1 });
    second.save();
    // A file this run used is kept whatever its size.
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).files)).toEqual([
      '/one/intents/big.yaml',
      '/two/intents/a.yaml',
    ]);
    const third = openParsedYamlFile(file);
    third.set('/three/intents/a.yaml', 'a: 3\n', { a: 3 });
    third.save();
    // Of the others, the small one fits; the big one does not.
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).files)).toEqual([
      '/three/intents/a.yaml',
      '/two/intents/a.yaml',
    ]);
  });

  it('does not trust a file others may write, nor one it cannot read', () => {
    const file = join(dir, 'shared.yaml.json');
    writeFileSync(
      file,
      JSON.stringify({ files: { '/r/intents/a.yaml': { text: 'a: 1\n', value: 'planted' } } }),
    );
    chmodSync(file, 0o666);
    expect(openParsedYamlFile(file).get('/r/intents/a.yaml', 'a: 1\n')).toBeUndefined();
    chmodSync(file, 0o600);
    expect(openParsedYamlFile(file).get('/r/intents/a.yaml', 'a: 1\n')).toEqual({ value: 'planted' });

    writeFileSync(file, '{"files": {"intents/a.yaml": ');
    const torn = openParsedYamlFile(file);
    expect(torn.get('/r/intents/a.yaml', 'a: 1\n')).toBeUndefined();
    torn.set('/r/intents/a.yaml', 'a: 1\n', { a: 1 });
    torn.save();
    expect(openParsedYamlFile(file).get('/r/intents/a.yaml', 'a: 1\n')).toEqual({ value: { a: 1 } });
  });
});
