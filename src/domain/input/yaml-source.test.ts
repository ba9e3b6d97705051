import { describe, expect, it } from 'vitest';
import { isPlainData, knownSource, locate, MAX_YAML_BYTES, parseYamlSource } from './yaml-source.js';

const F = 'intents/x.yaml';

function parsed(text: string) {
  const r = parseYamlSource(F, text);
  if (!r.source) throw new Error(`expected a source, got ${JSON.stringify(r.diagnostics)}`);
  return r.source;
}

function onlyError(content: string | Uint8Array) {
  const r = parseYamlSource(F, content);
  expect(r.source).toBeUndefined();
  expect(r.diagnostics).toHaveLength(1);
  const [d] = r.diagnostics;
  expect(d?.file).toBe(F);
  expect(d?.severity).toBe('error');
  return d;
}

describe('parseYamlSource', () => {
  it('hints at quoting a value containing ": ", and reports only the first syntax error', () => {
    const r = parseYamlSource('a.yaml', 'intent: work\nreason: fix: the cache\nparams:\n  - a: [\n  b: "x\n');
    expect(r.diagnostics).toEqual([
      {
        file: 'a.yaml',
        line: 2,
        col: 9,
        severity: 'error',
        message:
          'Nested mappings are not allowed in compact mappings; hint: quote strings containing ": ", e.g. reason: "fix: the cache"',
      },
    ]);
  });

  it('parses a mapping from text or bytes and keeps the Document', () => {
    const text = 'name: deploy-app\nsteps:\n  - name: apply\n';
    const fromText = parseYamlSource(F, text);
    const fromBytes = parseYamlSource(F, new TextEncoder().encode(text));
    expect(fromText.diagnostics).toEqual([]);
    expect(fromText.source?.value).toEqual({ name: 'deploy-app', steps: [{ name: 'apply' }] });
    expect(fromBytes.source?.value).toEqual(fromText.source?.value);
    expect(fromBytes.source?.text).toBe(text);
    expect(fromText.source?.path).toBe(F);
  });

  it('keeps YAML 1.2 meanings: yes/on stay strings, a BOM is dropped', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('a: yes\nb: on\nc: 007\n')]);
    expect(parseYamlSource(F, bytes).source?.value).toEqual({ a: 'yes', b: 'on', c: 7 });
    expect(parseYamlSource(F, bytes).source?.text).toBe('a: yes\nb: on\nc: 007\n');
  });

  it('refuses a file over 1 MiB before decoding it', () => {
    const big = new Uint8Array(MAX_YAML_BYTES + 1).fill(0xff); // not UTF-8 either: size must win
    const d = onlyError(big);
    expect(d?.message).toBe(`file is too large (${MAX_YAML_BYTES + 1} bytes); at most 1048576 bytes allowed`);
    expect(d?.line).toBeUndefined();
    const atLimit = `a: "${'x'.repeat(MAX_YAML_BYTES - 6)}"\n`;
    expect(Buffer.byteLength(atLimit)).toBe(MAX_YAML_BYTES);
    expect(parseYamlSource(F, atLimit).diagnostics).toEqual([]);
  });

  it('counts bytes, not characters, for string input', () => {
    const text = `a: "${'é'.repeat(MAX_YAML_BYTES / 2)}"\n`; // 2 bytes each
    expect(onlyError(text)?.message).toMatch(/^file is too large/);
  });

  it('refuses text that is not UTF-8', () => {
    const d = onlyError(new Uint8Array([0x61, 0x3a, 0x20, 0xc3, 0x28, 0x0a]));
    expect(d?.message).toBe('file is not valid UTF-8; save it as UTF-8 text');
  });

  it('refuses binary content (NUL bytes), also UTF-16 text', () => {
    expect(onlyError(new Uint8Array([0x61, 0x3a, 0x00, 0x31]))?.message).toBe(
      'file looks binary (contains NUL bytes); expected YAML text',
    );
    expect(onlyError(Buffer.from('a: 1\n', 'utf16le'))?.message).toMatch(/binary/);
    expect(onlyError('a: "\u0000"\n')?.message).toMatch(/binary/);
  });

  it.each([
    ['empty', ''],
    ['whitespace', '  \n\n'],
    ['comment-only', '# nothing here\n# still nothing\n'],
    ['document marker only', '---\n'],
    ['explicit null', '~\n'],
  ])('refuses an empty file (%s)', (_, text) => {
    expect(onlyError(text)?.message).toBe('expected a mapping at the top level, but the file is empty');
  });

  it('refuses a top level that is not a mapping, at its position', () => {
    expect(onlyError('# list\n- a\n- b\n')).toMatchObject({
      line: 2,
      col: 1,
      message: 'expected a mapping at the top level, got a list',
    });
    expect(onlyError('just text\n')).toMatchObject({ line: 1, col: 1, message: /got a scalar value/ });
  });

  it('refuses more than one document, pointing at the second', () => {
    expect(onlyError('a: 1\n---\nb: 2\n')).toMatchObject({
      line: 2,
      col: 1,
      message: 'expected a single YAML document, found more than one (---)',
    });
  });

  it('refuses duplicate keys, pointing at the second one', () => {
    const d = onlyError('a: 1\nsteps:\n  - name: x\n    run: ls\n    name: y\n');
    expect(d).toMatchObject({ line: 5, col: 5 });
    expect(d?.message).toBe('Map keys must be unique');
  });

  it('reports YAML syntax errors at the position yaml gives, without a code frame', () => {
    const d = parseYamlSource(F, 'a: 1\nb: "open\n').diagnostics[0];
    expect(d).toMatchObject({ file: F, line: 3, col: 1, severity: 'error' });
    expect(d?.message).toMatch(/Missing closing "quote/);
    expect(d?.message).not.toMatch(/at line/);
    expect(parseYamlSource(F, 'a:\n\tb: 1\n').diagnostics[0]).toMatchObject({ line: 2, col: 1 });
  });

  it('refuses an alias bomb with a clear message', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
    ] as const) {
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const d = onlyError(`${lines.join('\n')}\n`);
    expect(d?.message).toBe(
      'too many alias expansions (over 100); aliases that expand exponentially are refused',
    );
    expect(d).toMatchObject({ line: 2, col: 8 });
  });

  it('accepts a few ordinary aliases', () => {
    expect(parsed('base: &b {x: 1}\none: *b\ntwo: *b\n').value).toEqual({
      base: { x: 1 },
      one: { x: 1 },
      two: { x: 1 },
    });
  });

  it('refuses an undefined alias', () => {
    expect(onlyError('a: 1\nb: *nope\n')).toMatchObject({
      line: 2,
      col: 4,
      message: /cannot resolve YAML aliases/,
    });
  });

  it('refuses collection keys instead of stringifying them', () => {
    expect(onlyError('? [a, b]\n: 1\n')).toMatchObject({
      line: 1,
      col: 3,
      message: 'expected a plain key (a string), got a collection',
    });
  });

  it('refuses an alias of a collection as a key: stringified, it printed a warning (fuzzer)', () => {
    expect(onlyError('x: &a [1]\n*a : 2\n')).toMatchObject({
      line: 2,
      col: 1,
      message: 'expected a plain key (a string), got an alias of a collection',
    });
  });

  it('refuses a key tagged !!binary or !!timestamp: an object, stringified with a warning (fuzzer)', () => {
    expect(onlyError('a: 1\n!!binary aGVsbG8=: 2\n')).toMatchObject({
      line: 2,
      col: 10,
      message: 'expected a plain key (a string), got a value tagged !!binary',
    });
    expect(onlyError('!!timestamp 2001-12-14: 2\n')).toMatchObject({
      message: 'expected a plain key (a string), got a value tagged !!timestamp',
    });
  });

  it('returns yaml warnings (an unknown tag) as warnings next to the source', () => {
    const r = parseYamlSource(F, 'a: !shout hi\n');
    expect(r.source?.value).toEqual({ a: 'hi' });
    expect(r.diagnostics).toEqual([
      { file: F, line: 1, col: 4, message: 'Unresolved tag: !shout', severity: 'warning' },
    ]);
  });
});

