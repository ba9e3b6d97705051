import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  RepoLabels
} from "./chunk-F2RV6AMM.js";
import {
  publish
} from "./chunk-M2XHTH7O.js";
import {
  DRAFT_LABEL,
  executionMarker,
  fingerprintMarker,
  fingerprintOf,
  issueBody,
  issueLabels,
  issueTitle,
  labelStyle,
  markedExecutions,
  occurrenceComment
} from "./chunk-PDOISYFS.js";
import {
  observerConfigFromEnv,
  realPorts
} from "./chunk-BTTPVCFX.js";
import {
  afterRun
} from "./chunk-IGRLBRNZ.js";
import "./chunk-65JH7TYL.js";
import "./chunk-6BCE7BQL.js";
import {
  describeApprovals,
  prFacts,
  prForCommit,
  proposerTeams,
  upsertStickyComment
} from "./chunk-SIUJ3RGC.js";
import {
  ApiCallCounter,
  NO_BLIND_RETRY,
  counted,
  statusOf,
  writeOnce
} from "./chunk-4LGOOGTA.js";
import {
  group,
  info,
  reconcileSummary,
  recordLink,
  setFailed,
  setOutput,
  warning,
  writeSummary
} from "./chunk-DG6TM2WD.js";
import "./chunk-KN3D372Y.js";
import {
  createOctokit
} from "./chunk-D5ACM4UR.js";
import {
  cancelOnSignals
} from "./chunk-HDH4EU2M.js";
import {
  createRedactor,
  notRunRecord,
  runRequest
} from "./chunk-KQ2S2APP.js";
import {
  Git,
  GitError
} from "./chunk-XAIPERPT.js";
import "./chunk-R4ADKYCU.js";
import "./chunk-FHSAUXAV.js";
import "./chunk-BSOI3OBW.js";
import "./chunk-NMMYGVSU.js";
import "./chunk-YQJALLWV.js";
import "./chunk-5IKR5MJP.js";
import "./chunk-DVC2KD4K.js";
import "./chunk-7YETWSOZ.js";
import {
  RecordStore
} from "./chunk-HWSKK6SS.js";
import "./chunk-2LJPZTO5.js";
import "./chunk-RWC7ZCXX.js";
import "./chunk-XSOKI6J7.js";
import {
  loadRepo
} from "./chunk-LZ23GM7Q.js";
import {
  targetOf
} from "./chunk-TVAFMIQY.js";
import "./chunk-UMRKKW3B.js";
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
  InputError,
  formatDiagnostic
} from "./chunk-OPNGBO4A.js";
import {
  executionId,
  recordPath,
  sealRecord
} from "./chunk-FUILN6RE.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-ISCBKPWA.js";
import {
  __toESM
} from "./chunk-7E55XGKX.js";

// src/action/execute-reconcile.ts
import { hostname } from "node:os";

// src/app/execute/reconcile.ts
var import_yaml4 = __toESM(require_dist(), 1);
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join as join4 } from "node:path";

// src/adapters/request-history.ts
import { execFile } from "node:child_process";
var REQUESTS_DIR = "intents/requests/";
var WATERMARK_TRAILER = "Intentops-Reconciled";
var HistoryError = class extends Error {
  name = "HistoryError";
};
function git(dir, args, timeout = 12e4) {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      [...args],
      { cwd: dir, timeout, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } },
      (err, stdout, stderr) => {
        if (err)
          reject(new HistoryError(`git ${args.join(" ")} failed: ${String(stderr || err.message).trim()}`));
        else resolve(String(stdout));
      }
    );
  });
}
async function tryGit(dir, args) {
  return git(dir, args).then(
    (s) => s.trim(),
    () => null
  );
}
async function isShallow(dir) {
  return await tryGit(dir, ["rev-parse", "--is-shallow-repository"]) === "true";
}
async function deepen(dir, remote = "origin") {
  return await tryGit(dir, ["fetch", "-q", "--no-tags", "--unshallow", "--filter=blob:none", remote]) !== null;
}
async function mergedRequests(dir, since) {
  const range = since ? `${since}..HEAD` : "HEAD";
  const out = await git(dir, [
    "log",
    "--first-parent",
    "--diff-merges=first-parent",
    "--no-renames",
    "--diff-filter=A",
    "--name-only",
    "-z",
    "--format=%x01%H %ct",
    range,
    "--",
    REQUESTS_DIR
  ]);
  const merged = [];
  for (const block of out.split("").filter(Boolean)) {
    const [head = "", ...names] = block.split("\0");
    const [firstLine = "", ...rest] = head.split("\n");
    const [commit = "", ct = "0"] = firstLine.split(" ");
    const mergedAt = new Date(Number(ct) * 1e3);
    const files = [...rest, ...names].map((f) => f.trim()).filter((f) => /\.ya?ml$/.test(f));
    for (const path of files.sort().reverse()) merged.push({ path, commit, mergedAt });
  }
  return merged.reverse();
}
async function watermark(dir) {
  const out = await tryGit(dir, [
    "log",
    "--first-parent",
    "-1",
    `--grep=^${WATERMARK_TRAILER}: [0-9a-f]`,
    `--format=%(trailers:key=${WATERMARK_TRAILER},valueonly,separator=%x20)`,
    "HEAD"
  ]);
  const sha = out?.split(/\s+/).find((s) => /^[0-9a-f]{40}$/.test(s));
  if (!sha) return null;
  const ancestor = await tryGit(dir, ["merge-base", "--is-ancestor", sha, "HEAD"]);
  return ancestor === null ? { sha, rewritten: true } : { sha, rewritten: false };
}
async function blobIds(dir, path, commits) {
  const out = await tryGit(dir, ["rev-parse", ...commits.map((c) => `${c}:${path}`)]);
  if (out !== null) return out.split("\n");
  return Promise.all(commits.map((c) => tryGit(dir, ["rev-parse", "--verify", "-q", `${c}:${path}`])));
}
async function changedAfter(dir, path, commit) {
  const out = await tryGit(dir, [
    "log",
    "--first-parent",
    "-1",
    "--format=%H",
    `${commit}..HEAD`,
    "--",
    path
  ]);
  return out || null;
}
async function fileAt(dir, commit, path) {
  return git(dir, ["show", `${commit}:${path}`]).then(
    (s) => s,
    () => null
  );
}
async function parentOf(dir, commit) {
  return await tryGit(dir, ["rev-parse", "--verify", "-q", `${commit}^1`]) || null;
}
async function fallbackAdditions(dir, prefix, remote = "origin") {
  await tryGit(dir, [
    "fetch",
    "-q",
    "--no-tags",
    "--prune",
    remote,
    `+refs/heads/${prefix}*:refs/remotes/${remote}/${prefix}*`
  ]);
  const refs = (await tryGit(dir, ["for-each-ref", "--format=%(refname)", `refs/remotes/${remote}/${prefix}`]) ?? "").split("\n").filter(Boolean);
  const out = [];
  for (const ref of refs) {
    const names = await tryGit(dir, [
      "diff",
      "--name-only",
      "--no-renames",
      "--diff-filter=A",
      `HEAD...${ref}`,
      "--",
      "executions/"
    ]);
    for (const path of (names ?? "").split("\n").filter(Boolean)) out.push({ ref, path });
  }
  return out;
}

