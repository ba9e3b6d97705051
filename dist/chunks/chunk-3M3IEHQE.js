import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  readRollups
} from "./chunk-BUE77APU.js";
import {
  BOT_IDENTITY
} from "./chunk-NIJL7ULP.js";
import {
  ANOMALY_LOG
} from "./chunk-XMP6FIZN.js";
import {
  REJECT,
  addedLines,
  isWriter,
  lineJudge,
  rejectionLines,
  velocity
} from "./chunk-IU2EQXC2.js";
import {
  MANUAL_NOTES
} from "./chunk-DDIIRV4K.js";
import {
  draftFingerprint
} from "./chunk-4HPX7IO7.js";
import {
  validate
} from "./chunk-OKQQJ5BC.js";
import {
  policyMatches
} from "./chunk-CCPQRHZZ.js";
import {
  loadRepo
} from "./chunk-XHNTYNXM.js";
import {
  targetOf,
  targetParamOf
} from "./chunk-TVAFMIQY.js";
import {
  sha256
} from "./chunk-FUILN6RE.js";
import {
  require_dist
} from "./chunk-P454KSOG.js";
import {
  durationSeconds
} from "./chunk-DCFT4VMQ.js";
import {
  InputError,
  formatDiagnostic
} from "./chunk-OPNGBO4A.js";
import {
  scanRecords
} from "./chunk-ISVOBWNR.js";
import {
  __toESM
} from "./chunk-7E55XGKX.js";

