import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  formatSeconds
} from "./chunk-VJDIPRZO.js";

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
    lint: "biome check --error-on-warnings .",
    format: "biome check --write .",
    test: "vitest run",
    bench: "node bench/run.mjs && tsx bench/run-overhead.ts",
    "check-schemas": "tsx scripts/gen-schemas.ts --check"
  },
  dependencies: {
    "@actions/core": "^3.0.1",
    "@actions/github": "^9.1.1",
    "@kubernetes/client-node": "~1.4.0",
    "@marcbachmann/cel-js": "^8.0.0",
    "@octokit/plugin-retry": "^8.1.1",
    "@octokit/plugin-throttling": "^11.0.5",
    "@octokit/rest": "^22.0.1",
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
    "@octokit/openapi": "^23.0.2",
    "@types/node": "^20.19.43",
    "@types/picomatch": "^4.0.3",
    ajv: "^8.20.0",
    "ajv-formats": "^3.0.1",
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

export {
  VERSION,
  formatPlan,
  formatResult
};
