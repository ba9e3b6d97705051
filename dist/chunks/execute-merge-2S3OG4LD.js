import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  ApiCallCounter,
  NO_BLIND_RETRY,
  RepoLabels,
  counted,
  statusOf,
  writeOnce
} from "./chunk-EQN4FB55.js";
import {
  publish
} from "./chunk-HP2GHZTH.js";
import {
  DRAFT_LABEL,
  executionMarker,
  fingerprintMarker,
  fingerprintOf,
  issueBody,
  issueLabels,
  issueTitle,
  labelStyle,
  markedExecutions,
  occurrenceComment
} from "./chunk-PDOISYFS.js";
import {
  observerConfigFromEnv,
  realPorts
} from "./chunk-I2YMQXIN.js";
import {
  afterRun
} from "./chunk-HELXOTLD.js";
import "./chunk-3LFLE4UV.js";
import "./chunk-F4CLVQS3.js";
import {
  changedFiles,
  commitTime,
  describeApprovals,
  prFacts,
  prForCommit,
  proposerTeams,
  upsertStickyComment
} from "./chunk-JLQ25ZGX.js";
import {
  group,
  info,
  recordLink,
  resultsTable,
  setFailed,
  setOutput,
  warning,
  writeSummary
} from "./chunk-6MN7QKF4.js";
import {
  createOctokit
} from "./chunk-D5ACM4UR.js";
import "./chunk-KBVCLPQV.js";
import {
  runRequest
} from "./chunk-QDC6BAXG.js";
import {
  Git
} from "./chunk-MA7T432Z.js";
import "./chunk-NUQKUKGO.js";
import "./chunk-NMMYGVSU.js";
import "./chunk-YQJALLWV.js";
import "./chunk-OCDBISR5.js";
import "./chunk-DVC2KD4K.js";
import "./chunk-7YETWSOZ.js";
import "./chunk-7VGV64WP.js";
import "./chunk-2HBQPZOO.js";
import "./chunk-ITHKFNYV.js";
import "./chunk-UMRKKW3B.js";
import "./chunk-TVAFMIQY.js";
import {
  RecordStore
} from "./chunk-XC2SOE2V.js";
import {
  require_dist
} from "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-OPNGBO4A.js";
import {
  executionId,
  recordPath
} from "./chunk-FUILN6RE.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-FHSAUXAV.js";
import "./chunk-PQTKVDRF.js";
import "./chunk-ISCBKPWA.js";
import {
  __toESM
} from "./chunk-7E55XGKX.js";

// src/action/execute-merge.ts
import { readFile } from "node:fs/promises";
var import_yaml = __toESM(require_dist(), 1);

// src/action/denied-comment.ts
function deniedMarker(id) {
  return `<!-- intentops:denied=${id} -->`;
}
function renderDeniedComment(r) {
  const { record } = r;
  return [
    deniedMarker(record.id),
    `### \u26D4 intentops did not run \`${r.path}\``,
    "",
    `The policies did not allow this request when it was merged (verdict: **${record.policy.verdict}**), so no step ran and nothing was touched. The \`denied\` record is \`${r.recordPath}\`.`,
    "",
    `**Why:** ${record.status_reason ?? "see the policy results"}`,
    "",
    ...record.policy.reasons.map((line) => `- ${line}`),
    "",
    "To run it, satisfy the policies (e.g. get the approvals) and merge a new request.",
    ""
  ].join("\n");
}

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