// src/adapters/git-history.ts
import { spawn } from "node:child_process";
var ENV = { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0" };
function git(cwd, args, input) {
  return new Promise((resolve) => {
    const child = spawn("git", ["-c", "core.quotePath=false", ...args], { cwd, env: ENV });
    const out = [];
    const err = [];
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => err.push(b));
    child.on("error", (e) => resolve({ ok: false, stdout: Buffer.alloc(0), stderr: e.message }));
    child.on(
      "close",
      (code) => resolve({ ok: code === 0, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8") })
    );
    child.stdin.on("error", () => {
    });
    child.stdin.end(input ?? "");
  });
}
async function localGitEmail(repoDir) {
  const r = await git(repoDir, ["config", "--get", "user.email"]);
  const email = r.stdout.toString("utf8").trim();
  return r.ok && email ? email : null;
}
var SEP = "";
async function readEvidenceHistory(repoDir, paths, trusted) {
  const top = await git(repoDir, ["rev-parse", "--is-shallow-repository", "--show-prefix"]);
  if (!top.ok) return { kind: "no-git" };
  const [shallowOut = "", prefix = ""] = top.stdout.toString("utf8").split("\n");
  const shallow = shallowOut.trim() === "true";
  const log = await git(repoDir, ["log", "--first-parent", `--format=%H${SEP}%an${SEP}%ae${SEP}%ce`]);
  const suspects = /* @__PURE__ */ new Map();
  if (log.ok) {
    for (const line of log.stdout.toString("utf8").split("\n")) {
      const [sha, authorName = "", authorEmail = "", committerEmail = ""] = line.split(SEP);
      if (!sha) continue;
      const c = { sha, authorName, authorEmail, committerEmail };
      if (!trusted(c)) suspects.set(sha, c);
    }
  }
  const untrusted = [];
  if (suspects.size > 0) {
    const changed = await git(
      repoDir,
      [
        "log",
        "--no-walk=unsorted",
        "--stdin",
        "--root",
        "--diff-merges=first-parent",
        "--relative",
        "--name-only",
        "-z",
        `--format=%x1e%H`,
        "--",
        ...paths
      ],
      [...suspects.keys()].join("\n")
    );
    if (!changed.ok) throw new Error(`git log of untrusted commits failed: ${changed.stderr.trim()}`);
    for (const block of changed.stdout.toString("utf8").split("")) {
      const [sha, ...rest] = block.split(/[\n\0]/).filter(Boolean);
      const commit = sha ? suspects.get(sha) : void 0;
      if (commit && rest.length) untrusted.push({ commit, paths: rest });
    }
  }
  const status = await git(repoDir, [
    "status",
    "--porcelain=v1",
    "-z",
    "--untracked-files=all",
    "--no-renames",
    "--",
    ...paths
  ]);
  if (!status.ok) throw new Error(`git status failed: ${status.stderr.trim()}`);
  const uncommitted = /* @__PURE__ */ new Set();
  for (const entry of status.stdout.toString("utf8").split("\0")) {
    if (entry.length < 4) continue;
    const path = entry.slice(3);
    uncommitted.add(path.startsWith(prefix) ? path.slice(prefix.length) : path);
  }
  return { kind: "git", shallow, untrusted, uncommitted };
}
async function readBlobs(repoDir, specs) {
  const out = /* @__PURE__ */ new Map();
  if (specs.length === 0) return out;
  const names = specs.map((s) => s.replace(/:(?!\.\/)/, ":./"));
  const r = await git(repoDir, ["cat-file", "--batch"], `${names.join("\n")}
`);
  if (!r.ok) throw new Error(`git cat-file failed: ${r.stderr.trim()}`);
  let at = 0;
  for (const spec of specs) {
    const nl = r.stdout.indexOf(10, at);
    if (nl < 0) break;
    const header = r.stdout.subarray(at, nl).toString("utf8");
    at = nl + 1;
    const m = / (blob|tree|commit|tag) (\d+)$/.exec(header);
    if (!m) {
      out.set(spec, null);
      continue;
    }
    const size = Number(m[2]);
    out.set(spec, m[1] === "blob" ? r.stdout.subarray(at, at + size).toString("utf8") : null);
    at += size + 1;
  }
  return out;
}

// src/app/learn/evidence-origin.ts
var BOT_ONLY = { writers: [BOT_IDENTITY.email], uncommitted: false };
async function localTrust(repoDir) {
  const me = await localGitEmail(repoDir);
  return { writers: [BOT_IDENTITY.email, ...me ? [me] : []], uncommitted: true };
}
async function evidenceOrigin(repoDir, trust, paths) {
  const history = await readEvidenceHistory(repoDir, paths, (c) => isWriter(trust, c));
  const uncommittedReason = trust.uncommitted ? null : REJECT.uncommitted;
  if (history.kind === "no-git") {
    const reason = trust.uncommitted ? null : REJECT.noGit;
    return { file: () => reason, lines: async () => () => reason };
  }
  const committedReason = history.shallow ? REJECT.shallow : null;
  const changes = /* @__PURE__ */ new Map();
  for (const u of history.untrusted)
    for (const p of u.paths) changes.set(p, [...changes.get(p) ?? [], u.commit]);
  return {
    file(path) {
      const by = changes.get(path)?.[0];
      if (by) return REJECT.commit(by);
      return history.uncommitted.has(path) ? uncommittedReason : committedReason;
    },
    async lines(path, text) {
      const by = changes.get(path) ?? [];
      const uncommitted = history.uncommitted.has(path);
      if (by.length === 0 && !uncommitted) return () => committedReason;
      const specs = [
        ...by.flatMap((c) => [`${c.sha}^1:${path}`, `${c.sha}:${path}`]),
        ...uncommitted ? [`HEAD:${path}`] : []
      ];
      const blobs = await readBlobs(repoDir, specs);
      const sources = by.map((c) => ({
        reason: REJECT.commit(c),
        added: addedLines(blobs.get(`${c.sha}^1:${path}`) ?? null, blobs.get(`${c.sha}:${path}`) ?? null)
      }));
      if (uncommitted)
        sources.push({
          reason: uncommittedReason,
          added: addedLines(blobs.get(`HEAD:${path}`) ?? null, text)
        });
      return lineJudge(sources, committedReason);
    }
  };
}

// src/domain/learn/commands.ts
var FENCE = /```[^\n]*\n([\s\S]*?)```/g;
function noteCommands(text) {
  const fenced = [...text.matchAll(FENCE)].flatMap((m) => (m[1] ?? "").split("\n"));
  const lines = fenced.length ? fenced : text.split("\n");
  const prompted = lines.filter((l) => /^\s*\$\s+/.test(l));
  return (prompted.length ? prompted.map((l) => l.replace(/^\s*\$\s+/, "")) : lines).map((l) => l.replace(/\s+/g, " ").trim()).filter((l) => l !== "" && !l.startsWith("#"));
}
var escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
var nameRe = (t) => new RegExp(`(?<![A-Za-z0-9_-])${escapeRe(t)}(?![A-Za-z0-9_])`, "g");
var mentions = (command, target) => target !== "" && nameRe(target).test(command);
function generalize(command, targets, param) {
  let out = command;
  for (const t of [...targets].sort((a, b) => b.length - a.length)) {
    if (t) out = out.replace(nameRe(t), `{{${param}}}`);
  }
  return out;
}
var NAMED_BY_SUBCOMMAND = /* @__PURE__ */ new Set([
  "kubectl",
  "helm",
  "docker",
  "systemctl",
  "git",
  "velero",
  "flux",
  "argocd"
]);
function commandWords(command) {
  const tokens = command.split(" ");
  const words = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (/^-[A-Za-z]$/.test(t)) {
      i++;
      continue;
    }
    if (t.startsWith("-") || t.includes("/") || t.includes("=")) continue;
    const w = t.replace(/\{\{[^}]*\}\}/g, "").toLowerCase().replace(/[^a-z0-9-]/g, "").replace(/^-+|-+$/g, "");
    if (/^[a-z][a-z0-9-]*$/.test(w)) words.push(w);
  }
  return words;
}
function actionName(command) {
  const [tool, ...rest] = commandWords(command);
  if (!tool) return "";
  const parts = NAMED_BY_SUBCOMMAND.has(tool) ? rest.slice(0, 2) : [tool.replace(/-cli$/, ""), ...rest.slice(0, 1)];
  return parts.join("-").replace(/-+/g, "-").replace(/^-|-$/g, "").slice(0, 40);
}
function intentNameFor(commands) {
  return commands.map(actionName).find(Boolean) || "manual-fix";
}

