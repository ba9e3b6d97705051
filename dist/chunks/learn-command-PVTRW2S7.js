import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  learn,
  ledgerReport,
  runReport
} from "./chunk-S55O2LVW.js";
import "./chunk-ZLRSROVW.js";
import {
  branchOf,
  contentDigest,
  opened,
  readLedger,
  writeLedger
} from "./chunk-FY5PGF2M.js";
import "./chunk-Z6V3XGWS.js";
import "./chunk-LTVWU56D.js";
import {
  Git
} from "./chunk-MA7T432Z.js";
import "./chunk-YF7OV2R3.js";
import "./chunk-6BZ7A44P.js";
import "./chunk-TVAFMIQY.js";
import {
  durationSeconds
} from "./chunk-DM36EXAI.js";
import "./chunk-P454KSOG.js";
import "./chunk-G335CAHQ.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-2HBQPZOO.js";
import {
  InputError
} from "./chunk-OPNGBO4A.js";
import "./chunk-URUTEEGJ.js";
import "./chunk-7E55XGKX.js";

// src/cli/learn-command.ts
import { mkdir, writeFile as writeFile2 } from "node:fs/promises";
import { join as join2 } from "node:path";

// src/app/learn/publish-local.ts
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
async function publishLocal(git, suggestions, ledger, now) {
  const head = await git.revParse("HEAD");
  if (!head) throw new Error("learn needs a git repository with at least one commit");
  const out2 = [];
  const tmp = await mkdtemp(join(tmpdir(), "intentops-learn-"));
  try {
    for (const s of suggestions) {
      const entry = ledger.get(s.id);
      const branch = branchOf(s.id);
      if (entry?.state === "rejected" || entry?.state === "open") {
        out2.push({
          suggestion: s,
          outcome: `${entry.state} on GitHub (${entry.url ?? `PR #${entry.pr}`}): left to the GitHub run`,
          entry
        });
        continue;
      }
      if (entry?.state === "local" && entry.content === contentDigest(s) && await git.revParse(branch)) {
        out2.push({
          suggestion: s,
          outcome: `branch ${branch} holds this change already`,
          entry: opened(s, entry, now, { state: "local" })
        });
        continue;
      }
      const files = await Promise.all(
        s.changes.map(async (c, i) => {
          const abs = join(tmp, `${i}.yaml`);
          await writeFile(abs, c.after);
          return { path: c.path, abs };
        })
      );
      const sha = await git.commitFilesTo(branch, head, files, `learn: ${s.title}

${s.rationale}`);
      out2.push({
        suggestion: s,
        outcome: `committed to branch ${branch} (${sha.slice(0, 7)})`,
        entry: opened(s, entry, now, { state: "local" })
      });
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return out2;
}

// src/cli/learn-command.ts
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
    const { learnOnGitHub } = await import("./learn-github-VPB6EYYD.js");
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
  await mkdir(join2(g.repo, "learning", "reports"), { recursive: true });
  await writeFile2(join2(g.repo, reportPath), report);
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
