import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  branchOf,
  decide,
  opened,
  readLedger,
  settle,
  writeLedger
} from "./chunk-IU2EQXC2.js";
import {
  upsertStickyComment
} from "./chunk-ZRC5ZTUD.js";
import {
  Git
} from "./chunk-3RZXW5BD.js";
import {
  fenced,
  marker,
  oneLine
} from "./chunk-ALT7SGXU.js";
import {
  durationSeconds
} from "./chunk-DCFT4VMQ.js";

// src/domain/learn/branch-guard.ts
var SUGGESTION_TRAILER = "Intentops-Suggestion";
function suggestionCommitMessage(s) {
  return `${`learn: ${oneLine(s.title)}`.slice(0, 200)}

${SUGGESTION_TRAILER}: ${s.id}`;
}
function isSuggestionCommit(message, id) {
  const lines = message.replace(/\r\n?/g, "\n").trimEnd().split("\n");
  if (lines.at(-1) === `${SUGGESTION_TRAILER}: ${id}`) return true;
  return lines.length === 1 && (lines[0] ?? "").startsWith("learn: ");
}
var heldMarker = (id) => marker("suggestion-held", id);
var plain = (s) => oneLine(s).replace(/[\\`*_<>[\]|]/g, (c) => `\\${c}`);
function heldComment(s, foreign) {
  const commits = foreign.slice(0, 10).map((c) => `- ${c.sha.slice(0, 7)} by ${plain(c.author)}: ${plain(c.message.split("\n")[0] ?? "")}`);
  if (foreign.length > 10) commits.push(`- \u2026and ${foreign.length - 10} more`);
  const files = s.changes.map(
    (c) => [
      `<details><summary><code>${plain(c.path)}</code>${c.before === null ? " (new file)" : ""}</summary>`,
      "",
      fenced(c.after.length > 2e4 ? `${c.after.slice(0, 2e4)}
\u2026 (cut)` : c.after, "yaml"),
      "",
      "</details>"
    ].join("\n")
  );
  return [
    `**Not updated.** The branch \`${branchOf(s.id)}\` has commits intentops did not make, so the weekly learning run left it as it is instead of rewriting it:`,
    "",
    ...commits,
    "",
    `The suggestion has changed since: **${plain(s.title)}** (${s.evidence.length} occurrence(s), the last on ${s.evidence.at(-1)?.at.slice(0, 10) ?? "?"}). Take the new version below by hand, or close this PR and delete the branch: the next run then opens it afresh.`,
    "",
    ...files,
    "",
    heldMarker(s.id),
    ""
  ].join("\n");
}

