import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  backtest,
  rulesFromFile
} from "./chunks/chunk-6TF6PXXU.js";
import {
  changedFiles
} from "./chunks/chunk-MN2FJVV5.js";
import {
  describeApprovals,
  prFacts,
  proposerTeams
} from "./chunks/chunk-A74KPGJL.js";
import "./chunks/chunk-4LGOOGTA.js";
import {
  error,
  getInput,
  info,
  setFailed,
  setOutput,
  setSecret,
  summary,
  validateSummary,
  warning,
  writeSummary
} from "./chunks/chunk-WHTSRQ4A.js";
import {
  upsertStickyComment
} from "./chunks/chunk-ZRC5ZTUD.js";
import {
  formatPlan
} from "./chunks/chunk-J4YW2YKJ.js";
import "./chunks/chunk-JLCMCG2X.js";
import {
  createOctokit
} from "./chunks/chunk-D5ACM4UR.js";
import {
  validate
} from "./chunks/chunk-OKQQJ5BC.js";
import "./chunks/chunk-D5UGG2QT.js";
import "./chunks/chunk-H66C7OWU.js";
import "./chunks/chunk-AAUYX2DP.js";
import {
  fenced
} from "./chunks/chunk-ALT7SGXU.js";
import "./chunks/chunk-QXZVOJ7C.js";
import "./chunks/chunk-7KK4SKIM.js";
import {
  prepareRequest
} from "./chunks/chunk-CCPQRHZZ.js";
import "./chunks/chunk-2VZISDBC.js";
import "./chunks/chunk-XSOKI6J7.js";
import {
  loadRepo
} from "./chunks/chunk-XHNTYNXM.js";
import "./chunks/chunk-TVAFMIQY.js";
import "./chunks/chunk-4BJPRUAX.js";
import "./chunks/chunk-FUILN6RE.js";
import "./chunks/chunk-P454KSOG.js";
import "./chunks/chunk-DCFT4VMQ.js";
import "./chunks/chunk-PQTKVDRF.js";
import {
  InputError,
  formatDiagnostic,
  hasErrors
} from "./chunks/chunk-OPNGBO4A.js";
import "./chunks/chunk-ISVOBWNR.js";
import "./chunks/chunk-ISCBKPWA.js";
import "./chunks/chunk-7E55XGKX.js";

// src/action/inputs.ts
var COMMANDS = [
  "validate",
  "plan",
  "execute",
  "incident",
  "learn",
  "prune",
  "report",
  "verify",
  "replay"
];
var InputsError = class extends Error {
  name = "InputsError";
};
function env(name, fallback) {
  const v = process.env[name];
  if (v) return v;
  if (fallback !== void 0) return fallback;
  throw new InputsError(`${name} is not set: is this running inside GitHub Actions?`);
}
function booleanInput(name) {
  const v = getInput(name).trim().toLowerCase();
  if (v === "" || v === "false") return false;
  if (v === "true") return true;
  throw new InputsError(`input '${name}' must be true or false, got '${v}'`);
}
function getInputs() {
  const command = getInput("command", { required: true }).trim();
  if (!COMMANDS.includes(command)) {
    throw new InputsError(`input 'command' must be one of ${COMMANDS.join(", ")}, got '${command}'`);
  }
  const token = getInput("github-token");
  if (token) setSecret(token);
  const kubeconfig = getInput("kubeconfig");
  if (kubeconfig) setSecret(kubeconfig);
  const [owner, repo] = env("GITHUB_REPOSITORY").split("/");
  if (!owner || !repo) throw new InputsError("GITHUB_REPOSITORY must look like owner/repo");
  const serverUrl = env("GITHUB_SERVER_URL", "https://github.com");
  const runId = process.env.GITHUB_RUN_ID;
  return {
    command,
    token,
    repoPath: getInput("repo-path") || ".",
    dryRun: booleanInput("dry-run"),
    ...kubeconfig ? { kubeconfig } : {},
    ...getInput("prometheus-url") ? { prometheusUrl: getInput("prometheus-url") } : {},
    ...getInput("loki-url") ? { lokiUrl: getInput("loki-url") } : {},
    ...getInput("retention") ? { retention: getInput("retention").trim() } : {},
    ...getInput("since") ? { since: getInput("since").trim() } : {},
    ...getInput("out") ? { out: getInput("out").trim() } : {},
    owner,
    repo,
    eventName: env("GITHUB_EVENT_NAME"),
    eventPath: env("GITHUB_EVENT_PATH"),
    sha: env("GITHUB_SHA"),
    apiUrl: env("GITHUB_API_URL", "https://api.github.com"),
    serverUrl,
    ...runId ? { runUrl: `${serverUrl}/${owner}/${repo}/actions/runs/${runId}` } : {}
  };
}