// src/domain/reconcile/claim.ts
var CLAIMS_DIR = "executions/claims";
var ClaimSchema = external_exports.object({
  id: external_exports.string(),
  request: external_exports.string(),
  commit: external_exports.string(),
  target: external_exports.string().optional(),
  claimed_at: external_exports.string(),
  /** The GitHub Actions run, when the claim was made by one. */
  run: external_exports.object({ id: external_exports.string(), attempt: external_exports.number().int(), url: external_exports.string().optional() }).optional(),
  host: external_exports.string(),
  pid: external_exports.number().int(),
  /** After this time the claim is dead whatever else is known: no run lasts longer. */
  lease_until: external_exports.string(),
  retry_of: external_exports.string().optional()
});
function claimLiveness(claim, me, now, pidAlive2) {
  if (Date.parse(claim.lease_until) <= now.getTime()) return "dead";
  if (claim.run) {
    if (me.run && claim.run.id === me.run.id) return claim.run.attempt < me.run.attempt ? "dead" : "live";
    return "ask-github";
  }
  if (claim.host === me.host) return claim.pid !== me.pid && pidAlive2(claim.pid) ? "live" : "dead";
  return "live";
}

// src/domain/reconcile/decide.ts
function ageText(ms) {
  const h = ms / 36e5;
  return h >= 48 ? `${Math.floor(h / 24)} d` : h >= 1 ? `${Math.floor(h)} h` : `${Math.max(0, Math.floor(ms / 6e4))} min`;
}
function decide(input) {
  const out = [];
  const held = /* @__PURE__ */ new Map();
  for (const c of input.candidates) {
    if (input.start && c.mergedAt < input.start) continue;
    const decision = decideOne(c, input, held);
    if (c.target && decision.kind === "wait" && !held.has(c.target)) {
      held.set(c.target, c.id);
    }
    out.push({ candidate: c, decision });
  }
  return out;
}
function decideOne(c, input, held) {
  const record = input.records.get(c.key);
  if (record) return { kind: "done", record };
  const claim = input.claims.get(c.key);
  if (claim) {
    if (input.live(claim)) {
      return {
        kind: "wait",
        reason: `running in ${claim.run ? `run ${claim.run.id} (attempt ${claim.run.attempt})` : `process ${claim.pid} on ${claim.host}`} since ${claim.claimed_at}`,
        behind: claim.id
      };
    }
    return {
      kind: "finalize",
      status: "interrupted",
      reason: `claimed by ${claim.run ? `run ${claim.run.id} attempt ${claim.run.attempt}` : `process ${claim.pid} on ${claim.host}`} at ${claim.claimed_at}, which ended without a record (runner lost, killed or out of memory); its steps may have run: not run again \u2014 a writer comments /retry on the request's pull request, or proposes a new request`,
      claim
    };
  }
  if (c.deletedBy) {
    return {
      kind: "finalize",
      status: "cancelled",
      reason: `withdrawn: the request file was deleted by ${c.deletedBy.slice(0, 7)} before it ran`
    };
  }
  const age = input.now.getTime() - c.mergedAt.getTime();
  if (age > input.maxAgeMs) {
    return {
      kind: "finalize",
      status: "expired",
      reason: `merged ${ageText(age)} ago (${c.mergedAt.toISOString()}), over the ${ageText(input.maxAgeMs)} age limit, and never run: not run now \u2014 propose it again if it is still wanted`
    };
  }
  if (c.editedBy) {
    return {
      kind: "finalize",
      status: "denied",
      reason: `the request file was changed by ${c.editedBy.slice(0, 7)} after it was merged; a merged request is never edited \u2014 propose a new request`
    };
  }
  const holder = c.target ? held.get(c.target) : void 0;
  if (holder)
    return { kind: "wait", reason: `waiting behind ${holder} on target ${c.target}`, behind: holder };
  return { kind: "run" };
}
function nextWatermark(decided, settled, head) {
  for (const d of decided) {
    if (d.decision.kind === "done" || settled(d.candidate)) continue;
    return { before: d.candidate };
  }
  return { head };
}

// src/app/execute/pending.ts
var import_yaml2 = __toESM(require_dist(), 1);
import { existsSync } from "node:fs";
import { readFile as readFile2 } from "node:fs/promises";
import { join as join2 } from "node:path";

// src/domain/reconcile/request-id.ts
import { createHash } from "node:crypto";
function unique(ref, retry) {
  return `${ref.path}\0${ref.commit}${retry ? `\0retry:${retry}` : ""}`;
}
function requestExecutionId(ref, named2, retry) {
  return executionId({
    at: ref.mergedAt,
    intent: named2.intent,
    ...named2.target ? { target: named2.target } : {},
    unique: unique(ref, retry)
  });
}
function keyOfId(id) {
  const m = /^exec-(\d{8}-\d{6})-(?:.*-)?([0-9a-f]{6})$/.exec(id);
  return m ? `${m[1]}/${m[2]}` : null;
}
function keyOfRequest(ref, retry) {
  const iso = ref.mergedAt.toISOString();
  const stamp = `${iso.slice(0, 10).replace(/-/g, "")}-${iso.slice(11, 19).replace(/:/g, "")}`;
  return `${stamp}/${createHash("sha256").update(unique(ref, retry)).digest("hex").slice(0, 6)}`;
}

