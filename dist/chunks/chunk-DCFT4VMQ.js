import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  external_exports
} from "./chunk-PQTKVDRF.js";

// src/domain/schemas/common.ts
var KEBAB_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
var SNAKE_NAME = /^[a-z_][a-z0-9_]*$/;
var IDENTIFIER = /^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$/;
var ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
var KebabName = external_exports.string().max(63).regex(KEBAB_NAME, "expected a kebab-case name (lowercase letters, digits and -), e.g. deploy-app");
var SnakeName = external_exports.string().max(63).regex(SNAKE_NAME, "expected a snake_case name (lowercase letters, digits and _), e.g. memory_usage");
var Identifier = external_exports.string().max(63).regex(IDENTIFIER, "expected a lowercase name (letters, digits, _ or -), e.g. pods_ready");
var NUM = String.raw`\d+(?:\.\d+)?`;
var DURATION_RE = new RegExp(
  `^(?=\\d)(?:(${NUM})d)?(?:(${NUM})h)?(?:(${NUM})m(?!s))?(?:(${NUM})s)?(?:(${NUM})ms)?$`
);
var UNIT_SECONDS = [86400, 3600, 60, 1, 1e-3];
var DurationString = external_exports.string().regex(DURATION_RE, "expected a duration like 300s, 5m, 1h30m, 500ms or 7d").refine((s) => !DURATION_RE.test(s) || durationSeconds(s) > 0, "expected a duration greater than zero");
var Duration = external_exports.union(
  [
    DurationString,
    external_exports.number().positive("expected a duration greater than zero").transform((n) => `${n}s`)
  ],
  {
    error: "expected a duration like 300s, 5m, 1h30m, 500ms or 7d, or a number of seconds"
  }
).describe("duration: 300s, 5m, 1h30m, 500ms, 7d, or a number of seconds");
function durationSeconds(d) {
  if (typeof d === "number") return d;
  const m = DURATION_RE.exec(d.trim());
  if (!m) throw new RangeError(`not a duration: ${JSON.stringify(d)} (expected e.g. 300s, 5m, 1h30m)`);
  return UNIT_SECONDS.reduce((sum, unit, i) => sum + (m[i + 1] ? Number(m[i + 1]) * unit : 0), 0);
}
var Severity = external_exports.enum(["P1", "P2", "P3", "P4"]).describe("P1 (most severe) \u2026 P4");
var Risk = external_exports.enum(["low", "medium", "high"]).describe("low | medium | high \u2014 policies key on it");
var Command = external_exports.union(
  [
    external_exports.string().min(1, "expected a non-empty command"),
    external_exports.array(external_exports.string()).min(1, "expected a non-empty argv list, e.g. [kubectl, get, pods]")
  ],
  { error: "expected a command: a shell string or an argv list like [kubectl, get, pods]" }
).describe("a shell string, or an argv list run without a shell");
var COMPARISON_OPS = ["<", "<=", ">", ">=", "==", "!="];
var Expected = external_exports.union(
  [
    external_exports.string().describe("trimmed output equals this text"),
    external_exports.number().describe("trimmed output equals this number, compared as text"),
    external_exports.strictObject({
      regex: external_exports.string().describe("trimmed output matches this regular expression").superRefine((p, ctx) => {
        const problem = regexProblem(p);
        if (problem) ctx.addIssue({ code: "custom", message: problem, input: p });
      })
    }).describe("regular expression match"),
    external_exports.strictObject({
      op: external_exports.enum(COMPARISON_OPS).describe("comparison operator"),
      value: external_exports.number().describe("number the output is compared with")
    }).describe("numeric comparison: output <op> value")
  ],
  { error: "expected text, a number, {regex: \u2026} or {op: \u2026, value: \u2026}" }
).describe("expected output: text, number, {regex}, or {op, value}");
function regexProblem(pattern) {
  try {
    new RegExp(pattern, "u");
    return void 0;
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).replace(/^Invalid regular expression: /, "");
    return `invalid regular expression ${reason}`;
  }
}
var ALWAYS = { when: () => true };
function uniqueNames(items, key, ctx, what, base) {
  if (!Array.isArray(items)) return;
  const seen = /* @__PURE__ */ new Set();
  items.forEach((item, i) => {
    const name = item !== null && typeof item === "object" ? item[key] : void 0;
    if (typeof name !== "string") return;
    if (seen.has(name)) {
      ctx.addIssue({
        code: "custom",
        path: [...base, i, key],
        message: `duplicate ${what} '${name}'; names must be unique`
      });
    }
    seen.add(name);
  });
}

export {
  SNAKE_NAME,
  ENV_NAME,
  KebabName,
  Identifier,
  Duration,
  durationSeconds,
  Severity,
  Risk,
  Command,
  Expected,
  regexProblem,
  ALWAYS,
  uniqueNames
};
