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
import { commentJson, issueJson, labelJson } from './shapes.js';

/** Issues, issue comments and labels, keyed by operationId. Issue listings include pull requests, as on GitHub. */

type LabelInput = string | { name: string };

function labelNames(input: LabelInput[] | undefined): string[] {
  return (input ?? []).map((l) => (typeof l === 'string' ? l : l.name));
}

function issueOf(ctx: HandlerContext): IssueRecord | undefined {
  return ctx.state.issues.get(Number(ctx.path.issue_number));
}

/** Applies labels to an issue, creating repository labels that do not exist (GitHub does, for pushers). */
function setLabels(ctx: HandlerContext, issue: IssueRecord, names: string[]): void {
  const seen = new Set<string>();
  issue.labels = [];
  for (const name of names) {
    const label = ctx.state.ensureLabel(name);
    if (seen.has(label.name.toLowerCase())) continue;
    seen.add(label.name.toLowerCase());
    issue.labels.push(label.name);
  }
}

function setState(ctx: HandlerContext, issue: IssueRecord, state: 'open' | 'closed', reason?: string | null) {
  if (state === issue.state) return;
  issue.state = state;
  if (state === 'closed') {
    issue.closedAt = ctx.state.now();
    issue.closedBy = ctx.state.actor;
    issue.stateReason = (reason ?? 'completed') as IssueRecord['stateReason'];
  } else {
    issue.closedAt = null;
    issue.stateReason = 'reopened';
  }
}

function labelsOfIssue(ctx: HandlerContext, issue: IssueRecord) {
  return issue.labels.flatMap((name) => {
    const label = ctx.state.label(name);
    return label ? [labelJson(ctx.api, ctx.state, label)] : [];
  });
}