// src/app/execute/record-index.ts
var import_yaml = __toESM(require_dist(), 1);
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
var DAY = /^\d{4}-\d{2}-\d{2}$/;
async function indexRecords(repoDir, sinceDay, elsewhere = []) {
  const root = join(repoDir, "executions");
  const days = (await readdir(root).catch(() => [])).filter(
    (d) => DAY.test(d) && (!sinceDay || d >= sinceDay)
  );
  const records = /* @__PURE__ */ new Map();
  const lists = await Promise.all(days.map((d) => readdir(join(root, d)).catch(() => [])));
  days.forEach((day, i) => {
    for (const f of lists[i] ?? []) {
      if (!f.endsWith(".yaml")) continue;
      const key = keyOfId(f.slice(0, -5));
      if (key) records.set(key, `executions/${day}/${f}`);
    }
  });
  const claimFiles = [];
  for (const e of elsewhere) {
    const f = e.path.split("/").pop() ?? "";
    if (!f.endsWith(".yaml")) continue;
    if (e.path.startsWith(`${CLAIMS_DIR}/`)) claimFiles.push({ f, where: e.where, read: e.read });
    else if (/^executions\/\d{4}-\d{2}-\d{2}\//.test(e.path)) {
      const key = keyOfId(f.slice(0, -5));
      if (key && !records.has(key)) records.set(key, `${e.where}:${e.path}`);
    }
  }
  for (const f of await readdir(join(repoDir, CLAIMS_DIR)).catch(() => [])) {
    claimFiles.push({ f, where: "", read: () => readFile(join(repoDir, CLAIMS_DIR, f), "utf8") });
  }
  const claims = /* @__PURE__ */ new Map();
  const unreadable = [];
  for (const { f, where, read } of claimFiles) {
    if (!f.endsWith(".yaml")) continue;
    const key = keyOfId(f.slice(0, -5));
    if (!key || records.has(key) || claims.has(key)) continue;
    const path = `${where ? `${where}:` : ""}${CLAIMS_DIR}/${f}`;
    try {
      claims.set(key, ClaimSchema.parse((0, import_yaml.parse)(await read() ?? "")));
    } catch (err) {
      unreadable.push({ path, error: err.message.split("\n")[0] ?? "unreadable" });
      const id = f.slice(0, -5);
      claims.set(key, {
        id,
        request: "?",
        commit: "?",
        claimed_at: "unknown",
        host: "unknown",
        pid: 0,
        lease_until: (/* @__PURE__ */ new Date(0)).toISOString()
      });
    }
  }
  return { records, claims, unreadable };
}
async function removeStaleTempFiles(repoDir) {
  const root = join(repoDir, "executions");
  const entries = await readdir(root, { recursive: true }).catch(() => []);
  const stale = entries.filter((e) => e.endsWith(".tmp")).map((e) => `executions/${e}`);
  await Promise.all(stale.map((p) => rm(join(repoDir, p), { force: true })));
  return stale;
}

// src/app/execute/record-publisher.ts
var FALLBACK_PREFIX = "intentops/records/";
var RecordPublisher = class {
  constructor(git2, opts) {
    this.git = git2;
    this.opts = opts;
    this.target = opts.branch;
    this.fallback = `${FALLBACK_PREFIX}${opts.runId}`;
    this.remote = opts.remote ?? "origin";
  }
  git;
  opts;
  target;
  fallback;
  remote;
  /** True once the branch refused and everything goes to the fallback branch. */
  get diverted() {
    return this.target !== this.opts.branch;
  }
  get branch() {
    return this.target;
  }
  /** Commits `paths` with `message` (plus trailers) and pushes; a claim conflict is reported as taken. */
  async publish(paths, message, trailers = {}) {
    const lines = Object.entries(trailers).map(([k, v]) => `${k}: ${v}`);
    const full = lines.length ? `${message}

${lines.join("\n")}` : message;
    const first = await this.push(paths, full);
    if (first.pushed) return { pushed: true, branch: this.target, sha: first.sha };
    if (first.rejected === "non-fast-forward" && /conflict in executions\/claims\//.test(first.error ?? "")) {
      await this.dropLocal();
      return { pushed: false, taken: true, error: first.error ?? "claimed by another run" };
    }
    if (this.diverted) return { pushed: false, error: first.error ?? "push failed" };
    this.opts.log(`\u2716 ${first.error}; publishing to ${this.fallback} instead`);
    this.target = this.fallback;
    const again = await this.push([], full);
    return again.pushed ? { pushed: true, branch: this.target, sha: again.sha } : { pushed: false, error: `${first.error}; and to ${this.fallback}: ${again.error}` };
  }
  async push(paths, message) {
    if (this.diverted) await this.git.fetch(this.remote, this.target).catch(() => {
    });
    return publish(this.git, {
      paths,
      message,
      branch: this.target,
      remote: this.remote,
      ...this.opts.attempts ? { attempts: this.opts.attempts } : {},
      ...this.opts.baseDelayMs !== void 0 ? { baseDelayMs: this.opts.baseDelayMs } : {}
    });
  }
  /** After a lost claim race: back to what the remote has, which holds everything we pushed. */
  async dropLocal() {
    try {
      await this.git.fetch(this.remote, this.target);
      await this.git.resetHard(`${this.remote}/${this.target}`);
    } catch (err) {
      if (!(err instanceof GitError)) throw err;
      this.opts.log(`\u2716 could not reset to ${this.remote}/${this.target}: ${err.message}`);
    }
  }
};

