import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  learnLocally
} from "./chunk-ATJKCT65.js";
import {
  learn,
  ledgerReport,
  localTrust,
  runReport
} from "./chunk-JLTIGO4S.js";
import "./chunk-5EXMLA76.js";
import "./chunk-NIJL7ULP.js";
import "./chunk-M2XHTH7O.js";
import {
  readLedger
} from "./chunk-5JVP34SG.js";
import "./chunk-POKBKB7Y.js";
import {
  durationFlag
} from "./chunk-PC3ILPRW.js";
import "./chunk-XAIPERPT.js";
import "./chunk-CYGTH3J3.js";
import "./chunk-5IKR5MJP.js";
import "./chunk-7YETWSOZ.js";
import "./chunk-2LJPZTO5.js";
import "./chunk-RWC7ZCXX.js";
import "./chunk-XSOKI6J7.js";
import "./chunk-LZ23GM7Q.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-UMRKKW3B.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-ALT7SGXU.js";
import "./chunk-FUILN6RE.js";
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
    const { learnOnGitHub } = await import("./learn-github-XZIPELIW.js");
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
