import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  DEFAULT_RETENTION,
  prune
} from "./chunk-IWDN6NRJ.js";
import "./chunk-L45F2GFT.js";
import "./chunk-WNW2TAZB.js";
import "./chunk-2PB7EKOP.js";
import "./chunk-ECU5Z6HK.js";
import {
  durationSeconds
} from "./chunk-DCFT4VMQ.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-P454KSOG.js";
import "./chunk-FUILN6RE.js";
import "./chunk-ISCBKPWA.js";
import {
  InputError
} from "./chunk-OPNGBO4A.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-7E55XGKX.js";

// src/cli/prune-command.ts
async function pruneCommand(g, o) {
  const retention = o.retention ?? DEFAULT_RETENTION;
  let retentionS;
  try {
    retentionS = durationSeconds(retention);
  } catch {
    throw new InputError([
      { file: "--retention", severity: "error", message: `expected a duration like 30d, got '${retention}'` }
    ]);
  }
  const res = await prune({ repoDir: g.repo, now: /* @__PURE__ */ new Date(), retentionS, dryRun: !!o.dryRun });
  if (g.json) process.stdout.write(`${JSON.stringify(res, null, 2)}
`);
  else {
    const verb = res.dryRun ? "would move" : "moved";
    for (const r of res.rollups) process.stdout.write(`${r.path}: +${r.added} (${r.total} in all)
`);
    for (const k of res.kept) process.stderr.write(`kept ${k.path}: ${k.reason}
`);
    process.stderr.write(
      `${verb} ${res.pruned.length} record(s) older than ${res.cutoff} into ${res.rollups.length} rollup(s)${res.dryRun ? " (dry run: nothing changed)" : ""}
`
    );
  }
  return res.kept.length ? 1 : 0;
}
export {
  pruneCommand
};
