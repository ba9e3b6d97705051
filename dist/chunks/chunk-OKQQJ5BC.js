import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  checkCondition,
  metricsRead
} from "./chunk-AAUYX2DP.js";
import {
  checkParamValue,
  planObserve,
  planProbe,
  prepareRequest,
  require_dist
} from "./chunk-CCPQRHZZ.js";
import {
  placeholders,
  renderArgv,
  renderShell
} from "./chunk-XSOKI6J7.js";
import {
  diagnosticAt,
  loadRepo,
  stem
} from "./chunk-XHNTYNXM.js";
import {
  durationSeconds
} from "./chunk-DCFT4VMQ.js";
import {
  TemplateError
} from "./chunk-OPNGBO4A.js";
import {
  __toESM
} from "./chunk-7E55XGKX.js";

// src/app/validate.ts
import { readdir } from "node:fs/promises";
import { join } from "node:path";

// src/domain/did-you-mean.ts
function distance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        prev[j] + 1,
        cur[j - 1] + 1,
        prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
      );
    }
    prev = cur;
  }
  return prev[b.length];
}
function didYouMean(name, known) {
  let best;
  for (const k of known) {
    const d = distance(name, k);
    if (!best || d < best.d) best = { name: k, d };
  }
  return best && best.d <= Math.max(2, Math.floor(name.length / 3)) ? best.name : void 0;
}

// src/domain/policy-check.ts
var import_cron_parser = __toESM(require_dist(), 1);
var DAY_MS = 864e5;
var HORIZON_MS = 35 * DAY_MS;
var MAX_JUMPS = 1e3;
function describeCronError(cron, message) {
  return /day of month/i.test(message) ? `cron '${cron}' never fires (${message}): that day does not occur in the listed month(s), so the window never opens` : `invalid cron expression '${cron}': ${message}`;
}
function neverCloses(expr, now, durationMs) {
  expr.reset(now);
  let start = expr.prev().getTime();
  const end = now.getTime() + Math.max(HORIZON_MS, 3 * durationMs);
  for (let jumps = 0; start < end; jumps++) {
    if (jumps >= MAX_JUMPS) return void 0;
    expr.reset(new Date(start + durationMs + 1));
    const next = expr.prev().getTime();
    if (next <= start) return false;
    start = next;
  }
  return true;
}
function checkWindow(w, path, now) {
  let expr;
  try {
    expr = import_cron_parser.CronExpressionParser.parse(w.cron, { currentDate: now, tz: w.timezone ?? "UTC" });
    expr.next();
    expr.reset(now);
    expr.prev();
  } catch (err) {
    const message = err.message;
    return [{ path: [...path, "cron"], message: describeCronError(w.cron, message), severity: "error" }];
  }
  const durationMs = durationSeconds(w.duration) * 1e3;
  if (neverCloses(expr, now, durationMs)) {
    return [
      {
        path: [...path, "duration"],
        message: `window never closes: '${w.cron}' starts again before ${w.duration} have passed, so it holds nothing`,
        severity: "warning"
      }
    ];
  }
  return [];
}
function checkProposers(p, path) {
  const out = [];
  for (const key of ["allow", "deny"]) {
    const list = p.proposers?.[key];
    if (!list) continue;
    if (list.length === 0) {
      out.push({
        path: [...path, "proposers", key],
        message: key === "allow" ? 'proposers.allow is empty: it denies every proposer; to forbid all, say deny: ["*"]' : "proposers.deny is empty: it denies nobody; remove it",
        severity: key === "allow" ? "error" : "warning"
      });
    }
    list.forEach((pattern, i) => {
      if (pattern.trim() === "")
        out.push({
          path: [...path, "proposers", key, i],
          message: `proposers.${key} pattern is blank: it matches no login or agent`,
          severity: "error"
        });
    });
  }
  return out;
}
function matchedIntents(p, intents) {
  return intents.filter((i) => p.match.intents?.includes(i.name) || p.match.risk?.includes(i.risk));
}
function checkParams(p, path, intents) {
  const matched = matchedIntents(p, intents);
  if (matched.length === 0) return [];
  return Object.keys(p.params ?? {}).flatMap((name) => {
    const without = matched.filter((i) => !i.params.includes(name)).map((i) => i.name);
    if (without.length === 0) return [];
    const at = [...path, "params", name];
    if (without.length === matched.length) {
      return [
        {
          path: at,
          message: `params allowlist names '${name}', which no intent this policy matches declares (${without.join(", ")})`,
          severity: "error"
        }
      ];
    }
    return [
      {
        path: at,
        message: `param '${name}' is not declared by ${without.join(", ")}: requests for them are always denied by this allowlist`,
        severity: "warning"
      }
    ];
  });
}
function checkPolicyFile(file, ctx) {
  return file.policies.flatMap((p, i) => {
    const path = ["policies", i];
    return [
      ...(p.windows ?? []).flatMap((w, j) => checkWindow(w, [...path, "windows", j], ctx.now)),
      ...checkProposers(p, path),
      ...ctx.intents ? checkParams(p, path, ctx.intents) : []
    ];
  });
}