// src/action/kubeconfig-file.ts
import { rmSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
async function writeKubeconfigFile(yaml, root = process.env.RUNNER_TEMP || tmpdir()) {
  const dir = await mkdtemp(join(root, "intentops-kube-"));
  const path = join(dir, "config");
  const previous = process.env.KUBECONFIG;
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    process.off("exit", remove);
    rmSync(dir, { recursive: true, force: true });
    if (process.env.KUBECONFIG !== path) return;
    if (previous === void 0) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = previous;
  };
  process.once("exit", remove);
  try {
    await writeFile(path, yaml, { mode: 384, flag: "wx" });
  } catch (err) {
    remove();
    throw err;
  }
  process.env.KUBECONFIG = path;
  return { path, remove };
}

// src/action/pull-request.ts
import { readFile } from "node:fs/promises";

// src/action/auto-merge.ts
var NEW_REQUEST = /^intents\/requests\/.+\.ya?ml$/;
var WHAT = {
  A: "added",
  M: "modified",
  D: "deleted",
  R: "renamed",
  C: "copied",
  T: "type changed"
};
function notNewRequests(diff) {
  return diff.filter((f) => !(f.status === "A" && NEW_REQUEST.test(f.path))).map((f) => `${f.path} (${WHAT[f.status] ?? f.status})`);
}
function autoMergeAgent(requests, opts) {
  if (!opts.valid || requests.length === 0) return void 0;
  const agents = /* @__PURE__ */ new Set();
  for (const r of requests) {
    const policy = r.plan?.policy;
    if (policy?.verdict !== "allow" || !policy.autoMerge || !policy.agent) return void 0;
    agents.add(policy.agent);
  }
  return { agent: [...agents].join(", "), others: notNewRequests(opts.diff) };
}
var READ = `query ($id: ID!) {
  node(id: $id) { ... on PullRequest { autoMergeRequest { mergeMethod } } }
}`;
var DISABLE = `mutation ($id: ID!) {
  disablePullRequestAutoMerge(input: { pullRequestId: $id }) {
    pullRequest { autoMergeRequest { mergeMethod } }
  }
}`;
var ENABLE = `mutation ($id: ID!) {
  enablePullRequestAutoMerge(input: { pullRequestId: $id, mergeMethod: SQUASH }) {
    pullRequest { autoMergeRequest { mergeMethod } }
  }
}`;
async function enableAutoMerge(octokit, where) {
  const { data: pull } = await octokit.rest.pulls.get({
    owner: where.owner,
    repo: where.repo,
    pull_number: where.number
  });
  const now = await octokit.graphql(READ, { id: pull.node_id });
  if (now.node?.autoMergeRequest) return "already enabled";
  await octokit.graphql(ENABLE, { id: pull.node_id });
  return "enabled";
}
async function disableAutoMerge(octokit, where) {
  const { data: pull } = await octokit.rest.pulls.get({
    owner: where.owner,
    repo: where.repo,
    pull_number: where.number
  });
  const now = await octokit.graphql(READ, { id: pull.node_id });
  if (!now.node?.autoMergeRequest) return "was off";
  await octokit.graphql(DISABLE, { id: pull.node_id });
  return "disabled";
}

