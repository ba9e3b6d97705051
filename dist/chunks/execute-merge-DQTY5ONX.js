import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  changedFiles,
  commitTime,
  group,
  info,
  setFailed,
  setOutput,
  summary,
  warning
} from "./chunk-Q5RDA4KC.js";
import {
  createOctokit
} from "./chunk-D5ACM4UR.js";
import {
  Git,
  GitError,
  RecordStore,
  draftFingerprint,
  draftSections,
  draftTitle,
  runRequest
} from "./chunk-VGNC4UG5.js";
import "./chunk-E5R4RK5R.js";
import {
  require_dist,
  targetOf
} from "./chunk-N3GGVEA6.js";
import {
  executionId,
  recordPath,
  sha256
} from "./chunk-G335CAHQ.js";
import "./chunk-FHSAUXAV.js";
import {
  observerConfigFromEnv,
  realPorts
} from "./chunk-WIZ76EJX.js";
import "./chunk-LMSLKW5O.js";
import "./chunk-URUTEEGJ.js";
import {
  __toESM
} from "./chunk-7E55XGKX.js";

// src/action/execute-merge.ts
import { readFile as readFile2 } from "node:fs/promises";
var import_yaml2 = __toESM(require_dist(), 1);

// src/adapters/git-publish.ts
import { existsSync } from "node:fs";
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
var ANOMALY_LOG = "incidents/anomaly-log.jsonl";
var UNION_LINE = `${ANOMALY_LOG} merge=union`;
var UNION_RE = /^incidents\/anomaly-log\.jsonl\s.*\bmerge=union\b/m;
async function ensureLine(file, present, line) {
  const text = await readFile(file, "utf8").catch(() => "");
  if (present.test(text)) return false;
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${text === "" || text.endsWith("\n") ? "" : "\n"}${line}
`);
  return true;
}
async function ensureUnionMerge(git) {
  await ensureLine(await git.gitPath("info/attributes"), UNION_RE, UNION_LINE);
  return ensureLine(join(git.dir, ".gitattributes"), UNION_RE, UNION_LINE);
}
function backoffMs(retry, baseDelayMs, jitter) {
  const exp = baseDelayMs * 2 ** (retry - 1);
  return Math.round(exp + exp * jitter());
}
async function publish(git, opts) {
  const remote = opts.remote ?? "origin";
  const attempts = Math.max(1, opts.attempts ?? 5);
  const baseDelayMs = opts.baseDelayMs ?? 200;
  const jitter = opts.jitter ?? Math.random;
  const sleep2 = opts.sleep ?? ((ms) => delay(ms));
  const target = `${remote}/${opts.branch}`;
  let committed = false;
  let tried = 0;
  const done = async (r) => ({
    sha: await git.headSha().catch(() => null),
    committed,
    attempts: tried,
    ...r
  });
  try {
    const paths = opts.paths.filter((p) => existsSync(join(git.dir, p)));
    if (paths.includes(ANOMALY_LOG) && await ensureUnionMerge(git)) paths.push(".gitattributes");
    await git.addPaths(paths);
    committed = await git.commit(opts.message, { author: opts.author }) !== null;
    let last = "";
    while (tried < attempts) {
      if (tried > 0) {
        await sleep2(backoffMs(tried, baseDelayMs, jitter));
        await git.fetch(remote, opts.branch);
        const rebase = await git.rebaseOnto(target);
        if (rebase.status !== "ok") {
          await git.abortRebase();
          const what = rebase.status === "conflict" ? `conflict in ${rebase.paths.join(", ")}` : `rebase failed: ${rebase.stderr}`;
          return done({
            pushed: false,
            rejected: "non-fast-forward",
            error: `cannot publish to ${target}: ${what} (rebase aborted, local commit kept)`
          });
        }
      }
      tried++;
      const push = await git.tryPush(remote, opts.branch);
      if (push.ok) return done({ pushed: true, rejected: null });
      last = push.stderr;
      if (push.rejected === "protected") {
        return done({
          pushed: false,
          rejected: "protected",
          error: `push to ${target} refused by branch protection (not retried): ${push.stderr}`
        });
      }
      if (push.rejected !== "non-fast-forward") {
        return done({
          pushed: false,
          rejected: push.rejected,
          error: `push to ${target} failed: ${push.stderr}`
        });
      }
    }
    return done({
      pushed: false,
      rejected: "non-fast-forward",
      error: `push to ${target} still behind after ${tried} attempts: ${last}`
    });
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    return done({ pushed: false, rejected: null, error: err.message });
  }
}

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
var join2 = (blocks, markers) => `${blocks.map((b) => b.text.trimEnd()).filter((t) => t !== "").join("\n\n").trimEnd()}

${markers.join("\n")}
`;
function truncateBody(text, limit = GITHUB_BODY_LIMIT, recordUrl) {
  if (text.length <= limit) return text;
  const { blocks, markers } = splitBody(text);
  const cuttable = new Set(CUTTABLE.map((id) => HEADING_OF[id]));
  const candidates = blocks.filter((b) => b.heading !== void 0 && cuttable.has(b.heading)).sort((a, b) => b.text.length - a.text.length);
  let body = join2(blocks, markers);
  for (const block of candidates) {
    if (body.length <= limit) return body;
    block.text = `## ${block.heading}
${cutNote(block.text.length, recordUrl)}`;
    body = join2(blocks, markers);
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

// src/app/github-calls.ts
import { setTimeout as sleep } from "node:timers/promises";
var ApiCallCounter = class {
  byOperation = {};
  add(operation) {
    this.byOperation[operation] = (this.byOperation[operation] ?? 0) + 1;
  }
  get total() {
    return Object.values(this.byOperation).reduce((a, b) => a + b, 0);
  }
};
var statusOf = (err) => {
  const status = err?.status;
  return typeof status === "number" ? status : void 0;
};
var uncertain = (err) => (statusOf(err) ?? 500) >= 500;
var NO_BLIND_RETRY = { request: { retries: 0 } };
async function* counted(calls, operation, pages) {
  for await (const page of pages) {
    calls.add(operation);
    yield* page.data;
  }
}
async function writeOnce(w) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await w.send();
    } catch (err) {
      if (!uncertain(err) || attempt >= w.attempts) throw err;
      w.log(`${w.what}: GitHub answered ${statusOf(err) ?? "nothing"}; looking for it before trying again`);
      await sleep(attempt * attempt * w.retryBaseMs);
      const found = await w.lookup();
      if (found !== void 0) return found;
    }
  }
}

// src/app/repo-labels.ts
var RepoLabels = class {
  constructor(octokit, repo, calls, styleOf) {
    this.octokit = octokit;
    this.repo = repo;
    this.calls = calls;
    this.styleOf = styleOf;
  }
  octokit;
  repo;
  calls;
  styleOf;
  names;
  async ensure(wanted) {
    if (!this.names) {
      this.names = this.list();
      this.names.catch(() => {
        this.names = void 0;
      });
    }
    const have = await this.names;
    for (const name of wanted) {
      if (have.has(name.toLowerCase())) continue;
      this.calls.add("issues/create-label");
      try {
        await this.octokit.rest.issues.createLabel({ ...this.repo, name, ...this.styleOf(name) });
      } catch (err) {
        if (statusOf(err) !== 422) throw err;
      }
      have.add(name.toLowerCase());
    }
  }
  async list() {
    const names = /* @__PURE__ */ new Set();
    const pages = this.octokit.paginate.iterator(this.octokit.rest.issues.listLabelsForRepo, {
      ...this.repo,
      per_page: 100
    });
    for await (const label of counted(this.calls, "issues/list-labels-for-repo", pages)) {
      names.add(label.name.toLowerCase());
    }
    return names;
  }
};

// src/app/incident-issues.ts
var IncidentIssueError = class extends Error {
  constructor(message, context, options) {
    super(message, options);
    this.context = context;
  }
  context;
  name = "IncidentIssueError";
  /** The HTTP status, when GitHub answered: lets callers tell a 5xx from a 4xx. */
  get status() {
    return this.context.status;
  }
};
var known = (i) => ({
  number: i.number,
  url: i.html_url,
  state: i.state === "closed" ? "closed" : "open",
  body: i.body ?? "",
  comments: i.comments
});
var IncidentIssues = class {
  constructor(octokit, options) {
    this.octokit = octokit;
    this.repo = { owner: options.owner, repo: options.repo };
    this.log = options.log ?? (() => {
    });
    this.calls = options.calls ?? new ApiCallCounter();
    this.attempts = Math.max(1, options.writeAttempts ?? 3);
    this.retryBaseMs = options.retryBaseMs ?? 1e3;
    this.labels = options.createLabels ?? true ? new RepoLabels(octokit, this.repo, this.calls, labelStyle) : void 0;
  }
  octokit;
  calls;
  repo;
  log;
  attempts;
  retryBaseMs;
  /** The listing of draft issues, taken once per execution and kept current by our own writes. */
  drafts;
  /** Listed once per process; undefined when GitHub is left to create the labels. */
  labels;
  async upsert(input) {
    const { record } = input;
    const fp = fingerprintOf(record, input.anomaly);
    const found = pick(await this.draftsFor(fp, record.id), fp);
    const result = (issue, action) => {
      this.log(`incident draft #${issue.number} (${fp}): ${action}`);
      return { fingerprint: fp, number: issue.number, url: issue.url, action };
    };
    if (!found) return result(await this.create(fp, input), "created");
    if (markedExecutions(found.body).includes(record.id)) return result(found, "unchanged");
    if (found.state === "closed") {
      await this.call(
        fp,
        "issues/update",
        () => this.octokit.rest.issues.update({
          ...this.repo,
          issue_number: found.number,
          state: "open",
          state_reason: "reopened"
        })
      );
      found.state = "open";
      await this.comment(fp, found, occurrenceComment({ ...input, reopened: true }), record.id);
      return result(found, "reopened");
    }
    if (found.comments > 0 && await this.hasComment(fp, found.number, record.id)) {
      return result(found, "unchanged");
    }
    await this.comment(fp, found, occurrenceComment(input), record.id);
    return result(found, "commented");
  }
  /** One counted API call; a failure becomes an IncidentIssueError naming the draft and the operation. */
  async call(fp, operation, send, count = true) {
    if (count) this.calls.add(operation);
    try {
      return await send();
    } catch (err) {
      const status = statusOf(err);
      const message = err instanceof Error ? err.message : String(err);
      throw new IncidentIssueError(
        `GitHub ${operation} for incident draft ${fp} failed${status ? ` (${status})` : ""}: ${message}`,
        { fingerprint: fp, operation, ...status ? { status } : {} },
        { cause: err }
      );
    }
  }
  draftsFor(fp, execution, fresh = false) {
    if (fresh || this.drafts?.execution !== execution) {
      const issues = this.call(fp, "issues/list-for-repo", () => this.listDrafts(), false);
      issues.catch(() => {
        if (this.drafts?.issues === issues) this.drafts = void 0;
      });
      this.drafts = { execution, issues };
    }
    return this.drafts.issues;
  }
  async listDrafts() {
    const out = [];
    const pages = this.octokit.paginate.iterator(this.octokit.rest.issues.listForRepo, {
      ...this.repo,
      labels: DRAFT_LABEL,
      state: "all",
      per_page: 100
    });
    for await (const issue of counted(this.calls, "issues/list-for-repo", pages)) {
      if (!issue.pull_request) out.push(known(issue));
    }
    return out;
  }
  async create(fp, input) {
    const { record, anomaly } = input;
    const labels = issueLabels(record, anomaly);
    if (this.labels) {
      const repoLabels = this.labels;
      await this.call(fp, "labels", () => repoLabels.ensure(labels), false);
    }
    const params = {
      ...this.repo,
      title: issueTitle(record, anomaly),
      body: issueBody({ ...input, fingerprint: fp }),
      labels
    };
    const issue = await writeOnce({
      send: async () => {
        const { data } = await this.call(
          fp,
          "issues/create",
          () => this.octokit.rest.issues.create({ ...params, ...NO_BLIND_RETRY })
        );
        return known(data);
      },
      // The issue may exist although the answer was lost: it carries our fingerprint and execution.
      lookup: async () => (await this.draftsFor(fp, record.id, true)).find(
        (i) => i.body.includes(fingerprintMarker(fp)) && markedExecutions(i.body).includes(record.id)
      ),
      ...this.retrying(`creating the issue for incident draft ${fp}`)
    });
    const listed = await this.draftsFor(fp, record.id);
    if (!listed.some((i) => i.number === issue.number)) listed.push(issue);
    return issue;
  }
  retrying(what) {
    return { attempts: this.attempts, retryBaseMs: this.retryBaseMs, log: this.log, what };
  }
  async comment(fp, issue, body, execution) {
    await writeOnce({
      send: () => this.call(
        fp,
        "issues/create-comment",
        () => this.octokit.rest.issues.createComment({
          ...this.repo,
          issue_number: issue.number,
          body,
          ...NO_BLIND_RETRY
        })
      ).then(() => true),
      lookup: async () => await this.hasComment(fp, issue.number, execution) ? true : void 0,
      ...this.retrying(`commenting on #${issue.number}`)
    });
    issue.comments += 1;
  }
  /** Whether this execution already commented (a re-run of the same execution adds nothing). */
  hasComment(fp, issueNumber, execution) {
    const marker = executionMarker(execution);
    const pages = this.octokit.paginate.iterator(this.octokit.rest.issues.listComments, {
      ...this.repo,
      issue_number: issueNumber,
      per_page: 100
    });
    return this.call(
      fp,
      "issues/list-comments",
      async () => {
        for await (const c of counted(this.calls, "issues/list-comments", pages)) {
          if (c.body?.includes(marker)) return true;
        }
        return false;
      },
      false
    );
  }
};
function pick(issues, fingerprint) {
  const marker = fingerprintMarker(fingerprint);
  const mine = issues.filter((i) => i.body.includes(marker)).sort((a, b) => a.number - b.number);
  return mine.find((i) => i.state === "open") ?? mine.at(-1);
}
function githubDraftStore(issues, recordUrlFor) {
  return async ({ record, anomaly, recordRef }) => {
    const r = await issues.upsert({ record, anomaly, recordUrl: recordUrlFor(record, recordRef) });
    return { fingerprint: r.fingerprint, path: r.url, new: r.action === "created" };
  };
}

