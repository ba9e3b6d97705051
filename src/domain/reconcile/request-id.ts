import { createHash } from 'node:crypto';
import { executionId } from '../records/record.js';

// A merged request's execution id comes from the request file and the commit that added it (and the
// time of that commit), so every run that reconciles it (a push, the schedule, a re-run, a
// re-delivered event) finds the same record. Intent and target only make the id readable: the
// lookup key is the time stamp and the hash, which an edit of the file after merge cannot change.

export interface MergedRef {
  path: string;
  commit: string;
  mergedAt: Date;
}

function unique(ref: MergedRef, retry?: string): string {
  return `${ref.path}\u0000${ref.commit}${retry ? `\u0000retry:${retry}` : ''}`;
}

export function requestExecutionId(
  ref: MergedRef,
  named: { intent: string; target?: string },
  retry?: string,
): string {
  return executionId({
    at: ref.mergedAt,
    intent: named.intent,
    ...(named.target ? { target: named.target } : {}),
    unique: unique(ref, retry),
  });
}

/** `exec-20261202-101500-…-abc123` → `20261202-101500/abc123`; null for an id of another shape. */
export function keyOfId(id: string): string | null {
  const m = /^exec-(\d{8}-\d{6})-(?:.*-)?([0-9a-f]{6})$/.exec(id);
  return m ? `${m[1]}/${m[2]}` : null;
}

/** The lookup key of a merged request (or of one retry of it), without reading the file. */
export function keyOfRequest(ref: MergedRef, retry?: string): string {
  const iso = ref.mergedAt.toISOString();
  const stamp = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
  return `${stamp}/${createHash('sha256').update(unique(ref, retry)).digest('hex').slice(0, 6)}`;
}
