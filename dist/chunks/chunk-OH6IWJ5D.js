import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  CANCELLED_REASON
} from "./chunk-4EJL4FTD.js";
import {
  podIndicators
} from "./chunk-T2UMQD7T.js";
import {
  BATCH_SEPARATOR,
  MIN_SECRET_LENGTH,
  collectNeedles,
  isSecretName,
  joinForScan,
  literalMatcher,
  literalReplacer,
  literalSpans,
  mapStringsDeep,
  replaceSpans,
  secretForms,
  splitSpans
} from "./chunk-BSOI3OBW.js";
import {
  appendOccurrence,
  draftFileName,
  draftFingerprint,
  renderDraft
} from "./chunk-4HPX7IO7.js";
import {
  lastLines,
  stepEnding
} from "./chunk-D5UGG2QT.js";
import {
  detect
} from "./chunk-H66C7OWU.js";
import {
  findIndicators,
  matchesExpected
} from "./chunk-2VZISDBC.js";
import {
  targetOf
} from "./chunk-TVAFMIQY.js";
import {
  executionId,
  formatSeconds,
  recordPath,
  sealRecord
} from "./chunk-FUILN6RE.js";

// src/adapters/draft-store.ts
import { appendFile, mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
var DraftStore = class {
  constructor(repoDir) {
    this.repoDir = repoDir;
  }
  repoDir;
  async findByFingerprint(fingerprint) {
    const dir = join(this.repoDir, "incidents", "drafts");
    const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith(".md")).sort();
    const wanted = `
fingerprint: ${fingerprint}
`;
    for (const f of files) {
      if ((await readFile(join(dir, f), "utf8")).includes(wanted)) return `incidents/drafts/${f}`;
    }
    return void 0;
  }
  async upsert(input) {
    const fingerprint = draftFingerprint(
      input.record.intent,
      input.anomaly.rule,
      targetOf(input.record.params)
    );
    const existing = await this.findByFingerprint(fingerprint);
    const rel = existing ?? `incidents/drafts/${draftFileName(fingerprint, input)}`;
    const abs = join(this.repoDir, rel);
    const text = existing ? appendOccurrence(await readFile(abs, "utf8"), input) : renderDraft(input, fingerprint);
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(`${abs}.tmp`, text);
    await rename(`${abs}.tmp`, abs);
    return { fingerprint, path: rel, new: !existing };
  }
  /** One JSON line per anomaly: the log the learning loop counts from. */
  async logAnomalies(lines) {
    if (lines.length === 0) return;
    const abs = join(this.repoDir, "incidents", "anomaly-log.jsonl");
    await mkdir(dirname(abs), { recursive: true });
    await appendFile(abs, lines.map((l) => `${JSON.stringify(l)}
`).join(""));
  }
};

