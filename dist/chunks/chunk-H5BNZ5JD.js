import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  formatPlan
} from "./chunk-J4YW2YKJ.js";

// src/app/propose-pr.ts
function proposalBranch(p) {
  return `intentops/propose/${(p.path.split("/").pop() ?? p.path).replace(/\.ya?ml$/, "")}`;
}
async function openProposalPr(octokit, repo, p, reason) {
  const branch = proposalBranch(p);
  const open = await octokit.rest.pulls.list({
    ...repo,
    head: `${repo.owner}:${branch}`,
    state: "open",
    per_page: 1
  });
  const existing = open.data[0];
  if (existing) return { number: existing.number, url: existing.html_url, branch, created: false };
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
    "```text",
    formatPlan(p.plan, p.path),
    "```",
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
    return { number: pr.data.number, url: pr.data.html_url, branch, created: true };
  } catch (err) {
    if (err.status !== 422) throw err;
    const again = (await octokit.rest.pulls.list({ ...repo, head: `${repo.owner}:${branch}`, state: "open", per_page: 1 })).data[0];
    if (!again) throw err;
    return { number: again.number, url: again.html_url, branch, created: true };
  }
}

export {
  proposalBranch,
  openProposalPr
};
