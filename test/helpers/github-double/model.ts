import { createHash } from 'node:crypto';

/**
 * The in-memory repository behind the double: issues and pull requests (one number sequence, as on
 * GitHub), comments, labels, reviews, and a tiny commit graph (each commit holds the whole file
 * tree) for refs and contents. Tests seed and inspect it through `double.state`.
 */

export interface UserRecord {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export type IssueState = 'open' | 'closed';
export type StateReason = 'completed' | 'reopened' | 'not_planned' | 'duplicate' | null;

export interface PullFields {
  head: string;
  base: string;
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: UserRecord | null;
  mergeCommitSha: string | null;
  maintainerCanModify: boolean;
  /** Set by the GraphQL `enablePullRequestAutoMerge`; absent or null when off. */
  autoMerge?: AutoMergeRecord | null;
}

export interface AutoMergeRecord {
  mergeMethod: 'MERGE' | 'SQUASH' | 'REBASE';
  enabledBy: UserRecord;
  enabledAt: string;
}

export interface IssueRecord {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: IssueState;
  stateReason: StateReason;
  /** Label names as given; compared case-insensitively. */
  labels: string[];
  user: UserRecord;
  locked: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: UserRecord | null;
  /** Present when this number is a pull request. */
  pull?: PullFields;
  /** Pinned to the repository's issue list (GraphQL pinIssue). */
  pinned?: boolean;
}

/** A workflow file of the repository, as far as `workflow_dispatch` cares: the inputs it declares. */
/** A workflow run the double answers `GET …/actions/runs/{id}` for (the claim liveness check). */
export interface WorkflowRunRecord {
  id: number;
  attempt: number;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'cancelled' | null;
}

export interface WorkflowRecord {
  /** File name under .github/workflows, the `workflow_id` a dispatch may name. */
  file: string;
  id: number;
  /** Declared `workflow_dispatch` inputs: name → required. Absent: the workflow has no such trigger. */
  dispatchInputs?: Record<string, boolean>;
}

/** A `workflow_dispatch` the double accepted: what a test asserts on. */
export interface DispatchRecord {
  workflow: string;
  ref: string;
  inputs: Record<string, string>;
  at: string;
}

export interface CommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  user: UserRecord;
  createdAt: string;
  updatedAt: string;
}

/** A repository role; `permission` in GitHub's answer is its legacy base (maintain → write, triage → read). */
export type RepoRole = 'admin' | 'maintain' | 'write' | 'triage' | 'read';

export interface CollaboratorRecord {
  user: UserRecord;
  role: RepoRole;
}

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

export interface ReviewRecord {
  id: number;
  pullNumber: number;
  user: UserRecord;
  body: string;
  state: ReviewState;
  commitId: string;
  submittedAt: string;
}

export interface CommitRecord {
  sha: string;
  parents: string[];
  message: string;
  date: string;
  /** The whole tree: path → file bytes. */
  files: Map<string, Buffer>;
  /** Who wrote it; the token's user (the actor) when absent. */
  author?: { name: string; email: string };
}

/** Git's blob id for these bytes, as `sha` in the contents API. */
export function blobSha(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** GitHub's timestamp format: ISO 8601 in UTC without milliseconds. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface GitHubStateOptions {
  owner: string;
  repo: string;
  defaultBranch: string;
  /** The user the token belongs to; issues and comments the double creates are theirs. */
  actor: UserRecord;
  clock: () => Date;
}

export class GitHubState {
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch: string;
  readonly actor: UserRecord;
  readonly repoId = 1_296_269;
  readonly createdAt: string;
  readonly issues = new Map<number, IssueRecord>();
  readonly comments = new Map<number, CommentRecord>();
  /** Keyed by lower-cased name: GitHub label names are case-insensitive. */
  readonly labels = new Map<string, LabelRecord>();
  readonly reviews: ReviewRecord[] = [];
  /**
   * Collaborators by lower-cased login (logins are case-insensitive), with their role. Anyone not
   * listed is answered 404 by the permission endpoint, as GitHub answers for a private repository.
   */
  readonly collaborators = new Map<string, CollaboratorRecord>();
  /** `org/team-slug` → member logins (lower case). */
  readonly teamMembers = new Map<string, Set<string>>();
  readonly commits = new Map<string, CommitRecord>();
  /** `heads/main` → commit sha. */
  readonly refs = new Map<string, string>();
  /** Workflows by file name (see `addWorkflow`), and the dispatches they were sent. */
  readonly workflows = new Map<string, WorkflowRecord>();
  readonly dispatches: DispatchRecord[] = [];
  /** Runs tests registered; any other run id is answered 501, as before runs were modelled. */
  readonly workflowRuns = new Map<number, WorkflowRunRecord>();
  private lastId = 4_000_000;
  private lastNumber = 0;
  private readonly clock: () => Date;

  constructor(opts: GitHubStateOptions) {
    this.owner = opts.owner;
    this.repo = opts.repo;
    this.defaultBranch = opts.defaultBranch;
    this.actor = opts.actor;
    this.clock = opts.clock;
    this.createdAt = this.now();
    const root = this.commit(null, new Map(), 'Initial commit');
    this.refs.set(`heads/${opts.defaultBranch}`, root.sha);
  }

  /** Registers a workflow file; `dispatchInputs` as its `on.workflow_dispatch.inputs` declare them. */
  addWorkflow(file: string, dispatchInputs?: Record<string, boolean>): WorkflowRecord {
    const w: WorkflowRecord = { file, id: this.nextId(), ...(dispatchInputs ? { dispatchInputs } : {}) };
    this.workflows.set(file, w);
    return w;
  }