// src/action/github-drafts.ts
function githubDrafts(inputs, branch) {
  const octokit = createOctokit({ token: inputs.token, baseUrl: inputs.apiUrl, log: (m) => info(m) });
  const issues = new IncidentIssues(octokit, {
    owner: inputs.owner,
    repo: inputs.repo,
    log: (m) => info(m)
  });
  return githubDraftStore(
    issues,
    (record) => `${inputs.serverUrl}/${inputs.owner}/${inputs.repo}/blob/${encodeURIComponent(branch)}/${recordPath(record)}`
  );
}

// src/action/observers.ts
function observerConfig(inputs) {
  const fromEnv = observerConfigFromEnv(process.env);
  return {
    ...fromEnv,
    ...inputs.prometheusUrl ? { prometheusUrl: inputs.prometheusUrl } : {},
    ...inputs.lokiUrl ? { lokiUrl: inputs.lokiUrl } : {},
    ...inputs.kubeconfig ? { kubeconfigYaml: inputs.kubeconfig } : {}
  };
}

// src/action/summary.ts
var ICON = {
  success: "\u2705",
  failed: "\u274C",
  denied: "\u26D4",
  cancelled: "\u23F9\uFE0F",
  skipped: "\u23ED\uFE0F"
};
function resultsTable(results, inputs) {
  if (results.length === 0) return "## intentops\n\nThis push added no requests.\n";
  const link = (p) => `[${p.split("/").pop()}](${inputs.serverUrl}/${inputs.owner}/${inputs.repo}/blob/HEAD/${p})`;
  const rows = results.map((r) => {
    const rec = r.record;
    const checks = rec ? Object.entries(rec.outcome_checks).map(([k, v]) => `${k}: ${v}`).join("<br>") : "";
    const anomalies = rec?.anomalies.map((a) => `${a.rule} (${a.severity}) ${JSON.stringify(a.inputs)}`).join("<br>") ?? "";
    const indicators = rec?.failure_indicators.map((i) => `${i.pattern} (${i.severity}) in ${i.source}`).join("<br>") ?? "";
    return `| \`${r.path}\` | ${ICON[r.status] ?? ""} ${r.status} | ${rec?.duration ?? ""} | ${checks} | ${indicators} | ${anomalies} | ${r.recordPath ? link(r.recordPath) : ""} |`;
  });
  return [
    "## intentops",
    "",
    "| request | status | duration | checks | failure indicators | anomalies | record |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    ""
  ].join("\n");
}