// src/domain/learn/patterns.ts
var windowStart = (t, ctx) => new Date(ctx.now.getTime() - (ctx.windowS ?? durationSeconds(t.window)) * 1e3).toISOString();
var byTime = (a, b) => a.at.localeCompare(b.at);
function findPatterns(triggers, evidence, ctx) {
  const out = [];
  for (const t of triggers) {
    const from = windowStart(t, ctx);
    const to = ctx.now.toISOString();
    const inWindow = (xs) => xs.filter((x) => x.at >= from && x.at <= to);
    const found = t.pattern === "repeated_anomaly" ? repeatedAnomalies(t, inWindow(evidence.anomalies)) : repeatedNotes(t, inWindow(evidence.notes), evidence.anomalies, evidence.executions, ctx);
    out.push(...found.filter((f) => f.occurrences.length >= t.threshold));
  }
  return out;
}
function repeatedAnomalies(t, anomalies) {
  const groups = /* @__PURE__ */ new Map();
  for (const a of anomalies) {
    const key = `${a.intent}\0${a.rule}`;
    const byExecution = groups.get(key) ?? /* @__PURE__ */ new Map();
    const seen = byExecution.get(a.execution);
    byExecution.set(a.execution, seen ? { ...a, ...seen } : a);
    groups.set(key, byExecution);
  }
  return [...groups.values()].map((byExecution) => {
    const list = [...byExecution.values()].sort(byTime);
    const first = list[0];
    return {
      trigger: t,
      key: `anomaly-${first.intent}-${first.rule.replace(/_/g, "-")}`,
      intent: first.intent,
      rule: first.rule,
      occurrences: list.map(anomalyOccurrence)
    };
  });
}
function anomalyOccurrence(a) {
  return {
    at: a.at,
    execution: a.execution,
    ...a.recordPath ? { recordPath: a.recordPath } : {},
    ...a.target ? { target: a.target } : {},
    ...a.incident ? { incident: a.incident } : {},
    inputs: a.inputs
  };
}
function repeatedNotes(t, notes, anomalies, executions, ctx) {
  const kind = t.pattern === "repeated_manual_fix" ? "manual_fix" : "manual_step";
  const targetOfFingerprint = /* @__PURE__ */ new Map();
  const intentOfTarget = /* @__PURE__ */ new Map();
  for (const e of executions) if (e.target) intentOfTarget.set(e.target, e.intent);
  for (const a of anomalies) {
    if (!a.target) continue;
    intentOfTarget.set(a.target, a.intent);
    targetOfFingerprint.set(draftFingerprint(a.intent, a.rule, a.target), a.target);
  }
  const allTargets = [...intentOfTarget.keys()];
  const groups = /* @__PURE__ */ new Map();
  for (const n of notes) {
    if (n.kind !== kind || kind === "manual_step" && !n.intent) continue;
    const own = n.fingerprint ? targetOfFingerprint.get(n.fingerprint) : void 0;
    const raw = noteCommands(n.text);
    const named = own ? [own] : allTargets.filter((t2) => raw.some((c) => mentions(c, t2)));
    const param = kind === "manual_step" ? ctx.targetParam(n.intent) : ctx.targetParam(n.intent ?? intentOfTarget.get(named[0] ?? "") ?? null) ?? "target";
    const commands = raw.map((c) => param ? generalize(c, named, param) : c);
    if (commands.length === 0) continue;
    const scope = kind === "manual_step" ? `${n.intent}\0` : "";
    const hash = sha256(scope + commands.join("\n")).slice(7, 15);
    const key = kind === "manual_fix" ? `fix-${hash}` : `step-${n.intent}-${hash}`;
    const g = groups.get(key) ?? {
      finding: {
        trigger: t,
        key,
        intent: kind === "manual_step" ? n.intent : null,
        commands,
        ...param ? { param } : {},
        occurrences: []
      },
      comments: /* @__PURE__ */ new Set()
    };
    if (g.comments.has(n.comment)) continue;
    g.comments.add(n.comment);
    g.finding.occurrences.push({
      at: n.at,
      issue: n.issue,
      comment: n.comment,
      by: n.by,
      ...own ? { target: own } : {}
    });
    if (kind === "manual_fix" && g.finding.occurrences.length === 1) g.finding.intent = n.intent;
    else if (kind === "manual_fix" && g.finding.intent !== n.intent) g.finding.intent = null;
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({ ...g.finding, occurrences: g.finding.occurrences.sort(byTime) }));
}

// src/domain/learn/catalog-view.ts
var LEARNED_POLICIES = "intents/policies/learned.yaml";
function ruleCondition(view2, intent, rule) {
  const files = [...view2.rules].sort(
    (a, b) => Number(b.path.endsWith(`/${intent}.yaml`)) - Number(a.path.endsWith(`/${intent}.yaml`))
  );
  for (const f of files) {
    const r = f.data.anomaly_rules.find((x) => x.name === rule);
    if (r) return r.condition;
  }
  return void 0;
}
function policyNamed(view2, name) {
  return view2.policies.some((f) => f.data.policies.some((p) => p.name === name));
}

// src/domain/learn/numbers.ts
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(p / 100 * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}
var median = (values) => percentile(values, 50);
function roundedDuration(seconds2) {
  if (seconds2 <= 120) return `${Math.max(10, Math.ceil(seconds2 / 10) * 10)}s`;
  if (seconds2 <= 600) return `${Math.ceil(seconds2 / 30) * 30}s`;
  return `${Math.ceil(seconds2 / 60)}m`;
}
var numbersIn = (xs) => xs.filter((x) => typeof x === "number" && Number.isFinite(x));

