import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  auditVerify,
  checkBotOwned
} from "./chunk-B6F23FI6.js";
import "./chunk-BUE77APU.js";
import {
  durationFlag
} from "./chunk-PC3ILPRW.js";
import {
  GitDiffError
} from "./chunk-MN2FJVV5.js";
import "./chunk-JLCMCG2X.js";
import "./chunk-QXZVOJ7C.js";
import "./chunk-7KK4SKIM.js";
import "./chunk-TVAFMIQY.js";
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

// src/cli/audit-command.ts
async function auditVerifyCommand(g, o) {
  const forkWindowS = o.forkWindow === void 0 ? void 0 : durationFlag("--fork-window", o.forkWindow, "1h or 2d");
  const res = await auditVerify(g.repo, forkWindowS === void 0 ? {} : { forkWindowS });
  if (g.json) process.stdout.write(`${JSON.stringify({ ok: res.problems.length === 0, ...res }, null, 2)}
`);
  else {
    for (const p of res.problems) process.stdout.write(`\u2716 ${p.path}: ${p.kind}: ${p.message}
`);
    const forks = res.forks.length ? `, ${res.forks.length} fork(s) from concurrent runs` : "";
    process.stderr.write(
      `${res.problems.length ? "\u2716" : "\u2714"} ${res.records} record(s), ${res.rollupEntries} rolled-up entr(ies) in ${res.rollups} rollup(s)${forks}: ${res.problems.length} problem(s)
`
    );
  }
  return res.problems.length ? 1 : 0;
}
async function auditBotOwnedCommand(g, o) {
  const bots = [...o.bot ?? [], ...(process.env.INTENTOPS_BOT_LOGINS ?? "").split(",")].map((b) => b.trim()).filter(Boolean);
  const res = await checkBotOwned(g.repo, {
    base: o.base,
    head: o.head,
    author: o.author,
    ...o.actor ? { actor: o.actor } : {},
    bots
  }).catch((err) => {
    if (err instanceof GitDiffError) throw new InputError([], err.message);
    throw err;
  });
  if (g.json) process.stdout.write(`${JSON.stringify(res, null, 2)}
`);
  else {
    for (const t of res.touched)
      process.stdout.write(`${res.ok ? "\u2714" : "\u2716"} ${JSON.stringify(t.path)} (${t.status})
`);
    process.stderr.write(
      res.ok ? `\u2714 ${res.touched.length ? `${res.touched.length} bot-owned path(s), changed by the bot` : "no bot-owned path changed"}
` : `\u2716 ${res.why}
`
    );
  }
  return res.ok ? 0 : 1;
}
export {
  auditBotOwnedCommand,
  auditVerifyCommand
};
