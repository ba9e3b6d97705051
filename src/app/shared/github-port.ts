import type { CollaboratorPermission, ReviewLike } from '../../domain/policy/approvals.js';

// What the use-cases ask of GitHub, grouped as GitHub groups it (pulls, issues, comments, reviews,
// permissions, workflows, labels, branches and contents), in the spirit of Renovate's `Platform`.
// One adapter implements it (adapters/github/); the use-cases never see the client behind it.
//
// Contract of every method:
// - A failure GitHub answered carries its HTTP `status` (read it with `statusOf`); a network
//   failure reads as a 5xx. Callers decide what a 404 or a 422 means for them.
// - Reads and updates are re-sent by the adapter on a 5xx. A create is re-sent too unless
//   `{ once: true }` is passed: then the caller looks for what it made (by its marker) before
//   sending again (`writeOnce`), so a lost answer never makes two.
// - A listing is an async iterable of pages (up to 100 items each, fetched as they are read): one
//   page is one API call, so a caller can count them and stop early. `issues.listPage` asks for one
//   page conditionally (its last ETag): an unchanged page is a 304, which costs no rate limit.

export interface Repo {
  owner: string;
  repo: string;
}

/** A create or an update that must not be re-sent blindly: the caller looks it up first. */
export interface Once {
  once?: boolean;
}

export type Pages<T> = AsyncIterable<T[]>;

export interface GitHubUser {
  login: string;
  type?: string;
}

export interface PullRequest {
  number: number;
  node_id: string;
  html_url: string;
  state: string;
  title: string;
  body: string | null;
  /** When the PR was opened. */
  created_at: string;
  closed_at: string | null;
  merged_at: string | null;
  merge_commit_sha: string | null;
  user: GitHubUser | null;
  head: { sha: string; ref: string; repo: { full_name: string } | null };
}

export interface Issue {
  number: number;
  node_id: string;
  html_url: string;
  state: string;
  title: string;
  body?: string | null;
  /** How many comments it has. */
  comments: number;
  labels: (string | { name?: string | null })[];
  /** Present when the "issue" is a pull request (GitHub lists both). */
  pull_request?: unknown;
  user: GitHubUser | null;
  created_at: string;
}

export interface IssueComment {
  id: number;
  body?: string;
  user: GitHubUser | null;
  author_association?: string | null;
  created_at: string;
}

export interface Commit {
  sha: string;
  message: string;
  /** The GitHub account, when the commit's author is one; else the name in the commit. */
  author: string | undefined;
}

export interface PullQuery {
  state: 'open' | 'closed' | 'all';
  /** `owner:branch`. */
  head?: string;
  base?: string;
  sort?: 'created' | 'updated';
  direction?: 'asc' | 'desc';
  /** Items per page (default 100). */
  perPage?: number;
}

export interface IssueQuery {
  /** Comma-separated label names. */
  labels: string;
  state: 'open' | 'closed' | 'all';
  sort?: 'created' | 'updated';
  direction?: 'asc' | 'desc';
}

/**
 * One page of a listing asked for conditionally: with the ETag of the page as last answered, an
 * unchanged page is answered 304 (no body, no rate limit spent) and reads `{ notModified: true }`.
 */
export type ConditionalPage<T> = { notModified: true } | { items: T[]; etag: string; next: boolean };

