import type { GitHubClient } from '../../adapters/github-client.js';
import { listingCachePath, readJsonCache, writeJsonCache } from '../../adapters/scorecard-cache.js';
import type { IncidentIssueFact, ScoreRow } from '../../domain/metrics/scorecard.js';
import type { ApiCallCounter } from '../github-calls.js';
import { statusOf } from '../github-calls.js';
import { incidentCoverage, type ListingPages, recordsOf } from '../incidents/incident-coverage.js';
import { type FactsRead, readScorecard, readScorecardFacts } from './scorecard.js';

// The scorecard with its incident row read from GitHub, for `intentops metrics`, the report and the
// weekly learn summary. GitHub failing (no `issues: read` for the token, an outage) never fails the
// caller: the row says what GitHub answered.

export interface ScorecardGitHub {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  log?: (m: string) => void;
  calls?: ApiCallCounter;
  /** Offer the bot's context to hand-opened incident issues (needs `issues: write`). Default false. */
  offer?: boolean;
}

export async function incidentFacts(
  repoDir: string,
  read: FactsRead,
  gh: ScorecardGitHub,
): Promise<IncidentIssueFact[] | { unavailable: string }> {
  // The last run's pages and ETags, kept in the clone's git directory (like the facts): the pages
  // nobody changed since are answered 304, which costs no rate limit.
  const cachePath = await listingCachePath(repoDir);
  const version = `1/${gh.owner}/${gh.repo}`.toLowerCase();
  const pages = (cachePath && (await readJsonCache<ListingPages>(cachePath, version))) || {};
  try {
    const { issues } = await incidentCoverage(gh.octokit, recordsOf(repoDir, read.facts), {
      owner: gh.owner,
      repo: gh.repo,
      offer: gh.offer ?? false,
      pages,
      ...(gh.log ? { log: gh.log } : {}),
      ...(gh.calls ? { calls: gh.calls } : {}),
    });
    if (cachePath) await writeJsonCache(cachePath, version, pages).catch(() => {});
    return issues;
  } catch (err) {
    const status = statusOf(err);
    const hint = status === 403 || status === 404 ? ' (the token needs `issues: read`)' : '';
    return {
      unavailable: `GitHub answered ${status ?? 'nothing'}${hint}: ${(err as Error).message.split('\n')[0]}`,
    };
  }
}

export async function scorecardRows(opts: {
  repoDir: string;
  since: Date;
  now: Date;
  github?: ScorecardGitHub | undefined;
}): Promise<ScoreRow[]> {
  const read = await readScorecardFacts(opts.repoDir);
  const issues = opts.github ? await incidentFacts(opts.repoDir, read, opts.github) : undefined;
  return readScorecard({
    repoDir: opts.repoDir,
    since: opts.since,
    now: opts.now,
    read,
    ...(issues ? { issues } : {}),
  });
}
