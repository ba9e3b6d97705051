import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  RepoLabels
} from "./chunk-F2RV6AMM.js";
import {
  CLAIMS_DIR,
  RecordPublisher,
  WATERMARK_TRAILER,
  claimLiveness,
  fileAt,
  grantPath,
  indexRecords,
  isRetryCommand,
  keyOfRequest,
  nextWatermark,
  parentOf,
  removeStaleTempFiles,
  requestsAddedBy,
  scanPending
} from "./chunk-6WD4JPGC.js";
import {
  BOT_IDENTITY
} from "./chunk-NIJL7ULP.js";
import "./chunk-XMP6FIZN.js";
import {
  DRAFT_LABEL,
  fingerprintIn,
  fingerprintOf,
  issueBody,
  issueLabels,
  issueTitle,
  labelStyle,
  markedExecution,
  markedExecutions,
  occurrenceComment
} from "./chunk-DDIIRV4K.js";
import {
  observerConfigFromEnv,
  realPorts
} from "./chunk-6K353ODU.js";
import {
  afterRun
} from "./chunk-SVLVGW4V.js";
import "./chunk-H55JND6H.js";
import "./chunk-PNMILFEU.js";
import {
  describeApprovals,
  hasWriteAccess,
  prFacts,
  prForCommit,
  proposerTeams
} from "./chunk-A74KPGJL.js";
import {
  ApiCallCounter,
  NO_BLIND_RETRY,
  counted,
  statusOf,
  writeOnce
} from "./chunk-4LGOOGTA.js";
import {
  group,
  info,
  reconcileSummary,
  recordLink,
  setFailed,
  setOutput,
  warning,
  writeSummary
} from "./chunk-WHTSRQ4A.js";
import {
  upsertStickyComment
} from "./chunk-ZRC5ZTUD.js";
import "./chunk-JLCMCG2X.js";
import {
  createOctokit
} from "./chunk-D5ACM4UR.js";
import {
  cancelOnSignals
} from "./chunk-ZIGEWWAA.js";
import {
  notRunRecord,
  runRequest
} from "./chunk-2W25RDVT.js";
import {
  Git
} from "./chunk-3RZXW5BD.js";
import {
  createRedactor
} from "./chunk-OH6IWJ5D.js";
import "./chunk-4EJL4FTD.js";
import "./chunk-T2UMQD7T.js";
import "./chunk-BSOI3OBW.js";
import "./chunk-4HPX7IO7.js";
import "./chunk-URWU43WQ.js";
import "./chunk-OKQQJ5BC.js";
import "./chunk-D5UGG2QT.js";
import "./chunk-H66C7OWU.js";
import "./chunk-AAUYX2DP.js";
import "./chunk-ALT7SGXU.js";
import {
  RecordStore
} from "./chunk-QXZVOJ7C.js";
import "./chunk-7KK4SKIM.js";
import "./chunk-CCPQRHZZ.js";
import "./chunk-2VZISDBC.js";
import "./chunk-XSOKI6J7.js";
import {
  loadRepo
} from "./chunk-XHNTYNXM.js";
import "./chunk-TVAFMIQY.js";
import "./chunk-4BJPRUAX.js";
import {
  recordPath,
  sealRecord
} from "./chunk-FUILN6RE.js";
import {
  require_dist
} from "./chunk-P454KSOG.js";
import "./chunk-DCFT4VMQ.js";
import "./chunk-PQTKVDRF.js";
import {
  InputError,
  formatDiagnostic
} from "./chunk-OPNGBO4A.js";
import "./chunk-ISVOBWNR.js";
import "./chunk-ISCBKPWA.js";
import {
  __toESM
} from "./chunk-7E55XGKX.js";

// src/action/execute-reconcile.ts
import { hostname } from "node:os";

// src/app/execute/reconcile.ts
var import_yaml2 = __toESM(require_dist(), 1);
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join as join2 } from "node:path";

