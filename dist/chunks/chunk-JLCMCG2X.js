import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  RecordStore
} from "./chunk-QXZVOJ7C.js";
import {
  ExecutionRecordSchema,
  RECORD_STATUSES
} from "./chunk-7KK4SKIM.js";
import {
  InputError
} from "./chunk-OPNGBO4A.js";
import {
  RecordScanError,
  parseRecordText,
  recordTexts
} from "./chunk-ISVOBWNR.js";

// src/app/read-records.ts
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
var STATUSES = new Set(RECORD_STATUSES);
var ARRAYS = ["commands_run", "checks", "failure_indicators", "anomalies", "rules_not_evaluated", "drafts"];
var STRINGS = ["id", "timestamp", "intent", "duration", "catalog_digest", "digest"];
function quickCheck(raw) {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return "expected a mapping";
  const r = raw;
  for (const k of STRINGS) if (typeof r[k] !== "string") return `${k}: expected a string`;
  for (const k of ARRAYS) if (!Array.isArray(r[k])) return `${k}: expected a list`;
  if (!STATUSES.has(r.status)) return `status: expected one of ${RECORD_STATUSES.join(", ")}`;
  if (r.prev_digest !== null && typeof r.prev_digest !== "string")
    return "prev_digest: expected a string or null";
  if (!r.params || typeof r.params !== "object") return "params: expected a mapping";
  if (!r.outcome_checks || typeof r.outcome_checks !== "object") return "outcome_checks: expected a mapping";
  const policy = r.policy;
  if (!policy || typeof policy.verdict !== "string") return "policy.verdict: expected a string";
  if (!r.request || typeof r.request !== "object") return "request: expected a mapping";
  if (!r.tool || typeof r.tool !== "object") return "tool: expected a mapping";
  return void 0;
}
function fullCheck(raw) {
  const parsed = ExecutionRecordSchema.safeParse(raw);
  if (parsed.success) return "not an execution record";
  const issue = parsed.error.issues[0];
  const at = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
  return `not an execution record${at}: ${issue?.message ?? "invalid"}`;
}
function checkRecord(path, raw, full = false) {
  if (full) {
    const parsed = ExecutionRecordSchema.safeParse(raw);
    return parsed.success ? { path, record: raw, raw } : { path, error: fullCheck(raw), raw };
  }
  const problem = quickCheck(raw);
  return problem === void 0 ? { path, record: raw, raw } : { path, error: `not an execution record: ${problem}`, raw };
}
async function* readRecords(repoDir, since, full = false) {
  for await (const { path, text } of recordTexts(repoDir, since ? { since } : {}))
    yield parseOne(path, text, full);
}
function parseOne(path, text, full = false) {
  try {
    return checkRecord(path, parseRecordText(text, path), full);
  } catch (err) {
    if (err instanceof RecordScanError) return { path, error: `not YAML: ${err.reason}` };
    throw err;
  }
}
async function loadRecord(repoDir, ref) {
  let rel = null;
  if (ref.endsWith(".yaml") || ref.includes("/")) {
    const candidates = isAbsolute(ref) ? [ref] : [join(repoDir, ref), join(process.cwd(), ref)];
    for (const abs of candidates) {
      const r = relative(repoDir, abs).split(sep).join("/");
      if (/^executions\/\d{4}-\d{2}-\d{2}\/[^/]+\.yaml$/.test(r) && existsSync(join(repoDir, r))) {
        rel = r;
        break;
      }
    }
  } else {
    rel = await new RecordStore(repoDir).findById(ref);
  }
  if (!rel) {
    throw new InputError([
      {
        file: ref,
        severity: "error",
        message: "no such execution record: expected an execution id or a path executions/YYYY-MM-DD/<id>.yaml"
      }
    ]);
  }
  return parseOne(rel, await readFile(join(repoDir, rel), "utf8"), true);
}

export {
  fullCheck,
  readRecords,
  loadRecord
};
