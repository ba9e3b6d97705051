import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  sinceDate
} from "./chunk-PC3ILPRW.js";
import {
  backtest,
  resolveRuleRef
} from "./chunk-6TF6PXXU.js";
import "./chunk-JLCMCG2X.js";
import "./chunk-H66C7OWU.js";
import "./chunk-AAUYX2DP.js";
import "./chunk-QXZVOJ7C.js";
import "./chunk-7KK4SKIM.js";
import "./chunk-XHNTYNXM.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-4BJPRUAX.js";
import "./chunk-FUILN6RE.js";
import "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-OPNGBO4A.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-ISCBKPWA.js";
import "./chunk-7E55XGKX.js";

// src/cli/backtest-command.ts
var LISTED = 10;
function hitLine(h) {
  const inputs = Object.keys(h.inputs).length ? ` ${JSON.stringify(h.inputs)}` : "";
  return `    ${h.timestamp} ${h.intent}${h.target ? `/${h.target}` : ""} ${h.path}${inputs}`;
}
function formatBacktest(rules, records) {
  const lines = [];
  for (const r of rules) {
    lines.push(
      r.removed ? `${r.rule} (${r.file}): removed \u2014 stops firing on ${r.stopsFiring.length} record(s)` : `${r.rule} (${r.file}${r.intent ? `, intent ${r.intent}` : ", all intents"}): fires on ${r.fires} of ${r.considered} record(s); ${r.newlyFires.length} newly, ${r.stopsFiring.length} stop firing, ${r.notEvaluated} not evaluated`
    );
    if (!r.removed) lines.push(`  condition: ${r.condition}`);
    const list = (title, hits) => {
      if (!hits.length) return;
      lines.push(`  ${title}:`, ...hits.slice(-LISTED).map(hitLine));
      if (hits.length > LISTED) lines.push(`    \u2026 and ${hits.length - LISTED} earlier`);
    };
    list("would newly fire on", r.newlyFires);
    list("would stop firing on", r.stopsFiring);
  }
  lines.push(`${records} record(s) read`);
  return lines.join("\n");
}
async function backtestCommand(g, o) {
  const since = sinceDate(o.since, /* @__PURE__ */ new Date());
  const { rules, files } = await resolveRuleRef(g.repo, o.rule);
  const res = await backtest(g.repo, rules, { ...since ? { since } : {}, files });
  process.stdout.write(`${g.json ? JSON.stringify(res, null, 2) : formatBacktest(res.rules, res.records)}
`);
  for (const u of res.unreadable) process.stderr.write(`skipped ${u.path}: ${u.reason}
`);
  return 0;
}
export {
  backtestCommand,
  formatBacktest
};