// src/domain/learn/yaml-edit.ts
var import_yaml = __toESM(require_dist(), 1);
function editYaml(text, edit) {
  const doc = (0, import_yaml.parseDocument)(text, { keepSourceTokens: false });
  edit(doc);
  return doc.toString({ lineWidth: 0 });
}
function appendTo(doc, path, value, comment) {
  const node = doc.createNode(value);
  if (comment) node.commentBefore = comment;
  const seq = doc.getIn(path, true);
  if ((0, import_yaml.isSeq)(seq)) {
    seq.items.push(node);
    return;
  }
  const fresh = new import_yaml.YAMLSeq();
  fresh.items.push(node);
  doc.setIn(path, fresh);
}
function setWithComment(doc, key, value, comment) {
  doc.set(key, value);
  const contents = doc.contents;
  if (!(0, import_yaml.isMap)(contents)) return;
  const pair = contents.items.find(
    (p) => p.key?.value === key || p.key === key
  );
  const k = pair?.key;
  if (k && typeof k === "object") k.commentBefore = comment;
}
function newYamlFile(schema, comment, value) {
  const doc = (0, import_yaml.parseDocument)("{}");
  doc.contents = doc.createNode(value);
  doc.commentBefore = comment;
  return `# yaml-language-server: $schema=${schema}
${doc.toString({ lineWidth: 0 })}`;
}

// src/domain/learn/suggest-anomaly.ts
function anomalySuggestion(f, view2, executions) {
  const intent = f.intent;
  const rule = f.rule;
  const condition = ruleCondition(view2, intent, rule) ?? "";
  const n = f.occurrences.length;
  const [first, last] = [day(f.occurrences[0]?.at), day(f.occurrences.at(-1)?.at)];
  const seen = `${rule} fired ${n} times on ${intent} ${first === last ? `on ${first}` : `between ${first} and ${last}`}`;
  const metric = /\bafter\.metrics\.([a-z_][a-z0-9_]*)\b/.exec(condition)?.[1];
  const built = !view2.intents.has(intent) ? { skip: `intent ${intent} is no longer in the catalog` } : metric ? headroomPrecheck(f, view2, metric, seen) : /\bduration\b/.test(condition) && /\bexpected_duration\b/.test(condition) ? expectedDuration(f, view2, executions, seen) : /\bpod_restarts_(after|before)\b/.test(condition) ? readinessWait(f, view2, seen) : extraApproval(f, view2, seen);
  if ("skip" in built) return { key: f.key, trigger: f.trigger.pattern, reason: built.skip };
  return {
    id: f.key,
    trigger: f.trigger.pattern,
    action: f.trigger.action,
    title: built.title,
    rationale: built.rationale,
    intent,
    rule,
    evidence: f.occurrences,
    changes: built.changes
  };
}
var day = (iso) => (iso ?? "").slice(0, 10);
var policyName = (f) => `learned-${f.intent}-${f.rule.replace(/_/g, "-")}`;
function addPolicy(view2, policy, comment) {
  const existing = view2.policies.find((p) => p.path === LEARNED_POLICIES);
  if (existing) {
    return {
      path: LEARNED_POLICIES,
      before: existing.text,
      after: editYaml(existing.text, (doc) => appendTo(doc, ["policies"], policy, comment))
    };
  }
  return {
    path: LEARNED_POLICIES,
    before: null,
    after: newYamlFile(
      "../../schemas/policy.schema.json",
      " Policies suggested by `intentops learn` from repeated anomalies, each merged by a human.",
      { policies: [policy] }
    ).replace(/^policies:\n/m, `policies:
  #${comment}
`)
  };
}
function headroomPrecheck(f, view2, metric, seen) {
  const name = policyName(f);
  if (policyNamed(view2, name)) return { skip: `policy ${name} exists already` };
  const intent = view2.intents.get(f.intent)?.data;
  const probe = intent?.capture?.metrics?.[metric];
  const query = intent?.capture?.prometheus?.queries?.[metric];
  if (!probe && !query) return extraApproval(f, view2, seen);
  const afters = numbersIn(f.occurrences.map((o) => o.inputs?.[`after.metrics.${metric}`]));
  const befores = numbersIn(f.occurrences.map((o) => o.inputs?.[`before.metrics.${metric}`]));
  if (afters.length === 0 || afters.length !== befores.length) return extraApproval(f, view2, seen);
  const rise = median(afters.map((a, i) => a - befores[i]));
  const highest = Math.max(...afters);
  const limit = Math.ceil(Math.max(highest - rise, Math.max(...befores)));
  const check = probe ? {
    name: `${metric}_headroom`,
    run: probe.run,
    expected: { op: "<=", value: limit },
    timeout: probe.timeout ?? "30s"
  } : { name: `${metric}_headroom`, prometheus: { query }, expected: { op: "<=", value: limit } };
  const policy = {
    name,
    description: `Learned: ${f.rule} repeated; start ${f.intent} only with room for the usual rise of ${metric}`,
    match: { intents: [f.intent] },
    prechecks: [check]
  };
  return {
    title: `Add a ${metric} headroom precheck before ${f.intent} (${f.rule} \xD7${f.occurrences.length})`,
    rationale: `${seen}. ${metric} went from ${befores.join(", ")} to ${afters.join(", ")}: a median rise of ${rise}, up to ${highest}. The precheck holds a run while ${metric} is above ${limit}, where the usual rise would take it past the highest level seen. Adjust the limit to the real capacity when you know it.`,
    changes: [addPolicy(view2, policy, ` ${seen}: headroom precheck (limit ${limit})`)]
  };
}
function expectedDuration(f, view2, executions, seen) {
  const file = view2.intents.get(f.intent);
  const from = f.occurrences[0]?.at ?? "";
  const durations = numbersIn(
    executions.filter((e) => e.intent === f.intent && e.at >= from).map((e) => e.durationS)
  );
  if (durations.length === 0) return { skip: `no durations of ${f.intent} recorded` };
  const p95 = percentile(durations, 95);
  const next = roundedDuration(p95);
  const current = file.data.expected_duration ? durationSeconds(file.data.expected_duration) : 0;
  if (durationSeconds(next) <= current)
    return { skip: `expected_duration ${file.data.expected_duration} covers the p95 (${p95}s) already` };
  return {
    title: `Raise ${f.intent} expected_duration to ${next} (${f.rule} \xD7${f.occurrences.length}, p95 ${Math.round(p95)}s)`,
    rationale: `${seen}. Over ${durations.length} runs since the first one, the 95th percentile of the duration is ${p95}s against an expected ${file.data.expected_duration ?? "nothing"}; ${next} is that figure rounded up.`,
    changes: [
      {
        path: file.path,
        before: file.text,
        after: editYaml(
          file.text,
          (doc) => setWithComment(
            doc,
            "expected_duration",
            next,
            ` learned: p95 of ${durations.length} runs was ${p95}s (${f.rule} \xD7${f.occurrences.length})`
          )
        )
      }
    ]
  };
}
function readinessWait(f, view2, seen) {
  const intent = view2.intents.get(f.intent)?.data;
  const param = targetParamOf(Object.keys(intent?.params ?? {}));
  if (!param) return extraApproval(f, view2, seen);
  const check = {
    condition: "readiness_settled",
    pods_ready: { namespace: `{{${param}}}`, selector: `app={{${param}}}` },
    timeout: "300s"
  };
  const comment = ` ${seen}: wait until every pod is ready again`;
  const existing = view2.outcomes.get(f.intent);
  if (existing && JSON.stringify(existing.data).includes('"readiness_settled"')) {
    return { skip: `${existing.path} waits for readiness already` };
  }
  const path = existing?.path ?? `intents/outcomes/${f.intent}.yaml`;
  const after = existing ? editYaml(existing.text, (doc) => appendTo(doc, ["outcomes", "success"], check, comment)) : newYamlFile("../../schemas/outcomes.schema.json", comment, { outcomes: { success: [check] } });
  return {
    title: `Wait for readiness after ${f.intent} (${f.rule} \xD7${f.occurrences.length})`,
    rationale: `${seen}. Pods restarted after the run; an outcome check that waits until every pod of the ${param} is Running and ready turns a silent restart into a visible wait or failure.`,
    changes: [{ path, before: existing?.text ?? null, after }]
  };
}
function extraApproval(f, view2, seen) {
  const name = policyName(f);
  if (policyNamed(view2, name)) return { skip: `policy ${name} exists already` };
  const intent = view2.intents.get(f.intent)?.data;
  const subject = { intent: f.intent, risk: intent?.risk ?? "medium", params: {} };
  const required = Math.max(
    0,
    ...view2.policies.flatMap(
      (file) => file.data.policies.filter((p) => policyMatches(p, subject)).map((p) => p.approvals ?? 0)
    )
  );
  const policy = {
    name,
    description: `Learned: ${f.rule} repeated; one more human look before ${f.intent} runs`,
    match: { intents: [f.intent] },
    approvals: required + 1
  };
  return {
    title: `Require ${required + 1} approval(s) for ${f.intent} (${f.rule} \xD7${f.occurrences.length})`,
    rationale: `${seen}. Nothing in the rule points at a precheck that would prevent it, so the suggestion asks for ${required + 1} approval(s) instead of ${required} until the cause is fixed.`,
    changes: [addPolicy(view2, policy, ` ${seen}: one more approval`)]
  };
}