describe('locate', () => {
  const text = [
    'name: deploy-app', // 1
    'params:', // 2
    '  app: { type: string, pattern: "^x$" }', // 3
    'steps:', // 4
    '  - name: apply', // 5
    '    run: [kubectl, apply]', // 6
    '  -   name: rollout', // 7
    '      timeout:', // 8
  ].join('\n');
  const source = parsed(`${text}\n`);

  it('finds the key of a mapping entry by default, or its value', () => {
    expect(locate(source, ['name'])).toEqual({ line: 1, col: 1 });
    expect(locate(source, ['name'], 'value')).toEqual({ line: 1, col: 7 });
    expect(locate(source, ['params', 'app', 'pattern'])).toEqual({ line: 3, col: 24 });
    expect(locate(source, ['params', 'app', 'pattern'], 'value')).toEqual({ line: 3, col: 33 });
  });

  it('walks sequences by index', () => {
    expect(locate(source, ['steps', 0, 'run'], 'value')).toEqual({ line: 6, col: 10 });
    expect(locate(source, ['steps', 0, 'run', 1], 'value')).toEqual({ line: 6, col: 20 });
    expect(locate(source, ['steps', 1])).toEqual({ line: 7, col: 7 });
    expect(locate(source, ['steps', 1, 'name'], 'value')).toEqual({ line: 7, col: 13 });
  });

  it('points at the key of an entry written without a value', () => {
    expect(locate(source, ['steps', 1, 'timeout'])).toEqual({ line: 8, col: 7 });
  });

  it('falls back to the deepest existing ancestor', () => {
    expect(locate(source, ['steps', 0, 'timeout'])).toEqual({ line: 5, col: 5 });
    expect(locate(source, ['steps', 9, 'name'])).toEqual({ line: 4, col: 1 });
    expect(locate(source, ['params', 'app', 'type', 'deeper'])).toEqual({ line: 3, col: 10 });
    expect(locate(source, ['nope'])).toEqual({ line: 1, col: 1 });
    expect(locate(source, [])).toEqual({ line: 1, col: 1 });
  });

  it('matches numeric-looking keys and follows aliases', () => {
    const s = parsed('base: &b\n  x: 1\n200: ok\nuse: *b\n');
    expect(locate(s, ['200'], 'value')).toEqual({ line: 3, col: 6 });
    expect(locate(s, ['use', 'x'])).toEqual({ line: 2, col: 3 });
  });
});

