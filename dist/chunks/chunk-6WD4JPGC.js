import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  publish
} from "./chunk-XMP6FIZN.js";
import {
  GitError
} from "./chunk-3RZXW5BD.js";
import {
  targetOf
} from "./chunk-TVAFMIQY.js";
import {
  executionId
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
  __toESM
} from "./chunk-7E55XGKX.js";

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
function claimLiveness(claim, me, now, pidAlive) {
  if (Date.parse(claim.lease_until) <= now.getTime()) return "dead";
  if (claim.run) {
    if (me.run && claim.run.id === me.run.id) return claim.run.attempt < me.run.attempt ? "dead" : "live";
    return "ask-github";
  }
  if (claim.host === me.host) return claim.pid !== me.pid && pidAlive(claim.pid) ? "live" : "dead";
  return "live";
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
  /** Commits and pushes `paths` only when something under them changed (e.g. a delivery log). */
  async publishChanges(paths, message) {
    return await this.git.hasChanges(paths) ? this.publish(paths, message) : null;
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
var import_yaml2 = __toESM(require_dist(), 1);
import { existsSync } from "node:fs";
import { readdir as readdir2, readFile as readFile2 } from "node:fs/promises";
import { join as join2 } from "node:path";

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
async function requestChanges(dir, since) {
  const range = since ? `${since}..HEAD` : "HEAD";
  const out = await git(dir, [
    "log",
    "--first-parent",
    "--diff-merges=first-parent",
    "--no-renames",
    "--name-status",
    "-z",
    "--format=%x01%H %ct",
    range,
    "--",
    REQUESTS_DIR
  ]);
  const blocks = out.split("").filter(Boolean).reverse();
  const changes = [];
  blocks.forEach((block, order) => {
    const [head = "", ...fields] = block.split("\0");
    const [commit = "", ct = "0"] = head.trim().split(" ");
    const at = new Date(Number(ct) * 1e3);
    const parts = fields.map((f) => f.trim()).filter(Boolean);
    const inCommit = [];
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const status = parts[i]?.charAt(0);
      const path = parts[i + 1];
      if (!path || !/\.ya?ml$/.test(path)) continue;
      inCommit.push({ path, commit, status, at, order });
    }
    changes.push(...inCommit.sort((a, b) => a.path.localeCompare(b.path)));
  });
  return changes;
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
async function headOf(dir) {
  return (await git(dir, ["rev-parse", "HEAD"]).catch((err) => {
    throw new HistoryError(`${dir} is not a git checkout with a commit: ${err.message}`);
  })).trim();
}
async function requestsAddedBy(dir, commit) {
  const [ct, names] = await Promise.all([
    tryGit(dir, ["show", "-s", "--format=%ct", commit]),
    tryGit(dir, [
      "diff-tree",
      "--no-commit-id",
      "--name-only",
      "-r",
      "--diff-filter=A",
      `${commit}^1`,
      commit,
      "--",
      REQUESTS_DIR
    ])
  ]);
  return { paths: (names ?? "").split("\n").filter(Boolean), at: new Date(Number(ct ?? "0") * 1e3) };
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
  const age = input.now.getTime() - (c.ageFrom ?? c.mergedAt).getTime();
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
    if (d.decision.kind === "done" || d.candidate.retryOf || settled(d.candidate)) continue;
    return { before: d.candidate };
  }
  return { head };
}

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

// src/domain/reconcile/retry-grant.ts
var RETRIES_DIR = "executions/retries";
var RetryGrantSchema = external_exports.object({
  /** The interrupted execution this retries. */
  of: external_exports.string(),
  request: external_exports.string(),
  commit: external_exports.string(),
  merged_at: external_exports.string(),
  by: external_exports.string(),
  comment_id: external_exports.number().int(),
  comment_url: external_exports.string().optional(),
  granted_at: external_exports.string()
});
function grantPath(g) {
  return `${RETRIES_DIR}/${g.of}-c${g.comment_id}.yaml`;
}
function retryTag(g) {
  return `comment-${g.comment_id}`;
}
function isRetryCommand(body) {
  return /^\/retry\s*$/m.test((body ?? "").trim().split("\n")[0] ?? "");
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
async function settledByPath(repoDir) {
  const out = /* @__PURE__ */ new Map();
  const root = join(repoDir, "executions");
  const files = (await readdir(root, { recursive: true }).catch(() => [])).filter(
    (f) => f.endsWith(".yaml") && (f.startsWith("claims/") || DAY.test(f.split("/")[0] ?? ""))
  );
  for (const f of files) {
    const text = await readFile(join(root, f), "utf8").catch(() => "");
    const path = (/^request: (\S.*)$/m.exec(text) ?? /^request:\n {2}path: (\S.*)$/m.exec(text))?.[1]?.trim();
    if (path) out.set(path.replace(/^['"]|['"]$/g, ""), `executions/${f}`);
  }
  return out;
}

// src/app/execute/pending.ts
var DEFAULT_MAX_AGE = "24h";
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
  const [head, mark] = await Promise.all([headOf(repoDir), opts.full ? null : watermark(repoDir)]);
  if (mark?.rewritten) {
    notes.push(
      `the history was rewritten (a force-push?): the last reconciled commit ${mark.sha.slice(0, 7)} is no longer on this branch, so every merged request is checked against its record`
    );
  }
  const since = mark && !mark.rewritten ? mark.sha : null;
  const [changes, fallback] = await Promise.all([
    requestChanges(repoDir, since),
    fallbackAdditions(repoDir, FALLBACK_PREFIX)
  ]);
  const merged = changes.filter((c) => c.status === "A").map((c) => ({ path: c.path, commit: c.commit, mergedAt: c.at }));
  const byPath = /* @__PURE__ */ new Map();
  for (const c of changes) {
    const list = byPath.get(c.path);
    if (list) list.push(c);
    else byPath.set(c.path, [c]);
  }
  const start = opts.settings?.start ? new Date(opts.settings.start) : void 0;
  const inScope = merged.filter((m) => !start || m.mergedAt >= start);
  const oldest = inScope[0]?.mergedAt;
  const elsewhere = oldest ? fallback.map((e) => ({
    path: e.path,
    where: e.ref.replace(/^refs\/remotes\/[^/]+\//, ""),
    read: () => fileAt(repoDir, e.ref, e.path)
  })) : [];
  const index = await indexRecords(
    repoDir,
    oldest ? dayOf(new Date(oldest.getTime() - 864e5)) : "9999",
    elsewhere
  );
  const settledPaths = mark?.rewritten ? await settledByPath(repoDir) : void 0;
  const candidates = [];
  const intents = /* @__PURE__ */ new Map();
  for (let i = inScope.length - 1; i >= 0; i--) {
    const m = inScope[i];
    const key = keyOfRequest(m);
    const before = settledPaths?.get(m.path);
    if (before && !index.claims.has(key) && !index.records.has(key)) {
      index.records.set(key, before);
      notes.push(`${m.path}: settled before the history was rewritten (${before}); not run again`);
    }
    const record = index.records.get(key);
    if (record) {
      candidates.push({
        ...m,
        key,
        id: record.split("/").pop()?.replace(/\.yaml$/, "") ?? key
      });
      continue;
    }
    const history = byPath.get(m.path) ?? [];
    const own = history.findIndex((c) => c.commit === m.commit && c.status === "A");
    const later = history.slice(own + 1);
    const removed = later.find((c) => c.status === "D");
    const gone = removed !== void 0 || !existsSync(join2(repoDir, m.path));
    const editedBy = gone ? void 0 : later.find((c) => c.status === "M" || c.status === "T")?.commit;
    const deletedBy = removed?.commit;
    const name = await named(repoDir, m, gone);
    const claim = index.claims.get(key);
    const id = claim?.id ?? requestExecutionId(m, name);
    intents.set(key, name.intent);
    candidates.push({
      ...m,
      key,
      id,
      ...name.target ? { target: name.target } : {},
      ...gone ? { deletedBy: deletedBy ?? "HEAD" } : {},
      ...editedBy ? { editedBy } : {}
    });
  }
  candidates.reverse();
  candidates.push(...await retryCandidates(repoDir, index, intents));
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
async function retryCandidates(repoDir, index, intents) {
  const out = [];
  for (const f of (await readdir2(join2(repoDir, RETRIES_DIR)).catch(() => [])).sort()) {
    if (!f.endsWith(".yaml")) continue;
    const grant = RetryGrantSchema.safeParse(
      (0, import_yaml2.parse)(await readFile2(join2(repoDir, RETRIES_DIR, f), "utf8").catch(() => ""))
    );
    if (!grant.success) continue;
    const g = grant.data;
    const ref = { path: g.request, commit: g.commit, mergedAt: new Date(g.merged_at) };
    const key = keyOfRequest(ref, retryTag(g));
    const gone = !existsSync(join2(repoDir, g.request));
    const name = await named(repoDir, { path: g.request, commit: g.commit, mergedAt: ref.mergedAt }, gone);
    intents.set(key, name.intent);
    out.push({
      ...ref,
      key,
      id: index.claims.get(key)?.id ?? requestExecutionId(ref, name, retryTag(g)),
      retryOf: g.of,
      ageFrom: new Date(g.granted_at),
      ...name.target ? { target: name.target } : {},
      ...gone ? { deletedBy: "HEAD" } : {}
    });
  }
  return out;
}

export {
  WATERMARK_TRAILER,
  fileAt,
  parentOf,
  requestsAddedBy,
  nextWatermark,
  keyOfRequest,
  grantPath,
  isRetryCommand,
  CLAIMS_DIR,
  claimLiveness,
  indexRecords,
  removeStaleTempFiles,
  RecordPublisher,
  scanPending
};
