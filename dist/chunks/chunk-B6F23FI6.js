import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  readRollupFiles,
  rollupCounts,
  rollupDigest
} from "./chunk-BUE77APU.js";
import {
  changedFiles
} from "./chunk-MN2FJVV5.js";
import {
  readRecords
} from "./chunk-JLCMCG2X.js";
import {
  canonicalJson,
  recordDigest
} from "./chunk-FUILN6RE.js";
import {
  durationSeconds
} from "./chunk-DCFT4VMQ.js";

// src/domain/bot-owned.ts
var BOT_OWNED_PATHS = ["executions/**", "incidents/*.jsonl", "learning/ledger.yaml"];
function isBotOwned(path) {
  if (path.startsWith("executions/")) return true;
  if (path === "learning/ledger.yaml") return true;
  const rest = path.startsWith("incidents/") ? path.slice("incidents/".length) : void 0;
  return rest !== void 0 && !rest.includes("/") && rest.endsWith(".jsonl");
}
var DEFAULT_BOT_LOGIN = "github-actions[bot]";
function judgeBotOwned(changes, who) {
  const touched = changes.filter((c) => isBotOwned(c.path));
  if (touched.length === 0) return { ok: true, touched, why: "" };
  const bots = new Set([DEFAULT_BOT_LOGIN, ...who.bots].map((b) => b.toLowerCase()));
  const isBot = (login) => bots.has(login.toLowerCase());
  if (!isBot(who.author)) {
    return {
      ok: false,
      touched,
      why: `only the bot writes ${BOT_OWNED_PATHS.join(", ")}; this pull request is by ${who.author || "an unknown author"}`
    };
  }
  if (who.actor !== void 0 && !isBot(who.actor)) {
    return {
      ok: false,
      touched,
      why: `the pull request is the bot's, but ${who.actor} pushed to it: only the bot writes ${BOT_OWNED_PATHS.join(", ")}`
    };
  }
  return { ok: true, touched, why: "" };
}

// src/app/audit/bot-owned.ts
async function checkBotOwned(repoDir, c) {
  const changes = await changedFiles(repoDir, c.base, c.head);
  return judgeBotOwned(changes, {
    author: c.author,
    ...c.actor !== void 0 ? { actor: c.actor } : {},
    bots: c.bots
  });
}

// src/app/audit/verify.ts
import { readdir } from "node:fs/promises";
import { join } from "node:path";

// src/domain/audit.ts
var DEFAULT_FORK_WINDOW_S = 3600;
function expectedPath(m) {
  return `executions/${m.timestamp.slice(0, 10)}/${m.id}.yaml`;
}
function verifyChain(members, opts = { forkWindowS: DEFAULT_FORK_WINDOW_S }) {
  const problems = [];
  const report = (path, kind, message) => problems.push({ path, kind, message });
  const unique = [];
  const byId = /* @__PURE__ */ new Map();
  for (const m of members) {
    const seen = byId.get(m.id);
    if (!seen) {
      byId.set(m.id, m);
      unique.push(m);
    } else if (seen.digest !== m.digest) {
      report(m.path, "duplicate", `execution ${m.id} also at ${seen.path} with another digest`);
    }
  }
  const byDigest = /* @__PURE__ */ new Map();
  const byComputed = /* @__PURE__ */ new Map();
  for (const m of unique) {
    if (m.computed !== void 0 && m.computed !== m.digest) {
      report(
        m.path,
        "changed",
        `digest mismatch: the record says ${m.digest}, its content hashes to ${m.computed} (content or digest edited)`
      );
      byComputed.set(m.computed, m);
    }
    if (m.source === "record" && m.recordPath !== expectedPath(m)) {
      report(m.path, "misplaced", `expected at ${expectedPath(m)} (its id and timestamp say so)`);
    }
    const other = byDigest.get(m.digest);
    if (other) report(m.path, "duplicate", `digest ${m.digest} is also ${other.path}'s`);
    else byDigest.set(m.digest, m);
  }
  const order = [...unique].sort(
    (a, b) => a.recordPath < b.recordPath ? -1 : a.recordPath > b.recordPath ? 1 : 0
  );
  const position = new Map(order.map((m, i) => [m, i]));
  const minEnd = new Array(order.length + 1).fill(Number.POSITIVE_INFINITY);
  for (let i = order.length - 1; i >= 0; i--) {
    const m = order[i];
    minEnd[i] = Math.min(minEnd[i + 1], Date.parse(m.timestamp) + m.durationS * 1e3);
  }
  const named = /* @__PURE__ */ new Map();
  const roots = [];
  for (const m of unique) {
    if (m.prev_digest === null) {
      roots.push(m.path);
      continue;
    }
    const list = named.get(m.prev_digest) ?? [];
    list.push(m.path);
    named.set(m.prev_digest, list);
    const prev = byDigest.get(m.prev_digest);
    if (!prev) {
      const edited = byComputed.get(m.prev_digest);
      report(
        m.path,
        "missing-predecessor",
        edited ? `prev_digest ${m.prev_digest} is the content of ${edited.path}, whose digest field was changed` : `prev_digest ${m.prev_digest} names no record or rollup entry: its predecessor was removed`
      );
      continue;
    }
    const at = Date.parse(m.timestamp);
    const prevAt = Date.parse(prev.timestamp);
    if (prevAt > at) {
      report(
        m.path,
        "out-of-order",
        `its predecessor ${prev.path} (${prev.timestamp}) is newer than itself (${m.timestamp}): inserted or backdated`
      );
      continue;
    }
    const i = position.get(prev) + 1;
    const end = minEnd[i];
    if (end + opts.forkWindowS * 1e3 < at) {
      const skipped = order.slice(i).find((o) => Date.parse(o.timestamp) + o.durationS * 1e3 === end);
      report(
        m.path,
        "skipped-predecessor",
        `names ${prev.path} although ${skipped?.path ?? "a later record"} was finished more than ${opts.forkWindowS}s before it started: inserted?`
      );
    }
  }
  const forks = [...named.entries()].filter(([, paths]) => paths.length > 1).map(([digest, paths]) => ({ digest, paths }));
  return {
    records: unique.filter((m) => m.source === "record").length,
    rollupEntries: unique.filter((m) => m.source === "rollup").length,
    forks,
    roots,
    problems
  };
}

