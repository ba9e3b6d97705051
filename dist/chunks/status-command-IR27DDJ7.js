import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  claimLiveness,
  scanPending
} from "./chunk-6WD4JPGC.js";
import "./chunk-XMP6FIZN.js";
import "./chunk-3RZXW5BD.js";
import {
  loadRepo
} from "./chunk-XHNTYNXM.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-4BJPRUAX.js";
import "./chunk-FUILN6RE.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-7E55XGKX.js";

// src/cli/status-command.ts
import { hostname } from "node:os";
function stateOf(d) {
  if (d.kind === "run") return "pending";
  if (d.kind === "wait") return d.behind && !d.reason.startsWith("waiting behind") ? "running" : "pending";
  if (d.kind === "finalize") return d.status;
  return "pending";
}
function why(d) {
  if (d.kind === "run") return "merged, not run yet: the next execute run runs it";
  if (d.kind === "wait") return d.reason;
  if (d.kind === "finalize") return `the next execute run records it as ${d.status}: ${d.reason}`;
  return "";
}
function statusRows(scan) {
  return scan.decided.filter((d) => d.decision.kind !== "done").map((d) => ({
    path: d.candidate.path,
    state: stateOf(d.decision),
    id: d.candidate.id,
    merged_at: d.candidate.mergedAt.toISOString(),
    commit: d.candidate.commit,
    ...d.candidate.target ? { target: d.candidate.target } : {},
    why: why(d.decision)
  }));
}
async function statusCommand(g, o) {
  const { catalog } = await loadRepo(g.repo, []);
  const me = { host: hostname(), pid: process.pid };
  const now = /* @__PURE__ */ new Date();
  const scan = await scanPending(g.repo, {
    now,
    ...catalog.execute ? { settings: catalog.execute.data } : {},
    // Without GitHub a claim of another run counts as running until its lease ends.
    live: async (claim) => claimLiveness(claim, me, now, () => false) !== "dead",
    ...o.all ? { full: true } : {}
  });
  const rows = statusRows(scan);
  const done = scan.decided.length - rows.length;
  if (g.json) {
    process.stdout.write(
      `${JSON.stringify({ requests: rows, recorded: done, before_start: scan.beforeStart, notes: scan.notes }, null, 2)}
`
    );
    return 0;
  }
  for (const n of scan.notes) process.stderr.write(`\u26A0 ${n}
`);
  for (const r of rows) {
    process.stdout.write(
      `${r.state.padEnd(11)} ${r.path}  (${r.id}, merged ${r.merged_at})
            ${r.why}
`
    );
  }
  const since = scan.since ? ` since ${scan.since.slice(0, 7)}, the last settled merge` : "";
  process.stderr.write(
    `${rows.length ? "\u2022" : "\u2714"} ${rows.length} request(s) without a final record, ${done} recorded${since}${scan.beforeStart ? `; ${scan.beforeStart} merged before the start point (never run)` : ""}
`
  );
  return 0;
}
export {
  statusCommand,
  statusRows
};