// src/domain/secret-patterns.ts
var PLACEHOLDER = /^(?:\$|\[REDACTED|<|%|\{\{|\*{3})/;
function plausibleToken(value) {
  if (value.length < 8 || PLACEHOLDER.test(value)) return false;
  return /\d/.test(value) || value.length >= 20;
}
function groupFinding(m, group, label) {
  const at = m.indices?.[group];
  const value = m[group];
  if (!at || value === void 0 || value.length === 0) return void 0;
  return {
    start: at[0],
    end: at[1],
    label,
    ...value.length >= MIN_SECRET_LENGTH ? { literal: value } : {}
  };
}
function eachMatch(re, text, fn) {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    fn(m);
    if (m[0].length === 0) re.lastIndex++;
  }
}
var JWT = /\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}(?:\.[A-Za-z0-9_-]*){1,3}/dg;
var jwt = (text, out) => {
  eachMatch(JWT, text, (m) => {
    const f = groupFinding(m, 0, "jwt");
    if (f) out.push(f);
  });
};
var SCHEMES = "bearer|basic|token|digest|negotiate|ntlm|apikey|api-key|aws4-hmac-sha256|sso-key|ssws";
var AUTH_HEADER = new RegExp(
  String.raw`\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:(${SCHEMES})\s+)?([^\s"'\[$<][^"'\r\n]*?)\s*(?=["'\r\n]|$)`,
  "dgim"
);
var authHeader = (text, out) => {
  eachMatch(AUTH_HEADER, text, (m) => {
    const value = m[2] ?? "";
    if (value.length < MIN_SECRET_LENGTH || PLACEHOLDER.test(value) || value.includes("[REDACTED:")) return;
    if (m[1] === void 0 && (/\s/.test(value) || !plausibleToken(value))) return;
    const f = groupFinding(m, 2, "authorization");
    if (f) out.push(f);
  });
};
var BEARER = /\bbearer\s+([A-Za-z0-9._~+/=-]+)/dgi;
var bearer = (text, out) => {
  eachMatch(BEARER, text, (m) => {
    if (!plausibleToken(m[1] ?? "")) return;
    const f = groupFinding(m, 1, "bearer");
    if (f) out.push(f);
  });
};
var NL = String.raw`(?:${BATCH_SEPARATOR.replace("\0", "\\0")}|\r?\n|\\r?\\n)`;
var BODY_LINE = String.raw`[ \t]*(?:[A-Za-z0-9+/=]{4,}|(?:Proc-Type|DEK-Info|Comment):[^\r\n\\]*)[ \t]*`;
var KEY_LABEL = "[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?";
var PEM_WHOLE = new RegExp(String.raw`-----BEGIN (${KEY_LABEL})-----[\s\S]*?-----END \1-----`, "dg");
var PEM_HEAD = new RegExp(`-----BEGIN ${KEY_LABEL}-----(?:${NL}${BODY_LINE})+`, "dg");
var PEM_END = new RegExp(`-----END ${KEY_LABEL}-----`, "g");
var SEPARATOR = new RegExp(NL, "g");
var BODY = new RegExp(`^${BODY_LINE}$`);
function tailStart(text, endMarker) {
  let start2 = endMarker;
  while (start2 > 0 && (text[start2 - 1] === " " || text[start2 - 1] === "	")) start2--;
  const seps = [...text.slice(0, start2).matchAll(SEPARATOR)];
  for (let i = seps.length - 1; i >= 0; i--) {
    const sep = seps[i];
    if (sep.index + sep[0].length !== start2) break;
    const prev = seps[i - 1];
    const lineStart = prev ? prev.index + prev[0].length : 0;
    if (!BODY.test(text.slice(lineStart, sep.index))) break;
    start2 = lineStart;
  }
  return start2;
}
var pem = (text, out) => {
  const covered = [];
  const isCovered = (s, e) => covered.some(([a, b]) => s < b && e > a);
  const add = (start2, end, body) => {
    covered.push([start2, end]);
    out.push({ start: start2, end, label: "private-key", ...body.length >= 16 ? { literal: body } : {} });
  };
  eachMatch(PEM_WHOLE, text, (m) => {
    const [s, e] = m.indices?.[0] ?? [0, 0];
    add(s, e, m[0].replace(/^-----BEGIN [^-]*-----|-----END [^-]*-----$/g, "").trim());
  });
  eachMatch(PEM_HEAD, text, (m) => {
    const [s, e] = m.indices?.[0] ?? [0, 0];
    if (!isCovered(s, e)) add(s, e, m[0].replace(/^-----BEGIN [^-]*-----/, "").trim());
  });
  for (const m of text.matchAll(PEM_END)) {
    const e = m.index + m[0].length;
    const s = tailStart(text, m.index);
    if (s < m.index && !isCovered(s, e)) add(s, e, text.slice(s, m.index).trim());
  }
};
var URL_CREDS = /\b[a-z][a-z0-9+.-]*:\/\/([^\s:/?#@"'<>]*)(?::([^\s/?#@"'<>]*))?@[^\s/?#@"'<>]/dgi;
var urlCredentials = (text, out) => {
  eachMatch(URL_CREDS, text, (m) => {
    const user = m[1] ?? "";
    const password = m[2];
    if (password === void 0 && !plausibleToken(user)) return;
    if (password !== void 0 && (password.length === 0 || PLACEHOLDER.test(password))) return;
    const start2 = m.indices?.[1]?.[0] ?? 0;
    const end = (m.indices?.[2] ?? m.indices?.[1])?.[1] ?? start2;
    out.push({ start: start2, end, label: "url-credentials" });
    for (const [group, value] of [
      [1, user],
      [2, password]
    ]) {
      if (value === void 0) continue;
      const literal = group === 2 || plausibleToken(value);
      const f = literal ? groupFinding(m, group, "url-credentials") : void 0;
      if (f?.literal) out.push(f);
    }
  });
};
var NPM_AUTH = /(?:^|[\s:])_(?:authToken|auth|password)\s*=\s*["']?([^\s"'$][^\s"']*)/dgm;
var npmAuth = (text, out) => {
  eachMatch(NPM_AUTH, text, (m) => {
    const f = groupFinding(m, 1, "npm-auth");
    if (f && !PLACEHOLDER.test(m[1] ?? "")) out.push(f);
  });
};
var ASSIGNMENT = /(?:^|[\s;'"])(?:export\s+|declare\s+-x\s+)?([A-Za-z_][A-Za-z0-9_-]*)=["']?([^\s"']+)/dgm;
var KEY_VALUE = /(?:^|[\s;,{'"])["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?[ \t]*(?:[:=]|=>)[ \t]*["']?([^\s"',;}]+)/dgm;
var secretAssignment = (text, out) => {
  const seen = /* @__PURE__ */ new Set();
  eachMatch(ASSIGNMENT, text, (m) => {
    const name = m[1] ?? "";
    const value = m[2] ?? "";
    if (!isSecretName(name) || value.length < MIN_SECRET_LENGTH || PLACEHOLDER.test(value)) return;
    const f = groupFinding(m, 2, name);
    if (f) {
      seen.add(f.start);
      out.push(f);
    }
  });
  eachMatch(KEY_VALUE, text, (m) => {
    const name = m[1] ?? "";
    const value = m[2] ?? "";
    if (!isSecretName(name.replace(/[.-]/g, "_")) || !plausibleToken(value)) return;
    const f = groupFinding(m, 2, name);
    if (f && !seen.has(f.start)) out.push(f);
  });
};
var RULES = [jwt, authHeader, bearer, pem, urlCredentials, npmAuth, secretAssignment];
function findSecrets(text) {
  const out = [];
  for (const rule of RULES) rule(text, out);
  return out;
}

// src/adapters/redactor.ts
var RedactionError = class extends Error {
  name = "RedactionError";
};
var FILTER_COMMENTS_ID = "@secretlint/secretlint-rule-filter-comments";
var AWS_ID = "@secretlint/secretlint-rule-aws";
var VIRTUAL_PATH = "/dev/null/intentops-redaction.txt";
var CANARY = `ghp_${"Zq7".repeat(12)}`;
async function loadScanner() {
  const [{ lintSource }, { rules }] = await Promise.all([
    import("./module-6FA6VNR6.js"),
    import("./module-QHZMP3ZC.js")
  ]);
  const config = {
    rules: rules.filter((rule) => rule.meta.id !== FILTER_COMMENTS_ID).map((rule) => ({
      id: rule.meta.id,
      rule,
      // AWS key id scanning is off by default; an access key id in a record is still worth hiding.
      ...rule.meta.id === AWS_ID ? { options: { enableIDScanRule: true } } : {}
    }))
  };
  return async (text) => {
    if (text.length === 0) return { spans: [], literals: [] };
    const result = await lintSource({
      source: { content: text, filePath: VIRTUAL_PATH, contentType: "text" },
      options: { config, noPhysicFilePath: true, maskSecrets: false }
    });
    const found = { spans: [], literals: [] };
    for (const m of result.messages) {
      found.spans.push({ start: m.range[0], end: m.range[1], label: m.ruleId });
      for (const value of reportedValues(m.data)) found.literals.push({ text: value, label: m.ruleId });
    }
    for (const f of findSecrets(text)) {
      found.spans.push({ start: f.start, end: f.end, label: f.label });
      if (f.literal) found.literals.push({ text: f.literal, label: f.label });
    }
    return found;
  };
}
var NOT_SECRET_DATA = /* @__PURE__ */ new Set(["FILE_NAME", "typeName"]);
function reportedValues(data, key = "") {
  if (typeof data === "string")
    return NOT_SECRET_DATA.has(key) || data.length < MIN_SECRET_LENGTH ? [] : [data];
  if (Array.isArray(data)) return data.flatMap((d) => reportedValues(d, key));
  if (data !== null && typeof data === "object")
    return Object.entries(data).flatMap(([k, v]) => reportedValues(v, k));
  return [];
}
function foundMatcher(literals) {
  return literalMatcher(
    literals.flatMap((n) => secretForms(n.text).map((text) => ({ text, label: n.label })))
  );
}
var reason = (e) => e instanceof Error ? e.message : String(e);
async function createRedactor(opts) {
  let scan;
  try {
    scan = await loadScanner();
    const found = await scan(`x ${CANARY} x`);
    if (!found.spans.some((s) => s.label.endsWith("secretlint-rule-github"))) {
      throw new Error("the recommended preset did not detect a GitHub token");
    }
  } catch (e) {
    throw new RedactionError(`secret scanner unavailable: ${reason(e)}`, { cause: e });
  }
  const needles = collectNeedles(opts.env, opts.extraSecrets);
  const replaceKnown = literalReplacer(needles);
  const scanSafely = async (text) => {
    try {
      return await scan(text);
    } catch (e) {
      throw new RedactionError(`secret scan failed: ${reason(e)}`, { cause: e });
    }
  };
  return {
    literals: literalMatcher(needles),
    async redactText(s) {
      const known = replaceKnown(s);
      const found = await scanSafely(known);
      const everywhere = foundMatcher(found.literals);
      return replaceSpans(known, [...found.spans, ...literalSpans(everywhere, known)]);
    },
    async redactDeep(value) {
      const parts = [];
      try {
        mapStringsDeep(value, (s) => {
          parts.push(replaceKnown(s));
          return s;
        });
      } catch (e) {
        throw new RedactionError(`cannot redact value: ${reason(e)}`, { cause: e });
      }
      const { text, starts } = joinForScan(parts);
      const found = await scanSafely(text);
      const perPart = splitSpans(found.spans, parts, starts);
      const everywhere = foundMatcher(found.literals);
      let i = 0;
      return mapStringsDeep(value, () => {
        const index = i++;
        const part = parts[index];
        const spans = [...perPart[index] ?? [], ...literalSpans(everywhere, part)];
        return spans.length === 0 ? part : replaceSpans(part, spans);
      });
    }
  };
}

// src/domain/record-queries.ts
function recordQueries(plan) {
  const out = {};
  const o = plan.observe;
  if (o?.prometheus && Object.keys(o.prometheus.queries).length) out.prometheus = { ...o.prometheus.queries };
  if (o?.loki) out.loki = { selector: o.loki.selector, error_pattern: o.loki.errorPattern };
  if (o?.kubernetes) {
    out.kubernetes = {
      namespace: o.kubernetes.namespace,
      selector: o.kubernetes.selector,
      ...o.kubernetes.deployment ? { deployment: o.kubernetes.deployment } : {}
    };
  }
  if (o?.velero) out.velero = { namespace: o.velero.namespace };
  if (plan.captures.length) out.captures = Object.fromEntries(plan.captures.map((c) => [c.key, c.command]));
  return Object.keys(out).length ? out : void 0;
}

// src/app/capture.ts
function parseNumber(output) {
  const m = /^\s*(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)/i.exec(output);
  return m ? Number(m[1]) : void 0;
}
function setPath(target, key, value) {
  const [head, ...rest] = key.split(".");
  if (!head) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  if (typeof target[head] !== "object" || target[head] === null) target[head] = {};
  const child = target[head];
  setPath(child, rest.join("."), value);
}
async function takeSnapshot(captures, ports, opts) {
  if (captures.length === 0) return null;
  const snapshot2 = {};
  const unavailable = [];
  await Promise.all(
    captures.map(async (c) => {
      const res = await ports.runProcess({
        command: c.command,
        cwd: opts.cwd,
        env: opts.env,
        timeoutMs: c.timeoutMs,
        ...opts.signal ? { signal: opts.signal } : {}
      });
      const failed = res.error ?? (res.timedOut ? `timed out after ${c.timeoutMs} ms` : res.exitCode !== 0 ? `exit ${res.exitCode}` : void 0);
      if (failed) {
        unavailable.push({
          source: c.key,
          reason: `${failed}${res.stderr ? `: ${res.stderr.trim().slice(-200)}` : ""}`
        });
        if (c.kind === "number") setPath(snapshot2, c.key, null);
        return;
      }
      if (c.kind === "lines") {
        setPath(
          snapshot2,
          c.key,
          res.stdout.split("\n").filter(Boolean).slice(-(c.lines ?? 50))
        );
        return;
      }
      const n = parseNumber(res.stdout);
      if (n === void 0)
        unavailable.push({
          source: c.key,
          reason: `not a number: ${JSON.stringify(res.stdout.trim().slice(0, 80))}`
        });
      setPath(snapshot2, c.key, n ?? null);
    })
  );
  if (unavailable.length) snapshot2.unavailable = unavailable.sort((a, b) => a.source.localeCompare(b.source));
  return snapshot2;
}

// src/app/observe/deadline.ts
var DeadlineError = class extends Error {
  name = "DeadlineError";
};
async function withDeadline(ms, outer, work) {
  const controller = new AbortController();
  const onOuter = () => controller.abort(outer?.reason);
  outer?.addEventListener("abort", onOuter, { once: true });
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => {
      const err = new DeadlineError(`no answer within ${ms} ms`);
      controller.abort(err);
      reject(err);
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", onOuter);
  }
}
function reasonOf(err) {
  if (err instanceof Error) {
    const kind = err.kind;
    return kind && !err.message.startsWith(kind) ? `${kind}: ${err.message}` : err.message;
  }
  return String(err);
}

// src/app/observe/probes.ts
var BODY_LIMIT = 64 * 1024;
var WHERE = {
  waiting: "state.waiting.reason",
  terminated: "state.terminated.reason",
  lastTerminated: "lastState.terminated.reason"
};
function ageText(ms) {
  const h = ms / 36e5;
  return h >= 1 ? `${h.toFixed(1)}h old` : `${Math.round(ms / 6e4)}m old`;
}
async function answer(probe, expected, o, signal, timeoutMs, now) {
  switch (probe.kind) {
    case "pods_ready": {
      const pods = await (await o.kube()).pods(probe.namespace, probe.selector, { signal, timeoutMs });
      const ready = pods.filter((p) => p.phase === "Running" && p.ready).length;
      return {
        output: `${ready}/${pods.length} pods ready`,
        matched: pods.length > 0 && ready === pods.length,
        exitCode: 0
      };
    }
    case "prometheus": {
      const r = await o.prometheus(probe.url).instantQuery(probe.query, { signal });
      const output = r.value === null ? "no data" : String(r.value);
      return { output, matched: r.value !== null && matchesExpected(output, expected), exitCode: 0 };
    }
    case "http": {
      const res = await o.fetch(probe.url, { signal, redirect: "manual" });
      const body = probe.body === void 0 ? "" : (await res.text()).slice(0, BODY_LIMIT);
      const bodyOk = probe.body === void 0 || matchesExpected(body, probe.body);
      return {
        output: `${res.status}${probe.body === void 0 ? "" : ` ${body.trim().slice(0, 200)}`}`,
        matched: res.status === probe.status && bodyOk,
        exitCode: 0
      };
    }
    case "velero": {
      const [newest] = await (await o.kube()).backups(probe.namespace, { signal, timeoutMs });
      if (!newest) return { output: "no backups", matched: false, exitCode: 0 };
      const age = newest.completed ? now.getTime() - Date.parse(newest.completed) : null;
      return {
        output: `${newest.name}: ${newest.phase}${age === null ? ", not completed" : `, ${ageText(age)}`}`,
        matched: newest.phase === "Completed" && age !== null && age <= probe.maxAgeMs,
        exitCode: 0
      };
    }
  }
}
async function probeOnce(probe, expected, o, opts) {
  try {
    return await withDeadline(
      opts.timeoutMs,
      opts.signal,
      (s) => answer(probe, expected, o, s, opts.timeoutMs, opts.now)
    );
  } catch (err) {
    return { output: `unavailable: ${reasonOf(err)}`, matched: false, exitCode: null };
  }
}
async function revisionHash(target, kube, call) {
  if (!kube.currentTemplateHash) return void 0;
  const name = target.deployment ?? await kube.deployments(target.namespace, target.selector, void 0, call).then((d) => d.length === 1 ? d[0]?.name : void 0);
  return name ? kube.currentTemplateHash(target.namespace, name, call) : void 0;
}
function podIndicatorsSeen(plan, pods, scope) {
  return podIndicators(pods, scope).flatMap(
    (r) => findIndicators(r.reason, plan.indicators).map((hit) => ({
      pattern: hit.pattern,
      severity: hit.severity,
      source: `pod:${r.pod}/${r.container}`,
      line: `${WHERE[r.where]}=${r.reason}`
    }))
  );
}
async function clusterIndicators(plan, target, o, opts) {
  if (plan.indicators.length === 0) return [];
  try {
    const { pods, events, templateHash } = await withDeadline(opts.timeoutMs, opts.signal, async (signal) => {
      const kube = await o.kube();
      const call = { signal, timeoutMs: opts.timeoutMs };
      const [pods2, templateHash2] = await Promise.all([
        opts.pods ?? kube.pods(target.namespace, target.selector, call),
        revisionHash(target, kube, call).catch(() => void 0)
      ]);
      const names = [...pods2.map((p) => p.name), ...target.deployment ? [target.deployment] : []];
      return {
        pods: pods2,
        templateHash: templateHash2,
        events: await kube.warningEvents(target.namespace, names, opts.since, call)
      };
    });
    const scope = { ...opts.since ? { since: opts.since } : {}, ...templateHash ? { templateHash } : {} };
    const fromPods = podIndicatorsSeen(plan, pods, scope);
    const fromEvents = events.flatMap(
      (e) => findIndicators(`${e.reason}: ${e.message}`, plan.indicators).map((hit) => ({
        pattern: hit.pattern,
        severity: hit.severity,
        source: `event:${e.object}`,
        line: `${e.reason}: ${e.message}`.slice(0, 300)
      }))
    );
    return [...fromPods, ...fromEvents];
  } catch {
    return [];
  }
}

// src/app/observe/pod-watch.ts
async function watchIndicators(plan, target, o, opts) {
  if (plan.indicators.length === 0) return void 0;
  try {
    return await withDeadline(
      opts.timeoutMs,
      opts.signal,
      (signal) => start(plan, target, o, { ...opts, signal })
    );
  } catch {
    return void 0;
  }
}
async function start(plan, target, o, opts) {
  const kube = await o.kube();
  if (!kube.watchPods) return void 0;
  const call = { timeoutMs: opts.timeoutMs, ...opts.signal ? { signal: opts.signal } : {} };
  const templateHash = await revisionHash(target, kube, call).catch(() => void 0);
  const scope = { ...opts.since ? { since: opts.since } : {}, ...templateHash ? { templateHash } : {} };
  const alarm = new AbortController();
  let first;
  const judge = (pods) => {
    if (first) return;
    first = podIndicatorsSeen(plan, pods, scope).find((h) => h.severity === "P1");
    if (first) alarm.abort();
  };
  const w = await kube.watchPods(target.namespace, target.selector, {
    ...call,
    pollMs: opts.pollMs,
    onChange: judge,
    ...opts.log ? { onFallback: (reason2) => opts.log?.(`  pods: ${reason2}; polling instead`) } : {}
  });
  judge(w.pods());
  return {
    pods: () => w.pods(),
    p1: () => first,
    alarm: alarm.signal,
    get mode() {
      return w.mode;
    },
    close: () => w.close()
  };
}

// src/app/checks.ts
var ATTEMPT_OUTPUT_LIMIT = 2e3;
function toSeen(hits, source) {
  return hits.map((h) => ({ pattern: h.pattern, severity: h.severity, source, line: h.line }));
}
async function attempt(check, ports, opts) {
  if (check.probe) {
    const r = await probeOnce(check.probe, check.expected, ports.observers, {
      timeoutMs: opts.timeoutMs,
      now: ports.now(),
      ...opts.signal ? { signal: opts.signal } : {}
    });
    return { ...r, text: r.output };
  }
  const res = await ports.runProcess({
    command: check.command,
    cwd: opts.cwd,
    env: opts.env,
    timeoutMs: opts.timeoutMs,
    ...opts.signal ? { signal: opts.signal } : {}
  });
  const output = res.stdout.trim();
  return {
    output,
    matched: res.exitCode === 0 && matchesExpected(output, check.expected),
    exitCode: res.exitCode,
    text: `${res.stdout}
${res.stderr}`
  };
}
async function pollCheck(check, plan, ports, opts) {
  const started = ports.now().getTime();
  const deadline = started + check.timeoutMs;
  const attempts = [];
  const indicators = [];
  const seenPatterns = /* @__PURE__ */ new Set();
  let result = "timeout";
  const watched = () => {
    const p1 = opts.watch?.p1();
    if (!p1 || seenPatterns.has(`${p1.pattern}\0${p1.source}`)) return p1;
    seenPatterns.add(`${p1.pattern}\0${p1.source}`);
    indicators.push(p1);
    return p1;
  };
  const wake = opts.watch ? opts.signal ? AbortSignal.any([opts.signal, opts.watch.alarm]) : opts.watch.alarm : opts.signal;
  for (; ; ) {
    const early = attempts.length > 0 ? watched() : void 0;
    if (early) {
      result = "fail";
      return { result: finish(), indicators, p1: early };
    }
    const left = Math.max(1, deadline - ports.now().getTime());
    const [res, cluster] = await Promise.all([
      attempt(check, ports, { ...opts, timeoutMs: left }),
      plan.observe?.kubernetes ? clusterIndicators(plan, plan.observe.kubernetes, ports.observers, {
        timeoutMs: Math.min(left, plan.observe.timeoutMs),
        ...opts.signal ? { signal: opts.signal } : {},
        ...opts.since ? { since: opts.since } : {},
        ...opts.watch ? { pods: opts.watch.pods() } : {}
      }) : []
    ]);
    attempts.push({
      at: ports.now().toISOString(),
      exit_code: res.exitCode,
      output: res.output.slice(-ATTEMPT_OUTPUT_LIMIT),
      matched: res.matched
    });
    const matched = res.matched;
    const hits = [
      ...toSeen(findIndicators(res.text, plan.indicators), `check:${check.name}`),
      ...cluster
    ].filter((h) => !seenPatterns.has(`${h.pattern}\0${h.source}`));
    for (const h of hits) seenPatterns.add(`${h.pattern}\0${h.source}`);
    indicators.push(...hits);
    const p1 = hits.find((h) => h.severity === "P1");
    if (matched) {
      result = "pass";
      break;
    }
    if (p1) {
      result = "fail";
      return { result: finish(), indicators, p1 };
    }
    if (opts.signal?.aborted) {
      result = "fail";
      break;
    }
    if (ports.now().getTime() + check.intervalMs >= deadline) break;
    await ports.sleep(check.intervalMs, wake);
  }
  return { result: finish(), indicators };
  function finish() {
    return {
      name: check.name,
      cmd: check.command,
      expected: check.expectedText,
      result,
      duration: formatSeconds(ports.now().getTime() - started),
      attempts
    };
  }
}
async function runChecks(plan, ports, opts) {
  const target = plan.observe?.kubernetes;
  const own = !opts.watch && target && plan.checks.length > 0 && plan.observe ? await watchIndicators(plan, target, ports.observers, {
    timeoutMs: plan.observe.timeoutMs,
    pollMs: Math.min(5e3, ...plan.checks.map((c) => c.intervalMs)),
    log: ports.log,
    ...opts.since ? { since: opts.since } : {},
    ...opts.signal ? { signal: opts.signal } : {}
  }) : void 0;
  try {
    return await checkAll(plan, ports, own ? { ...opts, watch: own } : opts);
  } finally {
    own?.close();
  }
}
async function checkAll(plan, ports, opts) {
  const out = { results: [], indicators: [] };
  for (const check of plan.checks) {
    if (out.stoppedBy || opts.signal?.aborted) {
      out.results.push({
        name: check.name,
        cmd: check.command,
        expected: check.expectedText,
        result: "skipped",
        duration: "0s",
        attempts: []
      });
      continue;
    }
    ports.log(
      `  check ${check.name}: polling for ${check.expectedText} (timeout ${formatSeconds(check.timeoutMs)})`
    );
    const r = await pollCheck(check, plan, ports, opts);
    out.results.push(r.result);
    out.indicators.push(...r.indicators);
    if (r.p1) out.stoppedBy = r.p1;
    const last = r.result.attempts.at(-1);
    ports.log(
      `  check ${check.name}: ${r.result.result} after ${r.result.attempts.length} attempt(s)${last ? `, last output ${JSON.stringify(last.output.slice(0, 60))}` : ""}${r.p1 ? ` \u2014 ${r.p1.severity} indicator ${r.p1.pattern} ended the wait` : ""}`
    );
  }
  return out;
}
async function runPrechecks(plan, ports, opts) {
  const results = [];
  for (const pre of plan.prechecks) {
    const r = await pollCheck({ ...pre, intervalMs: pre.timeoutMs }, plan, ports, opts);
    const result = {
      ...r.result,
      name: `${pre.policy}/${pre.name}`,
      result: r.result.result === "pass" ? "pass" : "fail"
    };
    results.push(result);
    const last = result.attempts.at(-1);
    ports.log(
      `  precheck ${result.name}: ${result.result}${last ? ` (output ${JSON.stringify(last.output.slice(0, 60))})` : ""}`
    );
    if (result.result !== "pass") {
      return {
        results,
        failed: `precheck '${pre.name}' of policy '${pre.policy}' failed: expected ${pre.expectedText}, got ${JSON.stringify(last?.output ?? "")}`
      };
    }
  }
  return { results };
}

// src/app/execute/step-env.ts
var BASE_ENV_NAMES = [
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "LANG",
  "LANGUAGE",
  "TZ",
  "TMPDIR",
  "TERM",
  // The kubeconfig file (the action writes its `kubeconfig` input to one): kubectl in steps uses
  // the same cluster and credentials as the Kubernetes observer.
  "KUBECONFIG",
  "CI",
  "GITHUB_ACTIONS",
  "GITHUB_REPOSITORY",
  "GITHUB_SHA",
  "GITHUB_RUN_ID",
  "GITHUB_RUN_ATTEMPT",
  "GITHUB_SERVER_URL",
  "RUNNER_TEMP",
  // The runner kills every process carrying its tracking id when the job ends: a process a step
  // leaves behind (even after a SIGKILL of intentops) does not outlive the job.
  "RUNNER_TRACKING_ID"
];
var BASE_ENV_PREFIX = /^LC_[A-Z]+$/;
function stepEnv(plan, own, host) {
  const env = {};
  for (const [name, value] of Object.entries(host)) {
    if (value !== void 0 && BASE_ENV_PREFIX.test(name)) env[name] = value;
  }
  for (const name of [...BASE_ENV_NAMES, ...plan.envPass ?? []]) {
    const value = host[name];
    if (value !== void 0) env[name] = value;
  }
  return { ...env, INTENTOPS_INTENT: plan.intent, ...own };
}
function isolatedPorts(ports, redactorReady) {
  return {
    ...ports,
    async runProcess(spec) {
      const redactor = await redactorReady;
      const res = await ports.runProcess({ ...spec, inheritEnv: false, scrub: redactor.literals });
      const [stdout, stderr, error] = await Promise.all([
        redactor.redactText(res.stdout),
        redactor.redactText(res.stderr),
        res.error === void 0 ? void 0 : redactor.redactText(res.error)
      ]);
      return { ...res, stdout, stderr, ...error === void 0 ? {} : { error } };
    }
  };
}

// src/app/observe/snapshot.ts
async function kubernetes(plan, o, signal) {
  const target = plan.kubernetes;
  if (!target) return {};
  const kube = await o.kube();
  const opts = { signal, timeoutMs: plan.timeoutMs };
  const [pods, deployments] = await Promise.all([
    kube.pods(target.namespace, target.selector, opts),
    kube.deployments(
      target.namespace,
      target.deployment ? void 0 : target.selector,
      target.deployment,
      opts
    )
  ]);
  const names = [...pods.map((p) => p.name), ...deployments.map((d) => d.name)];
  const events = await kube.warningEvents(target.namespace, names, void 0, opts);
  return {
    kubernetes: { pods, deployments, events },
    pod_restarts: pods.reduce((sum, p) => sum + p.restarts, 0)
  };
}
async function prometheus(plan, o, w, signal) {
  const p = plan.prometheus;
  if (!p) return {};
  const client = o.prometheus(p.url);
  const metrics = {};
  const detail = {};
  const unavailable = [];
  await Promise.all(
    Object.entries(p.queries).map(async ([name, query]) => {
      try {
        const r = await client.instantQuery(query, { time: w.now, signal });
        metrics[name] = r.value;
        detail[name] = {
          query,
          value: r.value,
          result_type: r.resultType,
          series: r.series,
          ...r.partial ? { partial: true, warnings: r.warnings } : {}
        };
      } catch (err) {
        metrics[name] = null;
        unavailable.push({ source: `prometheus:${name}`, reason: reasonOf(err) });
      }
    })
  );
  return { metrics, prometheus: detail, ...unavailable.length ? { unavailable } : {} };
}
async function loki(plan, o, w, signal) {
  const l = plan.loki;
  if (!l) return {};
  const client = o.loki(l.url);
  const end = w.phase === "before" ? w.runStart : w.now;
  const start2 = new Date(end.getTime() - l.windowMs);
  const [recent, errors] = await Promise.all([
    client.recentLines(l.selector, { limit: l.lines, start: start2, end, signal }),
    client.errorCount(l.selector, l.errorPattern, { start: start2, end, signal })
  ]);
  return {
    recent_logs: recent.lines,
    error_count: errors,
    loki: {
      selector: l.selector,
      error_pattern: l.errorPattern,
      window: { start: start2.toISOString(), end: end.toISOString() }
    }
  };
}
async function velero(plan, o, signal) {
  if (!plan.velero) return {};
  const kube = await o.kube();
  const backups = await kube.backups(plan.velero.namespace, { signal, timeoutMs: plan.timeoutMs });
  return {
    velero: { namespace: plan.velero.namespace, backups: backups.length, newest: backups[0] ?? null }
  };
}
function merge(into, part) {
  for (const [k, v] of Object.entries(part)) {
    if (k === "metrics") into.metrics = { ...into.metrics ?? {}, ...v };
    else if (k === "unavailable")
      into.unavailable = [...into.unavailable ?? [], ...v];
    else into[k] = v;
  }
}
async function observe(plan, o, w) {
  if (!plan) return {};
  const providers = [
    ["kubernetes", !!plan.kubernetes, (s) => kubernetes(plan, o, s)],
    ["prometheus", !!plan.prometheus, (s) => prometheus(plan, o, w, s)],
    ["loki", !!plan.loki, (s) => loki(plan, o, w, s)],
    ["velero", !!plan.velero, (s) => velero(plan, o, s)]
  ];
  const out = {};
  const results = await Promise.allSettled(
    providers.filter(([, on]) => on).map(async ([name, , run]) => {
      try {
        return await withDeadline(plan.timeoutMs, w.signal, run);
      } catch (err) {
        throw Object.assign(new Error(reasonOf(err)), { provider: name });
      }
    })
  );
  for (const r of results) {
    if (r.status === "fulfilled") merge(out, r.value);
    else
      merge(out, {
        unavailable: [
          { source: r.reason.provider, reason: r.reason.message }
        ]
      });
  }
  if (out.unavailable) out.unavailable.sort((a, b) => a.source.localeCompare(b.source));
  return out;
}

// src/app/execute.ts
async function runSteps(plan, ports, input) {
  const runs = [];
  const indicators = [];
  let failed;
  for (const step of plan.steps) {
    if (input.signal?.aborted) break;
    ports.log(
      `  step ${step.name}: ${typeof step.command === "string" ? step.command : JSON.stringify(step.command)}`
    );
    const seen = /* @__PURE__ */ new Set();
    const res = await ports.runProcess({
      command: step.command,
      cwd: input.cwd,
      env: stepEnv(plan, step.env, input.hostEnv ?? process.env),
      timeoutMs: step.timeoutMs,
      ...input.signal ? { signal: input.signal } : {},
      onLine: (line) => {
        for (const hit of toSeen(findIndicators(line, plan.indicators), `step:${step.name}`)) {
          if (seen.has(hit.pattern)) continue;
          seen.add(hit.pattern);
          indicators.push(hit);
        }
      }
    });
    runs.push({
      step: step.name,
      cmd: step.command,
      exit_code: res.exitCode,
      duration: formatSeconds(res.durationMs),
      ...res.timedOut ? { timed_out: true } : {},
      ...res.cancelled ? { cancelled: true } : {},
      ...res.signal ? { signal: res.signal } : {},
      ...res.error ? { error: res.error } : {},
      output_bytes: res.stdoutBytes + res.stderrBytes,
      stdout_tail: res.stdout,
      stderr_tail: res.stderr,
      ...step.continueOnError ? { continue_on_error: true } : {}
    });
    const ok = res.exitCode === 0 && !res.timedOut && !res.cancelled;
    const ending = stepEnding({
      exit_code: res.exitCode,
      ...res.error ? { error: res.error } : {},
      timed_out: res.timedOut,
      cancelled: res.cancelled
    });
    ports.log(`  step ${step.name}: ${ok ? "ok" : ending} (${formatSeconds(res.durationMs)})`);
    if (!ok && !res.cancelled) for (const line of lastLines(res.stderr)) ports.log(`    \u2502 ${line}`);
    if (!ok && !step.continueOnError && !res.cancelled) {
      failed = `step '${step.name}' ${res.timedOut ? `timed out after ${formatSeconds(step.timeoutMs)}` : `failed (${ending})`}`;
      break;
    }
  }
  return { runs, indicators, failed };
}
async function snapshot(plan, ports, ctx, window) {
  if (plan.captures.length === 0 && !plan.observe) return null;
  const [commands, providers] = await Promise.all([
    takeSnapshot(plan.captures, ports, ctx),
    observe(plan.observe, ports.observers, { ...window, ...ctx.signal ? { signal: ctx.signal } : {} })
  ]);
  const merged = { ...providers, ...commands ?? {} };
  if (providers.metrics || commands?.metrics) merged.metrics = { ...providers.metrics, ...commands?.metrics };
  const unavailable = [...providers.unavailable ?? [], ...commands?.unavailable ?? []];
  if (unavailable.length) merged.unavailable = unavailable.sort((a, b) => a.source.localeCompare(b.source));
  return merged;
}
async function executePlan(input, outerPorts, stores, redactorReady) {
  const ports = isolatedPorts(outerPorts, redactorReady);
  const { plan } = input;
  const started = ports.now();
  const id = input.id ?? executionId({
    at: started,
    intent: plan.intent,
    ...targetOf(plan.params) ? { target: targetOf(plan.params) } : {},
    unique: `${input.request.path}\0${input.request.commit ?? ""}\0${started.getTime()}\0${process.pid}`
  });
  const env = stepEnv(plan, {}, input.hostEnv ?? process.env);
  const ctx = { cwd: input.cwd, env, ...input.signal ? { signal: input.signal } : {} };
  ports.log(`\u25B6 ${id}`);
  const before = await snapshot(plan, ports, ctx, { phase: "before", runStart: started, now: started });
  const redactor = await redactorReady;
  const pre = await runPrechecks(plan, ports, ctx);
  const steps = pre.failed ? { runs: [], indicators: [], failed: pre.failed } : await runSteps(plan, ports, input);
  const checks = steps.failed || input.signal?.aborted ? { results: [], indicators: [], stoppedBy: void 0 } : await runChecks(plan, ports, { ...ctx, since: started });
  const after = input.signal?.aborted ? null : await snapshot(plan, ports, ctx, { phase: "after", runStart: started, now: ports.now() });
  const indicators = [...steps.indicators, ...checks.indicators];
  const p1 = indicators.find((i) => i.severity === "P1");
  const failedCheck = checks.results.find((c) => c.result !== "pass");
  let status = "success";
  let statusReason;
  if (input.signal?.aborted) [status, statusReason] = ["cancelled", CANCELLED_REASON];
  else if (steps.failed) [status, statusReason] = ["failed", steps.failed];
  else if (p1)
    [status, statusReason] = ["failed", `${p1.severity} failure indicator '${p1.pattern}' in ${p1.source}`];
  else if (failedCheck)
    [status, statusReason] = ["failed", `check '${failedCheck.name}' ${failedCheck.result}`];
  const queries = recordQueries(plan);
  const base = {
    id,
    timestamp: started.toISOString(),
    intent: plan.intent,
    params: plan.params,
    request: input.request,
    ...input.run ? { run: input.run } : {},
    ...input.retryOf ? { retry_of: input.retryOf } : {},
    before,
    ...pre.results.length ? { prechecks: pre.results } : {},
    commands_run: steps.runs,
    after,
    outcome_checks: Object.fromEntries(checks.results.map((c) => [c.name, c.result])),
    checks: checks.results,
    failure_indicators: indicators,
    policy: {
      verdict: plan.policy.verdict,
      reasons: plan.policy.results.map((r) => `${r.policy}/${r.rule}: ${r.outcome} \u2014 ${r.reason}`)
    },
    status,
    ...statusReason ? { status_reason: statusReason } : {},
    duration: formatSeconds(ports.now().getTime() - started.getTime()),
    ...plan.expectedDurationS !== void 0 ? { expected_duration: `${plan.expectedDurationS}s` } : {},
    ...input.approvals ? { approvals: input.approvals } : {},
    ...queries ? { queries } : {},
    tool: { name: "intentops", version: input.toolVersion },
    catalog_digest: input.catalogDigest,
    prev_digest: input.prevDigest
  };
  const redacted = await redactor.redactDeep(base);
  const detection = input.signal?.aborted ? { anomalies: [], notEvaluated: [], evaluated: [] } : detect(plan.rules, redacted);
  const path = recordPath(redacted);
  const drafts = detection.anomalies.filter((a) => a.action === "create_incident_draft");
  const unsigned = {
    ...redacted,
    anomalies: detection.anomalies,
    rules_not_evaluated: detection.notEvaluated,
    ...input.signal?.aborted ? {} : { rules_evaluated: detection.evaluated },
    drafts: []
  };
  for (const a of detection.anomalies) {
    ports.log(
      `  anomaly ${a.rule} (${a.severity}) \u2192 ${a.action}: ${a.condition} with ${JSON.stringify(a.inputs)}`
    );
  }
  for (const anomaly of drafts) {
    unsigned.drafts.push(await stores.upsertDraft({ record: unsigned, anomaly, recordRef: `../../${path}` }));
  }
  const record = sealRecord(unsigned);
  const written = await stores.writeRecord(record);
  await stores.logAnomalies(
    detection.anomalies.map((a) => ({
      at: record.timestamp,
      execution: id,
      intent: plan.intent,
      target: targetOf(plan.params) ?? null,
      rule: a.rule,
      severity: a.severity,
      action: a.action,
      inputs: a.inputs
    }))
  );
  return { record, path: written };
}

export {
  DraftStore,
  createRedactor,
  probeOnce,
  stepEnv,
  isolatedPorts,
  snapshot,
  executePlan
};
