import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  statusOf
} from "./chunk-4LGOOGTA.js";
import {
  teamsNamed
} from "./chunk-CCPQRHZZ.js";
import {
  loadRepo
} from "./chunk-XHNTYNXM.js";

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
    } else {
      const access = opts.access?.(login);
      if (access && !access.write) ignored.push({ login, why: `no write access (${access.role})` });
      else approvers.push(login);
    }
  }
  return { count: approvers.length, approvers, ignored };
}
function canWrite(p) {
  return p.permission === "admin" || p.permission === "write" || ["admin", "maintain", "write"].includes(p.role_name ?? "");
}
function describeApprovals(a) {
  const who = a.approvers.length ? `approved by ${a.approvers.join(", ")}` : "no counted approvals";
  const not = a.ignored.map((i) => `${i.login} (${i.why})`).join(", ");
  return not ? `${who}; not counted: ${not}` : who;
}

// src/app/validate/write-access.ts
var cache = /* @__PURE__ */ new WeakMap();
function repoAccess(octokit, where, login) {
  let known = cache.get(octokit);
  if (!known) {
    known = /* @__PURE__ */ new Map();
    cache.set(octokit, known);
  }
  const key = [where.owner, where.repo, login].map((s) => s.toLowerCase()).join("\0");
  const hit = known.get(key);
  if (hit) return hit;
  const asked = octokit.rest.repos.getCollaboratorPermissionLevel({ owner: where.owner, repo: where.repo, username: login }).then(
    ({ data }) => ({ write: canWrite(data), role: data.role_name || data.permission }),
    (err) => {
      if (statusOf(err) === 404) return { write: false, role: "none" };
      known.delete(key);
      throw err;
    }
  );
  known.set(key, asked);
  return asked;
}
async function hasWriteAccess(octokit, where, login) {
  return (await repoAccess(octokit, where, login)).write;
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
  const counting = { author, headSha: pull.head.sha };
  const access = /* @__PURE__ */ new Map();
  for (const login of countApprovals(reviews, counting).approvers) {
    access.set(login, await repoAccess(octokit, { owner, repo }, login));
  }
  return {
    number,
    author,
    headSha: pull.head.sha,
    approvals: countApprovals(reviews, {
      ...counting,
      access: (login) => access.get(login) ?? { write: false, role: "unknown" }
    })
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

export {
  describeApprovals,
  hasWriteAccess,
  prFacts,
  prForCommit,
  proposerTeams
};
