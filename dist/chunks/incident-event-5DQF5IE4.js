import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  RepoLabels
} from "./chunk-F2RV6AMM.js";
import {
  BOT_IDENTITY
} from "./chunk-NIJL7ULP.js";
import {
  publish
} from "./chunk-XMP6FIZN.js";
import {
  FILED_LABEL,
  MANUAL_NOTES,
  emptyNoteComment,
  filedComment,
  filedDocument,
  filedIssueNumber,
  filedPath,
  filedPathIn,
  filingLabelChanges,
  fingerprintIn,
  isIncidentIssue,
  isTrusted,
  manualNote,
  missingSectionsComment,
  noteAck,
  noteLine,
  notedComments,
  notesIn,
  parseIncidentCommand,
  unfilledHumanSections
} from "./chunk-DDIIRV4K.js";
import {
  ApiCallCounter,
  NO_BLIND_RETRY,
  counted,
  statusOf,
  writeOnce
} from "./chunk-4LGOOGTA.js";
import {
  cell,
  info,
  setFailed,
  setOutput,
  writeSummary
} from "./chunk-WHTSRQ4A.js";
import {
  createOctokit
} from "./chunk-D5ACM4UR.js";
import {
  Git
} from "./chunk-3RZXW5BD.js";
import "./chunk-4HPX7IO7.js";
import "./chunk-D5UGG2QT.js";
import "./chunk-ALT7SGXU.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-FUILN6RE.js";
import "./chunk-P454KSOG.js";
import {
  external_exports
} from "./chunk-PQTKVDRF.js";
import "./chunk-7E55XGKX.js";

// src/action/incident-event.ts
import { readFile as readFile2 } from "node:fs/promises";

// src/adapters/checkout.ts
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, normalize } from "node:path";
var CheckoutError = class extends Error {
  constructor(message, context) {
    super(message);
    this.context = context;
  }
  context;
  name = "CheckoutError";
};
var Checkout = class {
  constructor(git, branch, options = {}) {
    this.git = git;
    this.branch = branch;
    this.options = options;
    this.remote = options.remote ?? "origin";
  }
  git;
  branch;
  options;
  remote;
  /** Fast-forwards (rebases, if the bot committed locally) onto the remote branch. */
  async sync() {
    await this.git.fetch(this.remote, this.branch);
    const r = await this.git.rebaseOnto(`${this.remote}/${this.branch}`);
    if (r.status !== "ok") {
      await this.git.abortRebase();
      throw new CheckoutError(`cannot bring the checkout up to ${this.remote}/${this.branch}: ${r.stderr}`, {
        branch: this.branch,
        operation: "sync"
      });
    }
  }
  path(rel) {
    const n = normalize(rel);
    if (n.startsWith("..") || n.startsWith("/"))
      throw new TypeError(`not a path inside the checkout: ${rel}`);
    return join(this.git.dir, n);
  }
  async read(rel) {
    try {
      return await readFile(this.path(rel), "utf8");
    } catch (err) {
      if (err.code === "ENOENT") return void 0;
      throw err;
    }
  }
  async write(rel, text) {
    await mkdir(dirname(this.path(rel)), { recursive: true });
    await writeFile(this.path(rel), text);
  }
  async append(rel, text) {
    await mkdir(dirname(this.path(rel)), { recursive: true });
    await appendFile(this.path(rel), text);
  }
  /**
   * Lets git merge an append-only file as the union of both sides, so two runs appending at once
   * both land. Written to `.git/info/attributes` (holds at once) and `.gitattributes` (every clone
   * agrees). Returns the paths that changed and must be committed with the file.
   */
  async unionMerge(rel) {
    const line = `${rel} merge=union`;
    const present = (text) => text.split("\n").some((l) => l.trim() === line);
    const ensure = async (file) => {
      const text = await readFile(file, "utf8").catch(() => "");
      if (present(text)) return false;
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, `${text}${text === "" || text.endsWith("\n") ? "" : "\n"}${line}
`);
      return true;
    };
    await ensure(await this.git.gitPath("info/attributes"));
    return await ensure(join(this.git.dir, ".gitattributes")) ? [".gitattributes"] : [];
  }
  /** Commits `paths` and pushes to the branch, surviving races (see publish()). */
  publish(paths, message) {
    return publish(this.git, {
      ...this.options.publish,
      paths,
      message,
      branch: this.branch,
      remote: this.remote
    });
  }
};

