import {
  type Candidate,
  INCIDENT_LABELS,
  indexCandidates,
  issueFact,
  type ListedIssue,
  labelNames,
} from '../../domain/incidents/incident-context.js';
import type { IncidentIssueFact } from '../../domain/metrics/scorecard.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import { loadRecord } from '../records/read-records.js';
import { ApiCallCounter } from '../shared/github-calls.js';
import type { GitHubPort, Repo } from '../shared/github-port.js';
import { offerContext } from './offer-context.js';

// The incident issues the scorecard counts — every issue carrying an incident label, also those
// people open by hand — and, for a hand-opened one that names an execution or a target, the bot's
// context in one comment (then the context label, so the next listing shows it without reading
// comments). API economy: one paged listing per incident label; per hand-opened issue that names
// something, at most one comment listing (only when it has comments), one comment, one label call.

export interface CoverageOptions {
  owner: string;
  repo: string;
  calls?: ApiCallCounter;
  log?: (message: string) => void;
  /** Offer context to hand-opened issues (a write); false: only count. Default true. */
  offer?: boolean;
  /** A link to a record, for the comment. */
  recordUrl?: (r: ExecutionRecord) => string | undefined;
  writeAttempts?: number;
  retryBaseMs?: number;
  /** The last run's listing (see ListingPages); updated in place with this run's. */
  pages?: ListingPages;
  /** The incident issues, listed already (listIncidentIssues): not listed again. */
  listed?: ListedIssue[];
}

/** Every issue (not pull request) carrying an incident label, each once, oldest number first. */
/** The candidates and loader for a repository's records (facts read by the scorecard). */
export function recordsOf(repoDir: string, candidates: readonly Candidate[]) {
  return {
    candidates,
    load: async (id: string) => {
      const r = await loadRecord(repoDir, id).catch(() => undefined);
      return r && 'record' in r ? r.record : undefined;
    },
  };
}

/**
 * The listing's pages as last answered, by `label#page`, each with its ETag: sent back in
 * If-None-Match, an unchanged page is answered 304 — no body, and no rate limit spent.
 */
export type ListingPages = Record<string, { etag: string; next: boolean; issues: ListedIssue[] }>;

/** Only what the scorecard and the context offer read of an issue: the cache stays small. */
const slim = (i: ListedIssue & { pull_request?: unknown }): ListedIssue & { pull_request?: true } => ({
  number: i.number,
  html_url: i.html_url,
  title: i.title,
  body: i.body ?? null,
  labels: labelNames(i).map((name) => ({ name })),
  created_at: i.created_at,
  comments: i.comments,
  ...(i.pull_request ? { pull_request: true as const } : {}),
});

/**
 * Every issue (not pull request) carrying an incident label, each once, oldest number first. With
 * `pages` (the last run's answers), each page is asked for conditionally, and `pages` is left
 * holding this run's answers.
 */
export async function listIncidentIssues(
  github: GitHubPort,
  repo: Repo,
  calls: ApiCallCounter,
  pages?: ListingPages,
): Promise<ListedIssue[]> {
  const before = { ...pages };
  const now: ListingPages = {};
  // The labels' listings at once (pages of one label follow each other): a real API answers a page
  // in a few hundred milliseconds, and the labels need not wait for each other.
  const perLabel = await Promise.all(
    INCIDENT_LABELS.map(async (label) => {
      const got: ListedIssue[] = [];
      for (let page = 1; ; page++) {
        const key = `${label}#${page}`;
        const prior = before[key];
        let answer: ListingPages[string];
        const res = await github.issues.listPage(repo, { labels: label, state: 'all' }, page, prior?.etag);
        if ('notModified' in res && prior) {
          calls.add('issues/list-for-repo (304: not modified)');
          answer = prior;
        } else if ('items' in res) {
          calls.add('issues/list-for-repo');
          const issues = (res.items as (ListedIssue & { pull_request?: unknown })[]).map(slim);
          answer = { etag: res.etag, next: res.next, issues };
        } else throw new Error(`GitHub answered 304 to ${label} page ${page} asked for without an ETag`);
        if (answer.etag) now[key] = answer;
        got.push(...answer.issues);
        if (!answer.next) return got;
      }
    }),
  );
  const byNumber = new Map<number, ListedIssue>();
  for (const i of perLabel.flat() as (ListedIssue & { pull_request?: unknown })[])
    if (!i.pull_request && !byNumber.has(i.number)) byNumber.set(i.number, i);
  if (pages) {
    for (const k of Object.keys(pages)) delete pages[k];
    Object.assign(pages, now);
  }
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
}

/**
 * The incident issues as the scorecard counts them, after offering the bot's context to each
 * hand-opened one that names an execution or a target the records know (see offerContext).
 */
export async function incidentCoverage(
  github: GitHubPort,
  /** The records an issue may name (their facts), and how to load one whole. */
  records: { candidates: readonly Candidate[]; load: (id: string) => Promise<ExecutionRecord | undefined> },
  o: CoverageOptions,
): Promise<{ issues: IncidentIssueFact[]; offered: number[]; calls: ApiCallCounter }> {
  const repo = { owner: o.owner, repo: o.repo };
  const calls = o.calls ?? new ApiCallCounter();
  const log = o.log ?? (() => {});
  const listed = o.listed ?? (await listIncidentIssues(github, repo, calls, o.pages));
  const facts = listed.map(issueFact);
  const offered: number[] = [];
  if (o.offer === false) return { issues: facts, offered, calls };
  const index = indexCandidates(records.candidates);
  for (const [n, issue] of listed.entries()) {
    const fact = facts[n] as IncidentIssueFact;
    if (fact.bot || fact.context) continue;
    const r = await offerContext(github, { index, load: records.load }, issue, {
      ...repo,
      calls,
      log,
      recordUrl: o.recordUrl,
      writeAttempts: o.writeAttempts,
      retryBaseMs: o.retryBaseMs,
    });
    if (r.status === 'nothing-named') continue;
    fact.context = true;
    offered.push(issue.number);
  }
  return { issues: facts, offered, calls };
}
