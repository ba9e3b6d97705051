import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { inspect, isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { quickParse } from './yaml-quick-parse.js';
import { parseWithPositions } from './yaml-source.js';

// quickParse must never read a file differently from `yaml`: whenever it gives a value, `yaml` gives
// the same value and no diagnostic at all; everything else it leaves to `yaml`.

const ROOT = join(import.meta.dirname, '..', '..', '..');

function expectSameAsYaml(text: string, label: string): 'quick' | 'yaml' {
  const quick = quickParse(text);
  if (!quick) return 'yaml';
  const slow = parseWithPositions(label, text);
  expect(slow.diagnostics, `${label}: yaml has diagnostics where quickParse read a value`).toEqual([]);
  // isDeepStrictEqual, not toStrictEqual: a `constructor` key would be taken for the object's type.
  const same = isDeepStrictEqual(quick.value, slow.source?.value);
  expect(same, `${label}: ${inspect(quick.value)} ≠ ${inspect(slow.source?.value)}`).toBe(true);
  return 'quick';
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name) && !e.parentPath.includes('node_modules'))
    .map((e) => join(e.parentPath, e.name));
}

describe('quickParse', () => {
  it('reads every YAML file of this repository as yaml does (examples, templates, hostile fixtures)', () => {
    const files = ['intents', 'templates', 'test', '.github'].flatMap((d) => yamlFiles(join(ROOT, d)));
    expect(files.length).toBeGreaterThan(100);
    const ways = files.map((f) => expectSameAsYaml(readFileSync(f, 'utf8'), relative(ROOT, f)));
    // Most files take the quick way, or it would save nothing.
    expect(ways.filter((w) => w === 'quick').length).toBeGreaterThan(files.length / 2);
  });

  it('reads scalars by yaml’s core schema: no binary ints, no 1_000, -.5e+3 a number', () => {
    const scalars = [
      '1_000',
      '0b101',
      '0o17',
      '017',
      '0x1F',
      '0X1F',
      '+12',
      '-0',
      '1e3',
      '1.5e-3',
      '.5',
      '5.',
      '-.5e+3',
      '+.inf',
      '-.Inf',
      '.NaN',
      '.nan',
      'NaN',
      'inf',
      '~',
      'null',
      'Null',
      'NULL',
      'nUll',
      '',
      'true',
      'True',
      'TRUE',
      'tRue',
      'yes',
      'on',
      'off',
      'y',
      '2026-12-01',
      '2026-12-01T10:00:00Z',
      '12:30',
      '1:20:30',
      '0.1.2',
      '1,000',
      '"a\\tb\\u00e9\\x41\\/"',
      "'it''s'",
      '1.0',
      '100000000000000000000',
      '9007199254740993',
      '0777',
      '08',
      '1e',
      '+1.',
      '<<',
      '"\\N\\_\\L\\P"',
      'a # comment',
      'a#b',
    ];
    for (const s of scalars) expectSameAsYaml(`k: ${s}\n`, JSON.stringify(s));
    expect(quickParse('k: 0b101\n')?.value).toEqual({ k: '0b101' });
    expect(quickParse('k: -.5e+3\n')?.value).toEqual({ k: -500 });
  });

  it('reads keys, block scalars, flow collections and line endings as yaml does', () => {
    const texts = [
      '1: a\n1.0: b\ntrue: c\nnull: d\n~: e\n"": f\n',
      '__proto__: {a: 1}\nconstructor: x\n',
      'a: |\n  one\n  two\n\nb: >\n  folded\n  line\n\n  para\nc: |-\n  x\nd: |+\n  y\n\ne: >2\n   indented\n',
      "' ': |2-\n  \n   \n", // js-yaml reads '\n ', yaml ''
      '~: a\n', // js-yaml names a null key 'null', yaml ''
      'k: {null}\n',
      '{:}\n',
      'k: {[1, 2]}\n', // a collection as a key
      '---# c\na: 1\n',
      'k: {x: 1}# c\n', // yaml refuses the comment, js-yaml reads it
      'a: | #c\n\t# c\n', // yaml refuses the tab
      "a: '\n'\n", // yaml wants the quoted scalar's next line indented
      '\r  k: v\n', // a lone CR: a line break to js-yaml, text to yaml
      '---a: b\n', // a marker to js-yaml, text to yaml
      '---  k: v\n',
      'a: [1, "two", {b: c}, [d]]\nb: {x: 1, "y": [2]}\nc: []\nd: {}\n',
      'a: plain\n  continued\n  lines\nb: "double\n  quoted"\nc: \'single\n\n  quoted\'\n',
      'a: 1\r\nb:\r\n  - x\r\n  - y\r\n',
      'a:\n- 1\n- 2\nb:\n  c:\n    d: e\n',
      '---\na: 1\n...\n',
      '# only a comment before\na: 1 # and after\n',
      'a: b: c\n',
      'a: "unterminated\n',
      'a: 1\na: 2\n',
      'a: 1\n---\nb: 2\n',
      '\ta: 1\n',
      'a:\n\t- 1\n',
      '- a\n- b\n',
      'scalar\n',
      '',
      'a: [1, 2\n',
      'a: {b: 1, b: 2}\n',
      'a: @reserved\n',
      'a: `tick\n',
      `${'k'.repeat(1100)}: 1\n`,
    ];
    for (const t of texts) expectSameAsYaml(t, JSON.stringify(t.slice(0, 60)));
  });

  it('agrees with yaml on generated documents (yaml and js-yaml writers, many shapes)', () => {
    const leaf = fc.oneof(
      fc.string(),
      fc.constantFrom(
        'yes',
        'No',
        '~',
        'null',
        '0x1A',
        '0o7',
        '1_0',
        '.inf',
        '-0',
        '1e3',
        ': x',
        '- y',
        '#z',
        '&a',
        '*a',
        '!t',
      ),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
    );
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('tree'), { maxLength: 4 }),
      object: fc.dictionary(fc.string({ maxLength: 12 }), tie('tree'), { maxKeys: 4 }),
    }));
    const doc = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), tree, { minKeys: 1, maxKeys: 5 });
    fc.assert(
      fc.property(doc, fc.boolean(), (value, viaYaml) => {
        const text = viaYaml ? stringify(value) : dump(value);
        expectSameAsYaml(text, text);
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with yaml on hand-written-looking text, broken or not', () => {
    const piece = fc.constantFrom(
      'a',
      'key',
      'b c',
      '1',
      '0x1F',
      '-.5',
      'yes',
      '~',
      '',
      '"q: x"',
      "'s''t'",
      '"\\t"',
      '[1, 2]',
      '{x: 1}',
      '[',
      '}',
      '|',
      '>-',
      '|+',
      '# c',
      ' #c',
      'a#b',
      '- ',
      ': ',
      ':',
      '-',
      '?',
      ',',
      '"',
      "'",
      '\t',
      '\\',
      'é',
      '…',
      '---',
      '...',
      '&a ',
      '*a',
      '!t ',
      '%Y',
      '@',
      '`',
      '<<',
      '? ',
      'null',
      'True',
      '0o7',
      '1e3',
      '.inf',
      '- - ',
      '|2',
      '"a\\"b"',
      ']',
      '{',
      'k: v',
      '  k: v',
      '- k: v',
      '!!str ',
      '0b1',
      '1_0',
      '\r',
      ' ',
    );
    const line = fc
      .tuple(fc.constantFrom('', '  ', '    ', ' ', '\t'), fc.array(piece, { minLength: 1, maxLength: 6 }))
      .map(([indent, parts]) => indent + parts.join(''));
    const text = fc.array(line, { minLength: 1, maxLength: 10 }).map((lines) => `${lines.join('\n')}\n`);
    fc.assert(
      fc.property(text, (t) => {
        expectSameAsYaml(t, JSON.stringify(t));
      }),
      { numRuns: 1000 },
    );
  });
});
