import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  HUMAN_PLACEHOLDER,
  HUMAN_SECTIONS,
  draftFingerprint,
  draftSections,
  draftTitle
} from "./chunk-4HPX7IO7.js";
import {
  fenced,
  isMarkerLine,
  marker,
  scanFences,
  trailerMarker
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

// src/domain/incident-filing.ts
var import_yaml2 = __toESM(require_dist(), 1);

// src/domain/incident-issue.ts
var import_yaml = __toESM(require_dist(), 1);
var GITHUB_BODY_LIMIT = 65536;
var LABEL_NAME_MAX = 50;
var TITLE_MAX = 256;
var LABEL_DESCRIPTION_MAX = 100;
var DRAFT_LABEL = "incident-draft";
var fingerprintMarker = (fp) => marker("fingerprint", fp);
var executionsMarker = (ids) => marker("executions", ids.join(","));
var executionMarker = (id) => marker("execution", id);
function fingerprintOf(record, anomaly) {
  return draftFingerprint(record.intent, anomaly.rule, targetOf(record.params));
}
function markedExecutions(body) {
  return (trailerMarker(body, "executions") ?? "").split(",").filter(Boolean);
}
var markedExecution = (body) => trailerMarker(body, "execution");
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
    fenced((0, import_yaml.stringify)(anomaly.inputs ?? null, { lineWidth: 0 }).trimEnd(), "yaml"),
    "",
    executionMarker(record.id),
    ""
  ].join("\n").trimStart();
  return truncateBody(text, GITHUB_BODY_LIMIT, recordUrl);
}
function splitBody(text) {
  const blocks = [{ heading: void 0, text: "" }];
  const lines = text.split("\n");
  const { fenced: fenced2 } = scanFences(lines);
  let end = lines.length;
  while (end > 0 && (lines[end - 1]?.trim() === "" || isMarkerLine(lines[end - 1] ?? "") && !fenced2[end - 1]))
    end--;
  const markers = lines.slice(end).filter((l) => l.trim() !== "");
  for (const [i, line] of lines.slice(0, end).entries()) {
    if (!fenced2[i] && line.startsWith("## ")) blocks.push({ heading: line.slice(3).trim(), text: line });
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
  const { open } = scanFences(head.split("\n"));
  if (open) head += `
${open}`;
  return `${head}${tail}`.slice(0, limit);
}
function unfilledHumanSections(body) {
  return HUMAN_SECTIONS.filter((name) => {
    const start = body.search(new RegExp(`^### ${name}[ \\t]*$`, "m"));
    if (start < 0) return true;
    const rest = body.slice(start).split("\n").slice(1);
    const end = rest.findIndex((l) => /^#{1,3} /.test(l) || isMarkerLine(l));
    const content = (end < 0 ? rest : rest.slice(0, end)).join("\n").replace(/<!--[\s\S]*?-->/g, "").split(HUMAN_PLACEHOLDER).join("").replace(/^\s*[-*]\s*(\[[ xX]\])?\s*$/gm, "");
    return content.trim() === "";
  });
}

// src/domain/incident-filing.ts
var FILED_LABEL = "incident-filed";
var FILED_DIR = "incidents/filed";
var MANUAL_NOTES = "incidents/manual-notes.jsonl";
var NOTE_TEXT_MAX = 2e3;
var TRUSTED_ASSOCIATIONS = ["OWNER", "MEMBER", "COLLABORATOR"];
var COMMAND = /^\/(file|manual-fix|manual-step)(?=\s|$)/i;
function parseIncidentCommand(body) {
  const m = COMMAND.exec(body);
  if (!m) return null;
  const word = m[1].toLowerCase();
  if (word === "file") return { kind: "file" };
  return { kind: word === "manual-fix" ? "manual_fix" : "manual_step", text: body.slice(m[0].length).trim() };
}
var isTrusted = (association) => TRUSTED_ASSOCIATIONS.includes(String(association ?? "").toUpperCase());
function fingerprintIn(body) {
  const fp = trailerMarker(body, "fingerprint");
  return fp !== void 0 && /^[A-Za-z0-9_-]{1,64}$/.test(fp) ? fp : null;
}
var has = (labels, name) => labels.some((l) => l.toLowerCase() === name.toLowerCase());
function isIncidentIssue(body, labels) {
  return fingerprintIn(body) !== null && (has(labels, DRAFT_LABEL) || has(labels, FILED_LABEL));
}
function labelValue(labels, prefix) {
  const found = labels.find((l) => l.toLowerCase().startsWith(prefix.toLowerCase()));
  return found?.slice(prefix.length);
}
function filingLabelChanges(labels) {
  return {
    remove: labels.filter((l) => l.toLowerCase() === DRAFT_LABEL),
    add: has(labels, FILED_LABEL) ? [] : [FILED_LABEL]
  };
}
function labelsAfterFiling(labels) {
  const { remove, add } = filingLabelChanges(labels);
  return [...labels.filter((l) => !remove.includes(l)), ...add];
}
function slug(title) {
  const s = title.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 60).replace(/^-+|-+$/g, "");
  return s || "incident";
}
function filedPath(issue, fingerprint, taken = false) {
  const id = fingerprint ?? `issue-${issue.number}`;
  return `${FILED_DIR}/${id}-${slug(issue.title)}${taken ? `-${issue.number}` : ""}.md`;
}
function frontMatter(document) {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(document);
  if (!m) return null;
  try {
    const v = (0, import_yaml2.parse)(m[1]);
    return v && typeof v === "object" && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}
function filedIssueNumber(document) {
  const issue = frontMatter(document)?.issue;
  return typeof issue === "number" ? issue : void 0;
}
function capText(text, max = NOTE_TEXT_MAX) {
  const chars = Array.from(text);
  return chars.length <= max ? { text, truncated: false } : { text: chars.slice(0, max).join(""), truncated: true };
}
function manualNote(i) {
  const { text, truncated } = capText(i.text);
  return {
    at: i.at,
    issue: i.issue,
    fingerprint: fingerprintIn(i.body),
    intent: labelValue(i.labels, "intent:") ?? null,
    kind: i.kind,
    text,
    by: i.by,
    comment: i.comment,
    ...truncated ? { truncated: true } : {}
  };
}
var noteLine = (note) => `${JSON.stringify(note)}
`;
function parseJsonLines(jsonl, keep) {
  const out = [];
  for (const line of jsonl.split("\n")) {
    if (!line.trim()) continue;
    try {
      const x = JSON.parse(line);
      if (x && typeof x === "object" && keep(x)) out.push(x);
    } catch {
    }
  }
  return out;
}
function notedComments(jsonl) {
  const notes = parseJsonLines(jsonl, (n) => typeof n.comment === "number");
  return new Set(notes.map((n) => n.comment));
}
function notesIn(comments) {
  return comments.flatMap((c) => {
    const cmd = parseIncidentCommand(c.body ?? "");
    if (!cmd || cmd.kind === "file" || !cmd.text || !isTrusted(c.author_association)) return [];
    return [{ kind: cmd.kind, text: capText(cmd.text).text, by: c.user?.login ?? "ghost", at: c.created_at }];
  });
}
var quote = (text) => text.split("\n").map((l) => `  > ${l}`.trimEnd()).join("\n");
function filedDocument(f) {
  const labels = labelsAfterFiling(f.issue.labels);
  const front = {
    title: f.issue.title,
    status: "filed",
    issue: f.issue.number,
    url: f.issue.url,
    fingerprint: f.fingerprint,
    severity: labelValue(labels, "severity:") ?? null,
    intent: labelValue(labels, "intent:") ?? null,
    anomaly: labelValue(labels, "anomaly:") ?? null,
    labels,
    filed_by: f.filedBy,
    filed_at: f.filedAt,
    manual_notes: f.notes.length
  };
  const notes = f.notes.map(
    (n) => `- **${n.kind === "manual_fix" ? "manual fix" : "manual step"}** by @${n.by} at ${n.at}:
${quote(n.text)}`
  );
  return [
    "---",
    (0, import_yaml2.stringify)(front, { lineWidth: 0 }).trimEnd(),
    "---",
    `# ${f.issue.title}`,
    "",
    `Filed from [issue #${f.issue.number}](${f.issue.url}) by @${f.filedBy} at ${f.filedAt}.`,
    "",
    f.issue.body.trimEnd(),
    "",
    "## Manual notes",
    notes.length ? notes.join("\n") : "_none_",
    ""
  ].join("\n");
}
var filedMarker = (path) => marker("filed", path);
function filedPathIn(commentBodies) {
  for (const body of commentBodies) {
    const path = trailerMarker(body, "filed");
    if (path) return path;
  }
  return void 0;
}
function filedComment(path, url) {
  return `Filed as ${url ? `[\`${path}\`](${url})` : `\`${path}\``}.

${filedMarker(path)}
`;
}
function missingSectionsComment(missing, labelRemoved) {
  const names = missing.map((m) => `**${m}**`).join(", ");
  return [
    `Not filed yet: fill in ${names} under **Needs human input** (replace \`_to be filled in_\`).`,
    "",
    `${labelRemoved ? `The label \`${FILED_LABEL}\` was removed. ` : ""}When the sections are filled, add the label \`${FILED_LABEL}\` or comment \`/file\`.`,
    ""
  ].join("\n");
}
function noteAck(kind, path, sha) {
  const what = kind === "manual_fix" ? "manual fix" : "manual step";
  return `Recorded the ${what} in \`${path}\`${sha ? ` (${sha.slice(0, 7)})` : ""}.
`;
}
function emptyNoteComment(kind) {
  const cmd = kind === "manual_fix" ? "/manual-fix" : "/manual-step";
  return `Nothing recorded: \`${cmd}\` needs a description of what was done, e.g. \`${cmd} restarted the pod by hand\`.
`;
}

export {
  DRAFT_LABEL,
  fingerprintOf,
  markedExecutions,
  markedExecution,
  issueTitle,
  issueLabels,
  labelStyle,
  issueBody,
  occurrenceComment,
  unfilledHumanSections,
  FILED_LABEL,
  MANUAL_NOTES,
  parseIncidentCommand,
  isTrusted,
  fingerprintIn,
  isIncidentIssue,
  labelValue,
  filingLabelChanges,
  filedPath,
  frontMatter,
  filedIssueNumber,
  manualNote,
  noteLine,
  notedComments,
  notesIn,
  filedDocument,
  filedPathIn,
  filedComment,
  missingSectionsComment,
  noteAck,
  emptyNoteComment
};