// src/action/backtest-comment.ts
var BACKTEST_WINDOW_S = 30 * 86400;
var RULES_SHOWN = 10;
var HITS_SHOWN = 5;
var SECTION_LIMIT = 12e3;
var RULE_FILE = /^intents\/anomaly-rules\/[^/]+\.ya?ml$/;
async function ruleFileBacktests(repoDir, changed, now) {
  const since = new Date(now.getTime() - BACKTEST_WINDOW_S * 1e3);
  const out = [];
  for (const f of changed.filter((c) => RULE_FILE.test(c.path))) {
    const deleted = f.status === "D";
    let rules = [];
    if (!deleted) {
      try {
        rules = await rulesFromFile(repoDir, f.path);
      } catch (err) {
        if (err instanceof InputError) continue;
        throw err;
      }
    }
    const res = await backtest(repoDir, rules, { since, files: /* @__PURE__ */ new Set([f.path]) });
    out.push({ file: f.path, deleted, records: res.records, rules: res.rules });
  }
  return out;
}
function esc(s) {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ").replace(/`/g, "'");
}
function hitRows(kind, hits) {
  return hits.slice(-HITS_SHOWN).reverse().map(
    (h) => `| ${kind} | ${h.timestamp.slice(0, 16).replace("T", " ")} | ${esc(h.intent)}${h.target ? `/${esc(h.target)}` : ""} | \`${esc(h.path.split("/").pop() ?? h.path)}\` | ${esc(JSON.stringify(h.inputs)).slice(0, 120)} |`
  );
}
function renderBacktestSection(files) {
  if (files.length === 0) return [];
  const lines = ["", "### Anomaly rule backtest (last 30 days of records)"];
  for (const f of files) {
    lines.push(
      "",
      `**\`${f.file}\`**${f.deleted ? " (deleted)" : ""} over ${f.records} record(s):`,
      "",
      "| rule | fires | newly fires | stops firing | not evaluated |",
      "|---|---|---|---|---|"
    );
    const shown = f.rules.slice(0, RULES_SHOWN);
    for (const r of shown) {
      lines.push(
        `| ${esc(r.rule)}${r.removed ? " (removed)" : ""} | ${r.removed ? "\u2014" : `${r.fires} of ${r.considered}`} | ${r.newlyFires.length} | ${r.stopsFiring.length} | ${r.removed ? "\u2014" : r.notEvaluated} |`
      );
    }
    if (f.rules.length > RULES_SHOWN) lines.push("", `\u2026 and ${f.rules.length - RULES_SHOWN} more rule(s)`);
    const changes = shown.filter((r) => r.newlyFires.length || r.stopsFiring.length);
    if (changes.length) {
      lines.push("", "<details><summary>Where it changes (newest first)</summary>", "");
      for (const r of changes) {
        lines.push(
          `\`${esc(r.rule)}\``,
          "",
          "| change | at | target | record | inputs |",
          "|---|---|---|---|---|",
          ...hitRows("newly fires", r.newlyFires),
          ...hitRows("stops", r.stopsFiring),
          ""
        );
      }
      lines.push("</details>");
    }
    if (f.rules.length === 0) lines.push("", "_No rule fired from this file in the window._");
  }
  lines.push("", "<sub>`npx intentops backtest --rule <file> --since 30d` shows every record.</sub>");
  const text = lines.join("\n");
  return text.length <= SECTION_LIMIT ? lines : [
    `${text.slice(0, SECTION_LIMIT)}`,
    "",
    "\u2026 (backtest truncated; run `intentops backtest` for all of it)"
  ];
}

// src/action/plan-comment.ts
var PLAN_MARKER = "<!-- intentops:plan -->";
var LIMIT = 6e4;
function esc2(s) {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
function policyTable(plan) {
  if (plan.policy.results.length === 0) return ["_No policy applies._"];
  return [
    "| policy | rule | outcome | why |",
    "|---|---|---|---|",
    ...plan.policy.results.map((r) => `| ${esc2(r.policy)} | ${r.rule} | ${r.outcome} | ${esc2(r.reason)} |`)
  ];
}
function renderPlanComment(input) {
  const errors = input.diagnostics.filter((d) => d.severity === "error");
  const lines = [
    `## intentops plan \u2014 ${errors.length ? `\u274C ${errors.length} problem(s)` : "\u2705 valid"}`,
    "",
    `Checked ${input.checkedFiles} file(s) under \`intents/\` at ${input.sha.slice(0, 7)}.`
  ];
  if (input.autoMerge?.needsHuman) lines.push("", `> [!IMPORTANT]
> \u{1F9D1} ${input.autoMerge.note}`);
  else if (input.autoMerge) lines.push("", `\u{1F916} ${input.autoMerge.note}`);
  if (input.mixed.length) {
    lines.push(
      "",
      `> [!WARNING]
> This PR adds requests **and** changes what judges them: ${input.mixed.map((m) => `\`${m}\``).join(", ")}. Review those changes first \u2014 or split the PR.`
    );
  }
  if (errors.length) {
    lines.push("", "### Problems", fenced(errors.map(formatDiagnostic).join("\n"), "text"));
  }
  for (const r of input.requests) {
    lines.push("", `### \`${r.path}\``);
    if (!r.plan) {
      lines.push("Not planned: the file is invalid (see above).");
      continue;
    }
    lines.push(`**Policy verdict: ${r.plan.policy.verdict.toUpperCase()}**`, "", ...policyTable(r.plan));
    lines.push(
      "",
      "<details><summary>What would run</summary>",
      "",
      fenced(formatPlan(r.plan, r.path), "text"),
      "</details>"
    );
  }
  lines.push(...renderBacktestSection(input.backtests ?? []));
  if (input.runUrl) lines.push("", `<sub>[workflow run](${input.runUrl})</sub>`);
  const body = lines.join("\n");
  return body.length <= LIMIT ? `${body}

${PLAN_MARKER}
` : `${body.slice(0, LIMIT)}

\u2026 (truncated; the full plan is in the job summary)

${PLAN_MARKER}
`;
}
function mixedChanges(paths) {
  const hasRequest = paths.some((p) => p.startsWith("intents/requests/"));
  if (!hasRequest) return [];
  return paths.filter(
    (p) => /^intents\/(catalog|outcomes|anomaly-rules|policies)\//.test(p) || p === "intents/learning.yaml" || p.startsWith(".github/") || p.startsWith("src/") || p.startsWith("dist/") || p === "action.yml"
  );
}

