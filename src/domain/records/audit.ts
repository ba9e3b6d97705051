// `audit verify`, the pure part: given every chain member (live records with their recomputed
// digest, rollup entries with the digest they were verified with when pruned), name what is wrong.
//
// What the chain can show, and what it cannot:
// - a record whose content or digest field was changed: its digest does not match its content;
// - a removed record: a later record's prev_digest names a digest nobody has (except the newest
//   record: nothing names it yet — git history and the PR check guard that one);
// - an inserted or backdated record: its predecessor is newer than itself, or it names an old
//   predecessor although a record that sorts after that one was finished well before it started
//   (a run names the record that sorts last in executions/, so it should have named that); a record inserted with a plausible predecessor and time is indistinguishable
//   from a concurrent run, which may legitimately fork the chain (two records naming the same
//   predecessor after a push race);
// - a moved or renamed record: its path is not executions/<its day>/<its id>.yaml.
// The digests are unkeyed: someone who rewrites a record *and* every record after it produces a
// consistent chain. Only git history (protected branch, the PR check on executions/) catches that.

import type { RollupEntry } from '../schemas/rollup.js';

export type ProblemKind =
  | 'changed'
  | 'malformed'
  | 'misplaced'
  | 'duplicate'
  | 'missing-predecessor'
  | 'out-of-order'
  | 'skipped-predecessor'
  | 'rollup-changed'
  /** A `*.tmp` file an interrupted record write left: a record may be missing. */
  | 'temp-file'
  /** A fact index line whose blob or facts are not its record's, or whose record is not there. */
  | 'fact-index-mismatch';

export interface AuditProblem {
  path: string;
  kind: ProblemKind;
  message: string;
}

export interface ChainMember {
  /** The record's path; for a rollup entry, `<rollup file>#<id>`. */
  path: string;
  /** Where the record lives or lived: executions/<day>/<id>.yaml. */
  recordPath: string;
  id: string;
  timestamp: string;
  durationS: number;
  digest: string;
  prev_digest: string | null;
  /** The digest recomputed from the content: live records only. */
  computed?: string;
  source: 'record' | 'rollup';
}

/** A rollup's entries as members of the chain: each keeps the digests its record had. */
export function rollupMembers(rollupPath: string, entries: readonly RollupEntry[]): ChainMember[] {
  return entries.map((e) => ({
    path: `${rollupPath}#${e.id}`,
    recordPath: e.path,
    id: e.id,
    timestamp: e.timestamp,
    durationS: e.duration_s,
    digest: e.digest,
    prev_digest: e.prev_digest,
    source: 'rollup',
  }));
}

export interface AuditOptions {
  /**
   * How long after another record finished a run may still have missed it (push races, retries):
   * a record naming an older predecessor beyond this is reported as skipped-predecessor.
   */
  forkWindowS: number;
}

export interface AuditReport {
  records: number;
  rollupEntries: number;
  /** Predecessors named by more than one record: concurrent runs, not tampering. */
  forks: { digest: string; paths: string[] }[];
  /** Members naming no predecessor: the first record (more than one only after a race on the first runs). */
  roots: string[];
  problems: AuditProblem[];
}

export const DEFAULT_FORK_WINDOW_S = 3600;

function expectedPath(m: Pick<ChainMember, 'id' | 'timestamp'>): string {
  return `executions/${m.timestamp.slice(0, 10)}/${m.id}.yaml`;
}

export function verifyChain(
  members: readonly ChainMember[],
  opts: AuditOptions = { forkWindowS: DEFAULT_FORK_WINDOW_S },
): AuditReport {
  const problems: AuditProblem[] = [];
  const report = (path: string, kind: ProblemKind, message: string) => problems.push({ path, kind, message });

  // A record that was rolled up but not yet removed (a prune interrupted) appears twice: same id,
  // same digest — one member. The same id with another digest is tampering.
  const unique: ChainMember[] = [];
  const byId = new Map<string, ChainMember>();
  for (const m of members) {
    const seen = byId.get(m.id);
    if (!seen) {
      byId.set(m.id, m);
      unique.push(m);
    } else if (seen.digest !== m.digest) {
      report(m.path, 'duplicate', `execution ${m.id} also at ${seen.path} with another digest`);
    }
  }

  const byDigest = new Map<string, ChainMember>();
  const byComputed = new Map<string, ChainMember>();
  for (const m of unique) {
    if (m.computed !== undefined && m.computed !== m.digest) {
      report(
        m.path,
        'changed',
        `digest mismatch: the record says ${m.digest}, its content hashes to ${m.computed} (content or digest edited)`,
      );
      byComputed.set(m.computed, m);
    }
    if (m.source === 'record' && m.recordPath !== expectedPath(m)) {
      report(m.path, 'misplaced', `expected at ${expectedPath(m)} (its id and timestamp say so)`);
    }
    const other = byDigest.get(m.digest);
    if (other) report(m.path, 'duplicate', `digest ${m.digest} is also ${other.path}'s`);
    else byDigest.set(m.digest, m);
  }

  // For skipped-predecessor: a run names the record that sorts last in executions/ (by day, then
  // id) when it starts. So members in that order, and from each position on, the earliest end of a
  // run: any of them finished long before X started should have been named instead of X's prev.
  const order = [...unique].sort((a, b) =>
    a.recordPath < b.recordPath ? -1 : a.recordPath > b.recordPath ? 1 : 0,
  );
  const position = new Map(order.map((m, i) => [m, i]));
  const minEnd = new Array<number>(order.length + 1).fill(Number.POSITIVE_INFINITY);
  for (let i = order.length - 1; i >= 0; i--) {
    const m = order[i] as ChainMember;
    minEnd[i] = Math.min(minEnd[i + 1] as number, Date.parse(m.timestamp) + m.durationS * 1000);
  }

  const named = new Map<string, string[]>();
  const roots: string[] = [];
  for (const m of unique) {
    if (m.prev_digest === null) {
      roots.push(m.path);
      continue;
    }
    const list = named.get(m.prev_digest) ?? [];
    list.push(m.path);
    named.set(m.prev_digest, list);
    const prev = byDigest.get(m.prev_digest);
    if (!prev) {
      const edited = byComputed.get(m.prev_digest);
      report(
        m.path,
        'missing-predecessor',
        edited
          ? `prev_digest ${m.prev_digest} is the content of ${edited.path}, whose digest field was changed`
          : `prev_digest ${m.prev_digest} names no record or rollup entry: its predecessor was removed`,
      );
      continue;
    }
    const at = Date.parse(m.timestamp);
    const prevAt = Date.parse(prev.timestamp);
    if (prevAt > at) {
      report(
        m.path,
        'out-of-order',
        `its predecessor ${prev.path} (${prev.timestamp}) is newer than itself (${m.timestamp}): inserted or backdated`,
      );
      continue;
    }
    const i = (position.get(prev) as number) + 1;
    const end = minEnd[i] as number;
    if (end + opts.forkWindowS * 1000 < at) {
      const skipped = order.slice(i).find((o) => Date.parse(o.timestamp) + o.durationS * 1000 === end);
      report(
        m.path,
        'skipped-predecessor',
        `names ${prev.path} although ${skipped?.path ?? 'a later record'} was finished more than ${opts.forkWindowS}s before it started: inserted?`,
      );
    }
  }
  const forks = [...named.entries()]
    .filter(([, paths]) => paths.length > 1)
    .map(([digest, paths]) => ({ digest, paths }));
  return {
    records: unique.filter((m) => m.source === 'record').length,
    rollupEntries: unique.filter((m) => m.source === 'rollup').length,
    forks,
    roots,
    problems,
  };
}
