import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  TemplateError,
  checkCondition,
  checkParamValue,
  formatSeconds,
  loadRepo,
  locate,
  placeholders,
  prepareRequest,
  renderArgv,
  renderShell,
  stem
} from "./chunk-AJBWUAOC.js";

// package.json
var package_default = {
  name: "intentops",
  version: "0.1.0",
  description: "GitOps repository bot: intents proposed as PRs, validated, planned, executed, observed, with anomalies drafted as incidents and policies learned from history",
  type: "module",
  license: "MIT",
  engines: {
    node: ">=20.19"
  },
  bin: {
    intentops: "dist/cli.js"
  },
  files: [
    "dist",
    "schemas",
    "intents",
    "action.yml"
  ],
  scripts: {
    start: "node dist/cli.js demo",
    bundle: "node scripts/bundle.mjs",
    "check-dist": "node scripts/bundle.mjs --check",
    schemas: "tsx scripts/gen-schemas.ts",
    typecheck: "tsc --noEmit",
    lint: "biome check .",
    format: "biome check --write .",
    test: "vitest run",
    bench: "node bench/run.mjs && tsx bench/run-overhead.ts",
    "check-schemas": "tsx scripts/gen-schemas.ts --check"
  },
  dependencies: {
    "@marcbachmann/cel-js": "^8.0.0",
    "@secretlint/core": "^11.7.1",
    "@secretlint/secretlint-rule-preset-recommend": "^11.7.1",
    commander: "^14.0.3",
    "cron-parser": "^5.10.6",
    execa: "^9.6.1",
    picomatch: "^4.0.7",
    tinyglobby: "^0.2.17",
    yaml: "^2.9.1",
    zod: "^4.6.7"
  },
  devDependencies: {
    "@biomejs/biome": "^2.6.8",
    "@types/node": "^20.19.43",
    "@types/picomatch": "^4.0.3",
    esbuild: "^0.28.2",
    "fast-check": "^4.10.2",
    tsx: "^4.23.15",
    typescript: "^7.0.2",
    vitest: "^4.1.12"
  }
};

// src/version.ts
var VERSION = package_default.version;

// src/app/format.ts
function showCommand(c) {
  return typeof c === "string" ? `$ ${c}` : `argv ${JSON.stringify(c)}`;
}
function formatPlan(plan, requestPath) {
  const lines = [
    `Plan for ${requestPath}: ${plan.intent} (risk ${plan.risk})`,
    `  params: ${Object.entries(plan.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ") || "none"}`
  ];
  if (plan.captures.length) {
    lines.push("Snapshots before and after:");
    for (const c of plan.captures) lines.push(`  - ${c.key}: ${showCommand(c.command)}`);
  }
  if (plan.prechecks.length) {
    lines.push("Prechecks (from policies; any failure stops the run before the first step):");
    for (const c of plan.prechecks)
      lines.push(`  - ${c.policy}/${c.name}: expect ${c.expectedText}  ${showCommand(c.command)}`);
  }
  lines.push("Steps:");
  plan.steps.forEach((s, i) => {
    lines.push(
      `  ${i + 1}. ${s.name} (timeout ${formatSeconds(s.timeoutMs)}${s.continueOnError ? ", continue on error" : ""})`
    );
    lines.push(`     ${showCommand(s.command)}`);
  });
  lines.push(plan.checks.length ? "Outcome checks:" : "Outcome checks: none");
  for (const c of plan.checks) {
    lines.push(
      `  - ${c.name}: expect ${c.expectedText} within ${formatSeconds(c.timeoutMs)} (every ${formatSeconds(c.intervalMs)})`
    );
    lines.push(`    ${showCommand(c.command)}`);
  }
  if (plan.indicators.length) {
    lines.push(
      `Failure indicators: ${plan.indicators.map((i) => `${i.pattern} (${i.severity})`).join(", ")}`
    );
  }
  lines.push(plan.rules.length ? "Anomaly rules:" : "Anomaly rules: none");
  for (const r of plan.rules)
    lines.push(`  - ${r.name} (${r.severity} \u2192 ${r.action}): ${r.condition}  [${r.file}]`);
  if (plan.expectedDurationS !== void 0) lines.push(`Expected duration: ${plan.expectedDurationS}s`);
  lines.push(
    `Policy: ${plan.policy.verdict.toUpperCase()}${plan.policy.matched.length ? ` (policies: ${plan.policy.matched.join(", ")})` : " (no policy matches)"}`
  );
  for (const r of plan.policy.results) lines.push(`  - ${r.policy}/${r.rule}: ${r.outcome} \u2014 ${r.reason}`);
  return lines.join("\n");
}
function formatResult(record, path) {
  const lines = [
    `${record.status === "success" ? "\u2714" : "\u2716"} ${record.intent} ${record.status} in ${record.duration}${record.status_reason ? ` \u2014 ${record.status_reason}` : ""}`
  ];
  for (const [name, result] of Object.entries(record.outcome_checks))
    lines.push(`  check ${name}: ${result}`);
  for (const i of record.failure_indicators)
    lines.push(`  indicator ${i.pattern} (${i.severity}) in ${i.source}`);
  for (const a of record.anomalies) lines.push(`  anomaly ${a.rule} (${a.severity}) \u2192 ${a.action}`);
  for (const r of record.rules_not_evaluated) lines.push(`  rule ${r.rule} not evaluated: ${r.reason}`);
  for (const d of record.drafts) lines.push(`  incident draft ${d.new ? "written" : "updated"}: ${d.path}`);
  lines.push(`  record: ${path}`);
  return lines.join("\n");
}

