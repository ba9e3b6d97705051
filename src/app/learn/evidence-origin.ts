import {
  type CommitIdent,
  localGitEmail,
  readBlobs,
  readEvidenceHistory,
} from '../../adapters/git-history.js';
import { BOT_IDENTITY } from '../../domain/bot/bot-identity.js';
import {
  addedLines,
  type EvidenceTrust,
  isWriter,
  type LineSource,
  lineJudge,
  REJECT,
} from '../../domain/learn/provenance.js';

// Who wrote each piece of evidence, asked once per learn run: `file(path)` for records and
// rollups, `lines(path, text)` for the append-only logs. Each answers null (it counts) or the
// reason it does not.

/** The action: only the bot's own commits count. */
export const BOT_ONLY: EvidenceTrust = { writers: [BOT_IDENTITY.email], uncommitted: false };

/**
 * The CLI and the demo: the bot's commits, the operator's (this repository's `user.email`: the
 * local CLI writes records and notes that the operator commits) and what is not committed yet.
 */
export async function localTrust(repoDir: string): Promise<EvidenceTrust> {
  const me = await localGitEmail(repoDir);
  return { writers: [BOT_IDENTITY.email, ...(me ? [me] : [])], uncommitted: true };
}

export interface EvidenceOrigin {
  file(path: string): string | null;
  lines(path: string, text: string): Promise<(line: string) => string | null>;
}

export async function evidenceOrigin(
  repoDir: string,
  trust: EvidenceTrust,
  paths: readonly string[],
): Promise<EvidenceOrigin> {
  const history = await readEvidenceHistory(repoDir, paths, (c) => isWriter(trust, c));
  const uncommittedReason = trust.uncommitted ? null : REJECT.uncommitted;
  if (history.kind === 'no-git') {
    // Nothing is committed: all of it is the working tree's.
    const reason = trust.uncommitted ? null : REJECT.noGit;
    return { file: () => reason, lines: async () => () => reason };
  }
  const committedReason = history.shallow ? REJECT.shallow : null;
  // Newest untrusted change of each path, and every untrusted change of each path (oldest last).
  const changes = new Map<string, CommitIdent[]>();
  for (const u of history.untrusted)
    for (const p of u.paths) changes.set(p, [...(changes.get(p) ?? []), u.commit]);
  return {
    file(path) {
      const by = changes.get(path)?.[0];
      if (by) return REJECT.commit(by);
      return history.uncommitted.has(path) ? uncommittedReason : committedReason;
    },
    async lines(path, text) {
      const by = changes.get(path) ?? [];
      const uncommitted = history.uncommitted.has(path);
      if (by.length === 0 && !uncommitted) return () => committedReason;
      const specs = [
        ...by.flatMap((c) => [`${c.sha}^1:${path}`, `${c.sha}:${path}`]),
        ...(uncommitted ? [`HEAD:${path}`] : []),
      ];
      const blobs = await readBlobs(repoDir, specs);
      const sources: LineSource[] = by.map((c) => ({
        reason: REJECT.commit(c),
        added: addedLines(blobs.get(`${c.sha}^1:${path}`) ?? null, blobs.get(`${c.sha}:${path}`) ?? null),
      }));
      if (uncommitted)
        sources.push({
          reason: uncommittedReason,
          added: addedLines(blobs.get(`HEAD:${path}`) ?? null, text),
        });
      return lineJudge(sources, committedReason);
    },
  };
}
