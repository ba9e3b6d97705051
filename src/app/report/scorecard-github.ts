import { listingCachePath, readJsonCache, writeJsonCache } from '../../adapters/scorecard-cache.js';
import type { ListedIssue } from '../../domain/incidents/incident-context.js';
import type { IncidentIssueFact, ScoreRow } from '../../domain/metrics/scorecard.js';
import {
  incidentCoverage,
  type ListingPages,
  listIncidentIssues,
  recordsOf,
} from '../incidents/incident-coverage.js';
import { ApiCallCounter, statusOf } from '../shared/github-calls.js';
import type { GitHubPort } from '../shared/github-port.js';
import { type FactsRead, readScorecard, readScorecardFacts } from './scorecard.js';

// The scorecard with its incident row read from GitHub, for `intentops metrics`, the report and the
// weekly learn summary. GitHub failing (no `issues: read` for the token, an outage) never fails the
// caller: the row says what GitHub answered.

export interface ScorecardGitHub {
  github: GitHubPort;
  owner: string;
  repo: string;
  log?: (m: string) => void;
  calls?: ApiCallCounter;
  /** Offer the bot's context to hand-opened incident issues (needs `issues: write`). Default false. */
  offer?: boolean;
}

type Listing = { listed: ListedIssue[] } | { unavailable: string };

function unavailable(err: unknown): { unavailable: string } {
  const status = statusOf(err);
  const hint = status === 403 || status === 404 ? ' (the token needs `issues: read`)' : '';
  return {
    unavailable: `GitHub answered ${status ?? 'nothing'}${hint}: ${(err as Error).message.split('\n')[0]}`,
  };
}

/**
 * The incident issues listed, started before the records are read so that GitHub's answers and
 * the parsing overlap. Never rejects: GitHub failing is said. The last run's pages and ETags are
 * kept in the clone's git directory (like the facts): pages nobody changed since come back 304,
 * which costs no rate limit.
 */
export async function startListing(repoDir: string, gh: ScorecardGitHub): Promise<Listing> {
  const cachePath = await listingCachePath(repoDir);
  const version = `1/${gh.owner}/${gh.repo}`.toLowerCase();
  const pages = (cachePath && (await readJsonCache<ListingPages>(cachePath, version))) || {};
  try {
    const repo = { owner: gh.owner, repo: gh.repo };
    const listed = await listIncidentIssues(gh.github, repo, gh.calls ?? new ApiCallCounter(), pages);
    if (cachePath) await writeJsonCache(cachePath, version, pages).catch(() => {});
    return { listed };
  } catch (err) {
    return unavailable(err);
  }
}

export async function incidentFacts(
  repoDir: string,
  read: FactsRead,
  gh: ScorecardGitHub,
  listing: Promise<Listing> = startListing(repoDir, gh),
): Promise<IncidentIssueFact[] | { unavailable: string }> {
  const got = await listing;
  if ('unavailable' in got) return got;
  try {
    const { issues } = await incidentCoverage(gh.github, recordsOf(repoDir, read.facts), {
      owner: gh.owner,
      repo: gh.repo,
      offer: gh.offer ?? false,
      listed: got.listed,
      ...(gh.log ? { log: gh.log } : {}),
      ...(gh.calls ? { calls: gh.calls } : {}),
    });
    return issues;
  } catch (err) {
    return unavailable(err);
  }
}

export async function scorecardRows(opts: {
  repoDir: string;
  since: Date;
  now: Date;
  github?: ScorecardGitHub | undefined;
}): Promise<ScoreRow[]> {
  // GitHub's answers arrive while the records are parsed (readScorecardFacts yields to them).
  const listing = opts.github ? startListing(opts.repoDir, opts.github) : undefined;
  const read = await readScorecardFacts(opts.repoDir);
  const issues = opts.github ? await incidentFacts(opts.repoDir, read, opts.github, listing) : undefined;
  return readScorecard({
    repoDir: opts.repoDir,
    since: opts.since,
    now: opts.now,
    read,
    ...(issues ? { issues } : {}),
  });
}
