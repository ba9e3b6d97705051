import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  CHART_SCRIPT,
  buildReport,
  writeReportSite
} from "./chunk-UG7SHXAL.js";
import {
  sinceDate
} from "./chunk-PC3ILPRW.js";
import "./chunk-PNMILFEU.js";
import "./chunk-JLCMCG2X.js";
import "./chunk-QXZVOJ7C.js";
import "./chunk-7KK4SKIM.js";
import "./chunk-FUILN6RE.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import {
  InputError
} from "./chunk-OPNGBO4A.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-7E55XGKX.js";

// src/cli/report-command.ts
import { resolve } from "node:path";
async function reportCommand(g, o) {
  const now = /* @__PURE__ */ new Date();
  const since = sinceDate(o.since, now);
  const site = await buildReport({ repoDir: g.repo, now, ...since ? { since } : {} });
  const out = resolve(o.out);
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