// src/app/execute/pending.ts
var DEFAULT_MAX_AGE = "24h";
async function headSha(dir) {
  const { execFile: execFile2 } = await import("node:child_process");
  return new Promise(
    (resolve, reject) => execFile2(
      "git",
      ["rev-parse", "HEAD"],
      { cwd: dir },
      (err, out) => err ? reject(new HistoryError(`${dir} is not a git checkout with a commit: ${err.message}`)) : resolve(String(out).trim())
    )
  );
}
async function named(dir, m, deleted) {
  const text = deleted ? await fileAt(dir, m.commit, m.path) : await readFile2(join2(dir, m.path), "utf8").catch(() => null);
  try {
    const doc = (0, import_yaml2.parse)(text ?? "");
    const target = doc?.params ? targetOf(doc.params) : void 0;
    return {
      intent: typeof doc?.intent === "string" ? doc.intent : "unknown",
      ...target ? { target } : {}
    };
  } catch {
    return { intent: "unknown" };
  }
}
function dayOf(d) {
  return d.toISOString().slice(0, 10);
}
async function scanPending(repoDir, opts) {
  const notes = [];
  if (await isShallow(repoDir)) {
    if (!await deepen(repoDir)) {
      throw new HistoryError(
        "the checkout is shallow and its history could not be fetched: the reconcile needs every merge since the last one it settled \u2014 use actions/checkout with fetch-depth: 0 and filter: blob:none"
      );
    }
    notes.push("the checkout was shallow: fetched its history (commits and trees, no file contents)");
  }
  const head = await headSha(repoDir);
  const mark = opts.full ? null : await watermark(repoDir);
  if (mark?.rewritten) {
    notes.push(
      `the history was rewritten (a force-push?): the last reconciled commit ${mark.sha.slice(0, 7)} is no longer on this branch, so every merged request is checked against its record`
    );
  }
  const since = mark && !mark.rewritten ? mark.sha : null;
  const merged = await mergedRequests(repoDir, since);
  const start = opts.settings?.start ? new Date(opts.settings.start) : void 0;
  const inScope = merged.filter((m) => !start || m.mergedAt >= start);
  const oldest = inScope[0]?.mergedAt;
  const elsewhere = oldest ? (await fallbackAdditions(repoDir, FALLBACK_PREFIX)).map((e) => ({
    path: e.path,
    where: e.ref.replace(/^refs\/remotes\/[^/]+\//, ""),
    read: () => fileAt(repoDir, e.ref, e.path)
  })) : [];
  const index = await indexRecords(
    repoDir,
    oldest ? dayOf(new Date(oldest.getTime() - 864e5)) : "9999",
    elsewhere
  );
  const candidates = [];
  const intents = /* @__PURE__ */ new Map();
  const laterAdds = /* @__PURE__ */ new Set();
  for (let i = inScope.length - 1; i >= 0; i--) {
    const m = inScope[i];
    const key = keyOfRequest(m);
    const record = index.records.get(key);
    const readdedLater = laterAdds.has(m.path);
    laterAdds.add(m.path);
    if (record) {
      candidates.push({
        ...m,
        key,
        id: record.split("/").pop()?.replace(/\.yaml$/, "") ?? key
      });
      continue;
    }
    const gone = readdedLater || !existsSync(join2(repoDir, m.path));
    const later = await changedAfter(repoDir, m.path, m.commit);
    let editedBy;
    if (!gone && later) {
      const [then, now] = await blobIds(repoDir, m.path, [m.commit, "HEAD"]);
      if (then !== now) editedBy = later;
    }
    const name = await named(repoDir, m, gone);
    const claim = index.claims.get(key);
    const id = claim?.id ?? requestExecutionId(m, name);
    intents.set(key, name.intent);
    candidates.push({
      ...m,
      key,
      id,
      ...name.target ? { target: name.target } : {},
      ...gone ? { deletedBy: later ?? "HEAD" } : {},
      ...editedBy ? { editedBy } : {}
    });
  }
  candidates.reverse();
  const liveness = /* @__PURE__ */ new Map();
  for (const claim of index.claims.values()) liveness.set(claim.id, await opts.live(claim));
  const maxAgeMs = durationSeconds(opts.settings?.max_age ?? DEFAULT_MAX_AGE) * 1e3;
  const decided = decide({
    candidates,
    records: index.records,
    claims: index.claims,
    live: (c) => liveness.get(c.id) ?? true,
    now: opts.now,
    maxAgeMs,
    ...start ? { start } : {}
  }).map((d) => ({ ...d, intent: intents.get(d.candidate.key) ?? "" }));
  for (const u of index.unreadable) {
    notes.push(`${u.path} cannot be read (${u.error}): its request is treated as interrupted, not run again`);
  }
  return { head, since, decided, beforeStart: merged.length - inScope.length, index, notes };
}

// src/app/execute/settle.ts
var import_yaml3 = __toESM(require_dist(), 1);
import { readFile as readFile3 } from "node:fs/promises";
import { join as join3 } from "node:path";
async function requestText(repoDir, c) {
  const text = c.deletedBy ? await fileAt(repoDir, c.commit, c.path) : await readFile3(join3(repoDir, c.path), "utf8").catch(() => null);
  try {
    const doc = (0, import_yaml3.parse)(text ?? "");
    return doc && typeof doc === "object" ? doc : {};
  } catch {
    return {};
  }
}
async function settleRequest(c, s, opts) {
  const redactorReady = createRedactor({ env: opts.env });
  redactorReady.catch(() => {
  });
  const records = new RecordStore(opts.repoDir);
  const [doc, { catalog }, prev] = await Promise.all([
    requestText(opts.repoDir, c),
    loadRepo(opts.repoDir, []),
    records.latestDigest()
  ]);
  const params = doc.params && typeof doc.params === "object" ? doc.params : {};
  const unsigned = notRunRecord(
    {
      id: c.id,
      now: opts.now,
      intent: typeof doc.intent === "string" ? doc.intent : "unknown",
      params,
      request: {
        path: c.path,
        commit: c.commit,
        reason: typeof doc.reason === "string" ? doc.reason : "",
        ...typeof doc.proposed_by === "string" ? { proposed_by: doc.proposed_by } : {},
        merged_at: c.mergedAt.toISOString()
      },
      toolVersion: opts.toolVersion,
      catalogDigest: catalog.digest,
      prevDigest: prev,
      ...opts.run ? { run: opts.run } : {}
    },
    {
      status: s.status,
      reason: s.reason,
      // Denied here means refused as input (invalid or edited), before any policy could judge it.
      policy: { verdict: s.status === "denied" ? "deny" : "allow", reasons: [] },
      notRun: { decision: s.notRun, ...s.claim ? { claim: `executions/claims/${s.claim.id}.yaml` } : {} }
    }
  );
  const record = sealRecord(await (await redactorReady).redactDeep(unsigned));
  return { record, path: await records.write(record) };
}
function settlementOf(c, d) {
  const notRun = d.status === "interrupted" ? "interrupted" : d.status === "expired" ? "expired" : d.status === "cancelled" ? "withdrawn" : c.editedBy ? "edited" : "invalid";
  return { ...d, notRun };
}

// src/app/execute/reconcile.ts
var ClaimError = class extends Error {
  constructor(message, taken) {
    super(message);
    this.taken = taken;
  }
  taken;
  name = "ClaimError";
};
var LEASE_MARGIN_MS = 60 * 6e4;
function claimFor(c, plan, me, now) {
  const budget = plan.steps.reduce((ms, s) => ms + s.timeoutMs, 0);
  return {
    id: c.id,
    request: c.path,
    commit: c.commit,
    ...c.target ? { target: c.target } : {},
    claimed_at: now.toISOString(),
    ...me.run ? { run: me.run } : {},
    host: me.host,
    pid: me.pid,
    lease_until: new Date(now.getTime() + budget + LEASE_MARGIN_MS).toISOString()
  };
}
async function reconcile(deps) {
  const staleTempFiles = await removeStaleTempFiles(deps.repoDir);
  for (const t of staleTempFiles) deps.log(`removed ${t}, left by an interrupted record write`);
  const scan = await scanPending(deps.repoDir, {
    now: deps.now(),
    ...deps.settings ? { settings: deps.settings } : {},
    live: deps.live
  });
  for (const n of scan.notes) deps.log(`\u26A0 ${n}`);
  const items = [];
  const settled = /* @__PURE__ */ new Set();
  let publishError;
  let done = 0;
  const publishRecord = async (c, item) => {
    settled.add(c.key);
    const mark = await watermarkAfter(deps.repoDir, scan, settled);
    const out = await deps.publisher.publish(
      ["executions", "incidents"],
      `intentops: record ${c.id}`,
      mark ? { [WATERMARK_TRAILER]: mark } : {}
    );
    if (out.pushed) {
      item.branch = out.branch;
      return true;
    }
    item.publishError = out.error;
    publishError = out.error;
    return false;
  };
  for (const d of scan.decided) {
    const c = d.candidate;
    const base = { path: c.path, id: c.id, ...c.target ? { target: c.target } : {} };
    if (d.decision.kind === "done") {
      done++;
      continue;
    }
    if (publishError || deps.signal?.aborted) {
      items.push({
        ...base,
        status: "waiting",
        reason: publishError ? "not started: records cannot be published" : "not started: the run was cancelled"
      });
      continue;
    }
    if (deps.dryRun) {
      const would = d.decision.kind === "run" ? "would run" : d.decision.kind === "wait" ? d.decision.reason : `would record ${d.decision.status}: ${d.decision.reason}`;
      deps.log(`${c.path}: ${would} (dry run)`);
      items.push({ ...base, status: "waiting", reason: `${would} (dry run)` });
      continue;
    }
    if (d.decision.kind === "wait") {
      deps.log(`${c.path}: ${d.decision.reason}`);
      items.push({ ...base, status: "waiting", reason: d.decision.reason });
      continue;
    }
    const item = await (d.decision.kind === "finalize" ? settleOne(deps, d, d.decision) : runOne(deps, d));
    items.push(item);
    if (item.record) {
      await publishRecord(c, item);
      await deps.afterEach?.(item);
    }
    if (item.publishError && !item.record) publishError = item.publishError;
  }
  return { scan, items, done, staleTempFiles, ...publishError ? { publishError } : {} };
}
async function settleOne(deps, d, decision) {
  const c = d.candidate;
  deps.log(`${c.path}: ${decision.status} \u2014 ${decision.reason}`);
  const { record, path } = await deps.settle(c, settlementOf(c, decision));
  return {
    path: c.path,
    id: c.id,
    ...c.target ? { target: c.target } : {},
    status: record.status,
    reason: decision.reason,
    record,
    recordPath: path
  };
}
async function runOne(deps, d) {
  const c = d.candidate;
  const base = { path: c.path, id: c.id, ...c.target ? { target: c.target } : {} };
  const beforeSteps = async (plan) => {
    const claim = claimFor(c, plan, deps.me, deps.now());
    const rel = `${CLAIMS_DIR}/${c.id}.yaml`;
    await mkdir(dirname(join4(deps.repoDir, rel)), { recursive: true });
    await writeFile(join4(deps.repoDir, rel), (0, import_yaml4.stringify)(claim), { flag: "wx" });
    const out = await deps.publisher.publish([rel], `intentops: claim ${c.id}`);
    if (!out.pushed) throw new ClaimError(out.error, out.taken === true);
    deps.log(`${c.path}: claimed as ${c.id} on ${out.branch}`);
  };
  try {
    const { record, path } = await deps.execute(c, beforeSteps);
    return {
      ...base,
      status: record.status,
      ...record.status_reason ? { reason: record.status_reason } : {},
      record,
      recordPath: path
    };
  } catch (err) {
    if (err instanceof ClaimError) {
      deps.log(`${c.path}: not run \u2014 ${err.taken ? "another run claimed it first" : err.message}`);
      return err.taken ? { ...base, status: "waiting", reason: "claimed by another run" } : {
        ...base,
        status: "waiting",
        reason: `not run: the claim could not be pushed (${err.message})`,
        publishError: err.message
      };
    }
    if (err instanceof InputError) {
      const reason = `invalid request, nothing ran: ${err.diagnostics.map(formatDiagnostic).join("; ")}`;
      return settleOne(deps, d, { kind: "finalize", status: "denied", reason });
    }
    throw err;
  }
}
async function watermarkAfter(repoDir, scan, settled) {
  const next = nextWatermark(scan.decided, (c) => settled.has(c.key), scan.head);
  const sha = "head" in next ? next.head : await parentOf(repoDir, next.before.commit);
  return sha && sha !== scan.since ? sha : void 0;
}

// src/app/incident-issues.ts
var IncidentIssueError = class extends Error {
  constructor(message, context, options) {
    super(message, options);
    this.context = context;
  }
  context;
  name = "IncidentIssueError";
  /** The HTTP status, when GitHub answered: lets callers tell a 5xx from a 4xx. */
  get status() {
    return this.context.status;
  }
};
var known = (i) => ({
  number: i.number,
  url: i.html_url,
  state: i.state === "closed" ? "closed" : "open",
  body: i.body ?? "",
  comments: i.comments
});
var IncidentIssues = class {
  constructor(octokit, options) {
    this.octokit = octokit;
    this.repo = { owner: options.owner, repo: options.repo };
    this.log = options.log ?? (() => {
    });
    this.calls = options.calls ?? new ApiCallCounter();
    this.attempts = Math.max(1, options.writeAttempts ?? 3);
    this.retryBaseMs = options.retryBaseMs ?? 1e3;
    this.labels = options.createLabels ?? true ? new RepoLabels(octokit, this.repo, this.calls, labelStyle) : void 0;
  }
  octokit;
  calls;
  repo;
  log;
  attempts;
  retryBaseMs;
  /** The listing of draft issues, taken once per execution and kept current by our own writes. */
  drafts;
  /** Listed once per process; undefined when GitHub is left to create the labels. */
  labels;
  async upsert(input) {
    const { record } = input;
    const fp = fingerprintOf(record, input.anomaly);
    const found = pick(await this.draftsFor(fp, record.id), fp);
    const result = (issue, action) => {
      this.log(`incident draft #${issue.number} (${fp}): ${action}`);
      return { fingerprint: fp, number: issue.number, url: issue.url, action };
    };
    if (!found) return result(await this.create(fp, input), "created");
    if (markedExecutions(found.body).includes(record.id)) return result(found, "unchanged");
    if (found.state === "closed") {
      await this.call(
        fp,
        "issues/update",
        () => this.octokit.rest.issues.update({
          ...this.repo,
          issue_number: found.number,
          state: "open",
          state_reason: "reopened"
        })
      );
      found.state = "open";
      await this.comment(fp, found, occurrenceComment({ ...input, reopened: true }), record.id);
      return result(found, "reopened");
    }
    if (found.comments > 0 && await this.hasComment(fp, found.number, record.id)) {
      return result(found, "unchanged");
    }
    await this.comment(fp, found, occurrenceComment(input), record.id);
    return result(found, "commented");
  }
  /** One counted API call; a failure becomes an IncidentIssueError naming the draft and the operation. */
  async call(fp, operation, send, count = true) {
    if (count) this.calls.add(operation);
    try {
      return await send();
    } catch (err) {
      const status = statusOf(err);
      const message = err instanceof Error ? err.message : String(err);
      throw new IncidentIssueError(
        `GitHub ${operation} for incident draft ${fp} failed${status ? ` (${status})` : ""}: ${message}`,
        { fingerprint: fp, operation, ...status ? { status } : {} },
        { cause: err }
      );
    }
  }
  draftsFor(fp, execution, fresh = false) {
    if (fresh || this.drafts?.execution !== execution) {
      const issues = this.call(fp, "issues/list-for-repo", () => this.listDrafts(), false);
      issues.catch(() => {
        if (this.drafts?.issues === issues) this.drafts = void 0;
      });
      this.drafts = { execution, issues };
    }
    return this.drafts.issues;
  }
  async listDrafts() {
    const out = [];
    const pages = this.octokit.paginate.iterator(this.octokit.rest.issues.listForRepo, {
      ...this.repo,
      labels: DRAFT_LABEL,
      state: "all",
      per_page: 100
    });
    for await (const issue of counted(this.calls, "issues/list-for-repo", pages)) {
      if (!issue.pull_request) out.push(known(issue));
    }
    return out;
  }
  async create(fp, input) {
    const { record, anomaly } = input;
    const labels = issueLabels(record, anomaly);
    if (this.labels) {
      const repoLabels = this.labels;
      await this.call(fp, "labels", () => repoLabels.ensure(labels), false);
    }
    const params = {
      ...this.repo,
      title: issueTitle(record, anomaly),
      body: issueBody({ ...input, fingerprint: fp }),
      labels
    };
    const issue = await writeOnce({
      send: async () => {
        const { data } = await this.call(
          fp,
          "issues/create",
          () => this.octokit.rest.issues.create({ ...params, ...NO_BLIND_RETRY })
        );
        return known(data);
      },
      // The issue may exist although the answer was lost: it carries our fingerprint and execution.
      lookup: async () => (await this.draftsFor(fp, record.id, true)).find(
        (i) => i.body.includes(fingerprintMarker(fp)) && markedExecutions(i.body).includes(record.id)
      ),
      ...this.retrying(`creating the issue for incident draft ${fp}`)
    });
    const listed = await this.draftsFor(fp, record.id);
    if (!listed.some((i) => i.number === issue.number)) listed.push(issue);
    return issue;
  }
  retrying(what) {
    return { attempts: this.attempts, retryBaseMs: this.retryBaseMs, log: this.log, what };
  }
  async comment(fp, issue, body, execution) {
    await writeOnce({
      send: () => this.call(
        fp,
        "issues/create-comment",
        () => this.octokit.rest.issues.createComment({
          ...this.repo,
          issue_number: issue.number,
          body,
          ...NO_BLIND_RETRY
        })
      ).then(() => true),
      lookup: async () => await this.hasComment(fp, issue.number, execution) ? true : void 0,
      ...this.retrying(`commenting on #${issue.number}`)
    });
    issue.comments += 1;
  }
  /** Whether this execution already commented (a re-run of the same execution adds nothing). */
  hasComment(fp, issueNumber, execution) {
    const marker = executionMarker(execution);
    const pages = this.octokit.paginate.iterator(this.octokit.rest.issues.listComments, {
      ...this.repo,
      issue_number: issueNumber,
      per_page: 100
    });
    return this.call(
      fp,
      "issues/list-comments",
      async () => {
        for await (const c of counted(this.calls, "issues/list-comments", pages)) {
          if (c.body?.includes(marker)) return true;
        }
        return false;
      },
      false
    );
  }
};
function pick(issues, fingerprint) {
  const marker = fingerprintMarker(fingerprint);
  const mine = issues.filter((i) => i.body.includes(marker)).sort((a, b) => a.number - b.number);
  return mine.find((i) => i.state === "open") ?? mine.at(-1);
}
function githubDraftStore(issues, recordUrlFor) {
  return async ({ record, anomaly, recordRef }) => {
    const r = await issues.upsert({ record, anomaly, recordUrl: recordUrlFor(record, recordRef) });
    return { fingerprint: r.fingerprint, path: r.url, new: r.action === "created" };
  };
}

// src/action/github-drafts.ts
function githubDrafts(inputs, branch) {
  const octokit = createOctokit({ token: inputs.token, baseUrl: inputs.apiUrl, log: (m) => info(m) });
  const issues = new IncidentIssues(octokit, {
    owner: inputs.owner,
    repo: inputs.repo,
    log: (m) => info(m)
  });
  return githubDraftStore(
    issues,
    (record) => `${inputs.serverUrl}/${inputs.owner}/${inputs.repo}/blob/${encodeURIComponent(branch)}/${recordPath(record)}`
  );
}

// src/action/not-run-comment.ts
function notRunMarker(id) {
  return `<!-- intentops:not-run=${id} -->`;
}
var HEADLINE = {
  denied: "\u26D4 intentops did not run",
  expired: "\u231B intentops did not run",
  interrupted: "\u26A0\uFE0F intentops lost the run of",
  cancelled: "\u23F9\uFE0F intentops did not run"
};
var NEXT = {
  denied: "To run it, satisfy the policies (e.g. get the approvals) and merge a new request.",
  expired: "It was not run because it is too old: the cluster may have moved on since it was approved. If it is still wanted, propose it again as a new request.",
  interrupted: "Its steps may have run in part: check the target before anything else. To run it again, a person with write access comments `/retry` on this pull request; or merge a new request.",
  cancelled: "Nothing to do: the request was withdrawn."
};
function renderNotRunComment(r) {
  const { record } = r;
  const what = record.status === "denied" && record.policy.reasons.length ? `The policies did not allow this request when it was merged (verdict: **${record.policy.verdict}**), so no step ran and nothing was touched.` : record.status === "interrupted" ? "A run claimed this request and started it, then ended without writing its record (the runner was lost, killed or ran out of memory). It is not run again on its own." : "No step ran and nothing was touched.";
  return [
    notRunMarker(record.id),
    `### ${HEADLINE[record.status] ?? "intentops did not run"} \`${r.path}\``,
    "",
    `${what} The \`${record.status}\` record is \`${r.recordPath}\`.`,
    "",
    `**Why:** ${record.status_reason ?? "see the record"}`,
    "",
    ...record.policy.reasons.map((line) => `- ${line}`),
    ...record.policy.reasons.length ? [""] : [],
    NEXT[record.status] ?? "",
    ""
  ].join("\n");
}

// src/action/observers.ts
function observerConfig(inputs) {
  const fromEnv = observerConfigFromEnv(process.env);
  return {
    ...fromEnv,
    ...inputs.prometheusUrl ? { prometheusUrl: inputs.prometheusUrl } : {},
    ...inputs.lokiUrl ? { lokiUrl: inputs.lokiUrl } : {},
    // The input as the file main wrote: the same file the steps' kubectl reads through KUBECONFIG.
    ...inputs.kubeconfigPath ? { kubeconfigPath: inputs.kubeconfigPath } : {}
  };
}

// src/action/records-pull-request.ts
async function openRecordsPullRequest(octokit, inputs, refs) {
  const { owner, repo } = inputs;
  const open = await octokit.rest.pulls.list({
    owner,
    repo,
    head: `${owner}:${refs.head}`,
    base: refs.base,
    state: "open",
    per_page: 10
  });
  const existing = open.data[0];
  if (existing) return { number: existing.number, url: existing.html_url, created: false };
  const created = await octokit.rest.pulls.create({
    owner,
    repo,
    head: refs.head,
    base: refs.base,
    title: `intentops: execution records from ${refs.head.split("/").pop()}`,
    body: [
      `${refs.base} refused the execute job's push (branch protection), so its claims and records are on \`${refs.head}\`.`,
      "",
      `Merge this pull request to bring them onto \`${refs.base}\`: until then, \`intentops\` reads them from this branch, so nothing runs twice.${inputs.runUrl ? ` The run: ${inputs.runUrl}` : ""}`,
      "",
      "To avoid this, let the bot push to the branch (a bypass for its token) \u2014 see docs/setup.md."
    ].join("\n")
  });
  return { number: created.data.number, url: created.data.html_url, created: true };
}

// src/action/execute-reconcile.ts
var BOT = { name: "github-actions[bot]", email: "41898282+github-actions[bot]@users.noreply.github.com" };
async function mergeFacts(octokit, inputs, sha) {
  if (!octokit) return { approvals: 0, approvalDetail: "no token to read the pull request: counted as 0" };
  const repo = { owner: inputs.owner, repo: inputs.repo };
  const pull = await prForCommit(octokit, { ...repo, sha });
  if (!pull) {
    warning(`${sha.slice(0, 7)} came from no pull request (a direct push): approvals count as 0`);
    return { approvals: 0, approvalDetail: "a direct push, no pull request: counted as 0" };
  }
  const facts = await prFacts(octokit, { ...repo, number: pull.number }, pull);
  info(`#${pull.number} by ${facts.author}: ${describeApprovals(facts.approvals)}`);
  const teams = facts.author ? await proposerTeams(octokit, inputs.repoPath, facts.author) : [];
  return {
    pr: pull.number,
    approvals: facts.approvals.count,
    approvalDetail: describeApprovals(facts.approvals),
    approvalsFrom: { approvers: facts.approvals.approvers, headSha: facts.headSha, pr: pull.number },
    ...facts.author ? { proposer: facts.author } : {},
    ...teams.length ? { proposerTeams: teams } : {}
  };
}
function runIdentity() {
  const id = process.env.GITHUB_RUN_ID;
  const attempt = Number(process.env.GITHUB_RUN_ATTEMPT ?? "1") || 1;
  const server = process.env.GITHUB_SERVER_URL ?? "https://github.com";
  const url = id && process.env.GITHUB_REPOSITORY ? `${server}/${process.env.GITHUB_REPOSITORY}/actions/runs/${id}` : void 0;
  return {
    ...id ? { run: { id, attempt, ...url ? { url } : {} } } : {},
    host: hostname(),
    pid: process.pid
  };
}
function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
function claimIsLive(octokit, inputs, me) {
  return async (claim) => {
    const now = /* @__PURE__ */ new Date();
    const verdict = claimLiveness(claim, me, now, pidAlive);
    if (verdict !== "ask-github") return verdict === "live";
    if (!octokit || !claim.run) return true;
    try {
      const { data } = await octokit.rest.actions.getWorkflowRun({
        owner: inputs.owner,
        repo: inputs.repo,
        run_id: Number(claim.run.id)
      });
      return data.status !== "completed" && (data.run_attempt ?? 1) <= claim.run.attempt;
    } catch (err) {
      if (err.status === 404) return false;
      warning(
        `could not ask GitHub about run ${claim.run.id}: ${err.message}; treated as running`
      );
      return true;
    }
  };
}
function branchOf(inputs, event) {
  const ref = event.ref ?? process.env.GITHUB_REF ?? "";
  const branch = ref.replace(/^refs\/heads\//, "");
  if (!branch || branch.startsWith("refs/")) {
    throw new Error(`command 'execute' reconciles a branch; ${inputs.eventName} gave the ref '${ref}'`);
  }
  return branch;
}
async function executeReconcile(inputs, event) {
  const signals = cancelOnSignals((l) => warning(l));
  try {
    return await reconcileJob(inputs, event, signals.signal);
  } finally {
    signals.dispose();
  }
}
async function reconcileJob(inputs, event, signal) {
  const branch = branchOf(inputs, event);
  const me = runIdentity();
  const octokit = inputs.token ? createOctokit({ token: inputs.token, baseUrl: inputs.apiUrl, log: (m) => info(m) }) : void 0;
  const drafts = inputs.token ? githubDrafts(inputs, branch) : void 0;
  const git2 = new Git(inputs.repoPath);
  await git2.configureIdentity(BOT.name, BOT.email);
  const synced = await git2.syncToRemote("origin", branch);
  if (synced !== "up-to-date") info(`checkout moved to origin/${branch} (${synced})`);
  const publisher = new RecordPublisher(git2, {
    branch,
    runId: me.run ? `${me.run.id}` : `local-${me.pid}`,
    log: (l) => warning(l)
  });
  const { catalog } = await loadRepo(inputs.repoPath, []);
  const facts = /* @__PURE__ */ new Map();
  const factsFor = (sha) => {
    const known2 = facts.get(sha);
    if (known2) return known2;
    const f = mergeFacts(octokit, inputs, sha);
    facts.set(sha, f);
    return f;
  };
  const toolVersion = process.env.npm_package_version ?? "action";
  if (inputs.dryRun) info("dry run: nothing is claimed, run or recorded");
  const result = await reconcile({
    repoDir: inputs.repoPath,
    me,
    now: () => /* @__PURE__ */ new Date(),
    ...catalog.execute ? { settings: catalog.execute.data } : {},
    publisher,
    live: claimIsLive(octokit, inputs, me),
    signal,
    dryRun: inputs.dryRun,
    log: (l) => info(l),
    execute: async (c, beforeSteps) => {
      const pr = await factsFor(c.commit);
      return group(
        `execute ${c.path}`,
        () => runRequest(
          {
            approvals: pr.approvals,
            approvalDetail: pr.approvalDetail,
            ...pr.approvalsFrom ? { approvalsFrom: pr.approvalsFrom } : {},
            ...pr.proposer ? { proposer: pr.proposer } : {},
            ...pr.proposerTeams ? { proposerTeams: pr.proposerTeams } : {},
            repoDir: inputs.repoPath,
            requestPath: c.path,
            toolVersion,
            env: process.env,
            id: c.id,
            commit: c.commit,
            mergedAt: c.mergedAt,
            ...me.run ? { run: me.run } : {},
            signal,
            beforeSteps,
            ...drafts ? { upsertDraft: drafts } : {}
          },
          realPorts((l) => info(l), observerConfig(inputs))
        )
      );
    },
    settle: (c, s) => settleRequest(c, s, {
      repoDir: inputs.repoPath,
      toolVersion,
      env: process.env,
      now: /* @__PURE__ */ new Date(),
      ...me.run ? { run: me.run } : {}
    }),
    afterEach: async (item) => {
      if (!item.record || !item.recordPath) return;
      if (item.record.commands_run.length > 0 || item.record.status === "success") {
        await afterRun({
          repoDir: inputs.repoPath,
          record: item.record,
          links: {
            record: recordLink(inputs, item.recordPath),
            ...inputs.runUrl ? { run: inputs.runUrl } : {}
          },
          env: process.env,
          log: (l) => l.startsWith("\u2716") ? warning(l) : info(l)
        });
      }
      if (["denied", "expired", "interrupted"].includes(item.record.status) && octokit) {
        const pr = await factsFor(item.record.request.commit ?? "").catch(() => void 0);
        if (pr?.pr !== void 0) await commentNotRun(octokit, inputs, pr.pr, item);
      }
    }
  });
  let recordsPr;
  if (publisher.diverted && octokit) {
    recordsPr = await openRecordsPullRequest(octokit, inputs, { head: publisher.branch, base: branch }).catch(
      (err) => {
        warning(`could not open the records pull request: ${err.message}`);
        return void 0;
      }
    );
  }
  await writeSummary(
    reconcileSummary(result, inputs, {
      ...recordsPr ? { recordsPr } : {},
      diverted: publisher.diverted ? publisher.branch : void 0
    })
  );
  const ran = result.items.filter((i) => i.record);
  setOutput("execution-ids", ran.map((r) => r.id).join(","));
  setOutput("anomalies", String(ran.reduce((n, r) => n + (r.record?.anomalies.length ?? 0), 0)));
  setOutput(
    "incident-issues",
    ran.flatMap((r) => r.record?.drafts.map((d) => d.path.split("/").pop()) ?? []).join(",")
  );
  setOutput("pending", String(result.items.filter((i) => i.status === "waiting").length));
  const failed = result.items.filter(
    (r) => ["failed", "denied", "cancelled", "interrupted", "expired"].includes(r.status)
  );
  const allDenied = failed.length > 0 && failed.every((r) => r.status === "denied");
  setOutput(
    "status",
    allDenied ? "denied" : failed.length ? "failed" : ran.length ? "success" : "skipped"
  );
  if (publisher.diverted) {
    setFailed(
      `${branch} refused the records, so they were pushed to ${publisher.branch}${recordsPr ? ` and pull request #${recordsPr.number} (${recordsPr.url})` : ""}: merge it to bring them onto ${branch} (see docs: branch protection)`
    );
  } else if (result.publishError) {
    setFailed(`the execution records could not be published: ${result.publishError}`);
  }
  if (signal.aborted)
    setFailed("the run was cancelled: the running request was stopped and recorded as cancelled");
  else if (failed.length) {
    setFailed(
      `${failed.length} request(s) did not succeed: ${failed.map((f) => `${f.path} (${f.status})`).join(", ")}`
    );
  }
  return result.items;
}
async function commentNotRun(octokit, inputs, pr, item) {
  if (!item.record || !item.recordPath) return;
  try {
    const where = { owner: inputs.owner, repo: inputs.repo, issue_number: pr };
    const body = renderNotRunComment({ path: item.path, record: item.record, recordPath: item.recordPath });
    const sticky = await upsertStickyComment(octokit, where, notRunMarker(item.record.id), body);
    info(`${item.record.status} comment on #${pr} ${sticky.action} (${sticky.id})`);
  } catch (err) {
    warning(`could not comment on #${pr}: ${err.message}`);
  }
}
export {
  executeReconcile
};
