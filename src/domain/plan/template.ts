import { TemplateError } from '../input/errors.js';
import { type PlaceholderMark, type ShellContext, scanShell } from './shell-context.js';

/**
 * `{{param}}` templating for commands, queries and URLs. Every renderer is single-pass: values are
 * spliced between slices of the template and never scanned again, so a value holding `{{x}}` stays
 * literal. No value can change the structure of what it is put into; when that cannot be
 * guaranteed the renderer throws TemplateError naming the param.
 *
 * Names are identifiers, so Go-template actions such as `{{.metadata.name}}` pass through, but
 * `{{end}}` or `{{range}}` read as placeholders (prefer kubectl's jsonpath in templates).
 *
 * Shell limits. Quoting cannot help where bash reads a word's text a second time: arithmetic
 * (`((…))`, `$[…]`, the operators of `[[ … ]]`, array subscripts) runs a `$(…)` found in a value,
 * as do `eval` and `let`, and an unquoted `$(…)` splits its output into words; placeholders there
 * are refused. So are operands of builtins that read a variable name or code (`declare`, `local`,
 * `printf -v`, `test -v`, `read`, `unset`, `trap`, `source`… — shell-commands.ts lists them), the
 * command's own name, assignments to variables bash evaluates (`RANDOM`, `PS4`…), and a value
 * stored in a variable (assignment, loop, `set`, a function's operands, `read`) when the template
 * also evaluates variables anywhere. Beyond a lexer, and so up to the template's author: commands
 * that pass an argument to another shell (`sh -c`, `ssh`, `kubectl exec`), a command named by an
 * expansion (`"$cmd" {{v}}`), and a variable of the step's `env:` evaluated by its command.
 */

export interface RenderOptions {
  /** True for params whose values may start with `-` where they begin a word or argument. */
  allowLeadingDash?: (param: string) => boolean;
}

const PLACEHOLDER = /\{\{[ \t]*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\}\}/g;

