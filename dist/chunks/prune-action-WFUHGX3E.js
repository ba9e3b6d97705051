import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  DEFAULT_RETENTION,
  prune
} from "./chunk-K4YMBZ7A.js";
import "./chunk-BUE77APU.js";
import {
  BOT_IDENTITY
} from "./chunk-NIJL7ULP.js";
import {
  publish
} from "./chunk-XMP6FIZN.js";
import {
  cell,
  info,
  markdownTable,
  setFailed,
  setOutput,
  warning,
  writeSummary
} from "./chunk-WHTSRQ4A.js";
import "./chunk-JLCMCG2X.js";
import {
  Git
} from "./chunk-3RZXW5BD.js";
import "./chunk-D5UGG2QT.js";
import "./chunk-QXZVOJ7C.js";
import "./chunk-7KK4SKIM.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-FUILN6RE.js";
import "./chunk-P454KSOG.js";
import {
  durationSeconds
} from "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-7E55XGKX.js";

// src/action/prune-action.ts
async function pruneAction(inputs) {
  const retention = inputs.retention ?? DEFAULT_RETENTION;
  let retentionS;
  try {
    retentionS = durationSeconds(retention);
  } catch {
    throw new Error(`input 'retention' must be a duration like 30d, got '${retention}'`);
  }
  const res = await prune({ repoDir: inputs.repoPath, now: /* @__PURE__ */ new Date(), retentionS, dryRun: inputs.dryRun });
  for (const r of res.rollups) info(`${r.path}: +${r.added} (${r.total} in all)`);
  for (const k of res.kept) warning(`kept ${k.path}: ${k.reason}`);
  setOutput("status", res.pruned.length ? "pruned" : "skipped");
  info(`${res.dryRun ? "would move" : "moved"} ${res.pruned.length} record(s) older than ${res.cutoff}`);
  if (res.pruned.length && !res.dryRun) {
    const git = new Git(inputs.repoPath);
    await git.configureIdentity(BOT_IDENTITY.name, BOT_IDENTITY.email);
    const branch = await git.currentBranch() ?? "main";
    const published = await publish(git, {
      paths: ["executions"],
      message: `intentops: prune ${res.pruned.length} record(s) older than ${retention} into ${res.rollups.length} rollup(s)`,
      branch
    });
    info(
      `rollups ${published.pushed ? `pushed as ${published.sha} after ${published.attempts} attempt(s)` : "not pushed"}`
    );
    if (!published.pushed)
      setFailed(`the pruned records could not be pushed: ${published.error ?? published.rejected}`);
  }
  await writeSummary(
    [
      `### intentops prune: ${res.dryRun ? "would move" : "moved"} ${res.pruned.length} record(s) older than ${retention}`,
      "",
      res.rollups.length ? markdownTable(
        ["rollup", "added", "entries"],
        res.rollups.map((r) => [cell(r.path), String(r.added), String(r.total)])
      ) : "Nothing older than the retention.",
      ...res.kept.map((k) => `- kept \`${cell(k.path)}\`: ${cell(k.reason)}`)
    ].join("\n")
  );
  if (res.kept.length) {
    setFailed(
      `${res.kept.length} old record(s) do not verify and were kept; run \`intentops audit verify\``
    );
  }
}
export {
  pruneAction
};