// src/action/execute-merge.ts
var ZERO = /^0+$/;
async function idFor(repo, path, after) {
  const request = (0, import_yaml.parse)(await readFile(`${repo}/${path}`, "utf8"));
  const target = request.params?.app ?? request.params?.target ?? request.params?.name;
  return executionId({
    at: await commitTime(repo, after),
    intent: String(request.intent ?? "unknown"),
    ...typeof target === "string" ? { target } : {},
    unique: `${path}\0${after}`
  });
}
async function mergeFacts(octokit, inputs, sha) {
  if (!octokit) return { approvals: 0, approvalDetail: "no token to read the pull request: counted as 0" };
  const repo = { owner: inputs.owner, repo: inputs.repo };
  const pull = await prForCommit(octokit, { ...repo, sha });
  if (!pull) {
    warning(`${sha.slice(0, 7)} came from no pull request (a direct push): approvals count as 0`);
    return { approvals: 0, approvalDetail: "a direct push, no pull request: counted as 0" };
  }
  const facts = await prFacts(octokit, { ...repo, number: pull.number }, pull);
  info(`#${pull.number} by ${facts.author}: ${describeApprovals(facts.approvals)}`);
  const teams = facts.author ? await proposerTeams(octokit, inputs.repoPath, facts.author) : [];
  return {
    pr: pull.number,
    approvals: facts.approvals.count,
    approvalDetail: describeApprovals(facts.approvals),
    approvalsFrom: { approvers: facts.approvals.approvers, headSha: facts.headSha, pr: pull.number },
    ...facts.author ? { proposer: facts.author } : {},
    ...teams.length ? { proposerTeams: teams } : {}
  };
}
async function executeMerge(inputs) {
  const event = JSON.parse(await readFile(inputs.eventPath, "utf8"));
  if (!event.after) throw new Error(`command 'execute' needs a push event, got ${inputs.eventName}`);
  const branch = event.ref.replace(/^refs\/heads\//, "");
  const added = ZERO.test(event.before) ? [] : (await changedFiles(inputs.repoPath, event.before, event.after, false)).filter((f) => f.status === "A" && /^intents\/requests\/.+\.ya?ml$/.test(f.path)).map((f) => f.path);
  if (ZERO.test(event.before)) warning("a new branch: requests already on it are not executed");
  const records = new RecordStore(inputs.repoPath);
  const drafts = inputs.token ? githubDrafts(inputs, branch) : void 0;
  const octokit = inputs.token ? createOctokit({ token: inputs.token, baseUrl: inputs.apiUrl, log: (m) => info(m) }) : void 0;
  let facts;
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
    facts ??= await mergeFacts(octokit, inputs, event.after);
    const pr = facts;
    const { record, path: recordPath2 } = await group(
      `execute ${path}`,
      () => runRequest(
        {
          approvals: pr.approvals,
          approvalDetail: pr.approvalDetail,
          ...pr.approvalsFrom ? { approvalsFrom: pr.approvalsFrom } : {},
          ...pr.proposer ? { proposer: pr.proposer } : {},
          ...pr.proposerTeams ? { proposerTeams: pr.proposerTeams } : {},
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
    await afterRun({
      repoDir: inputs.repoPath,
      record,
      links: { record: recordLink(inputs, recordPath2), ...inputs.runUrl ? { run: inputs.runUrl } : {} },
      env: process.env,
      log: (l) => l.startsWith("\u2716") ? warning(l) : info(l)
    });
    if (record.status === "denied" && octokit && pr.pr !== void 0) {
      await commentDenied(octokit, inputs, pr.pr, { path, record, recordPath: recordPath2 });
    }
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
  await writeSummary(resultsTable(results, inputs));
  setOutput("execution-ids", ran.map((r) => r.record?.id).join(","));
  setOutput("anomalies", String(ran.reduce((n, r) => n + (r.record?.anomalies.length ?? 0), 0)));
  setOutput(
    "incident-issues",
    ran.flatMap((r) => r.record?.drafts.map((d) => d.path.split("/").pop()) ?? []).join(",")
  );
  const failed = results.filter(
    (r) => r.status === "failed" || r.status === "denied" || r.status === "cancelled"
  );
  const denied = failed.length > 0 && failed.every((r) => r.status === "denied");
  setOutput("status", denied ? "denied" : failed.length ? "failed" : ran.length ? "success" : "skipped");
  if (failed.length)
    setFailed(
      `${failed.length} intent(s) did not succeed: ${failed.map((f) => `${f.path} (${f.status})`).join(", ")}`
    );
  return results;
}
async function commentDenied(octokit, inputs, pr, denied) {
  try {
    const where = { owner: inputs.owner, repo: inputs.repo, issue_number: pr };
    const body = renderDeniedComment(denied);
    const sticky = await upsertStickyComment(octokit, where, deniedMarker(denied.record.id), body);
    info(`denied comment on #${pr} ${sticky.action} (${sticky.id})`);
  } catch (err) {
    warning(`could not comment on #${pr}: ${err.message}`);
  }
}
export {
  executeMerge
};
