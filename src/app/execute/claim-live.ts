import { type Claim, claimLiveness, type RunIdentity, runHoldsClaim } from '../../domain/reconcile/claim.js';
import { statusOf } from '../shared/github-calls.js';
import type { GitHubPort, Repo } from '../shared/github-port.js';

// Whether another run's claim on a request still stands (reconcile skips the request) or its run is
// over (the request becomes `interrupted`). The claim and the lease say it when they can
// (domain/reconcile/claim.ts); a claim of another GitHub run needs GitHub's word on that run.

export interface ClaimCheck {
  /** Absent (no token): a claim that needs GitHub's word counts as live — nothing runs twice. */
  github: GitHubPort | undefined;
  repo: Repo;
  me: RunIdentity;
  pidAlive: (pid: number) => boolean;
  warn: (line: string) => void;
  now?: () => Date;
}

export function claimIsLive(c: ClaimCheck): (claim: Claim) => Promise<boolean> {
  return async (claim) => {
    const verdict = claimLiveness(claim, c.me, (c.now ?? (() => new Date()))(), c.pidAlive);
    if (verdict !== 'ask-github') return verdict === 'live';
    if (!c.github || !claim.run) return true;
    try {
      return runHoldsClaim(await c.github.workflows.run(c.repo, Number(claim.run.id)), claim.run);
    } catch (err) {
      if (statusOf(err) === 404) return false;
      c.warn(`could not ask GitHub about run ${claim.run.id}: ${(err as Error).message}; treated as running`);
      return true;
    }
  };
}
