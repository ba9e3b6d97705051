import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  teamsNamed
} from "./chunk-BGXDDFK3.js";
import {
  loadRepo
} from "./chunk-IW2DZBJB.js";

// src/domain/approvals.ts
function isBotUser(user) {
  return user.type === "Bot" || user.login.toLowerCase().endsWith("[bot]");
}
var DECISIVE = /* @__PURE__ */ new Set(["APPROVED", "CHANGES_REQUESTED", "DISMISSED"]);
function countApprovals(reviews, opts) {
  const isBot = opts.isBot ?? isBotUser;
  const author = opts.author.toLowerCase();
  const ordered = reviews.map((r, i) => ({ r, i })).sort((a, b) => {
    const ta = a.r.submitted_at ? Date.parse(a.r.submitted_at) : Number.NaN;
    const tb = b.r.submitted_at ? Date.parse(b.r.submitted_at) : Number.NaN;
    return Number.isNaN(ta) || Number.isNaN(tb) || ta === tb ? a.i - b.i : ta - tb;
  }).map(({ r }) => r);
  const latest = /* @__PURE__ */ new Map();
  for (const review of ordered) {
    if (!review.user) continue;
    const key = review.user.login.toLowerCase();
    const entry = latest.get(key) ?? { user: review.user };
    if (DECISIVE.has(review.state)) entry.review = review;
    latest.set(key, entry);
  }
  const approvers = [];
  const ignored = [];
  for (const [key, { user, review }] of latest) {
    const login = user.login;
    if (key === author) ignored.push({ login, why: "the PR author" });
    else if (isBot(user)) ignored.push({ login, why: "a bot" });
    else if (!review) ignored.push({ login, why: "only commented" });
    else if (review.state === "CHANGES_REQUESTED") ignored.push({ login, why: "requested changes" });
    else if (review.state === "DISMISSED") ignored.push({ login, why: "review dismissed" });
    else if (review.commit_id !== opts.headSha) {
      const at = review.commit_id ? ` ${review.commit_id.slice(0, 7)}` : "";
      ignored.push({ login, why: `approved an earlier commit${at} (stale after new pushes)` });
    } else approvers.push(login);
  }
  return { count: approvers.length, approvers, ignored };
}
function describeApprovals(a) {
  const who = a.approvers.length ? `approved by ${a.approvers.join(", ")}` : "no counted approvals";
  const not = a.ignored.map((i) => `${i.login} (${i.why})`).join(", ");
  return not ? `${who}; not counted: ${not}` : who;
}

// src/app/pr-facts.ts
async function prFacts(octokit, where, known) {
  const { owner, repo, number } = where;
  const pull = known ?? (await octokit.rest.pulls.get({ owner, repo, pull_number: number })).data;
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, {
    owner,
    repo,
    pull_number: number,
    per_page: 100
  });
  const author = pull.user?.login ?? "";
  return {
    number,
    author,
    headSha: pull.head.sha,
    approvals: countApprovals(reviews, { author, headSha: pull.head.sha })
  };
}
async function prForCommit(octokit, where) {
  const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
    owner: where.owner,
    repo: where.repo,
    commit_sha: where.sha,
    per_page: 100
  });
  return data.find((p) => p.merged_at && p.merge_commit_sha === where.sha) ?? data[0];
}
async function teamsOf(octokit, login, teams) {
  const out = [];
  for (const team of teams) {
    const [org, slug] = team.split("/");
    if (!org || !slug) continue;
    try {
      const r = await octokit.rest.teams.getMembershipForUserInOrg({ org, team_slug: slug, username: login });
      if (r.data.state === "active") out.push(team);
    } catch (err) {
      if (err.status !== 404) throw err;
    }
  }
  return out;
}
async function proposerTeams(octokit, repoDir, login) {
  const { catalog } = await loadRepo(repoDir, []);
  const named = teamsNamed(catalog.policies.flatMap((f) => f.data.policies));
  return named.length ? teamsOf(octokit, login, named) : [];
}

// src/action/sticky-comment.ts
async function upsertStickyComment(octokit, where, marker, body) {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...where, per_page: 100 });
  const mine = comments.find((c) => c.body?.includes(marker));
  if (mine) {
    if (mine.body === body) return { action: "unchanged", id: mine.id };
    await octokit.rest.issues.updateComment({
      owner: where.owner,
      repo: where.repo,
      comment_id: mine.id,
      body
    });
    return { action: "updated", id: mine.id };
  }
  const created = await octokit.rest.issues.createComment({ ...where, body });
  return { action: "created", id: created.data.id };
}

export {
  describeApprovals,
  prFacts,
  prForCommit,
  proposerTeams,
  upsertStickyComment
};
