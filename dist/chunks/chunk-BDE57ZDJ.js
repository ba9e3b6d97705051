import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  require_dist,
  targetOf
} from "./chunk-EI2VVAFB.js";
import {
  sha256
} from "./chunk-G335CAHQ.js";
import {
  __toESM
} from "./chunk-7E55XGKX.js";

// src/adapters/git.ts
import { execFile } from "node:child_process";
import { isAbsolute, resolve } from "node:path";
function redactUrlCredentials(text) {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, "$1***@");
}
var GitError = class extends Error {
  name = "GitError";
  args;
  stderr;
  constructor(args, stderr) {
    const safeArgs = args.map(redactUrlCredentials);
    const safeStderr = redactUrlCredentials(stderr);
    super(`git ${safeArgs.join(" ")} failed: ${safeStderr}`);
    this.args = safeArgs;
    this.stderr = safeStderr;
  }
};
var PROTECTED = /GH006|GH013|protected branch|repository rule violations/i;
var NON_FAST_FORWARD = /non-fast-forward|\(fetch first\)|remote contains work|cannot lock ref|failed to update ref|incorrect old value/i;
function classifyPushRejection(stderr) {
  if (PROTECTED.test(stderr)) return "protected";
  if (NON_FAST_FORWARD.test(stderr)) return "non-fast-forward";
  return "other";
}
var GIT_ENV = { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_EDITOR: "true" };
var Git = class {
  constructor(dir) {
    this.dir = dir;
  }
  dir;
  exec(args) {
    return new Promise((resolve2) => {
      execFile(
        "git",
        [...args],
        { cwd: this.dir, timeout: 6e4, maxBuffer: 16 * 1024 * 1024, env: GIT_ENV },
        (err, stdout, stderr) => {
          resolve2({
            ok: !err,
            stdout: String(stdout).trim(),
            stderr: redactUrlCredentials(String(stderr || err?.message || "").trim())
          });
        }
      );
    });
  }
  async must(args) {
    const r = await this.exec(args);
    if (!r.ok) throw new GitError(args, r.stderr);
    return r;
  }
  /** The commit that last touched `path`, or null when it is not committed (or this is no git repo). */
  async lastCommitOf(path) {
    const r = await this.exec(["log", "-1", "--format=%H", "--", path]);
    return r.ok && /^[0-9a-f]{40}$/.test(r.stdout) ? r.stdout : null;
  }
  async init() {
    await this.must(["init", "-q", "-b", "main"]);
    await this.must(["config", "user.name", "intentops"]);
    await this.must(["config", "user.email", "intentops@localhost"]);
    await this.must(["config", "commit.gpgsign", "false"]);
  }
  async commitAll(message) {
    await this.must(["add", "-A"]);
    await this.must(["commit", "-q", "--no-verify", "-m", message]);
    return (await this.must(["rev-parse", "HEAD"])).stdout;
  }
  async log(limit) {
    return (await this.must(["log", `-${limit}`, "--format=%h %s"])).stdout.split("\n").filter(Boolean);
  }
  /** The checked-out branch, or null on a detached HEAD. */
  async currentBranch() {
    const r = await this.exec(["symbolic-ref", "--short", "-q", "HEAD"]);
    return r.ok && r.stdout ? r.stdout : null;
  }
  async headSha() {
    return (await this.must(["rev-parse", "HEAD"])).stdout;
  }
  /** A path inside the git directory (`info/attributes`, …), absolute. */
  async gitPath(rel) {
    const out = (await this.must(["rev-parse", "--git-path", rel])).stdout;
    return isAbsolute(out) ? out : resolve(this.dir, out);
  }
  async addPaths(paths) {
    if (paths.length > 0) await this.must(["add", "--", ...paths]);
  }
  /** Commits what is staged; null when nothing is. */
  async commit(message, opts = {}) {
    if ((await this.exec(["diff", "--cached", "--quiet"])).ok) return null;
    const author = opts.author ? [`--author=${opts.author.name} <${opts.author.email}>`] : [];
    await this.must(["commit", "-q", "--no-verify", "-m", message, ...author]);
    return this.headSha();
  }
  /** Pushes HEAD (attached or not) to `branch`; a refusal is a result, not an exception. */
  async tryPush(remote, branch) {
    const r = await this.exec(["push", "--no-verify", remote, `HEAD:refs/heads/${branch}`]);
    return { ok: r.ok, rejected: r.ok ? null : classifyPushRejection(r.stderr), stderr: r.stderr };
  }
  /** Updates `<remote>/<branch>` even in a single-branch or shallow checkout (an explicit refspec). */
  async fetch(remote, branch) {
    await this.must([
      "fetch",
      "-q",
      "--no-tags",
      remote,
      `+refs/heads/${branch}:refs/remotes/${remote}/${branch}`
    ]);
  }
  /** Replays local commits onto `upstream` (e.g. `origin/main`); on conflict the rebase is left stopped. */
  async rebaseOnto(upstream) {
    const r = await this.exec(["rebase", "--no-verify", upstream]);
    if (r.ok) return { status: "ok" };
    const unmerged = await this.exec(["diff", "--name-only", "--diff-filter=U"]);
    const paths = unmerged.ok ? unmerged.stdout.split("\n").filter(Boolean) : [];
    return paths.length > 0 ? { status: "conflict", paths, stderr: r.stderr } : { status: "failed", stderr: r.stderr };
  }
  /** Back to the state before the rebase; a no-op when none is in progress. */
  async abortRebase() {
    const r = await this.exec(["rebase", "--abort"]);
    if (!r.ok && !/no rebase in progress/i.test(r.stderr))
      throw new GitError(["rebase", "--abort"], r.stderr);
  }
  /** Identity for the bot's commits, in this repository's config only. */
  async configureIdentity(name, email) {
    await this.must(["config", "--local", "user.name", name]);
    await this.must(["config", "--local", "user.email", email]);
  }
};

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
  return `\`\`\`yaml
${(0, import_yaml.stringify)(value ?? null, { lineWidth: 0 }).trimEnd()}
\`\`\``;
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
function occurrenceLine(input) {
  const { record, anomaly } = input;
  return `- ${record.timestamp} \u2014 \`${record.id}\` (${record.status}): \`${anomaly.condition}\` with ${JSON.stringify(anomaly.inputs)} \u2014 [record](${input.recordRef})`;
}
function commands(record) {
  return record.commands_run.map(
    (c) => `- \`${Array.isArray(c.cmd) ? JSON.stringify(c.cmd) : c.cmd.replace(/`/g, "'")}\` \u2192 exit ${c.exit_code ?? "none"} (${c.duration})`
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
${record.failure_indicators.map((i) => `- \`${i.pattern}\` (${i.severity}) in ${i.source}: \`${i.line.replace(/`/g, "'")}\``).join("\n") || "_none_"}`
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
  appendOccurrence,
  GitError,
  Git
};