// src/action/execute-merge.ts
var ZERO = /^0+$/;
async function idFor(repo, path, after) {
  const request = (0, import_yaml2.parse)(await readFile2(`${repo}/${path}`, "utf8"));
  const target = request.params?.app ?? request.params?.target ?? request.params?.name;
  return executionId({
    at: await commitTime(repo, after),
    intent: String(request.intent ?? "unknown"),
    ...typeof target === "string" ? { target } : {},
    unique: `${path}\0${after}`
  });
}
async function executeMerge(inputs) {
  const event = JSON.parse(await readFile2(inputs.eventPath, "utf8"));
  if (!event.after) throw new Error(`command 'execute' needs a push event, got ${inputs.eventName}`);
  const branch = event.ref.replace(/^refs\/heads\//, "");
  const added = ZERO.test(event.before) ? [] : (await changedFiles(inputs.repoPath, event.before, event.after, false)).filter((f) => f.status === "A" && /^intents\/requests\/.+\.ya?ml$/.test(f.path)).map((f) => f.path);
  if (ZERO.test(event.before)) warning("a new branch: requests already on it are not executed");
  const records = new RecordStore(inputs.repoPath);
  const drafts = inputs.token ? githubDrafts(inputs, branch) : void 0;
  const results = [];
  for (const path of added) {
    const id = await idFor(inputs.repoPath, path, event.after);
    const existing = await records.findById(id);
    if (existing) {
      info(`${path}: already executed as ${id} (${existing}); skipping`);
      results.push({ path, status: "skipped", recordPath: existing });
      continue;
    }
    if (inputs.dryRun) {
      info(`${path}: would execute as ${id} (dry run)`);
      results.push({ path, status: "skipped" });
      continue;
    }
    const { record, path: recordPath2 } = await group(
      `execute ${path}`,
      () => runRequest(
        {
          repoDir: inputs.repoPath,
          requestPath: path,
          toolVersion: process.env.npm_package_version ?? "action",
          env: process.env,
          id,
          ...drafts ? { upsertDraft: drafts } : {}
        },
        realPorts((l) => info(l), observerConfig(inputs))
      )
    );
    results.push({ path, status: record.status, record, recordPath: recordPath2 });
  }
  const ran = results.filter((r) => r.record);
  if (ran.length) {
    const git = new Git(inputs.repoPath);
    await git.configureIdentity(
      "github-actions[bot]",
      "41898282+github-actions[bot]@users.noreply.github.com"
    );
    const published = await publish(git, {
      paths: ["executions", "incidents"],
      message: `intentops: record ${ran.map((r) => r.record?.id).join(", ")}`,
      branch
    });
    info(
      `records ${published.pushed ? `pushed as ${published.sha} after ${published.attempts} attempt(s)` : "not pushed"}`
    );
    if (!published.pushed) {
      setFailed(
        `the execution records could not be pushed (${published.error ?? published.rejected}); they are in the job's workspace: ${ran.map((r) => r.recordPath).join(", ")}`
      );
    }
  }
  await summary.addRaw(resultsTable(results, inputs), true).write();
  setOutput("execution-ids", ran.map((r) => r.record?.id).join(","));
  setOutput("anomalies", String(ran.reduce((n, r) => n + (r.record?.anomalies.length ?? 0), 0)));
  setOutput(
    "incident-issues",
    ran.flatMap((r) => r.record?.drafts.map((d) => d.path.split("/").pop()) ?? []).join(",")
  );
  const failed = results.filter(
    (r) => r.status === "failed" || r.status === "denied" || r.status === "cancelled"
  );
  setOutput("status", failed.length ? "failed" : ran.length ? "success" : "skipped");
  if (failed.length)
    setFailed(
      `${failed.length} intent(s) did not succeed: ${failed.map((f) => `${f.path} (${f.status})`).join(", ")}`
    );
  return results;
}
export {
  executeMerge
};
