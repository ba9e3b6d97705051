import { isUtf8 } from 'node:buffer';
import type { Document } from 'yaml';
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
  visit,
} from 'yaml';
import type { Diagnostic } from './diagnostic.js';

/** A parsed YAML file, whose values can be traced back to a line and column. */
export interface YamlSource {
  path: string;
  text: string;
  /** Plain JS value of the document (the mapping at the top level). */
  value: unknown;
  /**
   * The Document with every node's position, for the diagnostics' line and column. A source made
   * from a value an earlier run parsed (knownSource) parses it on first use: only when a diagnostic
   * needs a position.
   */
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
}

/** Larger intent files are a mistake or an attack; nothing legitimate comes close. */
export const MAX_YAML_BYTES = 1_048_576;
/** Enough for any hand-written file; low enough that an alias bomb is refused before it expands. */
export const MAX_ALIAS_COUNT = 100;

type Located = { line: number; col: number };

function error(file: string, message: string, at?: Located): Diagnostic {
  return { file, ...(at ?? {}), message, severity: 'error' };
}

/**
 * The commonest YAML mistake in a hand-written file: an unquoted value holding ": " (`reason: fix:
 * the cache`), which YAML reads as a nested mapping.
 */
function syntaxHint(line: string): string {
  const value = line.replace(/^\s*(- )?[^:#]*:\s/, '');
  if (value !== line && /:\s/.test(value) && !/^["'|>]/.test(value.trim()))
    return '; hint: quote strings containing ": ", e.g. reason: "fix: the cache"';
  return '';
}

/** Decodes and checks the raw bytes: size first (cheap), then binary content, then strict UTF-8. */
export function decodeYaml(
  path: string,
  content: Uint8Array | string,
): { text?: string; diagnostic?: Diagnostic } {
  const size = typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.byteLength;
  if (size > MAX_YAML_BYTES) {
    return {
      diagnostic: error(path, `file is too large (${size} bytes); at most ${MAX_YAML_BYTES} bytes allowed`),
    };
  }
  const hasNul = typeof content === 'string' ? content.includes('\u0000') : content.includes(0);
  if (hasNul)
    return { diagnostic: error(path, 'file looks binary (contains NUL bytes); expected YAML text') };
  if (typeof content === 'string') return { text: content };
  // isUtf8 and toString, not a fatal TextDecoder: the first of those costs ~3 ms of start-up. A
  // leading BOM is dropped, as TextDecoder does.
  if (!isUtf8(content)) return { diagnostic: error(path, 'file is not valid UTF-8; save it as UTF-8 text') };
  const text = Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('utf8');
  return { text: text.startsWith('\uFEFF') ? text.slice(1) : text };
}

/**
 * Parses one YAML file whose top level must be a single mapping. Every refusal is a Diagnostic
 * naming the file (and line/column where one exists); nothing throws.
 */
export function parseYamlSource(
  path: string,
  content: Uint8Array | string,
): { source?: YamlSource; diagnostics: Diagnostic[] } {
  const { text, diagnostic } = decodeYaml(path, content);
  if (text === undefined) return { diagnostics: diagnostic ? [diagnostic] : [] };
  return parseWithPositions(path, text);
}

/** What `yaml` makes of the file: the Document with positions, or the diagnostics it gives. */
export function parseWithPositions(
  path: string,
  text: string,
): { source?: YamlSource; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number): Located => lineCounter.linePos(offset);
  const first = Array.isArray(docs) ? docs[0] : undefined;
  if (!Array.isArray(docs) || !first) {
    // An empty stream: no document at all (empty or comment-only file).
    return { diagnostics: [error(path, 'expected a mapping at the top level, but the file is empty')] };
  }

  const diagnostics: Diagnostic[] = [];
  // The first syntax error is the root cause; the parser's follow-on errors only repeat it.
  const firstError = docs.flatMap((d) => d.errors)[0];
  if (firstError) {
    const where = at(firstError.pos[0]);
    const hint = syntaxHint(text.split('\n')[where.line - 1] ?? '');
    return { diagnostics: [error(path, stripPosition(firstError.message) + hint, where)] };
  }
  const second = docs[1];
  if (second) {
    const where = at(second.range[0]);
    return {
      diagnostics: [error(path, 'expected a single YAML document, found more than one (---)', where)],
    };
  }

  const doc = first;
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return { diagnostics: [error(path, 'expected a mapping at the top level, but the file is empty')] };
  }
  if (!isMap(doc.contents)) {
    const kind = isSeq(doc.contents) ? 'a list' : 'a scalar value';
    const where = at(doc.contents.range?.[0] ?? 0);
    return { diagnostics: [error(path, `expected a mapping at the top level, got ${kind}`, where)] };
  }

  // Collection keys would be silently stringified by toJS; refuse them where they are written.
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key as Node | null;
      if (key === null) return;
      // An alias names what its anchor holds; one that resolves to nothing is refused below.
      const target = isAlias(key) ? key.resolve(doc) : key;
      if (target === undefined) return;
      // A scalar is a plain key unless its tag makes it an object (!!binary, !!timestamp).
      const value: unknown = isScalar(target) ? target.value : target;
      if (value === null || typeof value !== 'object') return;
      const what = isScalar(target)
        ? `a value tagged ${(target.tag ?? 'with a type').replace(/^tag:yaml\.org,2002:/, '!!')}`
        : isAlias(key)
          ? 'an alias of a collection'
          : 'a collection';
      diagnostics.push(error(path, `expected a plain key (a string), got ${what}`, at(key.range?.[0] ?? 0)));
    },
  });
  if (diagnostics.length > 0) return { diagnostics };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const where = firstAlias(doc, at);
    const reason = e instanceof Error ? e.message : String(e);
    const message = /resource exhaustion/i.test(reason)
      ? `too many alias expansions (over ${MAX_ALIAS_COUNT}); aliases that expand exponentially are refused`
      : `cannot resolve YAML aliases: ${reason}`;
    return { diagnostics: [error(path, message, where)] };
  }

  for (const w of doc.warnings) {
    diagnostics.push({ ...error(path, stripPosition(w.message), at(w.pos[0])), severity: 'warning' });
  }
  return { source: { path, text, doc, value, lineCounter }, diagnostics };
}