function marksIn(template: string): PlaceholderMark[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => ({
    name: m[1] as string,
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** Names in order of first appearance, without repeats. */
export function placeholders(template: string): string[] {
  return [...new Set(marksIn(template).map((m) => m.name))];
}

function lookup(values: Readonly<Record<string, string>>, name: string): string {
  // hasOwn: `{{constructor}}` must not find Object.prototype.constructor.
  const value = Object.hasOwn(values, name) ? values[name] : undefined;
  if (typeof value !== 'string') throw new TemplateError(`undeclared placeholder {{${name}}}`, name);
  return value;
}

/** A value bound for a process: argv and `bash -c` strings are NUL-terminated C strings. */
function processValue(values: Readonly<Record<string, string>>, name: string): string {
  const value = lookup(values, name);
  if (value.includes('\0')) {
    throw new TemplateError(
      `value of {{${name}}} contains a NUL character, which cannot be passed to a process`,
      name,
    );
  }
  return value;
}

/**
 * Throws when a value beginning with `-` would start a word, where a command reads options. Where
 * the option could be `-v` of `test` or `printf`, which read a variable name, even a param that
 * allows leading dashes is refused.
 */
function dashGuard(opts: RenderOptions | undefined) {
  const filled = new Set<number>();
  return (name: string, value: string, wordStart: boolean, word: number, option = false): void => {
    const first = wordStart && !filled.has(word) && value.startsWith('-');
    if (first && option) {
      throw new TemplateError(
        `value of {{${name}}} starts with "-" where test or printf reads an operator or option, ` +
          'and -v would make bash evaluate a variable name',
        name,
      );
    }
    if (first && !opts?.allowLeadingDash?.(name)) {
      throw new TemplateError(
        `value of {{${name}}} starts with "-" where it begins an argument, so the command would read it ` +
          'as an option; allow leading dashes for this param if that is intended',
        name,
      );
    }
    if (value !== '') filled.add(word);
  };
}

/**
 * A value's newlines are written as `$'\n'` between quotes, never raw: after a syntax error bash
 * resumes parsing at the next raw newline, quotes forgotten, so a raw newline in a value could
 * start a command if the template is malformed.
 */
// Function replacers: in a replacement string `$'` would mean "the text after the match".
const singleBody = (v: string) => v.replaceAll("'", "'\\''").replaceAll('\n', () => "'$'\\n''");
const QUOTE: Record<ShellContext, (v: string) => string> = {
  unquoted: (v) => `'${singleBody(v)}'`,
  single: singleBody,
  double: (v) => v.replace(/[\\$`"]/g, '\\$&').replaceAll('\n', () => `"$'\\n'"`),
};

/**
 * Renders a string for `bash -c`. Each value is quoted for the context its placeholder sits in,
 * so it reaches the command as exactly the bytes given, inside the one word the template put it in.
 */
/**
 * The lexing depends on the template alone, and a catalog's few templates are rendered for every
 * request (validating 1,000 requests lexes the same dozen strings): keep the result per template.
 */
const scanned = new Map<
  string,
  { marks: PlaceholderMark[]; slots: ReturnType<typeof scanShell> } | { error: unknown }
>();
const SCAN_CACHE_MAX = 1000;

function scanOnce(template: string): { marks: PlaceholderMark[]; slots: ReturnType<typeof scanShell> } {
  let hit = scanned.get(template);
  if (!hit) {
    const marks = marksIn(template);
    try {
      hit = { marks, slots: scanShell(template, marks) };
    } catch (error) {
      hit = { error };
    }
    if (scanned.size >= SCAN_CACHE_MAX) scanned.clear();
    scanned.set(template, hit);
  }
  if ('error' in hit) throw hit.error;
  return hit;
}

export function renderShell(
  template: string,
  values: Readonly<Record<string, string>>,
  opts?: RenderOptions,
): string {
  const { marks, slots } = scanOnce(template);
  for (const m of marks) processValue(values, m.name);
  const guard = dashGuard(opts);
  let out = '';
  let last = 0;
  for (const slot of slots) {
    const value = values[slot.name] as string;
    guard(slot.name, value, slot.wordStart, slot.word, slot.option);
    out += template.slice(last, slot.start) + QUOTE[slot.context](value);
    last = slot.end;
  }
  return out + template.slice(last);
}

/** Renders an argv template: plain substitution inside each element; no shell ever sees it. */
export function renderArgv(
  argv: readonly string[],
  values: Readonly<Record<string, string>>,
  opts?: RenderOptions,
): string[] {
  const guard = dashGuard(opts);
  return argv.map((element, index) => {
    let out = '';
    let last = 0;
    let literal = false;
    for (const m of marksIn(element)) {
      const value = processValue(values, m.name);
      const before = element.slice(last, m.start);
      if (before !== '') literal = true;
      guard(m.name, value, !literal, index);
      out += before + value;
      last = m.end;
    }
    return out + element.slice(last);
  });
}

/** Renders a query or URL, passing every value through `escapeValue` for the syntax it lands in. */
export function renderText(
  template: string,
  values: Readonly<Record<string, string>>,
  escapeValue: (v: string) => string,
): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = lookup(values, name);
    try {
      return escapeValue(value);
    } catch (err) {
      if (err instanceof TemplateError && err.param === undefined) {
        throw new TemplateError(`value of {{${name}}}: ${err.message}`, name);
      }
      throw err;
    }
  });
}

/** Lone surrogates cannot be encoded as UTF-8; U+FFFD is what an encoder would send anyway. */
function wellFormed(v: string): string {
  return v.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const GO_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** Body of a Go-syntax "…" string, which PromQL and LogQL both use for label values. */
function goString(v: string): string {
  let out = '';
  for (const c of wellFormed(v)) {
    const code = c.charCodeAt(0);
    out += GO_ESCAPES[c] ?? (code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : c);
  }
  return out;
}

export const escapers = {
  /** One URL path segment or query component: every reserved character percent-encoded. */
  urlComponent(v: string): string {
    // WHATWG URL parsing resolves `.`/`..` segments even when percent-encoded.
    if (v === '.' || v === '..') throw new TemplateError(`"${v}" would climb the URL path`);
    return encodeURIComponent(wellFormed(v)).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  },
  /** Inside a PromQL "…" string. For `=~` matchers the value is still a regex: escape that first. */
  promqlString: goString,
  /** Inside a LogQL "…" string (label matcher or line filter). */
  logqlString: goString,
};