// src/app/validate.ts
function at(l, path, message, part = "value") {
  return { file: l.path, ...locate(l.source, path, part), message, severity: "error" };
}
function checkCommand(l, path, cmd, intent) {
  const declared = Object.keys(intent.params ?? {});
  const texts = typeof cmd === "string" ? [cmd] : cmd;
  const undeclared = [...new Set(texts.flatMap((t) => placeholders(t)))].filter((p) => !declared.includes(p));
  if (undeclared.length) {
    return [
      at(
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
    if (err instanceof TemplateError) return [at(l, path, err.message)];
    throw err;
  }
}
function checkIntent(l) {
  const out = [];
  const intent = l.data;
  if (intent.name !== stem(l.path)) {
    out.push(at(l, ["name"], `intent name '${intent.name}' must match its file name '${stem(l.path)}'`));
  }
  for (const [name, spec] of Object.entries(intent.params ?? {})) {
    if (spec.default === void 0) continue;
    const problem = checkParamValue(name, spec, spec.default);
    if (problem) out.push(at(l, ["params", name, "default"], `default: ${problem}`));
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
  return out;
}
function intentOfFile(catalog, l, what) {
  const name = l.data.intent ?? stem(l.path);
  const intent = catalog.intents.get(name);
  if (intent) return intent.data;
  const known = [...catalog.intents.keys()].sort().join(", ") || "none";
  return l.data.intent ? at(l, ["intent"], `${what} names unknown intent '${name}'; the catalog has: ${known}`) : {
    file: l.path,
    line: 1,
    col: 1,
    severity: "error",
    message: `${what} file is named after unknown intent '${name}'; the catalog has: ${known}`
  };
}
function checkCatalog(catalog) {
  const out = [];
  for (const l of catalog.intents.values()) out.push(...checkIntent(l));
  for (const l of catalog.outcomes) {
    const intent = intentOfFile(catalog, l, "outcome spec");
    if ("severity" in intent) {
      out.push(intent);
      continue;
    }
    l.data.outcomes.success.forEach((c, i) => {
      out.push(...checkCommand(l, ["outcomes", "success", i, "check"], c.check, intent));
    });
  }
  for (const l of catalog.rules) {
    if (!(stem(l.path) === "default" && !l.data.intent)) {
      const intent = intentOfFile(catalog, l, "anomaly rules");
      if ("severity" in intent) out.push(intent);
    }
    l.data.anomaly_rules.forEach((r, i) => {
      const checked = checkCondition(r.condition);
      if (!checked.ok)
        out.push(at(l, ["anomaly_rules", i, "condition"], `rule '${r.name}': ${checked.message}`));
    });
  }
  for (const l of catalog.policies) {
    l.data.policies.forEach((p, i) => {
      (p.match.intents ?? []).forEach((name, j) => {
        if (!catalog.intents.has(name)) {
          out.push(
            at(
              l,
              ["policies", i, "match", "intents", j],
              `policy '${p.name}' names unknown intent '${name}'`
            )
          );
        }
      });
    });
  }
  return out;
}
async function validate(repoDir, facts, only) {
  const loaded = await loadRepo(repoDir, only);
  const diagnostics = [...loaded.diagnostics, ...checkCatalog(loaded.catalog)];
  for (const req of loaded.catalog.requests)
    diagnostics.push(...prepareRequest(loaded.catalog, req, facts).diagnostics);
  const wanted = only ? new Set(only) : void 0;
  const shown = wanted ? diagnostics.filter((d) => wanted.has(d.file) || !d.file.startsWith("intents/requests/")) : diagnostics;
  shown.sort(
    (a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0)
  );
  return { diagnostics: shown, files: loaded.files, catalog: loaded.catalog };
}

export {
  VERSION,
  formatPlan,
  formatResult,
  validate
};
