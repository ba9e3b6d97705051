import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openParsedYamlFile } from './parsed-yaml-file.js';

const dir = mkdtempSync(join(tmpdir(), 'intentops-parsed-yaml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the file of parsed intent files', () => {
  it('gives back a value for the same text only, and keeps what the last run used', () => {
    const file = join(dir, 'sub', 'one.yaml.json');
    const a = openParsedYamlFile(file);
    expect(a.get('intents/a.yaml', 'a: 1\n')).toBeUndefined();
    a.set('intents/a.yaml', 'a: 1\n', { a: 1 });
    a.set('intents/b.yaml', 'b: 2\n', { b: 2 });
    a.save();
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const b = openParsedYamlFile(file);
    expect(b.get('intents/a.yaml', 'a: 1\n')).toEqual({ value: { a: 1 } });
    expect(b.get('intents/a.yaml', 'a: 2\n')).toBeUndefined();
    // Nothing new and everything used: nothing to write.
    expect(b.get('intents/b.yaml', 'b: 2\n')).toEqual({ value: { b: 2 } });
    writeFileSync(file, readFileSync(file)); // a marker: the same bytes, a new mtime to compare
    const mtime = statSync(file).mtimeMs;
    b.save();
    expect(statSync(file).mtimeMs).toBe(mtime);

    // A run that used only a.yaml leaves b.yaml out.
    const c = openParsedYamlFile(file);
    c.get('intents/a.yaml', 'a: 1\n');
    c.save();
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).files)).toEqual(['intents/a.yaml']);
  });

  it('does not trust a file others may write, nor one it cannot read', () => {
    const file = join(dir, 'shared.yaml.json');
    writeFileSync(
      file,
      JSON.stringify({ files: { 'intents/a.yaml': { text: 'a: 1\n', value: 'planted' } } }),
    );
    chmodSync(file, 0o666);
    expect(openParsedYamlFile(file).get('intents/a.yaml', 'a: 1\n')).toBeUndefined();
    chmodSync(file, 0o600);
    expect(openParsedYamlFile(file).get('intents/a.yaml', 'a: 1\n')).toEqual({ value: 'planted' });

    writeFileSync(file, '{"files": {"intents/a.yaml": ');
    const torn = openParsedYamlFile(file);
    expect(torn.get('intents/a.yaml', 'a: 1\n')).toBeUndefined();
    torn.set('intents/a.yaml', 'a: 1\n', { a: 1 });
    torn.save();
    expect(openParsedYamlFile(file).get('intents/a.yaml', 'a: 1\n')).toEqual({ value: { a: 1 } });
  });
});