// src/app/incident-lifecycle.ts
var IncidentLifecycleError = class extends Error {
  constructor(message, context, options) {
    super(message, options);
    this.context = context;
  }
  context;
  name = "IncidentLifecycleError";
  /** The HTTP status, when GitHub answered: writeOnce tells a lost answer (5xx) from a refusal by it. */
  get status() {
    return this.context.status;
  }
};
var botBodies = (comments) => comments.filter((c) => c.user?.type === "Bot").map((c) => c.body);
var filedStyle = () => ({
  color: "0e8a16",
  description: "Incident filed by intentops into incidents/filed/"
});
var IncidentLifecycle = class {
  constructor(octokit, checkout, options) {
    this.octokit = octokit;
    this.checkout = checkout;
    this.options = options;
    this.repo = { owner: options.owner, repo: options.repo };
    this.log = options.log ?? (() => {
    });
    this.calls = options.calls ?? new ApiCallCounter();
    this.now = options.now ?? (() => /* @__PURE__ */ new Date());
    this.labels = new RepoLabels(octokit, this.repo, this.calls, filedStyle);
  }
  octokit;
  checkout;
  options;
  calls;
  repo;
  log;
  now;
  labels;
  /** Files the issue when its human-input sections are filled; otherwise says what is missing. */
  async file(req) {
    const n = req.issue;
    const { data: issue } = await this.call(
      n,
      "issues/get",
      () => this.octokit.rest.issues.get({ ...this.repo, issue_number: n })
    );
    const labels = issue.labels.map((l) => typeof l === "string" ? l : l.name ?? "");
    const body = issue.body ?? "";
    if (issue.pull_request || !isIncidentIssue(body, labels)) {
      return { status: "ignored", reason: `#${n} is not an intentops incident issue` };
    }
    const comments = await this.comments(n);
    const earlier = filedPathIn(botBodies(comments));
    if (earlier) {
      this.log(`#${n} was already filed as ${earlier}: nothing to do`);
      return { status: "already-filed", path: earlier };
    }
    const missing = unfilledHumanSections(body);
    if (missing.length > 0) {
      const labelRemoved = labels.some((l) => l.toLowerCase() === FILED_LABEL);
      if (labelRemoved) await this.removeLabel(n, FILED_LABEL);
      await this.call(
        n,
        "issues/create-comment",
        () => this.octokit.rest.issues.createComment({
          ...this.repo,
          issue_number: n,
          body: missingSectionsComment(missing, labelRemoved)
        })
      );
      this.log(`#${n} not filed: ${missing.join(", ")} still to fill in`);
      return { status: "unfilled", missing, labelRemoved };
    }
    await this.checkout.sync();
    const fingerprint = fingerprintIn(body);
    let path = filedPath({ number: n, title: issue.title }, fingerprint);
    let existing = await this.checkout.read(path);
    if (existing !== void 0 && filedIssueNumber(existing) !== n) {
      path = filedPath({ number: n, title: issue.title }, fingerprint, true);
      existing = await this.checkout.read(path);
    }
    let sha = null;
    if (existing === void 0) {
      const document = filedDocument({
        issue: { number: n, title: issue.title, url: issue.html_url, body, labels },
        fingerprint,
        notes: notesIn(comments),
        filedBy: req.by,
        filedAt: this.now().toISOString()
      });
      await this.checkout.write(path, document);
      const published = await this.checkout.publish([path], `intentops: file incident #${n} as ${path}`);
      if (!published.pushed) {
        return { status: "not-pushed", path, error: published.error ?? String(published.rejected) };
      }
      sha = published.sha;
      this.log(`${path} pushed as ${sha} (push attempts: ${published.attempts})`);
    } else this.log(`${path} is on the branch already; finishing the filing on GitHub`);
    const { remove, add } = filingLabelChanges(labels);
    for (const name of remove) await this.removeLabel(n, name);
    if (add.length > 0) {
      await this.call(n, "labels", () => this.labels.ensure(add), false);
      await this.call(
        n,
        "issues/add-labels",
        () => this.octokit.rest.issues.addLabels({ ...this.repo, issue_number: n, labels: add })
      );
    }
    await this.filedComment(n, path);
    this.log(`#${n} filed as ${path}`);
    return { status: "filed", path, sha };
  }
  /** Appends a `/manual-fix` or `/manual-step` note to the notes log, once per comment. */
  async note(req) {
    const n = req.issue.number;
    const reply = (body) => this.call(
      n,
      "issues/create-comment",
      () => this.octokit.rest.issues.createComment({ ...this.repo, issue_number: n, body })
    );
    if (!req.text.trim()) {
      await reply(emptyNoteComment(req.kind));
      return { status: "empty" };
    }
    await this.checkout.sync();
    if (notedComments(await this.checkout.read(MANUAL_NOTES) ?? "").has(req.comment.id)) {
      this.log(`comment ${req.comment.id} on #${n} is already in ${MANUAL_NOTES}`);
      return { status: "already-noted" };
    }
    const note = manualNote({
      at: req.comment.at,
      issue: n,
      body: req.issue.body,
      labels: req.issue.labels,
      kind: req.kind,
      text: req.text,
      by: req.comment.by,
      comment: req.comment.id
    });
    await this.checkout.append(MANUAL_NOTES, noteLine(note));
    const extra = await this.checkout.unionMerge(MANUAL_NOTES);
    const published = await this.checkout.publish(
      [MANUAL_NOTES, ...extra],
      `intentops: ${note.kind.replace("_", " ")} on incident #${n}`
    );
    if (!published.pushed)
      return { status: "not-pushed", error: published.error ?? String(published.rejected) };
    await reply(noteAck(note.kind, MANUAL_NOTES, published.sha));
    this.log(
      `#${n}: ${note.kind} by ${note.by} recorded in ${MANUAL_NOTES} (push attempts: ${published.attempts})`
    );
    return { status: "noted", note, sha: published.sha };
  }
  async comments(n) {
    const pages = this.octokit.paginate.iterator(this.octokit.rest.issues.listComments, {
      ...this.repo,
      issue_number: n,
      per_page: 100
    });
    return this.call(
      n,
      "issues/list-comments",
      async () => {
        const out = [];
        for await (const c of counted(this.calls, "issues/list-comments", pages)) out.push(c);
        return out;
      },
      false
    );
  }
  async removeLabel(n, name) {
    this.calls.add("issues/remove-label");
    try {
      await this.octokit.rest.issues.removeLabel({ ...this.repo, issue_number: n, name });
    } catch (err) {
      if (statusOf(err) === 404) return;
      throw this.failure(n, "issues/remove-label", err);
    }
  }
  /** The "Filed as" comment is what marks the issue filed: sent once even over a lost answer. */
  async filedComment(n, path) {
    const body = filedComment(path, this.options.fileUrl?.(path));
    await writeOnce({
      send: () => this.call(
        n,
        "issues/create-comment",
        () => this.octokit.rest.issues.createComment({ ...this.repo, issue_number: n, body, ...NO_BLIND_RETRY })
      ).then(() => true),
      lookup: async () => filedPathIn(botBodies(await this.comments(n))) ? true : void 0,
      attempts: 3,
      retryBaseMs: this.options.retryBaseMs ?? 1e3,
      log: this.log,
      what: `commenting "Filed as" on #${n}`
    });
  }
  failure(n, operation, err) {
    if (err instanceof IncidentLifecycleError) return err;
    const status = statusOf(err);
    const message = err instanceof Error ? err.message : String(err);
    return new IncidentLifecycleError(
      `GitHub ${operation} for incident #${n} failed${status ? ` (${status})` : ""}: ${message}`,
      { issue: n, operation, ...status ? { status } : {} },
      { cause: err }
    );
  }
  /** One counted API call; a failure becomes an IncidentLifecycleError naming the issue and operation. */
  async call(n, operation, send, count = true) {
    if (count) this.calls.add(operation);
    try {
      return await send();
    } catch (err) {
      throw this.failure(n, operation, err);
    }
  }
};

