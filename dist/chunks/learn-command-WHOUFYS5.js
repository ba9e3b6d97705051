import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  learnLocally
} from "./chunk-EPKSOYNC.js";
import {
  learn,
  ledgerReport,
  localTrust,
  runReport
} from "./chunk-PWPDSAAT.js";
import "./chunk-BUE77APU.js";
import "./chunk-NIJL7ULP.js";
import "./chunk-M2XHTH7O.js";
import {
  readLedger
} from "./chunk-KIFWGY7K.js";
import "./chunk-DDIIRV4K.js";
import {
  durationFlag
} from "./chunk-PC3ILPRW.js";
import "./chunk-XAIPERPT.js";
import "./chunk-4HPX7IO7.js";
import "./chunk-IOFQ4AYI.js";
import "./chunk-7YETWSOZ.js";
import "./chunk-ALT7SGXU.js";
import "./chunk-7KK4SKIM.js";
import "./chunk-NWJGKNQQ.js";
import "./chunk-2VZISDBC.js";
import "./chunk-XSOKI6J7.js";
import "./chunk-FXNC5ZCY.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-UMRKKW3B.js";
import "./chunk-FUILN6RE.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-7E55XGKX.js";

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
    else
      out(
        runReport(
          now,
          result.suggestions.map((s) => ({ ...s, outcome: "dry run: nothing written" })),
          result.skipped,
          result.rejected
        )
      );
    return 0;
  }
  if (o.pr) {
    const { learnOnGitHub } = await import("./learn-github-AQNZ73B4.js");
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
