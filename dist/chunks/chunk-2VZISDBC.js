import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);

// src/domain/outcome-match.ts
var InvalidPatternError = class extends Error {
  constructor(pattern, cause) {
    super(
      `invalid regular expression ${JSON.stringify(pattern)}: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause
      }
    );
    this.pattern = pattern;
  }
  pattern;
  name = "InvalidPatternError";
};
var LINE_LIMIT = 300;
var NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
var regexCache = /* @__PURE__ */ new Map();
function compileRegex(pattern) {
  let re = regexCache.get(pattern);
  if (!re) {
    try {
      re = new RegExp(pattern, "u");
    } catch (e) {
      throw new InvalidPatternError(pattern, e);
    }
    if (regexCache.size >= 1e3) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}
function matchesExpected(output, expected) {
  const text = output.trim();
  if (typeof expected === "string") return text === expected.trim();
  if (typeof expected === "number") return text === String(expected);
  if ("regex" in expected) return compileRegex(expected.regex).test(text);
  if (!NUMERIC.test(text)) return false;
  const n = Number(text);
  switch (expected.op) {
    case "<":
      return n < expected.value;
    case "<=":
      return n <= expected.value;
    case ">":
      return n > expected.value;
    case ">=":
      return n >= expected.value;
    case "==":
      return n === expected.value;
    case "!=":
      return n !== expected.value;
  }
}
function describeExpected(expected) {
  if (typeof expected === "string") return JSON.stringify(expected);
  if (typeof expected === "number") return String(expected);
  if ("regex" in expected) return `/${expected.regex}/`;
  return `${expected.op} ${expected.value}`;
}
function findIndicators(text, indicators) {
  if (indicators.length === 0 || text === "") return [];
  const lines = text.split(/\r?\n/);
  const hits = [];
  for (const ind of indicators) {
    if (ind.pattern === "") continue;
    const re = ind.regex ? compileRegex(ind.pattern) : void 0;
    const line = lines.find((l) => re ? re.test(l) : l.includes(ind.pattern));
    if (line !== void 0)
      hits.push({ pattern: ind.pattern, severity: ind.severity, line: clip(line.trim()) });
  }
  return hits;
}
function clip(line) {
  return line.length <= LINE_LIMIT ? line : `${line.slice(0, LINE_LIMIT - 1)}\u2026`;
}

export {
  matchesExpected,
  describeExpected,
  findIndicators
};