// src/action/incident-event.ts
var Label = external_exports.object({ name: external_exports.string() });
var Issue = external_exports.object({
  number: external_exports.number().int().positive(),
  body: external_exports.string().nullish(),
  labels: external_exports.array(external_exports.union([external_exports.string(), Label])).default([]),
  pull_request: external_exports.unknown().optional()
});
var Common = {
  action: external_exports.string(),
  issue: Issue,
  sender: external_exports.object({ login: external_exports.string() }),
  repository: external_exports.object({ default_branch: external_exports.string().min(1) })
};
var IssuesEvent = external_exports.object({ ...Common, label: Label.optional() });
var CommentEvent = external_exports.object({
  ...Common,
  comment: external_exports.object({
    id: external_exports.number().int(),
    body: external_exports.string().nullish(),
    user: external_exports.object({ login: external_exports.string() }).nullish(),
    created_at: external_exports.string(),
    author_association: external_exports.string().optional()
  })
});
var labelNames = (labels) => labels.map((l) => typeof l === "string" ? l : l.name);
function routeIncidentEvent(eventName, payload) {
  const ignore = (reason) => ({ kind: "ignore", reason });
  if (eventName === "issues") {
    const e = IssuesEvent.safeParse(payload);
    if (!e.success) return ignore(`not an issues event payload: ${external_exports.prettifyError(e.error)}`);
    const { issue } = e.data;
    if (e.data.action !== "labeled" || e.data.label?.name.toLowerCase() !== FILED_LABEL) {
      return ignore(
        `issues.${e.data.action} (label ${e.data.label?.name ?? "none"}): only the label ${FILED_LABEL} files`
      );
    }
    if (issue.pull_request || !isIncidentIssue(issue.body, labelNames(issue.labels)))
      return ignore(`#${issue.number} is not an intentops incident issue`);
    return {
      kind: "file",
      issue: issue.number,
      by: e.data.sender.login,
      branch: e.data.repository.default_branch
    };
  }
  if (eventName === "issue_comment") {
    const e = CommentEvent.safeParse(payload);
    if (!e.success) return ignore(`not an issue_comment event payload: ${external_exports.prettifyError(e.error)}`);
    const { issue, comment } = e.data;
    if (e.data.action !== "created")
      return ignore(`issue_comment.${e.data.action}: only new comments are commands`);
    const labels = labelNames(issue.labels);
    if (issue.pull_request || !isIncidentIssue(issue.body, labels))
      return ignore(`#${issue.number} is not an intentops incident issue`);
    const cmd = parseIncidentCommand(comment.body ?? "");
    if (!cmd) return ignore(`comment ${comment.id} on #${issue.number} is not a command`);
    if (!isTrusted(comment.author_association)) {
      return ignore(
        `comment ${comment.id} on #${issue.number}: commands are taken from the repository's owners, members and collaborators only (author association ${comment.author_association ?? "unknown"})`
      );
    }
    const by = comment.user?.login ?? e.data.sender.login;
    const branch = e.data.repository.default_branch;
    if (cmd.kind === "file") return { kind: "file", issue: issue.number, by: e.data.sender.login, branch };
    return {
      kind: "note",
      issue: { number: issue.number, body: issue.body, labels },
      comment: { id: comment.id, at: comment.created_at, by },
      note: cmd.kind,
      text: cmd.text,
      branch
    };
  }
  return ignore(`event ${eventName}: command 'incident' handles issues and issue_comment`);
}
function outcomeText(outcome) {
  switch (outcome.status) {
    case "filed":
      return `filed as \`${outcome.path}\``;
    case "already-filed":
      return `already filed as \`${outcome.path}\``;
    case "unfilled":
      return `not filed: ${outcome.missing.join(", ")} to fill in`;
    case "ignored":
      return outcome.reason;
    case "noted":
      return `${outcome.note.kind} by @${outcome.note.by} recorded`;
    case "already-noted":
      return "already recorded";
    case "empty":
      return "empty note: nothing recorded";
    case "not-pushed":
      return `could not be pushed: ${outcome.error}`;
  }
}
async function handleIncidentEvent(inputs) {
  const payload = JSON.parse(await readFile2(inputs.eventPath, "utf8"));
  const event = routeIncidentEvent(inputs.eventName, payload);
  if (event.kind === "ignore") {
    info(`nothing to do: ${event.reason}`);
    setOutput("status", "ignored");
    return void 0;
  }
  if (!inputs.token) throw new Error("command 'incident' needs the input github-token");
  const log = (m) => info(m);
  const git = new Git(inputs.repoPath);
  await git.configureIdentity(BOT_IDENTITY.name, BOT_IDENTITY.email);
  const lifecycle = new IncidentLifecycle(
    createOctokit({ token: inputs.token, baseUrl: inputs.apiUrl, log }),
    new Checkout(git, event.branch),
    {
      owner: inputs.owner,
      repo: inputs.repo,
      log,
      fileUrl: (p) => `${inputs.serverUrl}/${inputs.owner}/${inputs.repo}/blob/${encodeURIComponent(event.branch)}/${p}`
    }
  );
  const issue = event.kind === "file" ? event.issue : event.issue.number;
  const outcome = event.kind === "file" ? await lifecycle.file({ issue: event.issue, by: event.by }) : await lifecycle.note({
    issue: event.issue,
    comment: event.comment,
    kind: event.note,
    text: event.text
  });
  const what = outcomeText(outcome);
  info(`incident #${issue}: ${what}`);
  setOutput("status", outcome.status);
  setOutput("incident-issues", String(issue));
  await writeSummary(
    `### intentops incident [#${issue}](${inputs.serverUrl}/${inputs.owner}/${inputs.repo}/issues/${issue})

${cell(what)} (${lifecycle.calls.total} GitHub API calls)
`
  );
  if (outcome.status === "not-pushed") setFailed(`incident #${issue}: ${what}`);
  return outcome;
}
export {
  handleIncidentEvent,
  routeIncidentEvent
};
