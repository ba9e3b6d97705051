import type { IssueRecord } from './model.js';
import {
  created,
  type Handler,
  type HandlerContext,
  message,
  notFound,
  paginate,
  validationFailed,
} from './replies.js';
import { collaboratorPermissionJson, reviewJson } from './shapes.js';
import { changedPaths, mergeable, mergeBase, pullJson } from './shapes-git.js';

/**
 * Pull requests: create, get, update, list, reviews, merge, and the PRs associated with a commit.
 * Auto-merge is GraphQL and not here.
 */

function pullOf(ctx: HandlerContext): IssueRecord | undefined {
  const issue = ctx.state.issues.get(Number(ctx.path.pull_number));
  return issue?.pull ? issue : undefined;
}

/** `owner:branch` or `branch` → the branch, when it names this repository. */
function branchOf(ctx: HandlerContext, head: string): string | undefined {
  const [owner, branch] = head.includes(':') ? head.split(':', 2) : [ctx.state.owner, head];
  return owner?.toLowerCase() === ctx.state.owner.toLowerCase() ? branch : undefined;
}

function json(ctx: HandlerContext, issue: IssueRecord) {
  return pullJson(ctx.api, ctx.state, issue);
}

export const pullHandlers: Record<string, Handler> = {
  'pulls/create': (ctx) => {
    const s = ctx.state;
    const b = ctx.body;
    const head = branchOf(ctx, String(b.head));
    const base = String(b.base);
    const headSha = head === undefined ? undefined : s.branchSha(head);
    const baseSha = s.branchSha(base);
    if (headSha === undefined || head === undefined) {
      return validationFailed(ctx, [{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
    }
    if (baseSha === undefined) {
      return validationFailed(ctx, [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
    }
    const duplicate = [...s.issues.values()].find(
      (i) => i.state === 'open' && i.pull?.head === head && i.pull.base === base,
    );
    if (duplicate) {
      const text = `A pull request already exists for ${s.owner}:${head}.`;
      return validationFailed(ctx, [{ resource: 'PullRequest', code: 'custom', message: text }]);
    }
    const root = mergeBase(s, baseSha, headSha);
    if (changedPaths(root ? s.commits.get(root) : undefined, s.commits.get(headSha)).length === 0) {
      const text = `No commits between ${base} and ${head}`;
      return validationFailed(ctx, [{ resource: 'PullRequest', code: 'custom', message: text }]);
    }
    if (b.title === undefined) {
      return validationFailed(ctx, [{ resource: 'PullRequest', field: 'title', code: 'missing_field' }]);
    }
    const now = s.now();
    const issue: IssueRecord = {
      number: s.nextNumber(),
      id: s.nextId(),
      title: String(b.title),
      body: b.body ?? null,
      state: 'open',
      stateReason: null,
      labels: [],
      user: s.actor,
      locked: false,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      closedBy: null,
      pull: {
        head,
        base,
        draft: b.draft === true,
        merged: false,
        mergedAt: null,
        mergedBy: null,
        mergeCommitSha: null,
        maintainerCanModify: b.maintainer_can_modify !== false,
      },
    };
    s.issues.set(issue.number, issue);
    return created(ctx, json(ctx, issue));
  },

  'pulls/get': (ctx) => {
    const issue = pullOf(ctx);
    return issue ? { status: 200, body: json(ctx, issue) } : notFound(ctx);
  },

  'pulls/update': (ctx) => {
    const issue = pullOf(ctx);
    if (!issue?.pull) return notFound(ctx);
    const b = ctx.body ?? {};
    if (b.base !== undefined && ctx.state.branchSha(b.base) === undefined) {
      return validationFailed(ctx, [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
    }
    if (b.title !== undefined) issue.title = b.title;
    if (b.body !== undefined) issue.body = b.body;
    if (b.base !== undefined) issue.pull.base = b.base;
    if (b.maintainer_can_modify !== undefined) issue.pull.maintainerCanModify = b.maintainer_can_modify;
    if (b.state !== undefined && b.state !== issue.state && !issue.pull.merged) {
      issue.state = b.state;
      issue.closedAt = b.state === 'closed' ? ctx.state.now() : null;
    }
    issue.updatedAt = ctx.state.now();
    return { status: 200, body: json(ctx, issue) };
  },

  'pulls/list': (ctx) => {
    const q = ctx.query as Record<string, string | undefined>;
    const head = q.head === undefined ? undefined : (branchOf(ctx, q.head) ?? '\0none');
    const key = q.sort === 'updated' ? 'updatedAt' : 'createdAt';
    const items = [...ctx.state.issues.values()]
      .filter((i) => i.pull !== undefined)
      .filter((i) => q.state === 'all' || i.state === q.state)
      .filter((i) => head === undefined || i.pull?.head === head)
      .filter((i) => q.base === undefined || i.pull?.base === q.base)
      .sort((a, b) => (a[key] === b[key] ? a.number - b.number : a[key] < b[key] ? -1 : 1));
    if (q.direction !== 'asc' && (q.sort === undefined || q.sort === 'created' || q.sort === 'updated')) {
      items.reverse();
    }
    return paginate(
      ctx,
      items.map((i) => json(ctx, i)),
    );
  },

  // GitHub lists the PRs whose head contains the commit (not yet on their base) and the PR a merge
  // commit came from. The double orders them by number, so callers must pick, as they must on GitHub.
  'repos/list-pull-requests-associated-with-commit': (ctx) => {
    const s = ctx.state;
    const sha = String(ctx.path.commit_sha);
    if (!s.commits.has(sha)) return message(ctx, 404, `No commit found for SHA: ${sha}`);
    const items = [...s.issues.values()]
      .filter((i) => {
        const p = i.pull;
        if (!p) return false;
        if (p.mergeCommitSha === sha) return true;
        const head = s.branchSha(p.head);
        const base = s.branchSha(p.base);
        return head !== undefined && s.isAncestor(sha, head) && !(base && s.isAncestor(sha, base));
      })
      .sort((a, b) => a.number - b.number);
    return paginate(
      ctx,
      items.map((i) => json(ctx, i)),
    );
  },

  // Team membership, for policies whose proposers name a team (`@org/team`).
  'teams/get-membership-for-user-in-org': (ctx) => {
    const team = `${String(ctx.path.org)}/${String(ctx.path.team_slug)}`.toLowerCase();
    const login = String(ctx.path.username).toLowerCase();
    // GitHub answers a non-member with a bare 404 (the description gives this one no body).
    if (!ctx.state.teamMembers.get(team)?.has(login)) return { status: 404 };
    return {
      status: 200,
      body: {
        url: `${ctx.api}/orgs/${ctx.path.org}/teams/${ctx.path.team_slug}/memberships/${ctx.path.username}`,
        role: 'member',
        state: 'active',
      },
    };
  },

  // Whose approvals count: GitHub's branch protection counts reviewers with write access.
  'repos/get-collaborator-permission-level': (ctx) => {
    const found = ctx.state.collaborators.get(String(ctx.path.username).toLowerCase());
    if (!found) return notFound(ctx);
    return { status: 200, body: collaboratorPermissionJson(ctx.api, found) };
  },

  'pulls/list-reviews': (ctx) => {
    const issue = pullOf(ctx);
    if (!issue) return notFound(ctx);
    const reviews = ctx.state.reviews.filter((r) => r.pullNumber === issue.number);
    return paginate(
      ctx,
      reviews.map((r) => reviewJson(ctx.api, ctx.state, r)),
    );
  },

  'pulls/merge': (ctx) => {
    const issue = pullOf(ctx);
    const s = ctx.state;
    if (!issue?.pull) return notFound(ctx);
    const p = issue.pull;
    const baseSha = s.branchSha(p.base);
    const headSha = s.branchSha(p.head);
    if (issue.state !== 'open' || p.merged || !baseSha || !headSha || !mergeable(s, baseSha, headSha)) {
      return message(ctx, 405, 'Pull Request is not mergeable');
    }
    if (ctx.body?.sha !== undefined && ctx.body.sha !== headSha) {
      return message(ctx, 409, 'Head branch was modified. Review and try the merge again.');
    }
    // Head's changes since the merge base, laid over the base: what any of the three methods leaves in the tree.
    const root = mergeBase(s, baseSha, headSha);
    const headCommit = s.commits.get(headSha);
    const tree = new Map(s.commits.get(baseSha)?.files);
    for (const path of changedPaths(root ? s.commits.get(root) : undefined, headCommit)) {
      const file = headCommit?.files.get(path);
      if (file) tree.set(path, file);
      else tree.delete(path);
    }
    const method = ctx.body?.merge_method ?? 'merge';
    const title = ctx.body?.commit_title ?? `Merge pull request #${issue.number} from ${s.owner}/${p.head}`;
    const parents = method === 'merge' ? [baseSha, headSha] : [baseSha];
    const commit = s.commit(baseSha, tree, title, parents);
    s.refs.set(`heads/${p.base}`, commit.sha);
    const now = s.now();
    Object.assign(p, { merged: true, mergedAt: now, mergedBy: s.actor, mergeCommitSha: commit.sha });
    Object.assign(issue, { state: 'closed', closedAt: now, updatedAt: now, closedBy: s.actor });
    return {
      status: 200,
      body: { sha: commit.sha, merged: true, message: 'Pull Request successfully merged' },
    };
  },
};