// src/app/validate.ts
function checkCommand(l, path, cmd, intent) {
  const declared = Object.keys(intent.params ?? {});
  const texts = typeof cmd === "string" ? [cmd] : cmd;
  const undeclared = [...new Set(texts.flatMap((t) => placeholders(t)))].filter((p) => !declared.includes(p));
  if (undeclared.length) {
    return [
      diagnosticAt(
        l,
        path,
        `undeclared placeholder ${undeclared.map((p) => `{{${p}}}`).join(", ")}; intent '${intent.name}' declares: ${declared.join(", ") || "no params"}`
      )
    ];
  }
  const sample = Object.fromEntries(declared.map((p) => [p, "x"]));
  try {
    if (typeof cmd === "string") renderShell(cmd, sample);
    else renderArgv(cmd, sample);
    return [];
  } catch (err) {
    if (err instanceof TemplateError) return [diagnosticAt(l, path, err.message)];
    throw err;
  }
}
function sampleValues(intent) {
  return Object.fromEntries(Object.keys(intent.params ?? {}).map((p) => [p, "x"]));
}
function templateProblem(l, path, render) {
  try {
    render();
    return [];
  } catch (err) {
    if (err instanceof TemplateError) return [diagnosticAt(l, path, err.message)];
    throw err;
  }
}
function checkIntent(l) {
  const out = [];
  const intent = l.data;
  if (intent.name !== stem(l.path)) {
    out.push(diagnosticAt(l, ["name"], `intent name '${intent.name}' must match its file name '${stem(l.path)}'`));
  }
  for (const [name, spec] of Object.entries(intent.params ?? {})) {
    if (spec.default === void 0) continue;
    const problem = checkParamValue(name, spec, spec.default);
    if (problem) out.push(diagnosticAt(l, ["params", name, "default"], `default: ${problem}`));
  }
  intent.steps.forEach((s, i) => {
    out.push(...checkCommand(l, ["steps", i, "run"], s.run, intent));
    for (const [k, v] of Object.entries(s.env ?? {}))
      out.push(...checkCommand(l, ["steps", i, "env", k], [v], intent));
  });
  const c = intent.capture;
  for (const [name, m] of Object.entries(c?.metrics ?? {}))
    out.push(...checkCommand(l, ["capture", "metrics", name, "run"], m.run, intent));
  for (const key of ["error_count", "pod_restarts", "logs"]) {
    const spec = c?.[key];
    if (spec) out.push(...checkCommand(l, ["capture", key, "run"], spec.run, intent));
  }
  for (const key of ["kubernetes", "prometheus", "loki", "velero"]) {
    if (c?.[key])
      out.push(
        ...templateProblem(l, ["capture", key], () => planObserve({ [key]: c[key] }, sampleValues(intent)))
      );
  }
  return out;
}
function intentOfFile(catalog, l, what) {
  const name = l.data.intent ?? stem(l.path);
  const intent = catalog.intents.get(name);
  if (intent) return intent.data;
  const known = [...catalog.intents.keys()].sort().join(", ") || "none";
  return l.data.intent ? diagnosticAt(l, ["intent"], `${what} names unknown intent '${name}'; the catalog has: ${known}`) : {
    file: l.path,
    line: 1,
    col: 1,
    severity: "error",
    message: `${what} file is named after unknown intent '${name}'; the catalog has: ${known}`
  };
}
function capturedMetrics(intent) {
  const c = intent.capture;
  return [...Object.keys(c?.metrics ?? {}), ...Object.keys(c?.prometheus?.queries ?? {})];
}
function checkMetricsRead(catalog, l, path, rule, condition, intent) {
  const known = new Set(
    intent ? capturedMetrics(intent) : [...catalog.intents.values()].flatMap((i) => capturedMetrics(i.data))
  );
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const m of metricsRead(condition)) {
    if (known.has(m.name) || seen.has(m.name)) continue;
    seen.add(m.name);
    const guess = didYouMean(m.name, known);
    const where = intent ? `intent '${intent.name}' captures` : "the catalog's intents capture";
    const message = `rule '${rule}' reads ${m.key}, but ${where}: ${[...known].sort().join(", ") || "no metrics"}${guess ? `; did you mean '${guess}'?` : ""} (the rule would never fire)`;
    const d = conditionAt(l, path, condition, message, condition.indexOf(m.key));
    out.push(intent ? d : { ...d, severity: "warning" });
  }
  return out;
}
function conditionAt(l, path, condition, message, offset) {
  const d = diagnosticAt(l, path, message);
  if (offset === void 0 || offset < 0 || d.line === void 0 || d.col === void 0) return d;
  const line = l.source.text.split("\n")[d.line - 1] ?? "";
  const start = d.col - 1 + (line[d.col - 1] === '"' || line[d.col - 1] === "'" ? 1 : 0);
  return line.startsWith(condition, start) ? { ...d, col: start + offset + 1 } : d;
}
function checkPolicies(catalog, now) {
  const intents = [...catalog.intents.values()].map(({ data }) => ({
    name: data.name,
    risk: data.risk,
    params: Object.keys(data.params ?? {})
  }));
  return catalog.policies.flatMap(
    (l) => checkPolicyFile(l.data, { now, intents }).map((p) => ({
      ...diagnosticAt(l, p.path, p.message),
      severity: p.severity
    }))
  );
}
function checkCatalog(catalog, now) {
  const out = [];
  for (const l of catalog.intents.values()) out.push(...checkIntent(l));
  for (const l of catalog.outcomes) {
    const intent = intentOfFile(catalog, l, "outcome spec");
    if ("severity" in intent) {
      out.push(intent);
      continue;
    }
    l.data.outcomes.success.forEach((c, i) => {
      if (c.check !== void 0)
        out.push(...checkCommand(l, ["outcomes", "success", i, "check"], c.check, intent));
      else
        out.push(...templateProblem(l, ["outcomes", "success", i], () => planProbe(c, sampleValues(intent))));
    });
  }
  for (const l of catalog.rules) {
    let bound;
    if (!(stem(l.path) === "default" && !l.data.intent)) {
      const intent = intentOfFile(catalog, l, "anomaly rules");
      if ("severity" in intent) out.push(intent);
      else bound = intent;
    }
    l.data.anomaly_rules.forEach((r, i) => {
      const path = ["anomaly_rules", i, "condition"];
      const checked = checkCondition(r.condition);
      if (!checked.ok)
        out.push(conditionAt(l, path, r.condition, `rule '${r.name}': ${checked.message}`, checked.offset));
      else out.push(...checkMetricsRead(catalog, l, path, r.name, r.condition, bound));
    });
  }
  for (const l of catalog.policies) {
    l.data.policies.forEach((p, i) => {
      (p.match.intents ?? []).forEach((name, j) => {
        if (!catalog.intents.has(name)) {
          out.push(
            diagnosticAt(
              l,
              ["policies", i, "match", "intents", j],
              `policy '${p.name}' names unknown intent '${name}'`
            )
          );
        }
      });
    });
  }
  out.push(...checkPolicies(catalog, now));
  return out;
}
function unusedParams(catalog) {
  const out = [];
  for (const l of catalog.intents.values()) {
    const intent = l.data;
    const outcomes = catalog.outcomes.filter((o) => (o.data.intent ?? stem(o.path)) === intent.name);
    const text = JSON.stringify([intent.steps, intent.capture ?? {}, outcomes.map((o) => o.data)]);
    const used = new Set(placeholders(text.replaceAll('\\"', '"')));
    for (const name of Object.keys(intent.params ?? {})) {
      if (!used.has(name))
        out.push({
          ...diagnosticAt(
            l,
            ["params", name],
            `param '${name}' is declared but no step, capture or outcome check uses {{${name}}}`,
            "key"
          ),
          severity: "warning"
        });
    }
  }
  return out;
}
var YAML_FILE = /\.ya?ml$/;
async function repoWarnings(repoDir, catalog) {
  const out = [];
  const requests = await readdir(join(repoDir, "intents", "requests")).catch(() => []);
  for (const f of requests.sort()) {
    if (YAML_FILE.test(f) || f.startsWith(".") || f.toLowerCase().endsWith(".md")) continue;
    out.push({
      file: `intents/requests/${f}`,
      severity: "warning",
      message: "ignored: only files ending in .yaml or .yml (lowercase) are requests"
    });
  }
  if (!catalog.learning)
    out.push({
      file: "intents/learning.yaml",
      severity: "warning",
      message: "missing: `intentops learn` has no triggers and suggests nothing (see intents/learning.yaml in the intentops repository)"
    });
  return out;
}
function withoutFollowOns(diagnostics, catalog) {
  const broken = new Set(
    diagnostics.filter((d) => d.severity === "error" && /^intents\/catalog\/[^/]+\.ya?ml$/.test(d.file)).map((d) => stem(d.file)).filter((name) => !catalog.intents.has(name))
  );
  if (broken.size === 0) return diagnostics;
  return diagnostics.filter((d) => {
    const named = /unknown intent '([^']+)'/.exec(d.message)?.[1];
    if (named && broken.has(named) && !d.file.startsWith("intents/catalog/")) return false;
    return !d.message.includes("the catalog's intents capture");
  });
}
async function validate(repoDir, facts, only) {
  const loaded = await loadRepo(repoDir, only);
  const diagnostics = [...loaded.diagnostics, ...checkCatalog(loaded.catalog, facts.now)];
  if (!only && !loaded.diagnostics.some((d) => d.file === "intents/"))
    diagnostics.push(...unusedParams(loaded.catalog), ...await repoWarnings(repoDir, loaded.catalog));
  for (const req of loaded.catalog.requests)
    diagnostics.push(...prepareRequest(loaded.catalog, req, facts).diagnostics);
  const rootCauses = withoutFollowOns(diagnostics, loaded.catalog);
  const wanted = only ? new Set(only) : void 0;
  const shown = wanted ? rootCauses.filter((d) => wanted.has(d.file) || !d.file.startsWith("intents/requests/")) : rootCauses;
  shown.sort(
    (a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0)
  );
  return { diagnostics: shown, files: loaded.files, catalog: loaded.catalog };
}

export {
  validate
};
