import type { IncidentIssueFact, ScoreRow } from '../../domain/metrics/scorecard.js';
import { incidentCoverage, recordsOf } from '../incidents/incident-coverage.js';
import type { ApiCallCounter } from '../shared/github-calls.js';
import { statusOf } from '../shared/github-calls.js';
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

export async function incidentFacts(
  repoDir: string,
  read: FactsRead,
  gh: ScorecardGitHub,
): Promise<IncidentIssueFact[] | { unavailable: string }> {
  try {
    const { issues } = await incidentCoverage(gh.github, recordsOf(repoDir, read.facts), {
      owner: gh.owner,
      repo: gh.repo,
      offer: gh.offer ?? false,
      ...(gh.log ? { log: gh.log } : {}),
      ...(gh.calls ? { calls: gh.calls } : {}),
    });
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
