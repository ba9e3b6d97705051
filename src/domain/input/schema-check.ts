import * as z from 'zod/mini';
import type { Diagnostic } from './diagnostic.js';
import { locate, type YamlSource } from './yaml-source.js';

// Turns zod issues into diagnostics a person can act on: where (file:line:col of the key or value
// at fault) and what was expected, in YAML words (mapping, list) rather than JS ones.

type Path = readonly (string | number)[];
type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean (true or false)',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  null: 'null',
};

function typeWord(expected: string): string {
  return TYPE_WORDS[expected] ?? expected;
}

/** The value as a person would recognise it in the file. */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `'${v.length > 60 ? `${v.slice(0, 60)}…` : v}'`;
  return String(v);
}

function isScalar(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Default messages, used only where the schema gives none of its own. */
function messageFor(iss: RawIssue): string | undefined {
  const got = show(iss.input);
  switch (iss.code) {
    case 'invalid_type':
      return `expected ${typeWord(iss.expected)}, got ${got}`;
    case 'invalid_value':
      return iss.values.length === 1
        ? `expected ${String(iss.values[0])}, got ${got}`
        : `expected one of ${iss.values.map(String).join(', ')}, got ${got}`;
    case 'too_small':
    case 'too_big': {
      const bound = iss.code === 'too_small' ? iss.minimum : iss.maximum;
      const cmp = iss.code === 'too_small' ? (iss.inclusive ? '≥' : '>') : iss.inclusive ? '≤' : '<';
      if (iss.origin === 'string' && iss.code === 'too_small' && Number(bound) === 1)
        return 'expected a non-empty string';
      if (iss.origin === 'array' && iss.code === 'too_small' && Number(bound) === 1)
        return 'expected a non-empty list';
      if (iss.origin === 'string')
        return `expected ${cmp} ${String(bound)} characters, got ${[...String(iss.input)].length}`;
      if (iss.origin === 'array' || iss.origin === 'set') return `expected ${cmp} ${String(bound)} items`;
      return `expected a number ${cmp} ${String(bound)}, got ${got}`;
    }
    case 'invalid_format':
      return iss.format === 'regex' && 'pattern' in iss
        ? `expected a string matching ${String(iss.pattern)}, got ${got}`
        : `expected ${iss.format}, got ${got}`;
    case 'not_multiple_of':
      return `expected a multiple of ${String(iss.divisor)}, got ${got}`;
    case 'invalid_union':
      // Empty: the union gave no message of its own; toDiagnostics explains from the branches.
      return '';
    case 'unrecognized_keys': {
      const shape = (iss.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape;
      return shape ? `expected one of: ${Object.keys(shape).join(', ')}` : 'unknown key';
    }
    default:
      return undefined;
  }
}

function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, seg)) return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function isMissingKey(root: unknown, path: Path): boolean {
  const key = path.at(-1);
  if (key === undefined) return false;
  const parent = valueAt(root, path.slice(0, -1));
  return (
    parent !== null && typeof parent === 'object' && !Array.isArray(parent) && !Object.hasOwn(parent, key)
  );
}

export function pathText(path: Path): string {
  return path.reduce<string>(
    (s, seg) => (typeof seg === 'number' ? `${s}[${seg}]` : s ? `${s}.${seg}` : seg),
    '',
  );
}

/**
 * Of a union's branches, the one the author most likely meant: of the right type, with the fewest
 * unknown or missing keys (the shape matches), then the fewest problems.
 */
function closestBranch(branches: Issue[][], root: unknown, at: Path): Issue[] | undefined {
  const score = (b: Issue[]) =>
    b.reduce((n, i) => {
      if (i.code === 'unrecognized_keys') return n + i.keys.length;
      return i.code === 'invalid_type' && isMissingKey(root, [...at, ...(i.path as Path)]) ? n + 1 : n;
    }, 0) *
      1000 +
    b.length;
  const typed = branches.filter((b) => !b.some((i) => i.path.length === 0 && i.code === 'invalid_type'));
  return typed.reduce<Issue[] | undefined>(
    (best, b) => (!best || score(b) < score(best) ? b : best),
    undefined,
  );
}

function toDiagnostics(source: YamlSource, issue: Issue, prefix: Path): Diagnostic[] {
  // YAML keys are strings and indexes; zod's symbol keys cannot occur in parsed YAML.
  const path: Path = [...prefix, ...issue.path.map((seg) => (typeof seg === 'symbol' ? String(seg) : seg))];
  const input = valueAt(source.value, path);
  // Messages start with the path of what they are about; a key's message names the key itself,
  // so it starts with the mapping that holds it.
  const d = (at: Path, part: 'key' | 'value', message: string, label: Path = at): Diagnostic => ({
    file: source.path,
    ...locate(source, at, part),
    message: label.length > 0 ? `${pathText(label)}: ${message}` : message,
    severity: 'error',
  });

  const keyed = issue.code === 'unrecognized_keys' || issue.code === 'invalid_key';
  if (!keyed && isMissingKey(source.value, path)) {
    const parent = path.slice(0, -1);
    return [d(parent, 'key', `missing required key '${String(path.at(-1))}'`)];
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => d([...path, k], 'key', `unknown key '${k}'; ${issue.message}`, path));
    case 'invalid_key': {
      const why = issue.issues.map((i) => i.message).join('; ');
      return [d(path, 'key', `invalid key '${String(path.at(-1))}': ${why}`, path.slice(0, -1))];
    }
    case 'invalid_union': {
      const branch = closestBranch(issue.errors, source.value, path);
      if (branch) return branch.flatMap((i) => toDiagnostics(source, i, path));
      if (issue.message) return [d(path, 'value', `${issue.message}, got ${show(input)}`)];
      const words = new Set(
        issue.errors.flatMap((b) =>
          b.filter((i) => i.code === 'invalid_type').map((i) => typeWord(i.expected)),
        ),
      );
      const list = [...words];
      const expected =
        list.length > 1 ? `${list.slice(0, -1).join(', ')} or ${list.at(-1)}` : (list[0] ?? 'another value');
      return [d(path, 'value', `expected ${expected}, got ${show(input)}`)];
    }
    default: {
      // Schema-written messages ("expected a kebab-case name…") say what is wanted; add what was found.
      const addGot =
        issue.message.startsWith('expected') && !issue.message.includes(', got ') && isScalar(input);
      return [d(path, 'value', addGot ? `${issue.message}, got ${show(input)}` : issue.message)];
    }
  }
}

/**
 * Validates the parsed YAML against a zod schema, mini or classic (the ledger's is classic).
 * Every problem becomes a Diagnostic at the key or value it concerns: unknown keys at the key, wrong
 * values at the value, missing keys at the mapping that should hold them.
 */
export function checkSchema<T>(
  source: YamlSource,
  schema: z.core.$ZodType<T>,
): { data?: T; diagnostics: Diagnostic[] } {
  // jitless: zod would otherwise generate (new Function) a parser per object schema on its first
  // use; a CLI run parses each schema a handful of times, so generating costs more than it saves.
  const result = z.safeParse(schema, source.value, { error: messageFor, jitless: true });
  if (result.success) return { data: result.data, diagnostics: [] };

  const seen = new Set<string>();
  const diagnostics = result.error.issues
    .flatMap((issue) => toDiagnostics(source, issue, []))
    .filter((x) => {
      const key = `${x.line}:${x.col}:${x.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  return { diagnostics };
}
