import { parseJsonLines } from './incident-filing.js';

// When incident issues were closed on GitHub: a line each in an append-only log, so time to restore
// ends when people said the incident was over, not when it was filed. A reopened and closed again
// issue gets a second line; each closing is recorded once, however often the event is delivered.

export const CLOSINGS_LOG = 'incidents/closings.jsonl';

export interface IncidentClosing {
  /** When GitHub closed the issue (the issue's closed_at). */
  at: string;
  issue: number;
  /** The incident's fingerprint from the issue's marker. */
  fingerprint: string;
  by: string;
}

export function closingLine(c: IncidentClosing): string {
  return `${JSON.stringify({ at: c.at, issue: c.issue, fingerprint: c.fingerprint, by: c.by })}\n`;
}

/** The closings in the log; lines of another shape (hand-edited, half-merged) are skipped. */
export function closingsIn(jsonl: string): IncidentClosing[] {
  return parseJsonLines<IncidentClosing>(
    jsonl,
    (c) =>
      typeof c.at === 'string' &&
      Number.isFinite(Date.parse(c.at)) &&
      typeof c.issue === 'number' &&
      typeof c.fingerprint === 'string',
  );
}

export function isRecorded(jsonl: string, c: Pick<IncidentClosing, 'issue' | 'at'>): boolean {
  return closingsIn(jsonl).some((x) => x.issue === c.issue && x.at === c.at);
}
