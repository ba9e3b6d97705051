import { describe, expect, it } from 'vitest';
import { locate } from '../../domain/input/yaml-source.js';
import { type ParsedYamlCache, parseIntentYaml } from './parsed-yaml.js';

/** A cache in memory that says what it was asked. */
function memoryCache(): ParsedYamlCache & { kept: Map<string, { text: string; value: unknown }> } {
  const kept = new Map<string, { text: string; value: unknown }>();
  return {
    kept,
    get: (path, text) => {
      const e = kept.get(path);
      return e?.text === text ? { value: e.value } : undefined;
    },
    set: (path, text, value) => {
      kept.set(path, { text, value });
    },
  };
}

const F = 'intents/catalog/x.yaml';
/** The file's place on the machine: what the cache is keyed by. */
const K = `/work/repo/${F}`;

describe('parsing intent files with the values of an earlier run', () => {
  it('keeps a clean file and takes its value back while the text is the same', () => {
    const cache = memoryCache();
    const text = 'name: x\nparams:\n  app: { type: string }\n';
    const first = parseIntentYaml(F, new TextEncoder().encode(text), { store: cache, key: K });
    expect(first.diagnostics).toEqual([]);
    expect(cache.kept.get(K)).toEqual({ text, value: { name: 'x', params: { app: { type: 'string' } } } });

    const stored = { name: 'from the cache', params: {} };
    cache.set(K, text, stored);
    const second = parseIntentYaml(F, text, { store: cache, key: K });
    // Another repository's file at the same path is not this one.
    expect(parseIntentYaml(F, text, { store: cache, key: `/work/other/${F}` }).source?.value).not.toBe(
      stored,
    );
    // The value is the cache's, not a parse's, and its positions are still the file's.
    expect(second.source?.value).toBe(stored);
    expect(second.diagnostics).toEqual([]);
    expect(second.source && locate(second.source, ['params', 'app', 'type'], 'value')).toEqual({
      line: 3,
      col: 16,
    });

    // Another text at the same path is parsed.
    const third = parseIntentYaml(F, 'name: y\n', { store: cache, key: K });
    expect(third.source?.value).toEqual({ name: 'y' });
    expect(cache.kept.get(K)?.text).toBe('name: y\n');
  });

  it('keeps nothing that must be said again, or that JSON would change', () => {
    const cache = memoryCache();
    for (const text of [
      'name: [',
      'a: !custom x', // a warning: said at every run
      'a: .nan',
      'a: &x {b: 1}\nc: *x',
      '- a list',
    ])
      parseIntentYaml(F, text, { store: cache, key: K });
    expect(parseIntentYaml(F, 'a: !custom x', { store: cache, key: K }).diagnostics).toHaveLength(1);
    expect(
      parseIntentYaml(F, new Uint8Array([0x61, 0, 0x62]), { store: cache, key: K }).diagnostics,
    ).toHaveLength(1);
    expect(cache.kept.size).toBe(0);
  });
});
