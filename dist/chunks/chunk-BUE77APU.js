import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  RecordStatus
} from "./chunk-7KK4SKIM.js";
import {
  targetOf
} from "./chunk-TVAFMIQY.js";
import {
  canonicalJson,
  sha256
} from "./chunk-FUILN6RE.js";
import {
  require_dist
} from "./chunk-P454KSOG.js";
import {
  durationSeconds
} from "./chunk-DCFT4VMQ.js";
import {
  external_exports
} from "./chunk-PQTKVDRF.js";
import {
  CORE_SCHEMA,
  load
} from "./chunk-ISCBKPWA.js";
import {
  __toESM
} from "./chunk-7E55XGKX.js";

// src/domain/rollup.ts
function isoWeek(timestamp) {
  const d = new Date(timestamp);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a timestamp: ${JSON.stringify(timestamp)}`);
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const year = day.getUTCFullYear();
  const week = Math.ceil(((day.getTime() - Date.UTC(year, 0, 1)) / 864e5 + 1) / 7);
  return `${year}-W${String(week).padStart(2, "0")}`;
}
function rollupPath(week) {
  return `executions/rollups/${week}.yaml`;
}
function rollupEntry(record, path) {
  const target = targetOf(record.params ?? {});
  return {
    id: record.id,
    path,
    timestamp: record.timestamp,
    intent: record.intent,
    ...target ? { target } : {},
    status: record.status,
    duration_s: durationSeconds(record.duration),
    ...record.expected_duration ? { expected_duration_s: durationSeconds(record.expected_duration) } : {},
    anomalies: record.anomalies.map((a) => ({ rule: a.rule, severity: a.severity })),
    ...record.request.proposed_by ? { proposed_by: record.request.proposed_by } : {},
    digest: record.digest,
    prev_digest: record.prev_digest
  };
}
function rollupCounts(entries) {
  const intents = {};
  const rules = {};
  for (const e of entries) {
    const byStatus = intents[e.intent] ?? {};
    intents[e.intent] = byStatus;
    byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
    for (const a of e.anomalies) rules[a.rule] = (rules[a.rule] ?? 0) + 1;
  }
  return { intents, rules };
}
function rollupDigest(r) {
  return sha256(canonicalJson({ week: r.week, counts: r.counts, records: r.records }));
}
function byTime(a, b) {
  return a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
function mergeRollup(week, existing, added) {
  const byId = new Map((existing?.records ?? []).map((e) => [e.id, e]));
  for (const e of added) if (!byId.has(e.id)) byId.set(e.id, e);
  const records = [...byId.values()].sort(byTime);
  const body = { week, counts: rollupCounts(records), records };
  return { ...body, digest: rollupDigest(body) };
}
function groupByWeek(entries) {
  const out = /* @__PURE__ */ new Map();
  for (const e of entries) {
    const w = isoWeek(e.timestamp);
    const list = out.get(w) ?? [];
    list.push(e);
    out.set(w, list);
  }
  return out;
}

// src/adapters/rollup-store.ts
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
var import_yaml = __toESM(require_dist(), 1);

// src/domain/schemas/rollup.ts
var Severity = external_exports.enum(["P1", "P2", "P3", "P4"]);
var Status = RecordStatus;
var RollupEntrySchema = external_exports.object({
  id: external_exports.string(),
  path: external_exports.string().describe("where the record was, e.g. executions/2026-10-01/exec-\u2026.yaml"),
  timestamp: external_exports.string(),
  intent: external_exports.string(),
  target: external_exports.string().optional(),
  status: Status,
  duration_s: external_exports.number(),
  expected_duration_s: external_exports.number().optional(),
  anomalies: external_exports.array(external_exports.object({ rule: external_exports.string(), severity: Severity })),
  proposed_by: external_exports.string().optional(),
  digest: external_exports.string().describe("the record's own digest, as it was verified when pruned"),
  prev_digest: external_exports.string().nullable()
}).describe("one pruned execution record, compacted");
var RollupSchema = external_exports.object({
  week: external_exports.string().regex(/^\d{4}-W\d{2}$/, "expected an ISO week like 2026-W07"),
  counts: external_exports.object({
    intents: external_exports.record(external_exports.string(), external_exports.partialRecord(Status, external_exports.number().int())).describe("intent \u2192 executions by status"),
    rules: external_exports.record(external_exports.string(), external_exports.number().int()).describe("anomaly rule \u2192 times it fired")
  }),
  records: external_exports.array(RollupEntrySchema),
  digest: external_exports.string().describe("sha256 over week, counts and records (canonical JSON): a changed rollup is detected")
}).describe("a week of pruned execution records: executions/rollups/<YYYY>-W<ww>.yaml");

// src/adapters/rollup-store.ts
var ROLLUP_DIR = "executions/rollups";
var HEADER = "# yaml-language-server: $schema=../../schemas/rollup.schema.json\n";
var WEEK_FILE = /^\d{4}-W\d{2}\.yaml$/;
async function readRollupFiles(repoDir) {
  const names = (await readdir(join(repoDir, ROLLUP_DIR)).catch(() => [])).filter((n) => WEEK_FILE.test(n)).sort();
  return Promise.all(
    names.map(async (n) => {
      const path = `${ROLLUP_DIR}/${n}`;
      let raw;
      try {
        raw = load(await readFile(join(repoDir, path), "utf8"), { schema: CORE_SCHEMA, filename: path });
      } catch (err) {
        return { path, error: `not YAML: ${err.message.split("\n")[0]}` };
      }
      const parsed = RollupSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return {
          path,
          error: `not a rollup${issue?.path.length ? ` at ${issue.path.join(".")}` : ""}: ${issue?.message}`
        };
      }
      return { path, rollup: raw };
    })
  );
}
async function readRollup(repoDir, week) {
  const file = (await readRollupFiles(repoDir)).find((f) => f.path === rollupPath(week));
  if (!file) return void 0;
  if ("error" in file) throw new Error(`${file.path}: ${file.error}`);
  return file.rollup;
}
function serializeRollup(r) {
  return HEADER + (0, import_yaml.stringify)(r, { lineWidth: 0, aliasDuplicateObjects: false });
}
async function writeRollup(repoDir, r) {
  const rel = rollupPath(r.week);
  const target = join(repoDir, rel);
  await mkdir(dirname(target), { recursive: true });
  const tmp = `${target}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(tmp, serializeRollup(r), { flag: "wx" });
    await rename(tmp, target);
  } finally {
    await unlink(tmp).catch(() => {
    });
  }
  return rel;
}
async function readRollups(repoDir) {
  const byId = /* @__PURE__ */ new Map();
  for (const f of await readRollupFiles(repoDir)) {
    if ("error" in f) continue;
    for (const e of f.rollup.records) if (!byId.has(e.id)) byId.set(e.id, { ...e, rollupPath: f.path });
  }
  const days = /* @__PURE__ */ new Map();
  for (const e of byId.values()) {
    const dir = dirname(e.path);
    if (!days.has(dir)) days.set(dir, new Set(await readdir(join(repoDir, dir)).catch(() => [])));
  }
  return [...byId.values()].filter((e) => !days.get(dirname(e.path))?.has(e.path.slice(dirname(e.path).length + 1))).sort((a, b) => a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0);
}

export {
  rollupPath,
  rollupEntry,
  rollupCounts,
  rollupDigest,
  mergeRollup,
  groupByWeek,
  readRollupFiles,
  readRollup,
  writeRollup,
  readRollups
};
