import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  info,
  summary
} from "./chunk-2URKVBSQ.js";

// src/action/summary.ts
var ICON = {
  success: "\u2705",
  failed: "\u274C",
  denied: "\u26D4",
  cancelled: "\u23F9\uFE0F",
  skipped: "\u23ED\uFE0F",
  pass: "\u2705",
  fail: "\u274C",
  timeout: "\u23F1\uFE0F",
  valid: "\u2705",
  invalid: "\u274C"
};
var icon = (status) => ICON[status] ?? "";
function cell(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|").replace(/`/g, "'").replace(/\r?\n/g, "<br>");
}
function markdownTable(headers, rows) {
  return [
    `| ${headers.join(" | ")} |`,
    `|${headers.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`)
  ].join("\n");
}
function recordLink(inputs, path) {
  return `${inputs.serverUrl}/${inputs.owner}/${inputs.repo}/blob/HEAD/${path}`;
}
function link(inputs, target, text) {
  const href = /^https?:\/\//.test(target) ? target : recordLink(inputs, target);
  return `[${cell(text)}](${encodeURI(href).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)})`;
}
function outcomeCells(rec, inputs) {
  if (!rec) return { checks: "", indicators: "", anomalies: "", incidents: "" };
  return {
    checks: Object.entries(rec.outcome_checks).map(([k, v]) => `${icon(v)} ${cell(k)}: ${cell(v)}`).join("<br>"),
    indicators: rec.failure_indicators.map((i) => `${cell(i.pattern)} (${i.severity}) in ${cell(i.source)}`).join("<br>"),
    anomalies: rec.anomalies.map((a) => `${cell(a.rule)} (${a.severity}): ${cell(JSON.stringify(a.inputs))}`).join("<br>"),
    incidents: rec.drafts.map((d) => link(inputs, d.path, d.path.split("/").pop() ?? d.path)).join("<br>")
  };
}
function resultsTable(results, inputs) {
  if (results.length === 0) return "## intentops\n\nThis push added no requests.\n";
  const rows = results.map((r) => {
    const o = outcomeCells(r.record, inputs);
    return [
      `\`${cell(r.path)}\``,
      `${icon(r.status)} ${r.status}`,
      r.record?.duration ?? "",
      o.checks,
      o.indicators,
      o.anomalies,
      o.incidents,
      r.recordPath ? link(inputs, r.recordPath, r.recordPath.split("/").pop() ?? r.recordPath) : ""
    ];
  });
  return [
    "## intentops",
    "",
    markdownTable(
      ["request", "status", "duration", "checks", "failure indicators", "anomalies", "incidents", "record"],
      rows
    ),
    ""
  ].join("\n");
}
function validateSummary(diagnostics, valid) {
  const head = `## intentops validate \u2014 ${icon(valid ? "valid" : "invalid")} ${valid ? "valid" : "invalid"}
`;
  if (diagnostics.length === 0) return `${head}
Every file under intents/ is valid.
`;
  return `${head}
${markdownTable(
    ["file", "line", "severity", "problem"],
    diagnostics.map((d) => [
      `\`${cell(d.file)}\``,
      d.line ? `${d.line}${d.col ? `:${d.col}` : ""}` : "",
      d.severity,
      cell(d.message)
    ])
  )}
`;
}
async function writeSummary(markdown) {
  try {
    await summary.addRaw(markdown, true).write();
  } catch (err) {
    info(`no job summary written: ${err.message}`);
  }
}

export {
  cell,
  recordLink,
  resultsTable,
  validateSummary,
  writeSummary
};
