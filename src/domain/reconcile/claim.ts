import { z } from 'zod';

// A claim says "this run is executing this request": committed and pushed before the first step, so
// a run that dies (runner lost, SIGKILL, OOM of the job) leaves proof that side effects may have
// happened. A claim without a final record is never run again by itself: it becomes `interrupted`.

export const CLAIMS_DIR = 'executions/claims';

/** Where a request's claim goes: pushed before its first step, named by its execution id. */
export function claimPath(id: string): string {
  return `${CLAIMS_DIR}/${id}.yaml`;
}

/** Where a bake asks the execute job to roll an execution back (app/rollback/rollback-request.ts). */
export const ROLLBACK_REQUESTS_DIR = 'executions/rollback-requests';

export function rollbackRequestPath(of: string): string {
  return `${ROLLBACK_REQUESTS_DIR}/${of}.yaml`;
}

/** Where a rollback's claim goes: pushed before the first step, so two jobs never both run it. */
export function rollbackClaimPath(of: string): string {
  return `${CLAIMS_DIR}/rollback-${of}.yaml`;
}

export const ClaimSchema = z.object({
  id: z.string(),
  request: z.string(),
  commit: z.string(),
  target: z.string().optional(),
  claimed_at: z.string(),
  /** The GitHub Actions run, when the claim was made by one. */
  run: z.object({ id: z.string(), attempt: z.number().int(), url: z.string().optional() }).optional(),
  host: z.string(),
  pid: z.number().int(),
  /** After this time the claim is dead whatever else is known: no run lasts longer. */
  lease_until: z.string(),
  retry_of: z.string().optional(),
});
export type Claim = z.infer<typeof ClaimSchema>;

export interface RunIdentity {
  run?: { id: string; attempt: number; url?: string };
  host: string;
  pid: number;
}

/** Who holds a claim, as a job's log names it: the GitHub run and attempt, else the process. */
export function claimant(claim: Pick<Claim, 'run' | 'pid' | 'host'>): string {
  if (!claim.run) return `process ${claim.pid} on ${claim.host}`;
  return `run ${claim.run.id} attempt ${claim.run.attempt}${claim.run.url ? ` (${claim.run.url})` : ''}`;
}

export type ClaimLiveness = 'live' | 'dead' | 'ask-github';

/**
 * GitHub's word on the run behind a claim ('ask-github'): the claiming attempt is still going while
 * the run is not completed and no newer attempt of it has started (a re-run reuses the run id).
 */
export function runHoldsClaim(
  run: { status: string | null; attempt: number },
  claimed: { attempt: number },
): boolean {
  return run.status !== 'completed' && run.attempt <= claimed.attempt;
}

/**
 * Whether the claimant may still be running, from what the claim says alone. A claim of an earlier
 * attempt of this very run is dead (GitHub re-runs reuse the run id); a claim of another GitHub run
 * needs the API; a local claim is live while its process is.
 */
export function claimLiveness(
  claim: Claim,
  me: RunIdentity,
  now: Date,
  pidAlive: (pid: number) => boolean,
): ClaimLiveness {
  if (Date.parse(claim.lease_until) <= now.getTime()) return 'dead';
  if (claim.run) {
    if (me.run && claim.run.id === me.run.id) return claim.run.attempt < me.run.attempt ? 'dead' : 'live';
    return 'ask-github';
  }
  if (claim.host === me.host) return claim.pid !== me.pid && pidAlive(claim.pid) ? 'live' : 'dead';
  return 'live';
}