/**
 * Whether `value` comes back the same from JSON.stringify and JSON.parse: a tree (no value reached
 * twice, as an alias makes) of plain objects, arrays, strings, booleans, null and finite numbers other
 * than -0. Only such a value may stand in for a parse (knownSource); a Date, a Set, binary data, NaN,
 * or an alias's shared node would come back as something else.
 */
export function isPlainData(value: unknown, seen: Set<object> = new Set()): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!(i in value) || !isPlainData(value[i], seen)) return false;
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const v of Object.values(value)) if (!isPlainData(v, seen)) return false;
  return true;
}

/**
 * The source of a file whose `text` an earlier run parsed into `value` with no diagnostic at all (so
 * parsing it again would give the same value and no diagnostic). The Document, only needed to point a
 * diagnostic at a line, is parsed on first use.
 */
export function knownSource(path: string, text: string, value: unknown): YamlSource {
  let parsed: YamlSource | undefined;
  const reparse = (): YamlSource => {
    parsed ??= parseWithPositions(path, text).source;
    if (!parsed) throw new Error(`${path}: parsed without a finding before, refused now`);
    return parsed;
  };
  return {
    path,
    text,
    value,
    get doc() {
      return reparse().doc;
    },
    get lineCounter() {
      return reparse().lineCounter;
    },
  };
}

/** yaml appends " at line L, column C" (and a code frame); the Diagnostic carries the position itself. */
function stripPosition(message: string): string {
  return message.replace(/ at line \d+, column \d+[\s\S]*$/, '');
}

function firstAlias(doc: Document.Parsed, at: (offset: number) => Located): Located | undefined {
  let found: Located | undefined;
  visit(doc, {
    Alias(_, node) {
      found = at(node.range?.[0] ?? 0);
      return visit.BREAK;
    },
  });
  return found;
}

function keyMatches(key: unknown, segment: string | number): boolean {
  return isScalar(key) && String(key.value) === String(segment);
}

/**
 * Line and column (1-based) of the node at `path`: of the key for mapping entries (default) or of
 * the value. A path that does not exist in the file resolves to its deepest existing ancestor.
 */
export function locate(
  source: YamlSource,
  path: readonly (string | number)[],
  part: 'key' | 'value' = 'key',
): { line: number; col: number } {
  const { doc, lineCounter } = source;
  let node: unknown = doc.contents;
  // Where the node we stand on is written: its key when reached through a mapping entry.
  let keyOffset: number | undefined;
  let valueOffset: number | undefined = (doc.contents as Node | null)?.range?.[0];

  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: { key?: number; value?: number; node: unknown } | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyMatches(p.key, segment));
      if (pair) {
        const keyNode = pair.key as Node | null;
        const valueNode = pair.value as Node | null;
        const keyAt = keyNode?.range?.[0];
        next = { node: valueNode, value: valueNode?.range?.[0] ?? keyAt };
        if (keyAt !== undefined) next.key = keyAt;
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      const itemAt = item?.range?.[0];
      if (item && itemAt !== undefined) next = { node: item, key: itemAt, value: itemAt };
    }
    if (!next) break;
    node = next.node;
    keyOffset = next.key;
    valueOffset = next.value;
  }

  const offset = part === 'key' ? (keyOffset ?? valueOffset) : (valueOffset ?? keyOffset);
  return offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
}
