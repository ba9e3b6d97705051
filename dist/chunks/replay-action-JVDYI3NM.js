import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  sinceInput
} from "./chunk-E7RDYRYG.js";
import "./chunk-UG7SHXAL.js";
import {
  replayAll
} from "./chunk-2IYDB6Q2.js";
import "./chunk-PNMILFEU.js";
import {
  cell,
  error,
  info,
  setFailed,
  setOutput,
  writeSummary
} from "./chunk-WHTSRQ4A.js";
import "./chunk-JLCMCG2X.js";
import "./chunk-4EJL4FTD.js";
import "./chunk-T2UMQD7T.js";
import "./chunk-D5UGG2QT.js";
import "./chunk-H66C7OWU.js";
import "./chunk-AAUYX2DP.js";
import "./chunk-QXZVOJ7C.js";
import "./chunk-7KK4SKIM.js";
import "./chunk-2VZISDBC.js";
import "./chunk-FUILN6RE.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-7E55XGKX.js";

// src/action/replay-action.ts
async function replayAction(inputs) {
  const res = await replayAll(inputs.repoPath, sinceInput(inputs.since, /* @__PURE__ */ new Date()));
  for (const d of res.differing) error(`${d.path}: ${d.differences.join("; ")}`, { file: d.path });
  for (const u of res.unreadable) error(`${u.path}: ${u.reason}`, { file: u.path });
  const bad = res.differing.length + res.unreadable.length;
  setOutput("status", bad ? "differs" : "same");
  const line = `replayed ${res.replayed} record(s): ${res.same} same verdict, ${res.differing.length} differ, ${res.unreadable.length} unreadable`;
  await writeSummary(
    [
      `### intentops replay: ${line}`,
      ...res.differing.map((d) => `- \`${cell(d.path)}\`: ${cell(d.differences.join("; "))}`),
      ...res.unreadable.map((u) => `- \`${cell(u.path)}\`: ${cell(u.reason)}`)
    ].join("\n")
  );
  if (bad) setFailed(line);
  else info(line);
}
export {
  replayAction
};
