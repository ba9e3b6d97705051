import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  HUMAN_PLACEHOLDER,
  HUMAN_SECTIONS,
  draftFingerprint,
  draftSections,
  draftTitle
} from "./chunk-NMMYGVSU.js";
import {
  targetOf
} from "./chunk-TVAFMIQY.js";
import {
  require_dist
} from "./chunk-P454KSOG.js";
import {
  sha256
} from "./chunk-FUILN6RE.js";
import {
  __toESM
} from "./chunk-7E55XGKX.js";

// src/domain/incident-issue.ts
var import_yaml = __toESM(require_dist(), 1);
var GITHUB_BODY_LIMIT = 65536;
var LABEL_NAME_MAX = 50;
var TITLE_MAX = 256;
var LABEL_DESCRIPTION_MAX = 100;
var DRAFT_LABEL = "incident-draft";
var fingerprintMarker = (fp) => `<!-- intentops:fingerprint=${fp} -->`;
var executionsMarker = (ids) => `<!-- intentops:executions=${ids.join(",")} -->`;
var executionMarker = (id) => `<!-- intentops:execution=${id} -->`;
var MARKER_LINE = /^<!-- intentops:[^\n]*? -->$/;
function fingerprintOf(record, anomaly) {
  return draftFingerprint(record.intent, anomaly.rule, targetOf(record.params));
}
function markedExecutions(body) {
  const m = /<!-- intentops:executions=([^\s>]*) -->/.exec(body ?? "");
  return m?.[1] ? m[1].split(",").filter(Boolean) : [];
}
function truncateChars(text, max) {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}\u2026`;
}
function issueTitle(record, anomaly) {
  return truncateChars(draftTitle(record, anomaly), TITLE_MAX);
}
function labelName(prefix, value) {
  const name = `${prefix}${value}`.replace(/,/g, "-").replace(/\s+/g, " ").trim();
  const chars = Array.from(name);
  if (chars.length <= LABEL_NAME_MAX) return name;
  const hash = sha256(name).slice("sha256:".length, "sha256:".length + 6);
  return `${chars.slice(0, LABEL_NAME_MAX - hash.length - 1).join("")}~${hash}`;
}
function issueLabels(record, anomaly) {
  return [
    DRAFT_LABEL,
    labelName("severity:", anomaly.severity),
    labelName("intent:", record.intent),
    labelName("anomaly:", anomaly.rule)
  ];
}
var SEVERITY_COLORS = { P1: "b60205", P2: "d93f0b", P3: "fbca04", P4: "c2e0c6" };
function labelStyle(name) {
  const [kind = "", value = ""] = name.split(/:(.*)/s);
  const style = name === DRAFT_LABEL ? { color: "fbca04", description: "Incident draft from intentops: fill in the human-input sections" } : kind === "severity" ? { color: SEVERITY_COLORS[value] ?? "ededed", description: `Incident severity ${value}` } : kind === "intent" ? { color: "c5def5", description: `Incidents of intent ${value}` } : { color: "f9d0c4", description: `Incidents from anomaly rule ${value}` };
  return { ...style, description: truncateChars(style.description, LABEL_DESCRIPTION_MAX) };
}
var CUTTABLE = ["before", "after", "commands", "indicators", "timeline"];
function issueBody(input) {
  const { record, recordUrl } = input;
  const sections = draftSections({ ...input, recordRef: recordUrl }).filter((s) => s.id !== "occurrences");
  const text = [
    `> Incident **draft** opened by intentops from execution [\`${record.id}\`](${recordUrl}). Fill in the sections under **Needs human input**, then add the label \`incident-filed\` or comment \`/file\`. Repeats are added below as comments.`,
    "",
    sections.map((s) => s.markdown).join("\n\n"),
    "",
    fingerprintMarker(input.fingerprint),
    executionsMarker([record.id]),
    ""
  ].join("\n");
  return truncateBody(text, GITHUB_BODY_LIMIT, recordUrl);
}
function occurrenceComment(input) {
  const { record, anomaly, recordUrl } = input;
  const text = [
    input.reopened ? "**Reopened:** the anomaly recurred after this incident was closed.\n" : "",
    `**Occurred again** in execution [\`${record.id}\`](${recordUrl}) at ${record.timestamp} \u2014 status **${record.status}** after ${record.duration}.`,
    "",
    `Rule \`${anomaly.rule}\` fired: \`${anomaly.condition}\``,
    "",
    `\`\`\`yaml
${(0, import_yaml.stringify)(anomaly.inputs ?? null, { lineWidth: 0 }).trimEnd()}
\`\`\``,
    "",
    executionMarker(record.id),
    ""
  ].join("\n").trimStart();
  return truncateBody(text, GITHUB_BODY_LIMIT, recordUrl);
}
function splitBody(text) {
  const blocks = [{ heading: void 0, text: "" }];
  const markers = [];
  let fenced = false;
  for (const line of text.split("\n")) {
    if (!fenced && MARKER_LINE.test(line)) {
      markers.push(line);
      continue;
    }
    if (line.startsWith("```")) fenced = !fenced;
    if (!fenced && line.startsWith("## ")) blocks.push({ heading: line.slice(3).trim(), text: line });
    else {
      const last = blocks[blocks.length - 1];
      last.text = last.text === "" && last.heading === void 0 ? line : `${last.text}
${line}`;
    }
  }
  return { blocks, markers };
}
var HEADING_OF = {
  before: "Before",
  after: "After",
  commands: "Commands run",
  indicators: "Failure indicators",
  timeline: "Timeline"
};
function cutNote(chars, recordUrl) {
  const where = recordUrl ? `the [execution record](${recordUrl})` : "the execution record";
  return `_Cut (${chars.toLocaleString("en-US")} characters) to fit GitHub's ${GITHUB_BODY_LIMIT.toLocaleString("en-US")}-character limit: see ${where}._`;
}
var join = (blocks, markers) => `${blocks.map((b) => b.text.trimEnd()).filter((t) => t !== "").join("\n\n").trimEnd()}

${markers.join("\n")}
`;
function truncateBody(text, limit = GITHUB_BODY_LIMIT, recordUrl) {
  if (text.length <= limit) return text;
  const { blocks, markers } = splitBody(text);
  const cuttable = new Set(CUTTABLE.map((id) => HEADING_OF[id]));
  const candidates = blocks.filter((b) => b.heading !== void 0 && cuttable.has(b.heading)).sort((a, b) => b.text.length - a.text.length);
  let body = join(blocks, markers);
  for (const block of candidates) {
    if (body.length <= limit) return body;
    block.text = `## ${block.heading}
${cutNote(block.text.length, recordUrl)}`;
    body = join(blocks, markers);
  }
  if (body.length <= limit) return body;
  const tail = `

${cutNote(body.length, recordUrl)}

${markers.join("\n")}
`;
  let head = body.slice(0, Math.max(0, limit - tail.length - 4));
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  if ((head.match(/^```/gm) ?? []).length % 2 === 1) head += "\n```";
  return `${head}${tail}`.slice(0, limit);
}
function unfilledHumanSections(body) {
  return HUMAN_SECTIONS.filter((name) => {
    const start = body.search(new RegExp(`^### ${name}[ \\t]*$`, "m"));
    if (start < 0) return true;
    const rest = body.slice(start).split("\n").slice(1);
    const end = rest.findIndex((l) => /^#{1,3} /.test(l) || MARKER_LINE.test(l));
    const content = (end < 0 ? rest : rest.slice(0, end)).join("\n").replace(/<!--[\s\S]*?-->/g, "").split(HUMAN_PLACEHOLDER).join("").replace(/^\s*[-*]\s*(\[[ xX]\])?\s*$/gm, "");
    return content.trim() === "";
  });
}

export {
  DRAFT_LABEL,
  fingerprintMarker,
  executionMarker,
  fingerprintOf,
  markedExecutions,
  issueTitle,
  issueLabels,
  labelStyle,
  issueBody,
  occurrenceComment,
  unfilledHumanSections
};
