import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { afterAll, describe, expect, it } from 'vitest';
import { rewrite, startupRewrites } from '../scripts/startup-rewrites.mjs';

// The bundles carry dependencies with scripts/startup-rewrites.mjs applied; these tests load the
// rewritten copies and hold them to the originals.

const ROOT = join(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'intentops-rewrites-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('startup rewrites', () => {
  it('each still finds the text it replaces (the bundle fails when one does not)', () => {
    const files = [...new Set(startupRewrites.map(({ file }) => file))];
    const paths = [
      'node_modules/commander/lib/command.js',
      'node_modules/fdir/dist/index.mjs',
      'node_modules/@marcbachmann/cel-js/lib/functions.js',
      'node_modules/re2js/build/index.js',
    ].map((p) => join(ROOT, p));
    for (const file of files)
      expect(
        paths.some((p) => file.test(p)),
        String(file),
      ).toBe(true);
    for (const path of paths)
      expect(rewrite(path, readFileSync(path, 'utf8'))).not.toBe(readFileSync(path, 'utf8'));
    expect(() => rewrite(paths[3] as string, 'export {}')).toThrow(/re2js.*expected .*\(changed\?\)/);
  });

  describe('re2js with its one-pass analysis made on first need', async () => {
    const path = join(ROOT, 'node_modules', 're2js', 'build', 'index.js');
    const copy = join(tmp, 're2js-rewritten.mjs');
    writeFileSync(copy, rewrite(path, readFileSync(path, 'utf8')));
    const { RE2JS: Rewritten } = (await import(pathToFileURL(copy).href)) as { RE2JS: typeof RE2JS };

    // The catalog's kinds of pattern: anchored or not, one-pass or not, counted repetitions,
    // captures, case folding, alternations that share a prefix.
    const patterns = [
      '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
      '^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$',
      '[a-z]+-[0-9]{1,3}',
      '^(a|ab)(c|bcd)(d*)$',
      '^v?[0-9]+(\\.[0-9]+){0,2}$',
      '(?i)^release-(a|b)+$',
      '^(?:[a-c]*)x?$',
      '^$',
      'b*',
      '^[^/.]+/[^/]+$',
      '^(?P<name>[a-z]+)\\.(?P<ext>[a-z]{1,4})$',
    ];
    const compiled = patterns.map((p) => [RE2JS.compile(p), Rewritten.compile(p)] as const);
    const value = fc.string({ unit: fc.constantFrom(...'abcdx01-._/AvR'.split('')), maxLength: 24 });

    it('answers every match as re2js does', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: patterns.length - 1 }), value, (i, v) => {
          const [original, rewritten] = compiled[i] as (typeof compiled)[number];
          expect(rewritten.matches(v), `${patterns[i]} on ${v}`).toBe(original.matches(v));
          expect(rewritten.test(v)).toBe(original.test(v));
          expect(rewritten.exec(v)).toEqual(original.exec(v));
        }),
        { numRuns: 3000 },
      );
    });

    it('holds the same answers on the example catalog patterns', () => {
      const TAG = '^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$';
      const tag = Rewritten.compile(TAG);
      const original = RE2JS.compile(TAG);
      for (const v of [
        'latest',
        'v1.2.3',
        '_x',
        `a${'b'.repeat(127)}`,
        `a${'b'.repeat(128)}`,
        '-x',
        '',
        'a b',
      ]) {
        expect(tag.matches(v), v).toBe(original.matches(v));
      }
      // Not vacuous: the rewritten one really is another engine path (no one-pass program until asked).
      expect(
        (tag as unknown as { re2Input: { lazyOnepass?: unknown } }).re2Input.lazyOnepass,
      ).toBeUndefined();
    });
  });
});
