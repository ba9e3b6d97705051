import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  CHART_SCRIPT,
  buildReport,
  writeReportSite
} from "./chunk-UG7SHXAL.js";
import {
  info,
  setOutput,
  warning,
  writeSummary
} from "./chunk-WHTSRQ4A.js";
import {
  durationSeconds
} from "./chunk-DCFT4VMQ.js";

// src/action/report-action.ts
import { resolve } from "node:path";
function sinceInput(since, now) {
  if (!since) return void 0;
  try {
    return new Date(now.getTime() - durationSeconds(since) * 1e3);
  } catch {
    throw new Error(`input 'since' must be a duration like 30d, got '${since}'`);
  }
}
async function reportAction(inputs) {
  const now = /* @__PURE__ */ new Date();
  const since = sinceInput(inputs.since, now);
  const site = await buildReport({ repoDir: inputs.repoPath, now, ...since ? { since } : {} });
  const out = resolve(inputs.out ?? "site");
  const files = await writeReportSite(out, site.pages, CHART_SCRIPT);
  for (const s of site.skipped) warning(`skipped ${s.path}: ${s.reason}`);
  setOutput("status", "written");
  setOutput("report-path", out);
  info(`wrote ${files.length} files to ${out} (${site.model.executions.length} executions)`);
  await writeSummary(
    `### intentops report: ${site.model.executions.length} execution(s), ${files.length} file(s)${site.skipped.length ? `, ${site.skipped.length} skipped` : ""}`
  );
}

export {
  sinceInput,
  reportAction
};