// src/action/pull-request.ts
async function pullFacts(inputs, event, octokit) {
  if (!octokit) return { approvals: null };
  const { head, user } = event.pull_request;
  const where = { owner: inputs.owner, repo: inputs.repo, number: event.number };
  try {
    const facts = await prFacts(octokit, where, user ? { number: event.number, user, head } : void 0);
    const teams = facts.author ? await proposerTeams(octokit, inputs.repoPath, facts.author) : [];
    return {
      approvals: facts.approvals.count,
      approvalDetail: describeApprovals(facts.approvals),
      ...facts.author ? { proposer: facts.author } : {},
      ...teams.length ? { proposerTeams: teams } : {}
    };
  } catch (err) {
    warning(`could not read the pull request's reviews: ${err.message}`);
    return { approvals: null };
  }
}
async function autoMergeNote(octokit, where, verdict) {
  if (!verdict) return void 0;
  const { agent, others } = verdict;
  if (others.length > 0) {
    const list = others.map((o) => `\`${o}\``).join(", ");
    let note = `a human must review and merge this PR: agent ${agent} may auto-merge only a PR whose every change is a new request file under \`intents/requests/\`, and this one also changes ${list}`;
    if (octokit) {
      try {
        if (await disableAutoMerge(octokit, where) === "disabled") {
          info(`auto-merge disabled on #${where.number}: it holds more than new requests`);
          note += " (auto-merge, enabled by an earlier push, is now off)";
        }
      } catch (err) {
        warning(`could not disable auto-merge: ${err.message}`);
        note += ` (auto-merge could not be checked or turned off: ${err.message})`;
      }
    }
    return { note, needsHuman: true };
  }
  if (!octokit) return { note: `agent ${agent} may merge alone, but auto-merge needs a token` };
  try {
    const done = await enableAutoMerge(octokit, where);
    info(`auto-merge ${done} for agent ${agent} on #${where.number}`);
    return {
      note: `auto-merge ${done} for agent ${agent} (squash): the PR merges when its required checks pass`
    };
  } catch (err) {
    warning(`could not enable auto-merge: ${err.message}`);
    return {
      note: `agent ${agent} may merge alone, but auto-merge could not be enabled: ${err.message}`
    };
  }
}
async function planPullRequest(inputs) {
  const event = JSON.parse(await readFile(inputs.eventPath, "utf8"));
  if (!event.pull_request)
    throw new Error(`command 'plan' needs a pull_request event, got ${inputs.eventName}`);
  const { base, head } = event.pull_request;
  const diff = await changedFiles(inputs.repoPath, base.sha, head.sha);
  const changed = diff.filter((f) => f.status !== "D");
  const paths = changed.map((f) => f.path);
  const intentFiles = paths.filter((p) => p.startsWith("intents/") && /\.ya?ml$/.test(p));
  const octokit = inputs.token ? createOctokit({ token: inputs.token, baseUrl: inputs.apiUrl, log: (m) => info(m) }) : void 0;
  const now = /* @__PURE__ */ new Date();
  const result = await validate(inputs.repoPath, { now, approvals: null, history: [] }, intentFiles);
  const hasRequests = intentFiles.some((p) => p.startsWith("intents/requests/"));
  const facts = {
    now,
    history: [],
    ...hasRequests ? await pullFacts(inputs, event, octokit) : { approvals: null }
  };
  for (const d of result.diagnostics) {
    const props = {
      file: d.file,
      ...d.line ? { startLine: d.line, startColumn: d.col ?? 1 } : {},
      title: "intentops"
    };
    if (d.severity === "error") error(d.message, props);
    else warning(d.message, props);
  }
  const { catalog } = await loadRepo(inputs.repoPath, intentFiles);
  const requests = intentFiles.filter((p) => p.startsWith("intents/requests/")).map((path) => {
    const req = catalog.requests.find((r) => r.path === path);
    if (!req) return { path, diagnostics: result.diagnostics.filter((d) => d.file === path) };
    const prepared = prepareRequest(catalog, req, facts);
    return { path, ...prepared.plan ? { plan: prepared.plan } : {}, diagnostics: prepared.diagnostics };
  });
  const autoMerge = await autoMergeNote(
    octokit,
    { owner: inputs.owner, repo: inputs.repo, number: event.number },
    autoMergeAgent(requests, { valid: !hasErrors(result.diagnostics), diff })
  );
  const backtests = await ruleFileBacktests(inputs.repoPath, diff, now);
  const body = renderPlanComment({
    requests,
    diagnostics: result.diagnostics,
    checkedFiles: intentFiles.length,
    mixed: mixedChanges(paths),
    sha: head.sha,
    ...inputs.runUrl ? { runUrl: inputs.runUrl } : {},
    ...autoMerge ? { autoMerge } : {},
    ...backtests.length ? { backtests } : {}
  });
  await summary.addRaw(body.replace(PLAN_MARKER, ""), true).write();
  if (octokit && intentFiles.length > 0) {
    try {
      const sticky = await upsertStickyComment(
        octokit,
        { owner: inputs.owner, repo: inputs.repo, issue_number: event.number },
        PLAN_MARKER,
        body
      );
      info(`plan comment ${sticky.action} (${sticky.id})`);
    } catch (err) {
      warning(`could not write the plan comment: ${err.message}`);
    }
  }
  const denied = requests.filter((r) => r.plan?.policy.verdict === "deny").map((r) => r.path);
  return { valid: !hasErrors(result.diagnostics), denied };
}

