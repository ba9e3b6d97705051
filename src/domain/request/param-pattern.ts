import { RE2JS } from 're2js';

/**
 * Catalog param `pattern`s are matched against values an agent or any PR author chooses, so they
 * run on RE2 (re2js, a pure JavaScript port): time linear in the value whatever the pattern.
 * V8's backtracking engine takes seconds on `([a-z0-9]+-?)+` and a 30-character value, and longer
 * than anyone waits on 256 characters. This module is the only one that knows the engine.
 *
 * A pattern must compile in both dialects — as a JavaScript RegExp with the `u` flag (what an editor
 * or an MCP client checks against the JSON Schema `pattern`) and in RE2 — so it means the same to
 * the bot and to anyone reading the catalog. RE2 has no lookaround and no backreferences (they are
 * what needs backtracking); `.` also matches `\r`, `\u2028` and `\u2029`, and `\s`, `\d`, `\w` are
 * ASCII only.
 */

const compiled = new Map<string, RE2JS>();
const CACHE_MAX = 500;

/** RE2JS's syntax messages start with "error parsing regexp: "; the rest says what and where. */
function re2Reason(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/^error parsing regexp: /, '');
}

/** Why `pattern` cannot be a param pattern, or undefined when it can. */
export function paramPatternProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
  } catch (e) {
    // V8 says "Invalid regular expression: /(/u: Unterminated group": the pattern and the reason.
    const reason = (e instanceof Error ? e.message : String(e)).replace(/^Invalid regular expression: /, '');
    return `invalid regular expression ${reason}`;
  }
  try {
    compile(pattern);
    return undefined;
  } catch (e) {
    return (
      `invalid regular expression /${pattern}/ for the linear-time engine (RE2): ${re2Reason(e)}; ` +
      'patterns cannot use lookahead, lookbehind or backreferences'
    );
  }
}

function compile(pattern: string): RE2JS {
  let re = compiled.get(pattern);
  if (!re) {
    re = RE2JS.compile(pattern);
    if (compiled.size >= CACHE_MAX) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/**
 * True when the whole value matches, whether or not the author wrote `^…$`. Throws for a pattern
 * paramPatternProblem refuses (validation reports those before any value is checked).
 */
export function matchesParamPattern(pattern: string, value: string): boolean {
  return compile(pattern).matches(value);
}
