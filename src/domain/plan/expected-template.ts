import { TemplateError } from '../input/errors.js';
import { type Expected, NUMERIC } from '../observe/outcome-match.js';
import { renderText } from './template.js';

// `{{param}}` in what a check expects and in failure indicator patterns: text takes the value as it
// is; a regular expression takes it as literal text (escaped), so a value cannot change what the
// pattern means; a numeric comparison takes a param whose value is a number.

const PLACEHOLDER = /\{\{[ \t]*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\}\}/y;
/** `value` of a comparison: a number, or exactly one placeholder. */
export const WHOLE_PLACEHOLDER = /^\{\{[ \t]*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\}\}$/;

/** An `expected` as written in a file: a comparison's value may be "{{param}}". */
export type ExpectedTemplate =
  | string
  | number
  | { regex: string }
  | { op: Extract<Expected, { op: unknown }>['op']; value: number | string };

type Lookup = (name: string) => string;

function strict(values: Readonly<Record<string, string>>): Lookup {
  return (name) => {
    // hasOwn: `{{constructor}}` must not find Object.prototype.constructor.
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (typeof value !== 'string') throw new TemplateError(`undeclared placeholder {{${name}}}`, name);
    return value;
  };
}

/** Escapes every character a `u`-flag RegExp reads as syntax outside a class (and no other: `\-` is an error there). */
export function escapeRegexText(v: string): string {
  return v.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

const QUANTIFIER = /[*+?{]/;

function renderRegexWith(template: string, lookup: Lookup): string {
  let out = '';
  let inClass = false;
  let i = 0;
  while (i < template.length) {
    PLACEHOLDER.lastIndex = i;
    const m = PLACEHOLDER.exec(template);
    if (m) {
      const name = m[1] as string;
      if (inClass)
        throw new TemplateError(
          `{{${name}}} stands inside […], where each character of its value would be one alternative; put it outside the brackets`,
          name,
        );
      const escaped = escapeRegexText(lookup(name));
      i += m[0].length;
      // A quantifier after the value repeats all of it, as it would a group.
      out += QUANTIFIER.test(template[i] ?? '') ? `(?:${escaped})` : escaped;
      continue;
    }
    const c = template[i] as string;
    if (c === '\\') {
      out += template.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
    i += 1;
  }
  return out;
}

/** Why `pattern` is not a usable JS RegExp with the `u` flag, or undefined when it is. */
export function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch (e) {
    // V8 says "Invalid regular expression: /(/u: Unterminated group": the pattern and the reason.
    const reason = (e instanceof Error ? e.message : String(e)).replace(/^Invalid regular expression: /, '');
    return `invalid regular expression ${reason}`;
  }
}

/**
 * Why a regex template cannot be used whatever the values, or undefined: a placeholder inside a
 * character class, or a pattern that does not compile with a value in each placeholder.
 */
export function regexTemplateProblem(template: string): string | undefined {
  let sample: string;
  try {
    sample = renderRegexWith(template, () => 'x');
  } catch (err) {
    if (err instanceof TemplateError) return err.message;
    throw err;
  }
  return regexProblem(sample);
}

/** A regex template with each value escaped as literal text. Throws TemplateError. */
export function renderRegex(template: string, values: Readonly<Record<string, string>>): string {
  const out = renderRegexWith(template, strict(values));
  // Without placeholders it is the pattern the schema compiled; with them, escaping keeps it valid
  // but for pathological templates (`\c{{x}}`), so it is compiled again.
  const problem = out === template ? undefined : regexProblem(out);
  if (problem) throw new TemplateError(problem);
  return out;
}

function renderNumber(template: string, values: Readonly<Record<string, string>>): number {
  const name = WHOLE_PLACEHOLDER.exec(template)?.[1];
  if (name === undefined)
    throw new TemplateError(`expected a number or "{{param}}", got ${JSON.stringify(template)}`);
  const value = strict(values)(name);
  if (!NUMERIC.test(value.trim()))
    throw new TemplateError(
      `value of {{${name}}} is ${JSON.stringify(value)}, not a number to compare with`,
      name,
    );
  return Number(value.trim());
}

/** What a check expects, with the request's values in it. Throws TemplateError. */
export function renderExpected(
  expected: ExpectedTemplate,
  values: Readonly<Record<string, string>>,
): Expected {
  if (typeof expected === 'number') return expected;
  if (typeof expected === 'string') return renderText(expected, values, (v) => v);
  if ('regex' in expected) return { regex: renderRegex(expected.regex, values) };
  return {
    op: expected.op,
    value: typeof expected.value === 'number' ? expected.value : renderNumber(expected.value, values),
  };
}

/** A failure indicator's pattern with the request's values: escaped when it is a regex. */
export function renderIndicatorPattern(
  pattern: string,
  regex: boolean | undefined,
  values: Readonly<Record<string, string>>,
): string {
  return regex ? renderRegex(pattern, values) : renderText(pattern, values, (v) => v);
}