  now(): string {
    return isoSeconds(this.clock());
  }

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** A request's PR as GitHub holds it once merged by `dev`: its merge commit is `sha` on main. */
  mergedPull(sha: string, branch: string): number {
    const number = this.nextNumber();
    const now = this.now();
    const dev = { login: 'dev', id: 303, type: 'User' as const };
    this.issues.set(number, {
      ...{ number, id: this.nextId(), title: branch, body: null, state: 'closed', stateReason: null },
      ...{ labels: [], user: dev, locked: false, createdAt: now, updatedAt: now, closedAt: now },
      closedBy: null,
      pull: {
        ...{ head: branch, base: 'main', draft: false, merged: true, mergedAt: now },
        ...{ mergedBy: dev, mergeCommitSha: sha, maintainerCanModify: true },
      },
    });
    return number;
  }

  nextNumber(): number {
    this.lastNumber += 1;
    return this.lastNumber;
  }

  label(name: string): LabelRecord | undefined {
    return this.labels.get(name.toLowerCase());
  }

  /** Adds a label to the repository, or returns the existing one (GitHub creates missing labels named on an issue). */
  ensureLabel(name: string, color = 'ededed', description: string | null = null): LabelRecord {
    const found = this.label(name);
    if (found) return found;
    const created: LabelRecord = { id: this.nextId(), name, color, description, default: false };
    this.labels.set(name.toLowerCase(), created);
    return created;
  }

  /** Records a comment by `user` (default: the token's user), e.g. a human's `/file` command. */
  addComment(issueNumber: number, body: string, user: UserRecord = this.actor): CommentRecord {
    const issue = this.issues.get(issueNumber);
    if (!issue) throw new Error(`github-double: no issue #${issueNumber}`);
    const now = this.now();
    const comment: CommentRecord = {
      id: this.nextId(),
      issueNumber,
      body,
      user,
      createdAt: now,
      updatedAt: now,
    };
    this.comments.set(comment.id, comment);
    issue.updatedAt = now;
    return comment;
  }

  addReview(pullNumber: number, state: ReviewState, user: UserRecord, body = ''): ReviewRecord {
    const pull = this.issues.get(pullNumber)?.pull;
    if (!pull) throw new Error(`github-double: no pull request #${pullNumber}`);
    const commitId = this.branchSha(pull.head) ?? '0'.repeat(40);
    const review: ReviewRecord = {
      id: this.nextId(),
      pullNumber,
      user,
      body,
      state,
      commitId,
      submittedAt: this.now(),
    };
    this.reviews.push(review);
    return review;
  }

  /** Gives `user` a role on the repository (or changes it), e.g. `grant(alice, 'write')`. */
  grant(user: UserRecord, role: RepoRole): void {
    this.collaborators.set(user.login.toLowerCase(), { user, role });
  }

  commentsOf(issueNumber: number): CommentRecord[] {
    return [...this.comments.values()].filter((c) => c.issueNumber === issueNumber);
  }

  /** Creates a commit object (no ref moves). */
  commit(
    parent: string | null,
    files: Map<string, Buffer>,
    message: string,
    parents?: string[],
  ): CommitRecord {
    const date = this.now();
    const sha = createHash('sha1')
      .update(`${this.nextId()}\0${parent ?? ''}\0${message}\0${date}`)
      .digest('hex');
    const record: CommitRecord = { sha, parents: parents ?? (parent ? [parent] : []), message, date, files };
    this.commits.set(sha, record);
    return record;
  }

  /**
   * Makes a commit made outside the double (e.g. in a local repository pushed to a bare remote)
   * known to it, so commit-keyed endpoints find it; its tree is its first parent's, or empty.
   */
  adoptCommit(sha: string, message = '', parents: string[] = []): CommitRecord {
    const found = this.commits.get(sha);
    if (found) return found;
    const parent = parents[0] ? this.commits.get(parents[0]) : undefined;
    const record: CommitRecord = { sha, parents, message, date: this.now(), files: new Map(parent?.files) };
    this.commits.set(sha, record);
    return record;
  }

  branchSha(branch: string): string | undefined {
    return this.refs.get(`heads/${branch}`);
  }

  /** Commits files on a branch (created from the default branch when missing) and moves the branch. */
  writeFiles(
    branch: string,
    files: Record<string, string | Buffer>,
    message = 'Update files',
    author?: { name: string; email: string },
  ): CommitRecord {
    const parentSha = this.branchSha(branch) ?? this.branchSha(this.defaultBranch);
    const parent = parentSha ? this.commits.get(parentSha) : undefined;
    const tree = new Map(parent?.files);
    for (const [path, content] of Object.entries(files)) tree.set(path, Buffer.from(content));
    const next = this.commit(parentSha ?? null, tree, message);
    if (author) next.author = author;
    this.refs.set(`heads/${branch}`, next.sha);
    return next;
  }

  /** Whether `ancestor` is `sha` or reachable from it through parents. */
  isAncestor(ancestor: string, sha: string): boolean {
    const todo = [sha];
    const seen = new Set<string>();
    while (todo.length > 0) {
      const current = todo.pop() as string;
      if (current === ancestor) return true;
      if (seen.has(current)) continue;
      seen.add(current);
      todo.push(...(this.commits.get(current)?.parents ?? []));
    }
    return false;
  }

  /** The commit a `ref` query parameter names: a branch, `heads/x`, `refs/heads/x` or a sha. */
  resolve(ref: string | undefined): CommitRecord | undefined {
    const name = (ref ?? this.defaultBranch).replace(/^refs\//, '').replace(/^heads\//, '');
    const sha = this.branchSha(name) ?? this.refs.get(name) ?? name;
    return this.commits.get(sha);
  }
}
