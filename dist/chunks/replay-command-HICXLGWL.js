import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  replayAll,
  replayOne
} from "./chunk-2IYDB6Q2.js";
import {
  sinceDate
} from "./chunk-PC3ILPRW.js";
import "./chunk-JLCMCG2X.js";
import "./chunk-4EJL4FTD.js";
import "./chunk-T2UMQD7T.js";
import "./chunk-H66C7OWU.js";
import "./chunk-AAUYX2DP.js";
import "./chunk-QXZVOJ7C.js";
import "./chunk-7KK4SKIM.js";
import "./chunk-2VZISDBC.js";
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

// src/domain/replay-timeline.ts
var TAIL_LINES = 5;
function cmdText(cmd) {
  return typeof cmd === "string" ? cmd : JSON.stringify(cmd);
}
function tail(text, indent) {
  if (!text) return [];
  const lines = text.replace(/\n+$/, "").split("\n");
  const shown = lines.slice(-TAIL_LINES);
  return [
    ...lines.length > TAIL_LINES ? [`${indent}\u2026 ${lines.length - TAIL_LINES} earlier line(s)`] : [],
    ...shown.map((l) => `${indent}${l}`)
  ];
}
function snapshotLines(label, s) {
  if (!s) return [`${label}: none`];
  const out2 = [`${label}:`];
  for (const [k, v] of Object.entries(s.metrics ?? {})) out2.push(`  metrics.${k} = ${v ?? "no data"}`);
  for (const k of ["error_count", "pod_restarts"]) {
    if (s[k] !== void 0) out2.push(`  ${k} = ${s[k] ?? "no data"}`);
  }
  for (const [k, v] of Object.entries(s)) {
    if (["metrics", "error_count", "pod_restarts", "recent_logs", "unavailable"].includes(k)) continue;
    const text = JSON.stringify(v);
    out2.push(`  ${k} = ${text.length > 120 ? `${text.slice(0, 117)}...` : text}`);
  }
  if (s.recent_logs?.length) out2.push(`  recent_logs: ${s.recent_logs.length} line(s)`);
  for (const u of s.unavailable ?? []) out2.push(`  unavailable ${u.source}: ${u.reason}`);
  return out2;
}
function checkLines(kind, c) {
  const out2 = [
    `  ${kind} ${c.name}: ${c.result} in ${c.duration} \u2014 ${cmdText(c.cmd)} expecting ${c.expected}`
  ];
  for (const a of c.attempts) {
    const output = a.output.length > 80 ? `${a.output.slice(0, 77)}...` : a.output;
    out2.push(
      `    ${a.at} exit ${a.exit_code ?? "-"} ${a.matched ? "matched" : "no match"}: ${JSON.stringify(output)}`
    );
  }
  return out2;
}
function formatTimeline(r, replay, path) {
  const lines = [
    `${r.id}  (${path})`,
    `intent ${r.intent} ${JSON.stringify(r.params)} at ${r.timestamp}`,
    `request ${r.request.path}${r.request.commit ? ` @ ${r.request.commit.slice(0, 12)}` : ""}${r.request.proposed_by ? ` by ${r.request.proposed_by}` : ""}: ${r.request.reason}`,
    `policy ${r.policy.verdict}${r.approvals ? `; approvals: ${r.approvals.detail ?? r.approvals.count ?? "unknown"}${r.approvals.head_sha ? ` at ${r.approvals.head_sha.slice(0, 12)}` : ""}` : ""}`,
    `tool ${r.tool.name} ${r.tool.version}, catalog ${r.catalog_digest.slice(0, 19)}`,
    "",
    ...snapshotLines("before", r.before)
  ];
  if (r.prechecks?.length) lines.push("prechecks:", ...r.prechecks.flatMap((c) => checkLines("precheck", c)));
  lines.push("steps:");
  if (r.commands_run.length === 0) lines.push("  (none ran)");
  for (const c of r.commands_run) {
    const how = c.timed_out ? "timed out" : c.cancelled ? "cancelled" : `exit ${c.exit_code ?? c.error ?? "-"}`;
    lines.push(`  ${c.step}: ${cmdText(c.cmd)} \u2192 ${how} in ${c.duration}`);
    lines.push(...tail(c.stdout_tail, "    | "), ...tail(c.stderr_tail, "    ! "));
  }
  if (r.checks.length) lines.push("checks:", ...r.checks.flatMap((c) => checkLines("check", c)));
  lines.push(...snapshotLines("after", r.after));
  for (const i of r.failure_indicators)
    lines.push(`indicator ${i.pattern} (${i.severity}) in ${i.source}: ${i.line}`);
  lines.push(
    "",
    `status ${r.status}${r.status_reason ? ` \u2014 ${r.status_reason}` : ""}; duration ${r.duration}${r.expected_duration ? ` (expected ${r.expected_duration})` : ""}`
  );
  lines.push(
    `rules (${replay.rulesSource === "record" ? "as recorded" : "only those that fired: the record predates rules_evaluated"}):`
  );
  for (const e of replay.evaluated) {
    lines.push(
      `  ${e.rule}: ${e.result}${e.reason ? ` (${e.reason})` : ""} \u2014 ${e.condition} with ${JSON.stringify(e.inputs)}`
    );
  }
  if (replay.evaluated.length === 0) lines.push("  (none evaluated)");
  lines.push(
    "",
    replay.differences.length === 0 ? `replay: same verdict \u2014 ${replay.replayed.status}, anomalies [${replay.replayed.anomalies.join(", ")}]` : `replay: DIFFERS
${replay.differences.map((d) => `  ${d}`).join("\n")}`
  );
  return lines.join("\n");
}

// src/cli/replay-command.ts
var out = (s) => process.stdout.write(`${s}
`);
var err = (s) => process.stderr.write(`${s}
`);
async function replayCommand(g, ref, o) {
  if (o.all || ref === void 0) {
    if (!o.all) {
      throw new InputError([
        { file: "replay", severity: "error", message: "expected an execution id or path, or --all" }
      ]);
    }
    const since = sinceDate(o.since, /* @__PURE__ */ new Date());
    const res = await replayAll(g.repo, since);
    if (g.json) out(JSON.stringify(res, null, 2));
    else {
      for (const d of res.differing) err(`\u2716 ${d.path}: ${d.differences.join("; ")}`);
      for (const u of res.unreadable) err(`\u2716 ${u.path}: ${u.reason}`);
      err(
        `${res.differing.length || res.unreadable.length ? "\u2716" : "\u2714"} replayed ${res.replayed} record(s): ${res.same} same verdict, ${res.differing.length} differ, ${res.unreadable.length} unreadable${res.firedOnly ? ` (${res.firedOnly} predate rules_evaluated: fired rules re-checked only)` : ""}`
      );
    }
    return res.differing.length || res.unreadable.length ? 1 : 0;
  }
  const { path, record, outcome } = await replayOne(g.repo, ref);
  out(
    g.json ? JSON.stringify({ path, record, replay: outcome }, null, 2) : formatTimeline(record, outcome, path)
  );
  return outcome.differences.length ? 1 : 0;
}
export {
  replayCommand
};
