import type { Claim } from './claim.js';

// The reconcile decision for each merged request, oldest merge first: pure, so every branch of it is
// tested without git or GitHub. Desired state: the requests merged on the branch; actual state: their
// records. A request with a final record is done; everything else gets exactly one final record.

export interface Candidate {
  path: string;
  commit: string;
  mergedAt: Date;
  id: string;
  key: string;
  target?: string;
  /** The commit that deleted the file before it ran. */
  deletedBy?: string;
  /** The commit that changed the file after it was merged. */
  editedBy?: string;
  /** For a retry a writer granted: the interrupted (or drift-denied) execution it runs again. */
  retryOf?: string;
  /** For a retry: its grant file (what the writer approved, e.g. a fresh plan's live state). */
  grant?: string;
  /** When its age starts, if not at the merge (a retry: when it was granted). */
  ageFrom?: Date;
}

export type Decision =
  | { kind: 'done'; record: string }
  | { kind: 'run' }
  | { kind: 'wait'; reason: string; behind?: string }
  | {
      kind: 'finalize';
      status: 'interrupted' | 'expired' | 'cancelled' | 'denied';
      reason: string;
      claim?: Claim;
    };

export interface DecideInput {
  candidates: readonly Candidate[];
  /** key → record path, for every final record. */
  records: ReadonlyMap<string, string>;
  /** key → claim, for every claim. */
  claims: ReadonlyMap<string, Claim>;
  /** Whether the run behind a claim may still be going. */
  live: (claim: Claim) => boolean;
  now: Date;
  maxAgeMs: number;
  start?: Date;
}

export function ageText(ms: number): string {
  const h = ms / 3_600_000;
  return h >= 48
    ? `${Math.floor(h / 24)} d`
    : h >= 1
      ? `${Math.floor(h)} h`
      : `${Math.max(0, Math.floor(ms / 60_000))} min`;
}

/** One decision per candidate, in the candidates' order; requests before the start point are left out. */
export function decide(input: DecideInput): { candidate: Candidate; decision: Decision }[] {
  const out: { candidate: Candidate; decision: Decision }[] = [];
  // target → the execution that holds it (a live claim, or an earlier request still waiting).
  const held = new Map<string, string>();
  for (const c of input.candidates) {
    if (input.start && c.mergedAt < input.start) continue;
    const decision = decideOne(c, input, held);
    // Requests this pass runs go one after another, so only a wait (another run's live claim, or a
    // request queued behind one) holds its target for the requests after it.
    if (c.target && decision.kind === 'wait' && !held.has(c.target)) {
      held.set(c.target, c.id);
    }
    out.push({ candidate: c, decision });
  }
  return out;
}

function decideOne(c: Candidate, input: DecideInput, held: Map<string, string>): Decision {
  const record = input.records.get(c.key);
  if (record) return { kind: 'done', record };
  const claim = input.claims.get(c.key);
  if (claim) {
    if (input.live(claim)) {
      return {
        kind: 'wait',
        reason: `running in ${claim.run ? `run ${claim.run.id} (attempt ${claim.run.attempt})` : `process ${claim.pid} on ${claim.host}`} since ${claim.claimed_at}`,
        behind: claim.id,
      };
    }
    return {
      kind: 'finalize',
      status: 'interrupted',
      reason: `claimed by ${claim.run ? `run ${claim.run.id} attempt ${claim.run.attempt}` : `process ${claim.pid} on ${claim.host}`} at ${claim.claimed_at}, which ended without a record (runner lost, killed or out of memory); its steps may have run: not run again — a writer comments /retry on the request's pull request, or proposes a new request`,
      claim,
    };
  }
  if (c.deletedBy) {
    return {
      kind: 'finalize',
      status: 'cancelled',
      reason: `withdrawn: the request file was deleted by ${c.deletedBy.slice(0, 7)} before it ran`,
    };
  }
  const age = input.now.getTime() - (c.ageFrom ?? c.mergedAt).getTime();
  if (age > input.maxAgeMs) {
    return {
      kind: 'finalize',
      status: 'expired',
      reason: `merged ${ageText(age)} ago (${c.mergedAt.toISOString()}), over the ${ageText(input.maxAgeMs)} age limit, and never run: not run now — propose it again if it is still wanted`,
    };
  }
  if (c.editedBy) {
    return {
      kind: 'finalize',
      status: 'denied',
      reason: `the request file was changed by ${c.editedBy.slice(0, 7)} after it was merged; a merged request is never edited — propose a new request`,
    };
  }
  const holder = c.target ? held.get(c.target) : undefined;
  if (holder)
    return { kind: 'wait', reason: `waiting behind ${holder} on target ${c.target}`, behind: holder };
  return { kind: 'run' };
}

/**
 * The watermark after this pass: the commit before the oldest request that is not final yet, so the
 * next pass starts there; `head` when every request is final.
 */
export function nextWatermark(
  decided: readonly { candidate: Candidate; decision: Decision }[],
  settled: (c: Candidate) => boolean,
  head: string,
): { before: Candidate } | { head: string } {
  for (const d of decided) {
    // Only what is pushed counts: a request decided but not yet recorded holds the watermark back.
    // Retries are found from their grants on every pass: they never hold the watermark back.
    if (d.decision.kind === 'done' || d.candidate.retryOf || settled(d.candidate)) continue;
    return { before: d.candidate };
  }
  return { head };
}