export interface GitHubPort {
  /**
   * Resolves once the requests asked so far are on their way to GitHub (or ended; it waits 50 ms at
   * most). Awaited before a long stretch of work on the event loop, so their round trips overlap it.
   */
  handedOff(): Promise<void>;
  pulls: {
    get(repo: Repo, number: number): Promise<PullRequest>;
    list(repo: Repo, query: PullQuery): Pages<PullRequest>;
    create(repo: Repo, pr: { head: string; base: string; title: string; body: string }): Promise<PullRequest>;
    update(repo: Repo, number: number, change: { title?: string; body?: string }): Promise<void>;
    /** The pull requests GitHub associates with a commit (one page of 100). */
    forCommit(repo: Repo, sha: string): Promise<PullRequest[]>;
    /** Whether auto-merge is on (GraphQL: REST has no auto-merge); `nodeId` is the PR's node_id. */
    autoMergeOn(nodeId: string): Promise<boolean>;
    /**
     * Squash auto-merge on or off. Sent once, never re-sent blindly: an answer lost after GitHub
     * switched it is for the caller to check (`autoMergeOn`), not a second switch.
     */
    setAutoMerge(nodeId: string, on: boolean): Promise<void>;
  };
  reviews: {
    list(repo: Repo, number: number): Pages<ReviewLike>;
  };
  issues: {
    get(repo: Repo, number: number): Promise<Issue>;
    list(repo: Repo, query: IssueQuery): Pages<Issue>;
    /**
     * Page `page` (from 1, 100 items) of that listing, sent with `If-None-Match: etag` when an ETag
     * is given; `next`: whether GitHub links a next page. A 304 is no failure here.
     */
    listPage(repo: Repo, query: IssueQuery, page: number, etag?: string): Promise<ConditionalPage<Issue>>;
    create(repo: Repo, issue: { title: string; body: string; labels?: string[] }, o?: Once): Promise<Issue>;
    update(
      repo: Repo,
      number: number,
      change: { body?: string; state?: 'open' | 'closed'; state_reason?: 'reopened' },
      o?: Once,
    ): Promise<Issue>;
    addLabels(repo: Repo, number: number, labels: string[]): Promise<void>;
    /** 404 when the issue does not carry it. */
    removeLabel(repo: Repo, number: number, name: string): Promise<void>;
    /** Pins the issue (GraphQL only); true when GitHub says it is pinned. `nodeId`: the issue's node_id. */
    pin(nodeId: string): Promise<boolean>;
  };
  comments: {
    list(repo: Repo, issue: number): Pages<IssueComment>;
    create(repo: Repo, issue: number, body: string, o?: Once): Promise<IssueComment>;
    update(repo: Repo, id: number, body: string): Promise<void>;
  };
  labels: {
    list(repo: Repo): Pages<{ name: string }>;
    /** 422 when it exists already. */
    create(repo: Repo, label: { name: string; color: string; description: string }): Promise<void>;
  };
  permissions: {
    /** `login`'s permission on the repository; 404 when not a collaborator (or no such user). */
    collaborator(repo: Repo, login: string): Promise<CollaboratorPermission>;
    /** `login`'s membership state in `org/team` ('active', 'pending'); 404 when not a member. */
    teamMembership(org: string, team: string, login: string): Promise<string>;
  };
  workflows: {
    dispatch(repo: Repo, workflow: string, ref: string, inputs?: Record<string, string>): Promise<void>;
    run(repo: Repo, id: number): Promise<{ status: string | null; attempt: number }>;
  };
  branches: {
    defaultBranch(repo: Repo): Promise<string>;
    /** The commit the branch points at; 404 when there is no such branch. */
    head(repo: Repo, branch: string): Promise<string>;
    /** 422 when it exists already. */
    create(repo: Repo, branch: string, sha: string): Promise<void>;
    /** Points the branch at `sha`, history or not. */
    reset(repo: Repo, branch: string, sha: string): Promise<void>;
    /** The commits on `head` since it left `base` (one page of 100). */
    commitsSince(repo: Repo, base: string, head: string): Promise<Commit[]>;
  };
  contents: {
    /** The file on `ref`; undefined when it is a folder; 404 when missing. */
    get(repo: Repo, path: string, ref: string): Promise<{ text: string; sha: string } | undefined>;
    /** Commits `text` as `path` on `branch`; `sha`: the blob it replaces, when there is one. */
    put(
      repo: Repo,
      file: { path: string; branch: string; message: string; text: string; sha?: string },
    ): Promise<void>;
  };
}

/** Every item of every page. */
export async function allOf<T>(pages: Pages<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}

/** The first page alone (one call): for a listing whose first page is all that is wanted. */
export async function firstPage<T>(pages: Pages<T>): Promise<T[]> {
  for await (const page of pages) return page;
  return [];
}
