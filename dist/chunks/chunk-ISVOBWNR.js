import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  CORE_SCHEMA,
  load
} from "./chunk-ISCBKPWA.js";

// src/adapters/record-scan.ts
import { readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
var RecordScanError = class extends Error {
  constructor(path, reason) {
    super(`${path}: ${reason}`);
    this.path = path;
    this.reason = reason;
  }
  path;
  reason;
  name = "RecordScanError";
};
var DAY = /^\d{4}-\d{2}-\d{2}$/;
function parseRecordText(text, path) {
  try {
    return load(text, { schema: CORE_SCHEMA, filename: path });
  } catch (err) {
    throw new RecordScanError(path, err instanceof Error ? err.message.split("\n")[0] ?? "" : String(err));
  }
}
async function recordDays(repoDir, since) {
  const first = since ? since.toISOString().slice(0, 10) : "";
  const days = await readdir(join(repoDir, "executions")).catch(() => []);
  return days.filter((d) => DAY.test(d) && d >= first).sort();
}
async function* recordTexts(repoDir, opts = {}) {
  for (const day of await recordDays(repoDir, opts.since)) {
    const dir = join("executions", day);
    const names = (await readdir(join(repoDir, dir))).filter((f) => f.endsWith(".yaml")).sort();
    for (const name of names) {
      const path = `${dir}/${name}`;
      yield { path, text: readFileSync(join(repoDir, path), "utf8") };
    }
  }
}
async function* scanRecords(repoDir, opts = {}) {
  for await (const { path, text } of recordTexts(repoDir, opts))
    yield { path, record: parseRecordText(text, path) };
}

export {
  RecordScanError,
  parseRecordText,
  recordDays,
  recordTexts,
  scanRecords
};
