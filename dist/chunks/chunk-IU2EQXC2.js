import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  checkSchema,
  parseYamlSource
} from "./chunk-4BJPRUAX.js";
import {
  sha256
} from "./chunk-FUILN6RE.js";
import {
  require_dist
} from "./chunk-P454KSOG.js";
import {
  external_exports
} from "./chunk-PQTKVDRF.js";
import {
  InputError
} from "./chunk-OPNGBO4A.js";
import {
  __toESM
} from "./chunk-7E55XGKX.js";

// src/adapters/ledger-store.ts
var import_yaml = __toESM(require_dist(), 1);
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

// src/domain/learn/ledger.ts
var LEDGER_PATH = "learning/ledger.yaml";
var BRANCH_PREFIX = "intentops/learn/";
var branchOf = (id) => `${BRANCH_PREFIX}${id}`;
function contentDigest(s) {
  return sha256(JSON.stringify(s.changes.map((c) => [c.path, c.after])));
}
function decide(s, entry, pr, now, cooldownS) {
  if (pr?.open) return entry?.content === contentDigest(s) ? { kind: "unchanged" } : { kind: "update" };
  const merged = pr?.merged || !pr && entry?.state === "accepted";
  if (merged && entry?.content === contentDigest(s)) {
    return { kind: "keep-closed", why: "merged already; the change has not reached this checkout yet" };
  }
  const rejectedAt = pr && !pr.merged ? pr.closedAt : entry?.state === "rejected" ? entry.decided_at : null;
  if (rejectedAt) {
    const before = entry?.evidence_at_decision ?? entry?.evidence ?? 0;
    const n = s.evidence.length;
    if (before > 0 && n >= 2 * before) return { kind: "reopen", why: `evidence grew from ${before} to ${n}` };
    const waited = (now.getTime() - Date.parse(rejectedAt)) / 1e3;
    if (waited >= cooldownS)
      return {
        kind: "reopen",
        why: `the cooldown passed since it was rejected on ${rejectedAt.slice(0, 10)}`
      };
    return {
      kind: "keep-closed",
      why: `rejected on ${rejectedAt.slice(0, 10)} with ${before} occurrence(s); now ${n}`
    };
  }
  return { kind: "open" };
}
function settle(entry, pr) {
  if (pr.open || entry.state === "accepted" || entry.state === "rejected" && entry.pr === pr.number)
    return entry;
  if (entry.pr !== void 0 && entry.pr !== pr.number) return entry;
  const decidedAt = (pr.merged ? pr.mergedAt : pr.closedAt) ?? entry.updated_at;
  return {
    ...entry,
    state: pr.merged ? "accepted" : "rejected",
    pr: pr.number,
    decided_at: decidedAt,
    evidence_at_decision: entry.evidence
  };
}
function opened(s, entry, at, where) {
  const history = [...entry?.history ?? []];
  const fresh = !entry || entry.state === "accepted" || entry.state === "rejected";
  if (entry && fresh && (entry.state === "accepted" || entry.state === "rejected") && entry.decided_at) {
    history.push({
      state: entry.state,
      ...entry.pr !== void 0 ? { pr: entry.pr } : {},
      decided_at: entry.decided_at,
      evidence: entry.evidence_at_decision ?? entry.evidence
    });
  }
  const now = at.toISOString();
  return {
    id: s.id,
    trigger: s.trigger,
    action: s.action,
    title: s.title,
    state: where.state,
    branch: branchOf(s.id),
    ...where.pr !== void 0 ? { pr: where.pr } : {},
    ...where.url ? { url: where.url } : {},
    first_evidence: s.evidence[0]?.at ?? now,
    last_evidence: s.evidence.at(-1)?.at ?? now,
    evidence: s.evidence.length,
    content: contentDigest(s),
    opened_at: fresh ? now : entry?.opened_at ?? now,
    updated_at: now,
    ...history.length ? { history } : {}
  };
}
function velocity(entries) {
  const days = entries.filter((e) => e.state === "accepted" && e.decided_at).map((e) => (Date.parse(e.decided_at) - Date.parse(e.first_evidence)) / 864e5).sort((a, b) => a - b);
  if (days.length === 0) return { accepted: 0, medianDays: null, maxDays: null };
  const mid = days[Math.floor((days.length - 1) / 2)];
  return {
    accepted: days.length,
    medianDays: Math.round(mid * 10) / 10,
    maxDays: Math.round(days.at(-1) * 10) / 10
  };
}

