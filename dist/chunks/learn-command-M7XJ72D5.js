import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  learnLocally
} from "./chunk-4NEOG6BB.js";
import {
  learn,
  ledgerReport,
  localTrust,
  runReport
} from "./chunk-3M3IEHQE.js";
import "./chunk-BUE77APU.js";
import "./chunk-NIJL7ULP.js";
import "./chunk-XMP6FIZN.js";
import {
  readLedger
} from "./chunk-IU2EQXC2.js";
import "./chunk-DDIIRV4K.js";
import {
  durationFlag
} from "./chunk-PC3ILPRW.js";
import "./chunk-3RZXW5BD.js";
import "./chunk-4HPX7IO7.js";
import "./chunk-OKQQJ5BC.js";
import "./chunk-AAUYX2DP.js";
import "./chunk-ALT7SGXU.js";
import "./chunk-7KK4SKIM.js";
import "./chunk-CCPQRHZZ.js";
import "./chunk-2VZISDBC.js";
import "./chunk-XSOKI6J7.js";
import "./chunk-XHNTYNXM.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-4BJPRUAX.js";
import "./chunk-FUILN6RE.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-7E55XGKX.js";

// src/domain/learn/line-diff.ts
var CONTEXT = 2;
function lineDiff(path, before, after) {
  const a = before === null ? [] : before.replace(/\n$/, "").split("\n");
  const b = after.replace(/\n$/, "").split("\n");
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail])
    tail++;
  const from = Math.max(0, head - CONTEXT);
  const lines = [`--- ${before === null ? "/dev/null" : `a/${path}`}`, `+++ b/${path}`];
  lines.push(
    `@@ -${a.length ? from + 1 : 0},${a.length - tail - from + Math.min(CONTEXT, tail)} +${from + 1},${b.length - tail - from + Math.min(CONTEXT, tail)} @@`
  );
  for (const l of a.slice(from, head)) lines.push(` ${l}`);
  for (const l of a.slice(head, a.length - tail)) lines.push(`-${l}`);
  for (const l of b.slice(head, b.length - tail)) lines.push(`+${l}`);
  for (const l of b.slice(b.length - tail, b.length - tail + CONTEXT)) lines.push(` ${l}`);
  return lines.join("\n");
}

// src/cli/learn-command.ts
var out = (s) => process.stdout.write(`${s}
`);
var err = (s) => process.stderr.write(`${s}
`);
async function learnCommand(g, o) {
  if (o.report) {
    const ledger = await readLedger(g.repo);
    out(g.json ? JSON.stringify(ledger, null, 2) : ledgerReport(ledger.suggestions));
    return 0;
  }
  const now = /* @__PURE__ */ new Date();
  const sinceS = o.since === void 0 ? void 0 : durationFlag("--since", o.since, "7d, 12h or 30d");
  const result = await learn(g.repo, {
    now,
    trust: await localTrust(g.repo),
    ...sinceS !== void 0 ? { sinceS } : {}
  });
  if (o.dryRun) {
    if (g.json)
      out(
        JSON.stringify(
          {
            suggestions: result.suggestions,
            skipped: result.skipped,
            rejected: result.rejected,
            counted: result.counted
          },
          null,
          2
        )
      );
    else {
      out(
        runReport(
          now,
          result.suggestions.map((s) => ({ ...s, outcome: "dry run: nothing written" })),
          result.skipped,
          result.rejected
        )
      );
      for (const s of result.suggestions)
        for (const c of s.changes) out(`
# ${s.id}
${lineDiff(c.path, c.before, c.after)}`);
    }
    return 0;
  }
  if (o.pr) {
    const { learnOnGitHub } = await import("./learn-github-GAF3OS2K.js");
    return learnOnGitHub(g, result, now);
  }
  const { outcomes, report, reportPath } = await learnLocally(g.repo, result, now);
  if (g.json) {
    out(
      JSON.stringify(
        {
          suggestions: result.suggestions.map((s, i) => ({ ...s, outcome: outcomes[i]?.outcome })),
          skipped: result.skipped,
          rejected: result.rejected,
          counted: result.counted,
          report: reportPath
        },
        null,
        2
      )
    );
  } else {
    out(report);
    err(`report: ${reportPath}; ledger: learning/ledger.yaml`);
  }
  return 0;
}
export {
  learnCommand
};
