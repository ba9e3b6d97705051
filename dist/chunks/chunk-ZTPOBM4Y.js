import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  RETRY_WINDOW_MS,
  parseProposalBranch,
  proposalBranch
} from "./chunk-RUWUFFY6.js";
import {
  formatPlan
} from "./chunk-J4YW2YKJ.js";
import {
  fenced
} from "./chunk-ALT7SGXU.js";

// src/app/propose/propose-pr.ts
function opened(pr, created) {
  const branch = pr.head.ref;
  return {
    number: pr.number,
    url: pr.html_url,
    branch,
    path: parseProposalBranch(branch)?.path ?? "",
    created,
    state: pr.state === "open" ? "open" : pr.merged_at ? "merged" : "closed"
  };
}
async function findProposalPr(octokit, repo, key, now) {
  const self = `${repo.owner}/${repo.repo}`.toLowerCase();
  const ours = (pr) => pr.head.repo?.full_name.toLowerCase() === self && parseProposalBranch(pr.head.ref)?.key === key;
  const open = await octokit.paginate(octokit.rest.pulls.list, { ...repo, state: "open", per_page: 100 });
  const pending = open.find(ours);
  if (pending) return opened(pending, false);
  const since = now.getTime() - RETRY_WINDOW_MS;
  const recent = (await octokit.paginate(
    octokit.rest.pulls.list,
    { ...repo, state: "closed", sort: "created", direction: "desc", per_page: 100 },
    (res, done2) => {
      if (res.data.some((pr) => Date.parse(pr.created_at) < since)) done2();
      return res.data;
    }
  )).filter((pr) => Date.parse(pr.created_at) >= since);
  const done = recent.find(ours);
  return done ? opened(done, false) : void 0;
}
async function openProposalPr(octokit, repo, p, reason, now = /* @__PURE__ */ new Date()) {
  const existing = await findProposalPr(octokit, repo, p.key, now);
  if (existing) return existing;
  const branch = proposalBranch(p.path, p.key);
  const base = (await octokit.rest.repos.get(repo)).data.default_branch;
  const baseSha = (await octokit.rest.git.getRef({ ...repo, ref: `heads/${base}` })).data.object.sha;
  try {
    await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: baseSha });
  } catch (err) {
    if (err.status !== 422) throw err;
  }
  const current = await octokit.rest.repos.getContent({ ...repo, path: p.path, ref: branch }).then((r) => Array.isArray(r.data) ? void 0 : r.data.sha).catch((err) => {
    if (err.status === 404) return void 0;
    throw err;
  });
  await octokit.rest.repos.createOrUpdateFileContents({
    ...repo,
    path: p.path,
    branch,
    message: `Propose ${p.plan.intent}: ${reason}`.slice(0, 200),
    content: Buffer.from(p.text).toString("base64"),
    ...current ? { sha: current } : {}
  });
  const title = `Propose ${p.plan.intent}${Object.keys(p.plan.params).length ? ` (${Object.entries(p.plan.params).map(([k, v]) => `${k}=${v}`).join(", ")})` : ""}`;
  const body = [
    reason,
    "",
    `Policy verdict: **${p.plan.policy.verdict}**`,
    "",
    "<details><summary>Plan</summary>",
    "",
    fenced(formatPlan(p.plan, p.path), "text"),
    "</details>"
  ].join("\n");
  try {
    const pr = await octokit.rest.pulls.create({
      ...repo,
      head: branch,
      base,
      title: title.slice(0, 250),
      body
    });
    return {
      number: pr.data.number,
      url: pr.data.html_url,
      branch,
      path: p.path,
      created: true,
      state: "open"
    };
  } catch (err) {
    if (err.status !== 422) throw err;
    const again = (await octokit.rest.pulls.list({ ...repo, head: `${repo.owner}:${branch}`, state: "open", per_page: 1 })).data[0];
    if (!again) throw err;
    return { number: again.number, url: again.html_url, branch, path: p.path, created: true, state: "open" };
  }
}

export {
  findProposalPr,
  openProposalPr
};