// src/app/execute/settle.ts
var import_yaml = __toESM(require_dist(), 1);
import { readFile } from "node:fs/promises";
import { join } from "node:path";
async function requestText(repoDir, c) {
  const text = c.deletedBy ? await fileAt(repoDir, c.commit, c.path) : await readFile(join(repoDir, c.path), "utf8").catch(() => null);
  try {
    const doc = (0, import_yaml.parse)(text ?? "");
    return doc && typeof doc === "object" ? doc : {};
  } catch {
    return {};
  }
}
async function settleRequest(c, s, opts) {
  const redactorReady = createRedactor({ env: opts.env });
  redactorReady.catch(() => {
  });
  const records = new RecordStore(opts.repoDir);
  const [doc, { catalog }, prev] = await Promise.all([
    requestText(opts.repoDir, c),
    loadRepo(opts.repoDir, []),
    records.latestDigest()
  ]);
  const params = doc.params && typeof doc.params === "object" ? doc.params : {};
  const unsigned = notRunRecord(
    {
      id: c.id,
      now: opts.now,
      intent: typeof doc.intent === "string" ? doc.intent : "unknown",
      params,
      request: {
        path: c.path,
        commit: c.commit,
        reason: typeof doc.reason === "string" ? doc.reason : "",
        ...typeof doc.proposed_by === "string" ? { proposed_by: doc.proposed_by } : {},
        merged_at: c.mergedAt.toISOString()
      },
      toolVersion: opts.toolVersion,
      catalogDigest: catalog.digest,
      prevDigest: prev,
      ...opts.run ? { run: opts.run } : {}
    },
    {
      status: s.status,
      reason: s.reason,
      // Denied here means refused as input (invalid or edited), before any policy could judge it.
      policy: { verdict: s.status === "denied" ? "deny" : "allow", reasons: [] },
      notRun: { decision: s.notRun, ...s.claim ? { claim: `executions/claims/${s.claim.id}.yaml` } : {} }
    }
  );
  const record = sealRecord(await (await redactorReady).redactDeep(unsigned));
  return { record, path: await records.write(record) };
}
function settlementOf(c, d) {
  const notRun = d.status === "interrupted" ? "interrupted" : d.status === "expired" ? "expired" : d.status === "cancelled" ? "withdrawn" : c.editedBy ? "edited" : "invalid";
  return { ...d, notRun };
}

