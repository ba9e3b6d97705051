import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  velocity
} from "./chunk-44FJOZWW.js";

// src/domain/learn/report.ts
function runReport(at, suggestions, skipped) {
  const lines = [`# intentops learn \u2014 ${at.toISOString().slice(0, 16).replace("T", " ")} UTC`, ""];
  if (suggestions.length === 0) lines.push("No pattern reached its threshold.", "");
  for (const s of suggestions) {
    lines.push(`## ${s.title}`, "", `- id: \`${s.id}\` (${s.trigger} \u2192 ${s.action})`, `- ${s.outcome}`);
    lines.push(
      `- evidence: ${s.evidence.length} occurrence(s), ${s.evidence[0]?.at.slice(0, 10)} \u2026 ${s.evidence.at(-1)?.at.slice(0, 10)}`
    );
    lines.push("", s.rationale, "");
    for (const c of s.changes) lines.push(`- \`${c.path}\`${c.before === null ? " (new file)" : ""}`);
    lines.push("");
  }
  if (skipped.length) {
    lines.push("## Patterns without a change", "");
    for (const k of skipped) lines.push(`- \`${k.key}\` (${k.trigger}): ${k.reason}`);
    lines.push("");
  }
  return lines.join("\n");
}
function ledgerReport(entries) {
  const by = (state) => entries.filter((e) => e.state === state);
  const v = velocity(entries);
  const lines = [
    "# Learning ledger",
    "",
    `| state | suggestions |`,
    "|---|---|",
    ...["open", "accepted", "rejected", "local"].map((s) => `| ${s} | ${by(s).length} |`),
    "",
    v.accepted ? `Learning velocity: first evidence \u2192 merged change, median ${v.medianDays} day(s), slowest ${v.maxDays} day(s), over ${v.accepted} accepted suggestion(s).` : "Learning velocity: no suggestion accepted yet.",
    ""
  ];
  for (const state of ["open", "accepted", "rejected", "local"]) {
    const list = by(state);
    if (!list.length) continue;
    lines.push(`## ${state}`, "");
    for (const e of list) {
      const pr = e.pr !== void 0 ? ` PR #${e.pr}` : ` branch ${e.branch}`;
      lines.push(
        `- **${e.title}** (\`${e.id}\`,${pr}; ${e.evidence} occurrence(s) since ${e.first_evidence.slice(0, 10)}${e.decided_at ? `; decided ${e.decided_at.slice(0, 10)}` : ""})`
      );
    }
    lines.push("");
  }
  return lines.join("\n");
}

export {
  runReport,
  ledgerReport
};