describe('a value an earlier run parsed', () => {
  const text = '# a comment\nname: deploy-app\nsteps:\n  - name: apply\n    run: [kubectl, apply]\n';

  it('points at the same lines as a parse, parsing the positions only when asked', () => {
    const fresh = parsed(text);
    const known = knownSource(F, text, JSON.parse(JSON.stringify(fresh.value)));
    expect(known.value).toEqual(fresh.value);
    for (const path of [['name'], ['steps', 0, 'run', 1], ['steps', 0, 'missing'], []])
      for (const part of ['key', 'value'] as const)
        expect(locate(known, path, part)).toEqual(locate(fresh, path, part));
    expect(locate(known, ['steps', 0, 'run', 1], 'value')).toEqual({ line: 5, col: 20 });
  });

  it('is plain data only when JSON gives it back the same', () => {
    expect(isPlainData(parsed(text).value)).toBe(true);
    expect(isPlainData({ a: [1, 'x', true, null, { b: 2.5 }] })).toBe(true);
    for (const source of [
      'a: .nan',
      'a: -.inf',
      'a: -0',
      'a: !!binary aGVsbG8=',
      'a: !!timestamp 2001-12-14',
      'a: !!set {x: null}',
      'a: &x {b: 1}\nc: *x', // one node reached twice
    ])
      expect(isPlainData(parsed(source).value), source).toBe(false);
    expect(isPlainData({ a: undefined })).toBe(false);
    // biome-ignore lint/suspicious/noSparseArray: a hole is what is checked
    expect(isPlainData([1, , 3])).toBe(false);
  });
});