// src/domain/schemas/ledger.ts
var LedgerRoundSchema = external_exports.strictObject({
  state: external_exports.enum(["accepted", "rejected"]),
  pr: external_exports.int().optional(),
  decided_at: external_exports.string(),
  evidence: external_exports.int().describe("occurrences counted when it was decided")
});
var LedgerEntrySchema = external_exports.strictObject({
  id: external_exports.string().describe("the suggestion id; the branch is intentops/learn/<id>"),
  trigger: external_exports.string(),
  action: external_exports.string(),
  title: external_exports.string(),
  state: external_exports.enum(["open", "accepted", "rejected", "local"]).describe("open: a PR awaits review; local: applied on a local branch only"),
  branch: external_exports.string(),
  pr: external_exports.int().optional(),
  url: external_exports.string().optional(),
  first_evidence: external_exports.string().describe("time of the oldest occurrence"),
  last_evidence: external_exports.string(),
  evidence: external_exports.int().describe("occurrences counted at the last update"),
  content: external_exports.string().describe("sha256 over the suggested changes: pushed again only when it changes"),
  opened_at: external_exports.string(),
  updated_at: external_exports.string(),
  decided_at: external_exports.string().optional(),
  evidence_at_decision: external_exports.int().optional(),
  history: external_exports.array(LedgerRoundSchema).optional().describe("earlier rounds of the same suggestion"),
  held: external_exports.strictObject({
    since: external_exports.string(),
    commits: external_exports.array(external_exports.string()).describe("commits on the branch that intentops did not make")
  }).optional().describe("the branch holds commits intentops did not make: it is not rewritten; the PR is commented on")
});
var LedgerSchema = external_exports.strictObject({ suggestions: external_exports.array(LedgerEntrySchema) }).describe("learning ledger: learning/ledger.yaml");

// src/adapters/ledger-store.ts
var HEADER = "# yaml-language-server: $schema=../schemas/ledger.schema.json\n# Suggestions made by `intentops learn` and what became of them. Written by the bot.\n";
async function readLedger(repoDir) {
  const text = await readFile(join(repoDir, LEDGER_PATH), "utf8").catch((err) => {
    if (err.code === "ENOENT") return null;
    throw err;
  });
  if (text === null) return { suggestions: [] };
  const parsed = parseYamlSource(LEDGER_PATH, text);
  if (!parsed.source) throw new InputError(parsed.diagnostics);
  const checked = checkSchema(parsed.source, LedgerSchema);
  if (!checked.data) throw new InputError(checked.diagnostics);
  return checked.data;
}
async function writeLedger(repoDir, ledger) {
  const abs = join(repoDir, LEDGER_PATH);
  await mkdir(dirname(abs), { recursive: true });
  const sorted = { suggestions: [...ledger.suggestions].sort((a, b) => a.id.localeCompare(b.id)) };
  await writeFile(`${abs}.tmp`, HEADER + (0, import_yaml.stringify)(sorted, { lineWidth: 0 }));
  await rename(`${abs}.tmp`, abs);
  return LEDGER_PATH;
}
async function writeLearnReport(repoDir, at, markdown) {
  const rel = `learning/reports/${at.toISOString().slice(0, 10)}.md`;
  await mkdir(dirname(join(repoDir, rel)), { recursive: true });
  await writeFile(join(repoDir, rel), markdown);
  return rel;
}

// src/domain/learn/provenance.ts
function isWriter(trust, c) {
  const writers = trust.writers.map((w) => w.toLowerCase());
  return writers.includes(c.authorEmail.toLowerCase()) && writers.includes(c.committerEmail.toLowerCase());
}
var REJECT = {
  commit: (c) => `written by commit ${c.sha.slice(0, 7)} (${c.authorName} <${c.authorEmail}>), not by the bot`,
  uncommitted: "not committed: only what the bot committed counts",
  noGit: "not in a git repository: who wrote it cannot be checked",
  shallow: "the history is shallow (check out with fetch-depth: 0): who wrote it cannot be checked"
};
function addedLines(before, after) {
  const count = /* @__PURE__ */ new Map();
  for (const l of (after ?? "").split("\n")) if (l.trim()) count.set(l, (count.get(l) ?? 0) + 1);
  for (const l of (before ?? "").split("\n")) {
    const n = count.get(l);
    if (n === void 0) continue;
    if (n > 1) count.set(l, n - 1);
    else count.delete(l);
  }
  return count;
}
function lineJudge(sources, otherwise) {
  const left = sources.map((s) => ({ reason: s.reason, added: new Map(s.added) }));
  return (line) => {
    for (const s of left) {
      const n = s.added.get(line);
      if (n) {
        s.added.set(line, n - 1);
        return s.reason;
      }
    }
    return otherwise;
  };
}
function rejectionGroups(rejected, examples = 3) {
  const groups = /* @__PURE__ */ new Map();
  for (const r of rejected) {
    const g = groups.get(r.reason) ?? { reason: r.reason, counts: {}, where: [] };
    groups.set(r.reason, g);
    g.counts[r.kind] = (g.counts[r.kind] ?? 0) + 1;
    if (g.where.length < examples) g.where.push(r.where);
  }
  return [...groups.values()];
}
var NOUN = {
  record: ["record", "records"],
  rollup: ["rollup", "rollups"],
  anomaly: ["anomaly log line", "anomaly log lines"],
  note: ["manual note", "manual notes"]
};
function countsText(counts) {
  return Object.keys(NOUN).filter((k) => counts[k]).map((k) => `${counts[k]} ${NOUN[k][counts[k] === 1 ? 0 : 1]}`).join(", ");
}
function rejectionLines(rejected) {
  return rejectionGroups(rejected).map((g) => {
    const total = Object.values(g.counts).reduce((a, b) => a + (b ?? 0), 0);
    const more = total > g.where.length ? ", \u2026" : "";
    return `${countsText(g.counts)}: ${g.reason} (${g.where.join(", ")}${more})`;
  });
}

export {
  branchOf,
  contentDigest,
  decide,
  settle,
  opened,
  velocity,
  readLedger,
  writeLedger,
  writeLearnReport,
  isWriter,
  REJECT,
  addedLines,
  lineJudge,
  rejectionLines
};