// src/app/audit/verify.ts
async function tempFiles(repoDir) {
  const entries = await readdir(join(repoDir, "executions"), { recursive: true }).catch(() => []);
  return entries.filter((e) => e.endsWith(".tmp")).map((e) => `executions/${e}`);
}
function seconds(d) {
  try {
    return typeof d === "string" || typeof d === "number" ? durationSeconds(d) : 0;
  } catch {
    return 0;
  }
}
async function auditVerify(repoDir, opts = {}) {
  const members = [];
  const problems = [];
  for await (const r of readRecords(repoDir)) {
    if ("error" in r) {
      problems.push({ path: r.path, kind: "malformed", message: r.error });
      const raw = r.raw;
      if (raw && typeof raw === "object" && typeof raw.digest === "string" && typeof raw.id === "string") {
        members.push({
          path: r.path,
          recordPath: r.path,
          id: raw.id,
          timestamp: String(raw.timestamp ?? ""),
          durationS: seconds(raw.duration),
          digest: raw.digest,
          prev_digest: typeof raw.prev_digest === "string" ? raw.prev_digest : null,
          computed: recordDigest(raw),
          source: "record"
        });
      }
      continue;
    }
    const rec = r.record;
    members.push({
      path: r.path,
      recordPath: r.path,
      id: rec.id,
      timestamp: rec.timestamp,
      durationS: seconds(rec.duration),
      digest: rec.digest,
      prev_digest: rec.prev_digest,
      computed: recordDigest(rec),
      source: "record"
    });
  }
  const files = await readRollupFiles(repoDir);
  for (const f of files) {
    if ("error" in f) {
      problems.push({ path: f.path, kind: "malformed", message: f.error });
      continue;
    }
    const { rollup } = f;
    if (rollupDigest(rollup) !== rollup.digest) {
      problems.push({
        path: f.path,
        kind: "rollup-changed",
        message: `digest mismatch: the rollup says ${rollup.digest}, its content hashes to ${rollupDigest(rollup)}`
      });
    } else if (canonicalJson(rollupCounts(rollup.records)) !== canonicalJson(rollup.counts)) {
      problems.push({ path: f.path, kind: "rollup-changed", message: "counts do not match its records" });
    }
    for (const e of rollup.records) {
      members.push({
        path: `${f.path}#${e.id}`,
        recordPath: e.path,
        id: e.id,
        timestamp: e.timestamp,
        durationS: e.duration_s,
        digest: e.digest,
        prev_digest: e.prev_digest,
        source: "rollup"
      });
    }
  }
  for (const path of await tempFiles(repoDir)) {
    problems.push({
      path,
      kind: "temp-file",
      message: "left by an interrupted record write: its record may be missing (the next execute run removes it)"
    });
  }
  const report = verifyChain(members, { forkWindowS: opts.forkWindowS ?? DEFAULT_FORK_WINDOW_S });
  return { ...report, problems: [...problems, ...report.problems], rollups: files.length };
}

export {
  checkBotOwned,
  auditVerify
};