// src/domain/learn/pr-body.ts
var MAX_EVIDENCE_ROWS = 30;
var BODY_MARKER = (id) => `<!-- intentops:suggestion=${id} -->`;
var cell = (s) => s.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/\n/g, " ");
function link(o, ctx) {
  const parts = [];
  if (o.recordPath)
    parts.push(`[record](${ctx.repoUrl}/blob/${ctx.commitOf(o.recordPath) ?? ctx.branch}/${o.recordPath})`);
  else if (o.execution) parts.push(`${cell(o.execution)} (rolled up)`);
  if (o.incident?.startsWith("http")) parts.push(`[incident](${o.incident})`);
  if (o.issue === 0) parts.push("noted locally");
  else if (o.issue !== void 0)
    parts.push(
      `#${o.issue}${o.comment !== void 0 ? ` ([note](${ctx.repoUrl}/issues/${o.issue}#issuecomment-${o.comment}))` : ""}`
    );
  return parts.join(" \xB7 ") || "\u2014";
}
function mermaidChart(s) {
  const days = /* @__PURE__ */ new Map();
  for (const o of s.evidence) days.set(o.at.slice(0, 10), (days.get(o.at.slice(0, 10)) ?? 0) + 1);
  const first = s.evidence[0]?.at.slice(0, 10);
  const last = s.evidence.at(-1)?.at.slice(0, 10);
  const labels = [];
  if (first && last) {
    for (let d = /* @__PURE__ */ new Date(`${first}T00:00:00Z`); d.toISOString().slice(0, 10) <= last && labels.length < 60; d = new Date(d.getTime() + 864e5)) {
      labels.push(d.toISOString().slice(0, 10));
    }
  }
  const max = Math.max(1, ...days.values());
  return [
    "```mermaid",
    "xychart-beta",
    `  title "${s.trigger} per day"`,
    `  x-axis [${labels.map((l) => `"${l.slice(5)}"`).join(", ")}]`,
    `  y-axis "occurrences" 0 --> ${max}`,
    `  bar [${labels.map((l) => days.get(l) ?? 0).join(", ")}]`,
    "```"
  ].join("\n");
}
function prBody(s, ctx) {
  const rows = s.evidence.slice(-MAX_EVIDENCE_ROWS).map(
    (o) => `| ${o.at.replace("T", " ").slice(0, 16)} | ${cell(o.target ?? "\u2014")} | ${cell(o.by ? `@${o.by}` : "\u2014")} | ${link(o, ctx)} |`
  );
  const more = s.evidence.length > MAX_EVIDENCE_ROWS ? `
_\u2026and ${s.evidence.length - MAX_EVIDENCE_ROWS} earlier occurrence(s)._` : "";
  return [
    `**${s.trigger}** (${s.evidence.length} occurrences) \u2192 **${s.action}**`,
    "",
    cell(s.rationale).replace(/\\`/g, "`"),
    "",
    mermaidChart(s),
    "",
    "| when (UTC) | target | by | evidence |",
    "|---|---|---|---|",
    ...rows,
    more,
    "",
    `Files: ${s.changes.map((c) => `\`${c.path}\`${c.before === null ? " (new)" : ""}`).join(", ")}`,
    "",
    "Merge to accept; close to reject (remembered: not reopened unless the evidence doubles or the cooldown passes).",
    "",
    BODY_MARKER(s.id)
  ].join("\n");
}

// src/app/learn/publish-github.ts
var SUGGESTION_LABEL = "intentops-suggestion";
var status = (err) => err.status;
async function publishOnGitHub(t, suggestions, ledger, triggers, now) {
  const repo = { owner: t.owner, repo: t.repo };
  const entries = new Map(ledger.map((e) => [e.id, e]));
  const byId = new Map(suggestions.map((s) => [s.id, s]));
  let base;
  const baseOf = async () => {
    if (!base) {
      const branch = (await t.octokit.rest.repos.get(repo)).data.default_branch;
      const sha = (await t.octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` })).data.object.sha;
      base = { branch, sha };
    }
    return base;
  };
  const latestPr = async (branch) => {
    const { data } = await t.octokit.rest.pulls.list({
      ...repo,
      head: `${t.owner}:${branch}`,
      state: "all",
      per_page: 20
    });
    const pr = [...data].sort((a, b) => b.number - a.number)[0];
    return pr ? {
      number: pr.number,
      url: pr.html_url,
      open: pr.state === "open",
      merged: !!pr.merged_at,
      closedAt: pr.closed_at,
      mergedAt: pr.merged_at,
      body: pr.body,
      title: pr.title
    } : null;
  };
  const fileOn = async (branch, path) => {
    try {
      const { data } = await t.octokit.rest.repos.getContent({ ...repo, path, ref: branch });
      if (Array.isArray(data) || data.type !== "file") return null;
      return { text: Buffer.from(data.content ?? "", "base64").toString("utf8"), sha: data.sha };
    } catch (err) {
      if (status(err) === 404) return null;
      throw err;
    }
  };
  const foreignCommits = async (s) => {
    const { data } = await t.octokit.rest.repos.compareCommitsWithBasehead({
      ...repo,
      basehead: `${(await baseOf()).branch}...${branchOf(s.id)}`,
      per_page: 100
    });
    return data.commits.filter((c) => !isSuggestionCommit(c.commit.message, s.id)).map((c) => ({
      sha: c.sha,
      author: c.author?.login ? `@${c.author.login}` : c.commit.author?.name ?? "unknown",
      message: c.commit.message
    }));
  };
  const push = async (s, branchExists2) => {
    const branch = branchOf(s.id);
    if (branchExists2) {
      const now2 = await Promise.all(s.changes.map((c) => fileOn(branch, c.path)));
      if (now2.every((f, i) => f?.text === s.changes[i]?.after)) return { kind: "unchanged" };
      const foreign = await foreignCommits(s);
      if (foreign.length) return { kind: "held", foreign };
    }
    const { sha } = await baseOf();
    const restart = () => t.octokit.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha, force: true });
    if (branchExists2) await restart();
    else {
      try {
        await t.octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha });
      } catch (err) {
        if (status(err) !== 422) throw err;
        await restart();
      }
    }
    for (const c of s.changes) {
      const current = await fileOn(branch, c.path);
      await t.octokit.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: c.path,
        branch,
        message: suggestionCommitMessage(s),
        content: Buffer.from(c.after).toString("base64"),
        ...current ? { sha: current.sha } : {}
      });
    }
    return { kind: "pushed" };
  };
  const branchExists = async (branch) => {
    try {
      await t.octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
      return true;
    } catch (err) {
      if (status(err) === 404) return false;
      throw err;
    }
  };
  const published = [];
  const ids = /* @__PURE__ */ new Set([...byId.keys(), ...ledger.filter((e) => e.state === "open").map((e) => e.id)]);
  for (const id of ids) {
    const branch = branchOf(id);
    const pr = await latestPr(branch);
    let entry = entries.get(id);
    if (entry && pr && !pr.open) entry = settle(entry, pr);
    const s = byId.get(id);
    if (!s) {
      if (entry) entries.set(id, entry);
      published.push({
        id,
        outcome: entry?.state === "open" ? "no longer suggested; PR left open" : `PR ${entry?.state}`,
        pushed: false
      });
      continue;
    }
    const trigger = triggers.find((x) => x.pattern === s.trigger);
    const d = decide(s, entry, pr, now, durationSeconds(trigger?.cooldown ?? "30d"));
    if (d.kind === "keep-closed") {
      if (entry) entries.set(id, entry);
      published.push({
        id,
        outcome: `stays closed: ${d.why}`,
        pushed: false,
        ...pr ? { pr: pr.number, url: pr.url } : {}
      });
      continue;
    }
    const link2 = {
      repoUrl: `${t.serverUrl}/${t.owner}/${t.repo}`,
      commitOf: t.commitOf,
      branch: (await baseOf()).branch
    };
    const body = prBody(s, link2);
    const result = await push(s, pr?.open === true ? true : await branchExists(branch));
    if (result.kind === "held") {
      const commented = pr ? await upsertStickyComment(
        t.octokit,
        { ...repo, issue_number: pr.number },
        heldMarker(id),
        heldComment(s, result.foreign)
      ) : void 0;
      const kept = entry ?? opened(s, void 0, now, { state: "open" });
      entries.set(id, {
        ...kept,
        held: {
          since: kept.held?.since ?? now.toISOString(),
          commits: result.foreign.map((c) => c.sha)
        }
      });
      const shas = result.foreign.map((c) => c.sha.slice(0, 7)).join(", ");
      const where = pr ? `; ${commented?.action === "unchanged" ? "comment" : `comment ${commented?.action}`} on ${pr.url}` : "";
      const outcome = `held: ${branch} has commits intentops did not make (${shas}), not rewritten${where}`;
      published.push({ id, outcome, pushed: false, ...pr ? { pr: pr.number, url: pr.url } : {} });
      t.log(`suggestion ${id}: ${outcome}`);
      continue;
    }
    const pushed = result.kind === "pushed";
    let number;
    let url;
    if (pr?.open) {
      ({ number, url } = pr);
      if (pr.body !== body || pr.title !== s.title) {
        await t.octokit.rest.pulls.update({ ...repo, pull_number: number, title: s.title, body });
      }
    } else {
      ({ number, url } = await createPr(t, s, body, (await baseOf()).branch));
      await t.octokit.rest.issues.addLabels({ ...repo, issue_number: number, labels: [SUGGESTION_LABEL] });
    }
    entries.set(id, opened(s, entry, now, { state: "open", pr: number, url }));
    const what = pr?.open ? pushed ? "updated" : "unchanged" : d.kind === "reopen" ? `opened again (${d.why})` : "opened";
    published.push({ id, outcome: `${what}: ${url}`, pr: number, url, pushed });
    t.log(`suggestion ${id}: ${what} ${url}`);
  }
  return { entries: [...entries.values()], published };
}
async function createPr(t, s, body, base) {
  const repo = { owner: t.owner, repo: t.repo };
  const head = branchOf(s.id);
  try {
    const pr = await t.octokit.rest.pulls.create({ ...repo, head, base, title: s.title.slice(0, 250), body });
    return { number: pr.data.number, url: pr.data.html_url };
  } catch (err) {
    if (status(err) !== 422) throw err;
    const again = (await t.octokit.rest.pulls.list({ ...repo, head: `${t.owner}:${head}`, state: "open", per_page: 1 })).data[0];
    if (!again) throw err;
    return { number: again.number, url: again.html_url };
  }
}

// src/app/learn/run-github.ts
async function learnToGitHub(repoDir, result, gh, now) {
  const ledger = await readLedger(repoDir);
  const evidencePaths = result.suggestions.flatMap(
    (s) => s.evidence.map((o) => o.recordPath).filter((p) => !!p)
  );
  const added = await new Git(repoDir).addedIn([...new Set(evidencePaths)]);
  const { entries, published } = await publishOnGitHub(
    { ...gh, commitOf: (p) => added.get(p) },
    result.suggestions,
    ledger.suggestions,
    result.triggers,
    now
  );
  const ledgerPath = await writeLedger(repoDir, { suggestions: entries });
  return { published, ledgerPath };
}

export {
  learnToGitHub
};
