import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  fenced,
  oneLine
} from "./chunk-ALT7SGXU.js";
import {
  targetOf
} from "./chunk-TVAFMIQY.js";
import {
  sha256
} from "./chunk-FUILN6RE.js";
import {
  require_dist
} from "./chunk-P454KSOG.js";
import {
  __toESM
} from "./chunk-7E55XGKX.js";

// src/domain/incident-draft.ts
var import_yaml = __toESM(require_dist(), 1);
function draftFingerprint(intent, rule, target) {
  return sha256(`${intent}\0${rule}\0${target ?? ""}`).slice("sha256:".length, "sha256:".length + 16);
}
function draftFileName(fingerprint, input) {
  const target = targetOf(input.record.params);
  return `${[input.record.intent, target, input.anomaly.rule].filter(Boolean).join("-").replace(/[^A-Za-z0-9._-]+/g, "-")}-${fingerprint.slice(0, 8)}.md`;
}
function humanize(rule) {
  const words = rule.replace(/[_-]+/g, " ").trim();
  return words.startsWith("unexpected") ? words : `unexpected ${words}`;
}
function draftTitle(record, anomaly) {
  const verb = record.intent.split("-")[0] ?? record.intent;
  const target = targetOf(record.params) ?? record.intent;
  return `${verb.charAt(0).toUpperCase()}${verb.slice(1)} ${target}: ${humanize(anomaly.rule)}`;
}
function yamlBlock(value) {
  return fenced((0, import_yaml.stringify)(value ?? null, { lineWidth: 0 }).trimEnd(), "yaml");
}
function timeline(record) {
  const lines = [`- ${record.timestamp} \u2014 execution \`${record.id}\` started (${record.intent})`];
  for (const c of record.commands_run) {
    lines.push(
      `- step \`${c.step}\`: exit ${c.exit_code ?? "none"} after ${c.duration}${c.timed_out ? " (timed out)" : ""}`
    );
  }
  for (const c of record.checks) lines.push(`- check \`${c.name}\`: ${c.result} after ${c.duration}`);
  for (const i of record.failure_indicators)
    lines.push(`- failure indicator \`${i.pattern}\` (${i.severity}) in ${i.source}`);
  for (const a of record.anomalies) lines.push(`- anomaly \`${a.rule}\` (${a.severity}) \u2192 ${a.action}`);
  lines.push(`- finished: **${record.status}** after ${record.duration}`);
  return lines;
}
function appearedLine(record, rule) {
  const seen = record.observation?.first_seen.find((f) => f.what === `rule:${rule}`);
  if (!seen || !record.observation_of) return void 0;
  return `appeared ${seen.after_run} after the run ended (bake of \`${record.observation_of}\`)`;
}
function occurrenceLine(input) {
  const { record, anomaly } = input;
  const appeared = appearedLine(record, anomaly.rule);
  return `- ${record.timestamp} \u2014 \`${record.id}\` (${record.status}): \`${anomaly.condition}\` with ${JSON.stringify(anomaly.inputs)}${appeared ? `, ${appeared}` : ""} \u2014 [record](${input.recordRef})`;
}
function commands(record) {
  return record.commands_run.map(
    (c) => `- \`${Array.isArray(c.cmd) ? JSON.stringify(c.cmd) : oneLine(c.cmd).replace(/`/g, "'")}\` \u2192 exit ${c.exit_code ?? "none"} (${c.duration})`
  ).join("\n");
}
function stateOf(s) {
  return s ?? "not captured";
}
var HUMAN_SECTIONS = ["Root cause", "Lessons learned", "Action items"];
var HUMAN_PLACEHOLDER = "_to be filled in_";
function draftSections(input) {
  const { record, anomaly } = input;
  return [
    {
      id: "summary",
      markdown: [
        `**Severity:** ${anomaly.severity} \xB7 **Status:** draft \u2014 requires human review before filing \xB7 **Execution:** [${record.id}](${input.recordRef})`,
        "",
        `Rule \`${anomaly.rule}\` fired: \`${anomaly.condition}\``,
        ...appearedLine(record, anomaly.rule) ? ["", `It ${appearedLine(record, anomaly.rule)}.`] : [],
        "",
        yamlBlock(anomaly.inputs)
      ].join("\n")
    },
    { id: "timeline", markdown: ["## Timeline", ...timeline(record)].join("\n") },
    { id: "before", markdown: `## Before
${yamlBlock(stateOf(record.before))}` },
    { id: "after", markdown: `## After
${yamlBlock(stateOf(record.after))}` },
    { id: "commands", markdown: `## Commands run
${commands(record) || "_none_"}` },
    {
      id: "indicators",
      markdown: `## Failure indicators
${record.failure_indicators.map(
        (i) => `- \`${oneLine(i.pattern)}\` (${i.severity}) in ${oneLine(i.source)}: \`${oneLine(i.line).replace(/`/g, "'")}\``
      ).join("\n") || "_none_"}`
    },
    {
      id: "human",
      markdown: [
        "## Needs human input",
        `### ${HUMAN_SECTIONS[0]}`,
        HUMAN_PLACEHOLDER,
        "",
        `### ${HUMAN_SECTIONS[1]}`,
        HUMAN_PLACEHOLDER,
        "",
        `### ${HUMAN_SECTIONS[2]}`,
        `- [ ] ${HUMAN_PLACEHOLDER}`
      ].join("\n")
    },
    { id: "occurrences", markdown: `## Occurrences
${occurrenceLine(input)}` }
  ];
}
function renderDraft(input, fingerprint) {
  const { record, anomaly } = input;
  const front = {
    title: draftTitle(record, anomaly),
    severity: anomaly.severity,
    status: "draft",
    fingerprint,
    generated_from: { execution_id: record.id, anomaly_rule: anomaly.rule },
    intent: record.intent,
    target: targetOf(record.params) ?? null,
    occurrences: 1,
    needs_human_input: ["root_cause", "lessons_learned", "action_items"]
  };
  return [
    "---",
    (0, import_yaml.stringify)(front, { lineWidth: 0 }).trimEnd(),
    "---",
    `# ${front.title}`,
    "",
    draftSections(input).map((s) => s.markdown).join("\n\n"),
    ""
  ].join("\n");
}
function appendOccurrence(existing, input) {
  if (existing.includes(`\`${input.record.id}\``)) return existing;
  const bumped = existing.replace(
    /^occurrences: (\d+)$/m,
    (_m, n) => `occurrences: ${Number(n) + 1}`
  );
  return `${bumped.trimEnd()}
${occurrenceLine(input)}
`;
}

export {
  draftFingerprint,
  draftFileName,
  draftTitle,
  HUMAN_SECTIONS,
  HUMAN_PLACEHOLDER,
  draftSections,
  renderDraft,
  appendOccurrence
};
