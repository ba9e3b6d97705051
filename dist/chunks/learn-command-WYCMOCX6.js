import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  publishLocal
} from "./chunk-XQUCVX7E.js";
import {
  ledgerReport,
  runReport
} from "./chunk-H4H4AIVE.js";
import {
  learn
} from "./chunk-U56WJIQ5.js";
import "./chunk-HP2GHZTH.js";
import {
  readLedger,
  writeLedger
} from "./chunk-44FJOZWW.js";
import "./chunk-L45F2GFT.js";
import "./chunk-ZE2WYET7.js";
import "./chunk-PDOISYFS.js";
import {
  Git
} from "./chunk-MA7T432Z.js";
import "./chunk-NMMYGVSU.js";
import "./chunk-QXTZR6HT.js";
import "./chunk-7YETWSOZ.js";
import "./chunk-XVMNFE3Q.js";
import "./chunk-ITHKFNYV.js";
import "./chunk-UMRKKW3B.js";
import "./chunk-ECU5Z6HK.js";
import {
  durationSeconds
} from "./chunk-DCFT4VMQ.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-P454KSOG.js";
import "./chunk-FUILN6RE.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-2HBQPZOO.js";
import {
  InputError
} from "./chunk-OPNGBO4A.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-7E55XGKX.js";

// src/cli/learn-command.ts
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
var out = (s) => process.stdout.write(`${s}
`);
var err = (s) => process.stderr.write(`${s}
`);
function sinceSeconds(since) {
  if (since === void 0) return void 0;
  try {
    return durationSeconds(since);
  } catch {
    throw new InputError([
      {
        file: "--since",
        severity: "error",
        message: `expected a duration like 7d, 12h or 30d; got ${JSON.stringify(since)}`
      }
    ]);
  }
}
async function learnCommand(g, o) {
  if (o.report) {
    const ledger2 = await readLedger(g.repo);
    out(g.json ? JSON.stringify(ledger2, null, 2) : ledgerReport(ledger2.suggestions));
    return 0;
  }
  const now = /* @__PURE__ */ new Date();
  const sinceS = sinceSeconds(o.since);
  const result = await learn(g.repo, { now, ...sinceS !== void 0 ? { sinceS } : {} });
  if (o.dryRun) {
    if (g.json)
      out(
        JSON.stringify(
          { suggestions: result.suggestions, skipped: result.skipped, counted: result.counted },
          null,
          2
        )
      );
    else
      out(
        runReport(
          now,
          result.suggestions.map((s) => ({ ...s, outcome: "dry run: nothing written" })),
          result.skipped
        )
      );
    return 0;
  }
  if (o.pr) {
    const { learnOnGitHub } = await import("./learn-github-B4NJCKBX.js");
    return learnOnGitHub(g, result, now);
  }
  const ledger = await readLedger(g.repo);
  const outcomes = await publishLocal(
    new Git(g.repo),
    result.suggestions,
    new Map(ledger.suggestions.map((e) => [e.id, e])),
    now
  );
  const byId = new Map(ledger.suggestions.map((e) => [e.id, e]));
  for (const o2 of outcomes) byId.set(o2.entry.id, o2.entry);
  await writeLedger(g.repo, { suggestions: [...byId.values()] });
  const report = runReport(
    now,
    outcomes.map((o2) => ({ ...o2.suggestion, outcome: o2.outcome })),
    result.skipped
  );
  const reportPath = `learning/reports/${now.toISOString().slice(0, 10)}.md`;
  await mkdir(join(g.repo, "learning", "reports"), { recursive: true });
  await writeFile(join(g.repo, reportPath), report);
  if (g.json) {
    out(
      JSON.stringify(
        {
          suggestions: result.suggestions.map((s, i) => ({ ...s, outcome: outcomes[i]?.outcome })),
          skipped: result.skipped,
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