// src/app/execute/reconcile.ts
var ClaimError = class extends Error {
  constructor(message, taken) {
    super(message);
    this.taken = taken;
  }
  taken;
  name = "ClaimError";
};
var LEASE_MARGIN_MS = 60 * 6e4;
function claimFor(c, plan, me, now) {
  const budget = plan.steps.reduce((ms, s) => ms + s.timeoutMs, 0);
  return {
    id: c.id,
    request: c.path,
    commit: c.commit,
    ...c.target ? { target: c.target } : {},
    claimed_at: now.toISOString(),
    ...me.run ? { run: me.run } : {},
    host: me.host,
    pid: me.pid,
    lease_until: new Date(now.getTime() + budget + LEASE_MARGIN_MS).toISOString()
  };
}
async function reconcile(deps) {
  const staleTempFiles = await removeStaleTempFiles(deps.repoDir);
  for (const t of staleTempFiles) deps.log(`removed ${t}, left by an interrupted record write`);
  const scan = await scanPending(deps.repoDir, {
    now: deps.now(),
    ...deps.settings ? { settings: deps.settings } : {},
    live: deps.live
  });
  for (const n of scan.notes) deps.log(`\u26A0 ${n}`);
  const items = [];
  const settled = /* @__PURE__ */ new Set();
  let publishError;
  let done = 0;
  const publishRecord = async (c, item) => {
    settled.add(c.key);
    const mark = await watermarkAfter(deps.repoDir, scan, settled);
    const out = await deps.publisher.publish(
      ["executions", "incidents"],
      `intentops: record ${c.id}`,
      mark ? { [WATERMARK_TRAILER]: mark } : {}
    );
    if (out.pushed) {
      item.branch = out.branch;
      return true;
    }
    item.publishError = out.error;
    publishError = out.error;
    return false;
  };
  for (const d of scan.decided) {
    const c = d.candidate;
    const base = { path: c.path, id: c.id, ...c.target ? { target: c.target } : {} };
    if (d.decision.kind === "done") {
      done++;
      continue;
    }
    if (publishError || deps.signal?.aborted) {
      items.push({
        ...base,
        status: "waiting",
        reason: publishError ? "not started: records cannot be published" : "not started: the run was cancelled"
      });
      continue;
    }
    if (deps.dryRun) {
      const would = d.decision.kind === "run" ? "would run" : d.decision.kind === "wait" ? d.decision.reason : `would record ${d.decision.status}: ${d.decision.reason}`;
      deps.log(`${c.path}: ${would} (dry run)`);
      items.push({ ...base, status: "waiting", reason: `${would} (dry run)` });
      continue;
    }
    if (d.decision.kind === "wait") {
      deps.log(`${c.path}: ${d.decision.reason}`);
      items.push({ ...base, status: "waiting", reason: d.decision.reason });
      continue;
    }
    const item = await (d.decision.kind === "finalize" ? settleOne(deps, d, d.decision) : runOne(deps, d));
    items.push(item);
    if (item.record) {
      await publishRecord(c, item);
      await deps.afterEach?.(item);
      const log = await deps.publisher.publishChanges(["incidents"], `intentops: deliveries for ${c.id}`);
      if (log && !log.pushed) publishError = log.error;
    }
    if (item.publishError && !item.record) publishError = item.publishError;
  }
  return { scan, items, done, staleTempFiles, ...publishError ? { publishError } : {} };
}
async function settleOne(deps, d, decision) {
  const c = d.candidate;
  deps.log(`${c.path}: ${decision.status} \u2014 ${decision.reason}`);
  const { record, path } = await deps.settle(c, settlementOf(c, decision));
  return {
    path: c.path,
    id: c.id,
    ...c.target ? { target: c.target } : {},
    status: record.status,
    reason: decision.reason,
    record,
    recordPath: path
  };
}
async function runOne(deps, d) {
  const c = d.candidate;
  const base = { path: c.path, id: c.id, ...c.target ? { target: c.target } : {} };
  const beforeSteps = async (plan) => {
    const claim = claimFor(c, plan, deps.me, deps.now());
    const rel = `${CLAIMS_DIR}/${c.id}.yaml`;
    await mkdir(dirname(join2(deps.repoDir, rel)), { recursive: true });
    await writeFile(join2(deps.repoDir, rel), (0, import_yaml2.stringify)(claim), { flag: "wx" });
    const out = await deps.publisher.publish([rel], `intentops: claim ${c.id}`);
    if (!out.pushed) throw new ClaimError(out.error, out.taken === true);
    deps.log(`${c.path}: claimed as ${c.id} on ${out.branch}`);
  };
  try {
    const { record, path } = await deps.execute(c, beforeSteps);
    return {
      ...base,
      status: record.status,
      ...record.status_reason ? { reason: record.status_reason } : {},
      record,
      recordPath: path
    };
  } catch (err) {
    if (err instanceof ClaimError) {
      deps.log(`${c.path}: not run \u2014 ${err.taken ? "another run claimed it first" : err.message}`);
      return err.taken ? { ...base, status: "waiting", reason: "claimed by another run" } : {
        ...base,
        status: "waiting",
        reason: `not run: the claim could not be pushed (${err.message})`,
        publishError: err.message
      };
    }
    if (err instanceof InputError) {
      const reason = `invalid request, nothing ran: ${err.diagnostics.map(formatDiagnostic).join("; ")}`;
      return settleOne(deps, d, { kind: "finalize", status: "denied", reason });
    }
    throw err;
  }
}
async function watermarkAfter(repoDir, scan, settled) {
  const next = nextWatermark(scan.decided, (c) => settled.has(c.key), scan.head);
  const sha = "head" in next ? next.head : await parentOf(repoDir, next.before.commit);
  return sha && sha !== scan.since ? sha : void 0;
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
        (i) => fingerprintIn(i.body) === fp && markedExecutions(i.body).includes(record.id)
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
          if (markedExecution(c.body) === execution) return true;
        }
        return false;
      },
      false
    );
  }
};
function pick(issues, fingerprint) {
  const mine = issues.filter((i) => fingerprintIn(i.body) === fingerprint).sort((a, b) => a.number - b.number);
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

// src/action/not-run-comment.ts
function notRunMarker(id) {
  return `<!-- intentops:not-run=${id} -->`;
}
var HEADLINE = {
  denied: "\u26D4 intentops did not run",
  expired: "\u231B intentops did not run",
  interrupted: "\u26A0\uFE0F intentops lost the run of",
  cancelled: "\u23F9\uFE0F intentops did not run"
};
var NEXT = {
  denied: "To run it, satisfy the policies (e.g. get the approvals) and merge a new request.",
  expired: "It was not run because it is too old: the cluster may have moved on since it was approved. If it is still wanted, propose it again as a new request.",
  interrupted: "Its steps may have run in part: check the target before anything else. To run it again, a person with write access comments `/retry` on this pull request; or merge a new request.",
  cancelled: "Nothing to do: the request was withdrawn."
};
function renderNotRunComment(r) {
  const { record } = r;
  const what = record.status === "denied" && record.policy.reasons.length ? `The policies did not allow this request when it was merged (verdict: **${record.policy.verdict}**), so no step ran and nothing was touched.` : record.status === "interrupted" ? "A run claimed this request and started it, then ended without writing its record (the runner was lost, killed or ran out of memory). It is not run again on its own." : "No step ran and nothing was touched.";
  return [
    `### ${HEADLINE[record.status] ?? "intentops did not run"} \`${r.path}\``,
    "",
    `${what} The \`${record.status}\` record is \`${r.recordPath}\`.`,
    "",
    `**Why:** ${record.status_reason ?? "see the record"}`,
    "",
    ...record.policy.reasons.map((line) => `- ${line}`),
    ...record.policy.reasons.length ? [""] : [],
    NEXT[record.status] ?? "",
    "",
    // The bot's trailer: the only place its markers are read from.
    notRunMarker(record.id),
    ""
  ].join("\n");
}

// src/action/observers.ts
function observerConfig(inputs) {
  const fromEnv = observerConfigFromEnv(process.env);
  return {
    ...fromEnv,
    ...inputs.prometheusUrl ? { prometheusUrl: inputs.prometheusUrl } : {},
    ...inputs.lokiUrl ? { lokiUrl: inputs.lokiUrl } : {},
    // The input as the file main wrote: the same file the steps' kubectl reads through KUBECONFIG.
    ...inputs.kubeconfigPath ? { kubeconfigPath: inputs.kubeconfigPath } : {}
  };
}

// src/action/records-pull-request.ts
async function openRecordsPullRequest(octokit, inputs, refs) {
  const { owner, repo } = inputs;
  const open = await octokit.rest.pulls.list({
    owner,
    repo,
    head: `${owner}:${refs.head}`,
    base: refs.base,
    state: "open",
    per_page: 10
  });
  const existing = open.data[0];
  if (existing) return { number: existing.number, url: existing.html_url, created: false };
  const created = await octokit.rest.pulls.create({
    owner,
    repo,
    head: refs.head,
    base: refs.base,
    title: `intentops: execution records from ${refs.head.split("/").pop()}`,
    body: [
      `${refs.base} refused the execute job's push (branch protection), so its claims and records are on \`${refs.head}\`.`,
      "",
      `Merge this pull request to bring them onto \`${refs.base}\`: until then, \`intentops\` reads them from this branch, so nothing runs twice.${inputs.runUrl ? ` The run: ${inputs.runUrl}` : ""}`,
      "",
      "To avoid this, let the bot push to the branch (a bypass for its token) \u2014 see docs/setup.md."
    ].join("\n")
  });
  return { number: created.data.number, url: created.data.html_url, created: true };
}

// src/action/retry-command.ts
import { mkdir as mkdir2, writeFile as writeFile2 } from "node:fs/promises";
import { dirname as dirname2, join as join3 } from "node:path";
var import_yaml3 = __toESM(require_dist(), 1);
async function reply(octokit, inputs, pr, commentId, text) {
  const where = { owner: inputs.owner, repo: inputs.repo, issue_number: pr };
  await upsertStickyComment(
    octokit,
    where,
    `<!-- intentops:retry=${commentId} -->`,
    `${text}

<!-- intentops:retry=${commentId} -->
`
  ).catch((err) => warning(`could not answer /retry on #${pr}: ${err.message}`));
}
async function grantRetries(octokit, inputs, event, publisher) {
  const comment = event.comment;
  const pr = event.issue?.number;
  if (!comment || pr === void 0 || !event.issue?.pull_request || !isRetryCommand(comment.body)) {
    info("not a /retry comment on a pull request: nothing to grant");
    return 0;
  }
  if (!octokit) throw new Error("/retry needs a token to check the commenter and the pull request");
  const login = comment.user?.login ?? "";
  if (!login || !await hasWriteAccess(octokit, { owner: inputs.owner, repo: inputs.repo }, login)) {
    warning(
      `/retry by ${login || "an unknown user"} ignored: only people with write access may run a request again`
    );
    await reply(
      octokit,
      inputs,
      pr,
      comment.id,
      `@${login} only people with write access to this repository can \`/retry\` a request: nothing was run.`
    );
    return 0;
  }
  const { data: pull } = await octokit.rest.pulls.get({
    owner: inputs.owner,
    repo: inputs.repo,
    pull_number: pr
  });
  const sha = pull.merge_commit_sha;
  if (!pull.merged_at || !sha) {
    await reply(
      octokit,
      inputs,
      pr,
      comment.id,
      "`/retry` runs a merged request again: this pull request is not merged."
    );
    return 0;
  }
  const { paths: added, at: merged } = await requestsAddedBy(inputs.repoPath, sha);
  const index = await indexRecords(inputs.repoPath);
  const store = new RecordStore(inputs.repoPath);
  const grants = [];
  const refused = [];
  for (const path of added) {
    const recordPath2 = index.records.get(keyOfRequest({ path, commit: sha, mergedAt: merged }));
    const record = recordPath2 && !recordPath2.includes(":") ? await store.read(recordPath2) : void 0;
    if (record?.status !== "interrupted") {
      refused.push(
        `\`${path}\`: ${record ? `its run ended as ${record.status}` : "it has no interrupted record"}`
      );
      continue;
    }
    grants.push({
      of: record.id,
      request: path,
      commit: sha,
      merged_at: merged.toISOString(),
      by: login,
      comment_id: comment.id,
      ...comment.html_url ? { comment_url: comment.html_url } : {},
      granted_at: (/* @__PURE__ */ new Date()).toISOString()
    });
  }
  if (grants.length === 0) {
    await reply(
      octokit,
      inputs,
      pr,
      comment.id,
      `Nothing to retry: only an interrupted request can be retried.

${refused.map((r) => `- ${r}`).join("\n")}`
    );
    return 0;
  }
  const paths = [];
  for (const g of grants) {
    const rel = grantPath(g);
    await mkdir2(dirname2(join3(inputs.repoPath, rel)), { recursive: true });
    await writeFile2(join3(inputs.repoPath, rel), (0, import_yaml3.stringify)(g), { flag: "wx" }).catch(() => {
    });
    paths.push(rel);
  }
  const out = await publisher.publish(
    paths,
    `intentops: retry ${grants.map((g) => g.of).join(", ")} granted by ${login}`
  );
  if (!out.pushed) throw new Error(`the /retry grant could not be pushed: ${out.error}`);
  await reply(
    octokit,
    inputs,
    pr,
    comment.id,
    `@${login} asked to run ${grants.map((g) => `\`${g.request}\``).join(", ")} again: granted, running now.`
  );
  return grants.length;
}

// src/action/execute-reconcile.ts
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
function runIdentity() {
  const id = process.env.GITHUB_RUN_ID;
  const attempt = Number(process.env.GITHUB_RUN_ATTEMPT ?? "1") || 1;
  const server = process.env.GITHUB_SERVER_URL ?? "https://github.com";
  const url = id && process.env.GITHUB_REPOSITORY ? `${server}/${process.env.GITHUB_REPOSITORY}/actions/runs/${id}` : void 0;
  return {
    ...id ? { run: { id, attempt, ...url ? { url } : {} } } : {},
    host: hostname(),
    pid: process.pid
  };
}
function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
function claimIsLive(octokit, inputs, me) {
  return async (claim) => {
    const now = /* @__PURE__ */ new Date();
    const verdict = claimLiveness(claim, me, now, pidAlive);
    if (verdict !== "ask-github") return verdict === "live";
    if (!octokit || !claim.run) return true;
    try {
      const { data } = await octokit.rest.actions.getWorkflowRun({
        owner: inputs.owner,
        repo: inputs.repo,
        run_id: Number(claim.run.id)
      });
      return data.status !== "completed" && (data.run_attempt ?? 1) <= claim.run.attempt;
    } catch (err) {
      if (err.status === 404) return false;
      warning(
        `could not ask GitHub about run ${claim.run.id}: ${err.message}; treated as running`
      );
      return true;
    }
  };
}
function branchOf(inputs, event) {
  const ref = event.ref ?? process.env.GITHUB_REF ?? "";
  const branch = ref.replace(/^refs\/heads\//, "");
  if (!branch || branch.startsWith("refs/")) {
    throw new Error(`command 'execute' reconciles a branch; ${inputs.eventName} gave the ref '${ref}'`);
  }
  return branch;
}
async function executeReconcile(inputs, event) {
  const signals = cancelOnSignals((l) => warning(l));
  try {
    return await reconcileJob(inputs, event, signals.signal);
  } finally {
    signals.dispose();
  }
}
async function reconcileJob(inputs, event, signal) {
  const branch = branchOf(inputs, event);
  const me = runIdentity();
  const octokit = inputs.token ? createOctokit({ token: inputs.token, baseUrl: inputs.apiUrl, log: (m) => info(m) }) : void 0;
  const drafts = inputs.token ? githubDrafts(inputs, branch) : void 0;
  const git = new Git(inputs.repoPath);
  await git.configureIdentity(BOT_IDENTITY.name, BOT_IDENTITY.email);
  const synced = await git.syncToRemote("origin", branch);
  if (synced !== "up-to-date") info(`checkout moved to origin/${branch} (${synced})`);
  const publisher = new RecordPublisher(git, {
    branch,
    runId: me.run ? `${me.run.id}` : `local-${me.pid}`,
    log: (l) => warning(l)
  });
  if (inputs.eventName === "issue_comment")
    await grantRetries(octokit, inputs, event, publisher);
  const { catalog } = await loadRepo(inputs.repoPath, []);
  const facts = /* @__PURE__ */ new Map();
  const factsFor = (sha) => {
    const known2 = facts.get(sha);
    if (known2) return known2;
    const f = mergeFacts(octokit, inputs, sha);
    facts.set(sha, f);
    return f;
  };
  const toolVersion = process.env.npm_package_version ?? "action";
  if (inputs.dryRun) info("dry run: nothing is claimed, run or recorded");
  const result = await reconcile({
    repoDir: inputs.repoPath,
    me,
    now: () => /* @__PURE__ */ new Date(),
    ...catalog.execute ? { settings: catalog.execute.data } : {},
    publisher,
    live: claimIsLive(octokit, inputs, me),
    signal,
    dryRun: inputs.dryRun,
    log: (l) => info(l),
    execute: async (c, beforeSteps) => {
      const pr = await factsFor(c.commit);
      return group(
        `execute ${c.path}`,
        () => runRequest(
          {
            approvals: pr.approvals,
            approvalDetail: pr.approvalDetail,
            ...pr.approvalsFrom ? { approvalsFrom: pr.approvalsFrom } : {},
            ...pr.proposer ? { proposer: pr.proposer } : {},
            ...pr.proposerTeams ? { proposerTeams: pr.proposerTeams } : {},
            repoDir: inputs.repoPath,
            requestPath: c.path,
            toolVersion,
            env: process.env,
            id: c.id,
            commit: c.commit,
            mergedAt: c.mergedAt,
            ...c.retryOf ? { retryOf: c.retryOf } : {},
            ...me.run ? { run: me.run } : {},
            signal,
            beforeSteps,
            ...drafts ? { upsertDraft: drafts } : {}
          },
          realPorts((l) => info(l), observerConfig(inputs))
        )
      );
    },
    settle: (c, s) => settleRequest(c, s, {
      repoDir: inputs.repoPath,
      toolVersion,
      env: process.env,
      now: /* @__PURE__ */ new Date(),
      ...me.run ? { run: me.run } : {}
    }),
    afterEach: async (item) => {
      if (!item.record || !item.recordPath) return;
      if (item.record.commands_run.length > 0 || item.record.status === "success") {
        await afterRun({
          repoDir: inputs.repoPath,
          record: item.record,
          links: {
            record: recordLink(inputs, item.recordPath),
            ...inputs.runUrl ? { run: inputs.runUrl } : {}
          },
          env: process.env,
          log: (l) => l.startsWith("\u2716") ? warning(l) : info(l)
        });
      }
      if (["denied", "expired", "interrupted"].includes(item.record.status) && octokit) {
        const pr = await factsFor(item.record.request.commit ?? "").catch(() => void 0);
        if (pr?.pr !== void 0) await commentNotRun(octokit, inputs, pr.pr, item);
      }
    }
  });
  let recordsPr;
  if (publisher.diverted && octokit) {
    recordsPr = await openRecordsPullRequest(octokit, inputs, { head: publisher.branch, base: branch }).catch(
      (err) => {
        warning(`could not open the records pull request: ${err.message}`);
        return void 0;
      }
    );
  }
  await writeSummary(
    reconcileSummary(result, inputs, {
      ...recordsPr ? { recordsPr } : {},
      diverted: publisher.diverted ? publisher.branch : void 0
    })
  );
  const ran = result.items.filter((i) => i.record);
  setOutput("execution-ids", ran.map((r) => r.id).join(","));
  setOutput("anomalies", String(ran.reduce((n, r) => n + (r.record?.anomalies.length ?? 0), 0)));
  setOutput(
    "incident-issues",
    ran.flatMap((r) => r.record?.drafts.map((d) => d.path.split("/").pop()) ?? []).join(",")
  );
  setOutput("pending", String(result.items.filter((i) => i.status === "waiting").length));
  const failed = result.items.filter(
    (r) => ["failed", "denied", "cancelled", "interrupted", "expired"].includes(r.status)
  );
  const allDenied = failed.length > 0 && failed.every((r) => r.status === "denied");
  setOutput(
    "status",
    allDenied ? "denied" : failed.length ? "failed" : ran.length ? "success" : "skipped"
  );
  if (publisher.diverted) {
    setFailed(
      `${branch} refused the records, so they were pushed to ${publisher.branch}${recordsPr ? ` and pull request #${recordsPr.number} (${recordsPr.url})` : ""}: merge it to bring them onto ${branch} (see docs: branch protection)`
    );
  } else if (result.publishError) {
    setFailed(`the execution records could not be published: ${result.publishError}`);
  }
  if (signal.aborted)
    setFailed("the run was cancelled: the running request was stopped and recorded as cancelled");
  else if (failed.length) {
    setFailed(
      `${failed.length} request(s) did not succeed: ${failed.map((f) => `${f.path} (${f.status})`).join(", ")}`
    );
  }
  return result.items;
}
async function commentNotRun(octokit, inputs, pr, item) {
  if (!item.record || !item.recordPath) return;
  try {
    const where = { owner: inputs.owner, repo: inputs.repo, issue_number: pr };
    const body = renderNotRunComment({ path: item.path, record: item.record, recordPath: item.recordPath });
    const sticky = await upsertStickyComment(octokit, where, notRunMarker(item.record.id), body);
    info(`${item.record.status} comment on #${pr} ${sticky.action} (${sticky.id})`);
  } catch (err) {
    warning(`could not comment on #${pr}: ${err.message}`);
  }
}
export {
  executeReconcile
};
