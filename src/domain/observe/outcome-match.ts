// Does a check's output meet its expected value, and which failure indicators (CrashLoopBackOff,
// OOMKilled…) appear in some output. Pure: the polling and process running live in app/observe/checks.ts.

export type Expected =
  | string
  | number
  | { regex: string }
  | { op: '<' | '<=' | '>' | '>=' | '==' | '!='; value: number };

export interface FailureIndicator {
  pattern: string;
  severity: 'P1' | 'P2' | 'P3' | 'P4';
  regex?: boolean;
}

export interface IndicatorHit {
  pattern: string;
  severity: FailureIndicator['severity'];
  /**
   * The matching line, trimmed and at most LINE_LIMIT characters: a cut, so `text` must be
   * redacted already (issue 23); see indicatorLine for a line redacted after matching.
   */
  line: string;
}

/** A regular expression in an outcome spec that JS cannot compile (schemas reject these first). */
export class InvalidPatternError extends Error {
  override readonly name = 'InvalidPatternError';
  constructor(
    readonly pattern: string,
    cause: unknown,
  ) {
    super(
      `invalid regular expression ${JSON.stringify(pattern)}: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
  }
}

const LINE_LIMIT = 300;
// Plain decimal or scientific notation only: Number('') is 0 and Number('0x10') is 16, neither is meant.
export const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

// Checks poll the same few patterns many times; compile each once.
const regexCache = new Map<string, RegExp>();

function compileRegex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    try {
      re = new RegExp(pattern, 'u');
    } catch (e) {
      throw new InvalidPatternError(pattern, e);
    }
    if (regexCache.size >= 1000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

/** Whether the trimmed `output` meets `expected`. Throws InvalidPatternError for a bad regex. */
export function matchesExpected(output: string, expected: Expected): boolean {
  const text = output.trim();
  if (typeof expected === 'string') return text === expected.trim();
  if (typeof expected === 'number') return text === String(expected);
  if ('regex' in expected) return compileRegex(expected.regex).test(text);
  if (!NUMERIC.test(text)) return false;
  const n = Number(text);
  switch (expected.op) {
    case '<':
      return n < expected.value;
    case '<=':
      return n <= expected.value;
    case '>':
      return n > expected.value;
    case '>=':
      return n >= expected.value;
    case '==':
      return n === expected.value;
    case '!=':
      return n !== expected.value;
  }
}

/** How `expected` reads in a plan or report: `"0"`, `200`, `/^2\d\d$/`, `<= 5`. */
export function describeExpected(expected: Expected): string {
  if (typeof expected === 'string') return JSON.stringify(expected);
  if (typeof expected === 'number') return String(expected);
  if ('regex' in expected) return `/${expected.regex}/`;
  return `${expected.op} ${expected.value}`;
}

/**
 * The first line of `text` each indicator matches (substring, or RegExp with `regex: true`), in
 * indicator order; indicators that match nothing are left out.
 */
export function findIndicators(text: string, indicators: readonly FailureIndicator[]): IndicatorHit[] {
  if (indicators.length === 0 || text === '') return [];
  const lines = text.split(/\r?\n/);
  const hits: IndicatorHit[] = [];
  for (const ind of indicators) {
    if (ind.pattern === '') continue; // would match every line
    const re = ind.regex ? compileRegex(ind.pattern) : undefined;
    const line = lines.find((l) => (re ? re.test(l) : l.includes(ind.pattern)));
    if (line !== undefined)
      hits.push({ pattern: ind.pattern, severity: ind.severity, line: clip(line.trim()) });
  }
  return hits;
}

/** A line as an indicator hit keeps it: trimmed and cut to LINE_LIMIT. For redacted lines only. */
export function indicatorLine(line: string): string {
  return clip(line.trim());
}

function clip(line: string): string {
  return line.length <= LINE_LIMIT ? line : `${line.slice(0, LINE_LIMIT - 1)}…`;
}
