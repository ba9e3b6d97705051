import { durationSeconds } from '../schemas/common.js';

// Its own file so metrics, notify and the report read durations without importing one another
// (metrics/facts.ts took it from report/model.ts, which imports metrics: a cycle at run time).

/** Seconds in a record's "12.5s"-style duration; null when it is missing or not a duration. */
export function seconds(d: string | undefined): number | null {
  if (!d) return null;
  try {
    return durationSeconds(d);
  } catch {
    return null;
  }
}
