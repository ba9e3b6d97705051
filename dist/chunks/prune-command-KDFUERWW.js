import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  DEFAULT_RETENTION,
  prune
} from "./chunk-K4YMBZ7A.js";
import "./chunk-BUE77APU.js";
import {
  durationFlag
} from "./chunk-PC3ILPRW.js";
import "./chunk-JLCMCG2X.js";
import "./chunk-QXZVOJ7C.js";
import "./chunk-7KK4SKIM.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-FUILN6RE.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-7E55XGKX.js";

// src/cli/prune-command.ts
async function pruneCommand(g, o) {
  const retention = o.retention ?? DEFAULT_RETENTION;
  const retentionS = durationFlag("--retention", retention, "30d");
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
