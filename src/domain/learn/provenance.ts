// Whose evidence counts. Records, the anomaly log and manual notes live in the repository, where a
// pull request can add to them; learning counts only what a trusted writer (the bot; locally also
// the operator) committed. Pure: the adapter says which commits changed what, this judges.

export interface EvidenceTrust {
  /** Emails (case-insensitive) whose commits count: as author and as committer both. */
  writers: readonly string[];
  /** Whether what is not committed yet counts (local mode: the working tree is the operator's). */
  uncommitted: boolean;
}

/** Evidence learning did not count, and why: reported, never silently dropped. */
export interface RejectedEvidence {
  kind: 'record' | 'rollup' | 'anomaly' | 'note';
  /** The path, or `path:line` for a line of a log. */
  where: string;
  reason: string;
}

export interface CommitWho {
  sha: string;
  authorName: string;
  authorEmail: string;
  committerEmail: string;
}

/** Both identities: GitHub's merge, squash and rebase commits have GitHub as committer. */
export function isWriter(trust: EvidenceTrust, c: CommitWho): boolean {
  const writers = trust.writers.map((w) => w.toLowerCase());
  return writers.includes(c.authorEmail.toLowerCase()) && writers.includes(c.committerEmail.toLowerCase());
}

export const REJECT = {
  commit: (c: CommitWho) =>
    `written by commit ${c.sha.slice(0, 7)} (${c.authorName} <${c.authorEmail}>), not by the bot`,
  uncommitted: 'not committed: only what the bot committed counts',
  noGit: 'not in a git repository: who wrote it cannot be checked',
  shallow: 'the history is shallow (check out with fetch-depth: 0): who wrote it cannot be checked',
} as const;

/** The lines of `after` that `before` does not have, counted (a multiset difference: moves add nothing). */
export function addedLines(before: string | null, after: string | null): Map<string, number> {
  const count = new Map<string, number>();
  for (const l of (after ?? '').split('\n')) if (l.trim()) count.set(l, (count.get(l) ?? 0) + 1);
  for (const l of (before ?? '').split('\n')) {
    const n = count.get(l);
    if (n === undefined) continue;
    if (n > 1) count.set(l, n - 1);
    else count.delete(l);
  }
  return count;
}

export interface LineSource {
  /** Why lines from here do not count; null: they count. */
  reason: string | null;
  added: Map<string, number>;
}

/**
 * Judges a log's current lines one by one: a line one of `sources` added takes that source's
 * verdict (each added copy is used once, untrusted sources first); any other line was committed
 * by a trusted writer and gets `otherwise`.
 */
export function lineJudge(sources: readonly LineSource[], otherwise: string | null) {
  const left = sources.map((s) => ({ reason: s.reason, added: new Map(s.added) }));
  return (line: string): string | null => {
    for (const s of left) {
      const n = s.added.get(line);
      if (n) {
        s.added.set(line, n - 1);
        return s.reason;
      }
    }
    return otherwise;
  };
}

/** Rejections grouped by reason, with their counts per kind and a few places, for reports. */
export function rejectionGroups(
  rejected: readonly RejectedEvidence[],
  examples = 3,
): { reason: string; counts: Partial<Record<RejectedEvidence['kind'], number>>; where: string[] }[] {
  const groups = new Map<
    string,
    { reason: string; counts: Partial<Record<RejectedEvidence['kind'], number>>; where: string[] }
  >();
  for (const r of rejected) {
    const g = groups.get(r.reason) ?? { reason: r.reason, counts: {}, where: [] };
    groups.set(r.reason, g);
    g.counts[r.kind] = (g.counts[r.kind] ?? 0) + 1;
    if (g.where.length < examples) g.where.push(r.where);
  }
  return [...groups.values()];
}

const NOUN: Record<RejectedEvidence['kind'], [string, string]> = {
  record: ['record', 'records'],
  rollup: ['rollup', 'rollups'],
  anomaly: ['anomaly log line', 'anomaly log lines'],
  note: ['manual note', 'manual notes'],
};

/** `2 manual notes, 1 record`. */
export function countsText(counts: Partial<Record<RejectedEvidence['kind'], number>>): string {
  return (Object.keys(NOUN) as RejectedEvidence['kind'][])
    .filter((k) => counts[k])
    .map((k) => `${counts[k]} ${NOUN[k][counts[k] === 1 ? 0 : 1]}`)
    .join(', ');
}

/** One line per reason: `2 manual notes: written by commit … (incidents/manual-notes.jsonl:3, …)`. */
export function rejectionLines(rejected: readonly RejectedEvidence[]): string[] {
  return rejectionGroups(rejected).map((g) => {
    const total = Object.values(g.counts).reduce((a, b) => a + (b ?? 0), 0);
    const more = total > g.where.length ? ', …' : '';
    return `${countsText(g.counts)}: ${g.reason} (${g.where.join(', ')}${more})`;
  });
}
