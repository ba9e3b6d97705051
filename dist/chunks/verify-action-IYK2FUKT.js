import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  auditVerify,
  checkBotOwned
} from "./chunk-B6F23FI6.js";
import "./chunk-BUE77APU.js";
import "./chunk-MN2FJVV5.js";
import {
  cell,
  error,
  info,
  setFailed,
  setOutput,
  writeSummary
} from "./chunk-WHTSRQ4A.js";
import "./chunk-JLCMCG2X.js";
import "./chunk-D5UGG2QT.js";
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

// src/action/verify-action.ts
async function verifyAction(inputs, event) {
  const lines = [];
  const failures = [];
  const pr = event.pull_request;
  if (inputs.eventName === "pull_request" && pr?.base?.sha && pr.head?.sha && pr.user?.login) {
    const bots = (process.env.INTENTOPS_BOT_LOGINS ?? "").split(",").map((b) => b.trim()).filter(Boolean);
    const actor = process.env.GITHUB_ACTOR;
    const res = await checkBotOwned(inputs.repoPath, {
      base: pr.base.sha,
      head: pr.head.sha,
      author: pr.user.login,
      ...actor ? { actor } : {},
      bots
    });
    for (const t of res.touched) {
      if (res.ok) info(`bot-owned ${JSON.stringify(t.path)} (${t.status}), changed by the bot`);
      else error(`${JSON.stringify(t.path)} (${t.status}) is bot-owned`, { file: t.path });
    }
    if (!res.ok) failures.push(`bot-owned: ${res.why}`);
    lines.push(
      res.ok ? `- bot-owned: ${res.touched.length ? `${res.touched.length} path(s), changed by the bot` : "no bot-owned path changed"}` : `- bot-owned: \u2716 ${cell(res.why ?? "")}`
    );
  }
  const audit = await auditVerify(inputs.repoPath);
  for (const p of audit.problems) error(`${p.path}: ${p.kind}: ${p.message}`, { file: p.path });
  if (audit.problems.length) failures.push(`audit verify: ${audit.problems.length} problem(s)`);
  lines.push(
    `- audit verify: ${audit.records} record(s), ${audit.rollupEntries} rolled-up entr(ies): ${audit.problems.length} problem(s)`
  );
  setOutput("status", failures.length ? "failed" : "verified");
  await writeSummary([`### intentops verify`, "", ...lines].join("\n"));
  if (failures.length) setFailed(failures.join("; "));
}
export {
  verifyAction
};