// src/action/main.ts
async function readEvent(path) {
  const { readFile: readFile2 } = await import("node:fs/promises");
  return JSON.parse(await readFile2(path, "utf8").catch(() => "{}"));
}
async function run() {
  let kube;
  try {
    const given = getInputs();
    kube = given.kubeconfig ? await writeKubeconfigFile(given.kubeconfig) : void 0;
    const inputs = kube ? { ...given, kubeconfigPath: kube.path } : given;
    switch (inputs.command) {
      case "validate": {
        const result = await validate(inputs.repoPath, { now: /* @__PURE__ */ new Date(), approvals: null, history: [] });
        for (const d of result.diagnostics) {
          (d.severity === "warning" ? warning : error)(d.message, {
            file: d.file,
            ...d.line ? { startLine: d.line, startColumn: d.col ?? 1 } : {}
          });
        }
        const valid = !hasErrors(result.diagnostics);
        await writeSummary(validateSummary(result.diagnostics, valid));
        setOutput("status", valid ? "valid" : "invalid");
        if (!valid)
          setFailed(
            `${result.diagnostics.length} problem(s):
${result.diagnostics.map(formatDiagnostic).join("\n")}`
          );
        break;
      }
      case "plan": {
        const { valid, denied } = await planPullRequest(inputs);
        setOutput("status", !valid ? "invalid" : denied.length ? "denied" : "valid");
        if (!valid) setFailed("the pull request has invalid intent files (see the annotations)");
        else if (denied.length)
          setFailed(`the policies deny ${denied.join(", ")} (see the plan comment)`);
        break;
      }
      case "execute": {
        const { executeReconcile } = await import("./chunks/execute-reconcile-27BKOHRP.js");
        await executeReconcile(inputs, await readEvent(inputs.eventPath));
        break;
      }
      case "incident": {
        const { handleIncidentEvent } = await import("./chunks/incident-event-5DQF5IE4.js");
        await handleIncidentEvent(inputs);
        break;
      }
      case "prune": {
        const { pruneAction } = await import("./chunks/prune-action-WFUHGX3E.js");
        await pruneAction(inputs);
        break;
      }
      case "report": {
        const { reportAction } = await import("./chunks/report-action-KIXKLLU7.js");
        await reportAction(inputs);
        break;
      }
      case "verify": {
        const { verifyAction } = await import("./chunks/verify-action-IYK2FUKT.js");
        await verifyAction(inputs, await readEvent(inputs.eventPath));
        break;
      }
      case "replay": {
        const { replayAction } = await import("./chunks/replay-action-JVDYI3NM.js");
        await replayAction(inputs);
        break;
      }
      case "learn": {
        const { learnWeekly } = await import("./chunks/learn-weekly-V66TTA6R.js");
        await learnWeekly(inputs);
        break;
      }
    }
  } catch (err) {
    setFailed(err instanceof Error ? err.message : String(err));
  } finally {
    kube?.remove();
  }
}

// src/action/index.ts
await run();
