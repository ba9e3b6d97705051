import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  CHART_SCRIPT,
  buildReport,
  sinceDate
} from "./chunk-VNUE6U7Y.js";
import "./chunk-F4CLVQS3.js";
import "./chunk-2PB7EKOP.js";
import "./chunk-ECU5Z6HK.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-P454KSOG.js";
import "./chunk-FUILN6RE.js";
import "./chunk-ISCBKPWA.js";
import {
  InputError
} from "./chunk-OPNGBO4A.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-7E55XGKX.js";

// src/cli/report-command.ts
import { resolve as resolve2 } from "node:path";

// src/adapters/report-site.ts
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve, sep } from "node:path";
var WRITE_BATCH = 32;
var ReportWriteError = class extends Error {
  name = "ReportWriteError";
};
function chartJsUmdPath() {
  const main = createRequire(import.meta.url).resolve("chart.js");
  return join(dirname(main), "chart.umd.min.js");
}
async function writeReportSite(outDir, pages, chartFile) {
  const root = resolve(outDir);
  const entries = [...pages].map(([rel, text]) => {
    const target = resolve(root, rel);
    if (!target.startsWith(root + sep)) throw new ReportWriteError(`page path ${rel} leaves ${root}`);
    return { rel, target, text };
  });
  for (const dir of new Set(entries.map((e) => dirname(e.target)))) await mkdir(dir, { recursive: true });
  for (let i = 0; i < entries.length; i += WRITE_BATCH) {
    await Promise.all(entries.slice(i, i + WRITE_BATCH).map((e) => writeFile(e.target, e.text)));
  }
  const written = entries.map((e) => e.rel);
  try {
    await copyFile(chartJsUmdPath(), join(root, chartFile));
  } catch (err) {
    throw new ReportWriteError(`cannot copy Chart.js into ${root}: ${err.message}`);
  }
  written.push(chartFile);
  return written;
}

// src/cli/report-command.ts
async function reportCommand(g, o) {
  const now = /* @__PURE__ */ new Date();
  const since = sinceDate(o.since, now);
  const site = await buildReport({ repoDir: g.repo, now, ...since ? { since } : {} });
  const out = resolve2(o.out);
  const files = await writeReportSite(out, site.pages, CHART_SCRIPT).catch((err) => {
    if (err.code && ["ENOTDIR", "EEXIST", "EACCES", "EROFS", "EISDIR"].includes(err.code)) {
      throw new InputError([
        { file: "--out", severity: "error", message: `cannot write the report into ${out}: ${err.message}` }
      ]);
    }
    throw err;
  });
  for (const s of site.skipped) process.stderr.write(`skipped ${s.path}: ${s.reason}
`);
  const summary = {
    out,
    index: `${out}/index.html`,
    files: files.length,
    executions: site.model.executions.length,
    skipped: site.skipped
  };
  process.stdout.write(
    g.json ? `${JSON.stringify(summary, null, 2)}
` : `wrote ${files.length} files to ${out} (${summary.executions} executions): open ${summary.index}
`
  );
  return 0;
}
export {
  reportCommand
};