export const issueHandlers: Record<string, Handler> = {
  'issues/create': (ctx) => {
    const { state: s } = ctx;
    const now = s.now();
    const issue: IssueRecord = {
      number: s.nextNumber(),
      id: s.nextId(),
      title: String(ctx.body.title),
      body: ctx.body.body ?? null,
      state: 'open',
      stateReason: null,
      labels: [],
      user: s.actor,
      locked: false,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      closedBy: null,
    };
    setLabels(ctx, issue, labelNames(ctx.body.labels));
    s.issues.set(issue.number, issue);
    return created(ctx, issueJson(ctx.api, s, issue));
  },

  'issues/get': (ctx) => {
    const issue = issueOf(ctx);
    return issue ? { status: 200, body: issueJson(ctx.api, ctx.state, issue) } : notFound(ctx);
  },

  'issues/update': (ctx) => {
    const issue = issueOf(ctx);
    if (!issue) return notFound(ctx);
    const b = ctx.body ?? {};
    if (b.title !== undefined && b.title !== null) issue.title = String(b.title);
    if (b.body !== undefined) issue.body = b.body;
    if (b.labels !== undefined) setLabels(ctx, issue, labelNames(b.labels));
    if (b.state !== undefined) setState(ctx, issue, b.state, b.state_reason);
    else if (b.state_reason !== undefined && issue.state === 'closed') issue.stateReason = b.state_reason;
    issue.updatedAt = ctx.state.now();
    return { status: 200, body: issueJson(ctx.api, ctx.state, issue) };
  },

  'issues/list-for-repo': (ctx) => {
    const q = ctx.query as Record<string, string | undefined>;
    const wanted = (q.labels ?? '')
      .split(',')
      .map((l) => l.trim().toLowerCase())
      .filter(Boolean);
    const since = q.since ? Date.parse(q.since) : undefined;
    const key = q.sort === 'updated' ? 'updatedAt' : 'createdAt';
    const items = [...ctx.state.issues.values()]
      .filter((i) => q.state === 'all' || i.state === q.state)
      .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)))
      .filter((i) => !q.creator || i.user.login === q.creator)
      .filter((i) => since === undefined || Date.parse(i.updatedAt) >= since)
      .sort((a, b) => (a[key] === b[key] ? a.number - b.number : a[key] < b[key] ? -1 : 1));
    if (q.direction !== 'asc') items.reverse();
    return paginate(
      ctx,
      items.map((i) => issueJson(ctx.api, ctx.state, i)),
    );
  },

  'issues/create-comment': (ctx) => {
    if (!issueOf(ctx)) return notFound(ctx);
    const comment = ctx.state.addComment(Number(ctx.path.issue_number), ctx.body.body);
    return created(ctx, commentJson(ctx.api, ctx.state, comment));
  },

  'issues/get-comment': (ctx) => {
    const comment = ctx.state.comments.get(Number(ctx.path.comment_id));
    return comment ? { status: 200, body: commentJson(ctx.api, ctx.state, comment) } : notFound(ctx);
  },

  'issues/update-comment': (ctx) => {
    const comment = ctx.state.comments.get(Number(ctx.path.comment_id));
    if (!comment) return notFound(ctx);
    comment.body = ctx.body.body;
    comment.updatedAt = ctx.state.now();
    return { status: 200, body: commentJson(ctx.api, ctx.state, comment) };
  },

  'issues/list-comments': (ctx) => {
    if (!issueOf(ctx)) return notFound(ctx);
    const since = typeof ctx.query.since === 'string' ? Date.parse(ctx.query.since) : undefined;
    const comments = ctx.state
      .commentsOf(Number(ctx.path.issue_number))
      .filter((c) => since === undefined || Date.parse(c.updatedAt) >= since)
      .sort((a, b) => a.id - b.id);
    return paginate(
      ctx,
      comments.map((c) => commentJson(ctx.api, ctx.state, c)),
    );
  },

  'issues/get-label': (ctx) => {
    const label = ctx.state.label(String(ctx.path.name));
    return label ? { status: 200, body: labelJson(ctx.api, ctx.state, label) } : notFound(ctx);
  },

  'issues/create-label': (ctx) => {
    const name = String(ctx.body.name);
    if (ctx.state.label(name)) {
      return validationFailed(ctx, [{ resource: 'Label', code: 'already_exists', field: 'name' }]);
    }
    const color = String(ctx.body.color ?? 'ededed').replace(/^#/, '');
    if (!/^[0-9a-fA-F]{6}$/.test(color)) {
      return validationFailed(ctx, [{ resource: 'Label', code: 'invalid', field: 'color' }]);
    }
    const label = ctx.state.ensureLabel(name, color.toLowerCase(), ctx.body.description ?? null);
    return created(ctx, labelJson(ctx.api, ctx.state, label));
  },

  'issues/list-labels-for-repo': (ctx) =>
    paginate(
      ctx,
      [...ctx.state.labels.values()].map((l) => labelJson(ctx.api, ctx.state, l)),
    ),

  'issues/list-labels-on-issue': (ctx) => {
    const issue = issueOf(ctx);
    return issue ? paginate(ctx, labelsOfIssue(ctx, issue)) : notFound(ctx);
  },

  'issues/add-labels': (ctx) => {
    const issue = issueOf(ctx);
    if (!issue) return notFound(ctx);
    const b = ctx.body;
    const given: LabelInput[] = typeof b === 'string' ? [b] : Array.isArray(b) ? b : (b?.labels ?? []);
    setLabels(ctx, issue, [...issue.labels, ...labelNames(given)]);
    issue.updatedAt = ctx.state.now();
    return { status: 200, body: labelsOfIssue(ctx, issue) };
  },

  'issues/set-labels': (ctx) => {
    const issue = issueOf(ctx);
    if (!issue) return notFound(ctx);
    const b = ctx.body;
    const given: LabelInput[] = typeof b === 'string' ? [b] : Array.isArray(b) ? b : (b?.labels ?? []);
    setLabels(ctx, issue, labelNames(given));
    issue.updatedAt = ctx.state.now();
    return { status: 200, body: labelsOfIssue(ctx, issue) };
  },

  'issues/remove-label': (ctx) => {
    const issue = issueOf(ctx);
    if (!issue) return notFound(ctx);
    const name = String(ctx.path.name).toLowerCase();
    if (!issue.labels.some((l) => l.toLowerCase() === name)) return message(ctx, 404, 'Label does not exist');
    issue.labels = issue.labels.filter((l) => l.toLowerCase() !== name);
    issue.updatedAt = ctx.state.now();
    return { status: 200, body: labelsOfIssue(ctx, issue) };
  },
};