// src/domain/learn/suggest-intent.ts
var K8S_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
var STEP_TIMEOUT = "60s";
var issues = (os) => {
  const numbers = [...new Set(os.map((o) => o.issue).filter((i) => !!i))].map((i) => `#${i}`);
  const local = os.filter((o) => o.issue === 0).length;
  return [...numbers, ...local ? [`${local} noted locally`] : []].join(", ");
};
function stepNames(commands, taken = /* @__PURE__ */ new Set()) {
  const used = new Set(taken);
  return commands.map((c, i) => {
    const base = (actionName(c) || `step-${i + 1}`).replace(/-/g, "_");
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    return name;
  });
}
function knownCommands(view2) {
  const out = /* @__PURE__ */ new Map();
  for (const [name, f] of view2.intents) {
    for (const s of f.data.steps) out.set(Array.isArray(s.run) ? s.run.join(" ") : s.run, name);
  }
  return out;
}
function freeName(view2, base) {
  if (!view2.intents.has(base)) return base;
  for (let i = 2; ; i++) if (!view2.intents.has(`${base}-${i}`)) return `${base}-${i}`;
}
function paramPattern(view2, param) {
  for (const f of view2.intents.values()) {
    const p = f.data.params?.[param];
    if (p?.pattern) return p.pattern;
  }
  return K8S_NAME;
}
function newIntentSuggestion(f, view2) {
  const commands = f.commands ?? [];
  const known = knownCommands(view2);
  const inCatalog = commands.every((c) => known.has(c)) ? known.get(commands[0]) : void 0;
  if (inCatalog)
    return {
      key: f.key,
      trigger: f.trigger.pattern,
      reason: `the catalog has these steps already (${inCatalog})`
    };
  const name = freeName(view2, intentNameFor(commands));
  const param = f.param ?? "target";
  const usesParam = commands.some((c) => c.includes(`{{${param}}}`));
  const n = f.occurrences.length;
  const intent = {
    name,
    description: `Learned from ${n} manual fixes: ${commands[0]}${commands.length > 1 ? " \u2026" : ""}`.slice(
      0,
      200
    ),
    risk: "medium",
    ...usesParam ? {
      params: {
        [param]: {
          type: "string",
          pattern: paramPattern(view2, param),
          description: `the ${param} the fix was run on`
        }
      }
    } : {},
    steps: stepNames(commands).map((name2, i) => ({ name: name2, run: commands[i], timeout: STEP_TIMEOUT })),
    expected_duration: `${Math.max(60, commands.length * 30)}s`
  };
  const path = `intents/catalog/${name}.yaml`;
  return {
    id: `new-intent-${name}-${f.key.slice(4)}`,
    trigger: f.trigger.pattern,
    action: f.trigger.action,
    title: `New intent ${name} from ${n} manual fixes`,
    rationale: `The same fix was done by hand ${n} times (${issues(f.occurrences)})${usesParam ? `, on different ${param}s` : ""}. As an intent it is proposed, planned, policed and recorded like any other; review the steps and the risk before merging.`,
    intent: f.intent,
    evidence: f.occurrences,
    changes: [
      {
        path,
        before: null,
        after: newYamlFile(
          "../../schemas/catalog.schema.json",
          ` Suggested by intentops learn from ${n} /manual-fix notes (${issues(f.occurrences)}).`,
          intent
        )
      }
    ]
  };
}
function stepSuggestion(f, view2) {
  const file = f.intent ? view2.intents.get(f.intent) : void 0;
  if (!file)
    return { key: f.key, trigger: f.trigger.pattern, reason: `intent ${f.intent} is not in the catalog` };
  const commands = f.commands ?? [];
  const have = new Set(file.data.steps.map((s) => Array.isArray(s.run) ? s.run.join(" ") : s.run));
  const missing = commands.filter((c) => !have.has(c));
  if (missing.length === 0)
    return { key: f.key, trigger: f.trigger.pattern, reason: `${file.path} has these steps already` };
  const param = targetParamOf(Object.keys(file.data.params ?? {}));
  const undeclared = missing.find((c) => /\{\{([a-z_]+)\}\}/.exec(c) && !c.includes(`{{${param}}}`));
  if (undeclared)
    return {
      key: f.key,
      trigger: f.trigger.pattern,
      reason: `"${undeclared}" names a param ${f.intent} does not declare`
    };
  const names = stepNames(missing, new Set(file.data.steps.map((s) => s.name)));
  const steps = missing.map((run, i) => ({ name: names[i], run, timeout: STEP_TIMEOUT }));
  const n = f.occurrences.length;
  const comment = ` learned: done by hand after ${f.intent} ${n} times (${issues(f.occurrences)})`;
  return {
    id: f.key,
    trigger: f.trigger.pattern,
    action: f.trigger.action,
    title: `Add ${steps.length === 1 ? `step "${missing[0]}"` : `${steps.length} steps`} to ${f.intent}`,
    rationale: `After ${f.intent}, someone ran ${missing.map((c) => `\`${c}\``).join(", ")} by hand ${n} times (${issues(f.occurrences)}). As a step of the intent it runs every time, with a timeout, and lands in the record.`,
    intent: f.intent,
    evidence: f.occurrences,
    changes: [
      {
        path: file.path,
        before: file.text,
        after: editYaml(file.text, (doc) => {
          for (const [i, step] of steps.entries())
            appendTo(doc, ["steps"], step, i === 0 ? comment : void 0);
        })
      }
    ]
  };
}

// src/domain/learn/suggestions.ts
function buildSuggestions(findings, view2, executions) {
  const suggestions = [];
  const skipped = [];
  for (const f of findings) {
    const s = f.trigger.pattern === "repeated_anomaly" ? anomalySuggestion(f, view2, executions) : f.trigger.pattern === "repeated_manual_fix" ? newIntentSuggestion(f, view2) : stepSuggestion(f, view2);
    if ("changes" in s && s.changes.some((c) => c.before !== c.after)) suggestions.push(s);
    else skipped.push("changes" in s ? { key: s.id, trigger: s.trigger, reason: "no change to make" } : s);
  }
  return { suggestions, skipped };
}

// src/app/learn/catalog-view.ts
var view = (l) => ({ path: l.path, text: l.source.text, data: l.data });
function catalogView(catalog) {
  return {
    intents: new Map([...catalog.intents].map(([name, l]) => [name, view(l)])),
    outcomes: new Map(
      catalog.outcomes.map((l) => [
        (l.path.split("/").pop() ?? "").replace(/\.ya?ml$/, ""),
        view(l)
      ])
    ),
    policies: catalog.policies.map(view),
    rules: catalog.rules.map(view)
  };
}

// src/app/learn/check-valid.ts
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
async function problemsAfter(repoDir, s, now) {
  const tmp = await mkdtemp(join(tmpdir(), "intentops-learn-check-"));
  try {
    await cp(join(repoDir, "intents"), join(tmp, "intents"), { recursive: true, verbatimSymlinks: true });
    await rm(join(tmp, "intents", "requests"), { recursive: true, force: true });
    for (const c of s.changes) {
      await mkdir(dirname(join(tmp, c.path)), { recursive: true });
      await writeFile(join(tmp, c.path), c.after);
    }
    const result = await validate(tmp, { now, approvals: null, history: [] });
    return result.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

// src/app/learn/evidence.ts
import { readFile } from "node:fs/promises";
import { join as join2 } from "node:path";
var EVIDENCE_PATHS = ["executions", ANOMALY_LOG, MANUAL_NOTES];
var seconds = (d) => {
  try {
    return typeof d === "string" || typeof d === "number" ? durationSeconds(d) : void 0;
  } catch {
    return void 0;
  }
};
async function jsonLines(repoDir, path, keep, origin, reject) {
  const text = await readFile(join2(repoDir, path), "utf8").catch((err) => {
    if (err.code === "ENOENT") return "";
    throw err;
  });
  const judge = await origin.lines(path, text);
  const out = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let x;
    try {
      x = JSON.parse(line);
    } catch {
      return;
    }
    if (!x || typeof x !== "object" || !keep(x)) return;
    const reason = judge(line);
    if (reason === null) out.push(x);
    else reject(`${path}:${i + 1}`, reason);
  });
  return out;
}
function ownStrings() {
  const seen = /* @__PURE__ */ new Map();
  return {
    shared: (s) => {
      let v = seen.get(s);
      if (v === void 0) {
        v = copy(s);
        seen.set(v, v);
      }
      return v;
    },
    copy
  };
}
var copy = (s) => Buffer.from(s, "utf8").toString("utf8");
async function loadEvidence(repoDir, since, trust) {
  const from = since.toISOString();
  const { shared } = ownStrings();
  const asked = evidenceOrigin(repoDir, trust, EVIDENCE_PATHS);
  asked.catch(() => {
  });
  const rejected = [];
  let executions = [];
  const anomalies = /* @__PURE__ */ new Map();
  for await (const { path, record } of scanRecords(repoDir, { since })) {
    const r = record;
    if (typeof r?.id !== "string" || typeof r.timestamp !== "string" || typeof r.intent !== "string")
      continue;
    if (r.timestamp < from) continue;
    const rawTarget = targetOf(r.params ?? {});
    const target = rawTarget === void 0 ? void 0 : shared(rawTarget);
    const durationS = seconds(r.duration);
    const expectedS = seconds(r.expected_duration);
    const [id, at, intent] = [copy(r.id), copy(r.timestamp), shared(r.intent)];
    executions.push({
      id,
      at,
      intent,
      status: shared(String(r.status)),
      path,
      ...target ? { target } : {},
      ...durationS !== void 0 ? { durationS } : {},
      ...expectedS !== void 0 ? { expectedS } : {}
    });
    for (const a of r.anomalies ?? []) {
      if (typeof a.rule !== "string") continue;
      const fp = draftFingerprint(intent, a.rule, target);
      const draft = r.drafts?.find((d) => d.fingerprint === fp);
      anomalies.set(`${id}\0${a.rule}`, {
        at,
        execution: id,
        intent,
        rule: shared(a.rule),
        severity: shared(String(a.severity)),
        inputs: JSON.parse(JSON.stringify(a.inputs ?? {})),
        recordPath: path,
        ...target ? { target } : {},
        ...typeof draft?.path === "string" ? { incident: copy(draft.path) } : {}
      });
    }
  }
  const origin = await asked;
  const dropped = /* @__PURE__ */ new Set();
  for (const e of executions) {
    const reason = e.path === void 0 ? null : origin.file(e.path);
    if (reason === null || e.path === void 0) continue;
    dropped.add(e.path);
    rejected.push({ kind: "record", where: e.path, reason });
  }
  if (dropped.size) {
    executions = executions.filter((e) => e.path === void 0 || !dropped.has(e.path));
    for (const [key, a] of anomalies) if (a.recordPath && dropped.has(a.recordPath)) anomalies.delete(key);
  }
  const logged = await jsonLines(
    repoDir,
    ANOMALY_LOG,
    (l) => typeof l.at === "string" && l.at >= from && typeof l.rule === "string" && typeof l.intent === "string" && typeof l.execution === "string",
    origin,
    (where, reason) => rejected.push({ kind: "anomaly", where, reason })
  );
  for (const l of logged) {
    const key = `${l.execution}\0${l.rule}`;
    if (anomalies.has(key)) continue;
    anomalies.set(key, {
      at: l.at,
      execution: l.execution,
      intent: l.intent,
      rule: l.rule,
      severity: String(l.severity),
      inputs: l.inputs ?? {},
      ...l.target ? { target: l.target } : {}
    });
  }
  for (const e of await readRollups(repoDir)) {
    if (e.timestamp < from) continue;
    const reason = origin.file(e.rollupPath);
    if (reason !== null) {
      rejected.push({ kind: "rollup", where: `${e.rollupPath} (${e.id})`, reason });
      continue;
    }
    executions.push({
      id: e.id,
      at: e.timestamp,
      intent: e.intent,
      status: e.status,
      durationS: e.duration_s,
      ...e.target ? { target: e.target } : {},
      ...e.expected_duration_s !== void 0 ? { expectedS: e.expected_duration_s } : {}
    });
    for (const a of e.anomalies) {
      const key = `${e.id}\0${a.rule}`;
      if (anomalies.has(key)) continue;
      anomalies.set(key, {
        at: e.timestamp,
        execution: e.id,
        intent: e.intent,
        rule: a.rule,
        severity: a.severity,
        inputs: {},
        ...e.target ? { target: e.target } : {}
      });
    }
  }
  const notes = await jsonLines(
    repoDir,
    MANUAL_NOTES,
    (n) => typeof n.at === "string" && n.at >= from && typeof n.text === "string" && typeof n.comment === "number",
    origin,
    (where, reason) => rejected.push({ kind: "note", where, reason })
  );
  return {
    executions,
    anomalies: [...anomalies.values()].sort((a, b) => a.at.localeCompare(b.at)),
    notes,
    rejected
  };
}

// src/app/learn/learn.ts
async function learn(repoDir, opts) {
  const { catalog, diagnostics } = await loadRepo(repoDir);
  const errors = diagnostics.filter((d) => d.severity === "error" && !d.file.startsWith("intents/requests/"));
  if (errors.length) throw new InputError(errors);
  const triggers = catalog.learning?.data.learning_triggers ?? [];
  const longest = Math.max(0, ...triggers.map((t) => durationSeconds(t.window)));
  const since = new Date(opts.now.getTime() - (opts.sinceS ?? longest) * 1e3);
  const evidence = await loadEvidence(repoDir, since, opts.trust);
  const findings = findPatterns(triggers, evidence, {
    now: opts.now,
    ...opts.sinceS !== void 0 ? { windowS: opts.sinceS } : {},
    targetParam: (intent) => {
      const params = intent ? catalog.intents.get(intent)?.data.params : void 0;
      return targetParamOf(Object.keys(params ?? {}));
    }
  });
  const built = buildSuggestions(findings, catalogView(catalog), evidence.executions);
  const suggestions = [];
  const skipped = [...built.skipped];
  for (const s of built.suggestions) {
    const problems = opts.skipValidation ? [] : await problemsAfter(repoDir, s, opts.now);
    if (problems.length)
      skipped.push({ key: s.id, trigger: s.trigger, reason: `would not validate: ${problems.join("; ")}` });
    else suggestions.push(s);
  }
  return {
    triggers,
    findings,
    suggestions,
    skipped,
    rejected: evidence.rejected,
    counted: {
      executions: evidence.executions.length,
      anomalies: evidence.anomalies.length,
      notes: evidence.notes.length,
      rejected: evidence.rejected.length
    }
  };
}

// src/domain/learn/report.ts
function runReport(at, suggestions, skipped, rejected) {
  const lines = [`# intentops learn \u2014 ${at.toISOString().slice(0, 16).replace("T", " ")} UTC`, ""];
  if (suggestions.length === 0) lines.push("No pattern reached its threshold.", "");
  for (const s of suggestions) {
    lines.push(`## ${s.title}`, "", `- id: \`${s.id}\` (${s.trigger} \u2192 ${s.action})`, `- ${s.outcome}`);
    lines.push(
      `- evidence: ${s.evidence.length} occurrence(s), ${s.evidence[0]?.at.slice(0, 10)} \u2026 ${s.evidence.at(-1)?.at.slice(0, 10)}`
    );
    lines.push("", s.rationale, "");
    for (const c of s.changes) lines.push(`- \`${c.path}\`${c.before === null ? " (new file)" : ""}`);
    lines.push("");
  }
  if (skipped.length) {
    lines.push("## Patterns without a change", "");
    for (const k of skipped) lines.push(`- \`${k.key}\` (${k.trigger}): ${k.reason}`);
    lines.push("");
  }
  if (rejected.length) {
    lines.push(
      "## Evidence not counted",
      "",
      "Records, anomaly log lines and manual notes count only when the bot committed them.",
      ""
    );
    for (const l of rejectionLines(rejected)) lines.push(`- ${l}`);
    lines.push("");
  }
  return lines.join("\n");
}
function ledgerReport(entries) {
  const by = (state) => entries.filter((e) => e.state === state);
  const v = velocity(entries);
  const lines = [
    "# Learning ledger",
    "",
    `| state | suggestions |`,
    "|---|---|",
    ...["open", "accepted", "rejected", "local"].map((s) => `| ${s} | ${by(s).length} |`),
    "",
    v.accepted ? `Learning velocity: first evidence \u2192 merged change, median ${v.medianDays} day(s), slowest ${v.maxDays} day(s), over ${v.accepted} accepted suggestion(s).` : "Learning velocity: no suggestion accepted yet.",
    ""
  ];
  for (const state of ["open", "accepted", "rejected", "local"]) {
    const list = by(state);
    if (!list.length) continue;
    lines.push(`## ${state}`, "");
    for (const e of list) {
      const pr = e.pr !== void 0 ? ` PR #${e.pr}` : ` branch ${e.branch}`;
      lines.push(
        `- **${e.title}** (\`${e.id}\`,${pr}; ${e.evidence} occurrence(s) since ${e.first_evidence.slice(0, 10)}${e.decided_at ? `; decided ${e.decided_at.slice(0, 10)}` : ""})`
      );
    }
    lines.push("");
  }
  return lines.join("\n");
}

export {
  BOT_ONLY,
  localTrust,
  learn,
  runReport,
  ledgerReport
};
