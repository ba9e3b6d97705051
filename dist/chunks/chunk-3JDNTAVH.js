import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  DRAFT_LABEL
} from "./chunk-PDOISYFS.js";
import {
  require_dist
} from "./chunk-P454KSOG.js";
import {
  __toESM
} from "./chunk-7E55XGKX.js";

// src/domain/incident-filing.ts
var import_yaml = __toESM(require_dist(), 1);
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
  return /<!-- intentops:fingerprint=([A-Za-z0-9_-]{1,64}) -->/.exec(body ?? "")?.[1] ?? null;
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
    const v = (0, import_yaml.parse)(m[1]);
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
    (0, import_yaml.stringify)(front, { lineWidth: 0 }).trimEnd(),
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
var filedMarker = (path) => `<!-- intentops:filed=${path} -->`;
function filedPathIn(commentBodies) {
  for (const body of commentBodies) {
    const m = /<!-- intentops:filed=([^\s>]+) -->/.exec(body ?? "");
    if (m) return m[1];
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
  parseJsonLines,
  notedComments,
  notesIn,
  filedDocument,
  filedPathIn,
  filedComment,
  missingSectionsComment,
  noteAck,
  emptyNoteComment
};
