import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  addLocalNote
} from "./chunk-HTERHA63.js";
import {
  localDrafts
} from "./chunk-AFIQTQRL.js";
import "./chunk-DDIIRV4K.js";
import "./chunk-4HPX7IO7.js";
import "./chunk-ALT7SGXU.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-FUILN6RE.js";
import "./chunk-P454KSOG.js";
import {
  InputError
} from "./chunk-OPNGBO4A.js";
import "./chunk-7E55XGKX.js";

// src/cli/incident-command.ts
import { userInfo } from "node:os";
var out = (s) => process.stdout.write(`${s}
`);
async function incidentListCommand(g) {
  const drafts = await localDrafts(g.repo);
  if (g.json) out(JSON.stringify({ drafts }, null, 2));
  else if (drafts.length === 0) out("no open incident drafts");
  else
    for (const d of drafts)
      out(`${d.fingerprint ?? "-"}  ${d.severity ?? "  "}  ${d.title}  (${d.where}, ${d.occurrences ?? 1}\xD7)`);
  return 0;
}
async function incidentNoteCommand(g, draft, o) {
  if (o.fix === void 0 === (o.step === void 0)) {
    throw new InputError([
      {
        file: "incident note",
        severity: "error",
        message: "expected exactly one of --fix <text> or --step <text>"
      }
    ]);
  }
  const kind = o.fix !== void 0 ? "manual_fix" : "manual_step";
  const { draft: d, path } = await addLocalNote(g.repo, {
    draft,
    kind,
    text: o.fix ?? o.step,
    by: o.by ?? process.env.USER ?? userInfo().username,
    now: /* @__PURE__ */ new Date()
  });
  if (g.json) out(JSON.stringify({ fingerprint: d.fingerprint, draft: d.where, kind, notes: path }));
  else out(`noted ${kind === "manual_fix" ? "manual fix" : "manual step"} on ${d.where} in ${path}`);
  return 0;
}
export {
  incidentListCommand,
  incidentNoteCommand
};
