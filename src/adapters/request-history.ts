import { classifyRequestPath, entryOfGitMode, REQUESTS_DIR } from '../domain/request/request-path.js';
import { parseRawLog, type RawCommit } from './git-raw-log.js';
import { runGit } from './git-run.js';

// What the reconcile needs from git history, each in one git call: the request files merged on the
// first-parent line (merge order), the bot's reconcile watermark, whether a file changed since it
// was merged. Works in a blobless clone (`filter: blob:none`): none of these reads a blob.

export { REQUESTS_DIR };
/** Trailer of the bot's record commits: every request merged at or before this commit is settled. */
export const WATERMARK_TRAILER = 'Intentops-Reconciled';

export class HistoryError extends Error {
  override readonly name = 'HistoryError';
}

export interface MergedRequest {
  path: string;
  /** The first-parent commit that added the file: a squash, a merge commit or a direct push. */
  commit: string;
  mergedAt: Date;
}

async function git(dir: string, args: readonly string[], timeoutMs = 120_000): Promise<string> {
  const r = await runGit(dir, args, { timeoutMs, maxBuffer: 256 * 1024 * 1024 });
  if (!r.ok) throw new HistoryError(`git ${args.join(' ')} failed: ${r.stderr.trim()}`);
  return r.stdout.toString('utf8');
}

async function tryGit(dir: string, args: readonly string[]): Promise<string | null> {
  return git(dir, args).then(
    (s) => s.trim(),
    () => null,
  );
}

/** The NUL-separated fields of a `-z` output, untrimmed (a path keeps its spaces); null on failure. */
async function tryGitFields(dir: string, args: readonly string[]): Promise<string[] | null> {
  return git(dir, args).then(
    (s) => s.split('\0').filter((f) => f !== ''),
    () => null,
  );
}

export async function isShallow(dir: string): Promise<boolean> {
  return (await tryGit(dir, ['rev-parse', '--is-shallow-repository'])) === 'true';
}

/**
 * Fetches the history a shallow checkout lacks, commits and trees only (no blobs), so the reconcile
 * can see every merge. False when the remote cannot be reached or refuses.
 */
export async function deepen(dir: string, remote = 'origin'): Promise<boolean> {
  return (
    (await tryGit(dir, ['fetch', '-q', '--no-tags', '--unshallow', '--filter=blob:none', remote])) !== null
  );
}

/**
 * Deepens a shallow checkout step by step (8, 32, 128… commits more, trees but no file contents)
 * until the last reconcile's watermark and the commit it names are in it, or the history is complete:
 * a job's clone then costs what happened since the last run, not years of history. 'complete' when
 * there is no watermark to stop at (the first run, a force-push); false when the remote refuses.
 */
export async function deepenToWatermark(
  dir: string,
  remote = 'origin',
): Promise<'watermark' | 'complete' | false> {
  for (let n = 8; ; n *= 4) {
    if (!(await isShallow(dir))) return 'complete';
    // Looked up in the commits the clone holds: asking git about a missing commit (merge-base,
    // cat-file) would make a blobless clone fetch it with all its history, the very cost avoided here.
    const mark = await lastWatermark(dir);
    const line = mark ? await tryGit(dir, ['rev-list', '--first-parent', 'HEAD']) : null;
    if (mark && line?.split('\n').includes(mark)) return 'watermark';
    const fetched = await tryGit(dir, [
      'fetch',
      '-q',
      '--no-tags',
      `--deepen=${n}`,
      '--filter=blob:none',
      remote,
    ]);
    if (fetched === null) return false;
  }
}

export interface RequestChange {
  /** Exactly as git names it (-z): never trimmed, so `a.yaml ` is not `a.yaml`. */
  path: string;
  commit: string;
  /** A added, M modified, D deleted, T type changed (as `git log --raw` says; renames are not followed). */
  status: 'A' | 'M' | 'D' | 'T';
  /** The tree mode after the change (before it, for a deletion): 120000 is a symbolic link. */
  mode: string;
  at: Date;
  /** Position on the first-parent line, oldest first. */
  order: number;
}

/**
 * Every change under intents/requests/ on HEAD's first-parent line after `since` (exclusive; all
 * history when null), oldest first, in one git call: the adds are the merged requests, the rest says
 * which of them were edited or deleted later. Which paths are request files is not decided here
 * (see domain/request/request-path.ts): every path is returned as git names it, with its mode.
 */
export async function requestChanges(dir: string, since: string | null): Promise<RequestChange[]> {
  const range = since ? `${since}..HEAD` : 'HEAD';
  const out = await git(dir, [
    'log',
    '--first-parent',
    '--diff-merges=first-parent',
    '--no-renames',
    '--raw',
    '-z',
    '--format=%x01%H %ct',
    range,
    '--',
    REQUESTS_DIR,
  ]);
  let commits: RawCommit[];
  try {
    commits = parseRawLog(out).reverse();
  } catch (err) {
    throw new HistoryError(`git log of ${REQUESTS_DIR}: ${(err as Error).message}`);
  }
  const changes: RequestChange[] = [];
  commits.forEach(({ header, changes: raw }, order) => {
    const [commit = '', ct = '0'] = header.split(' ');
    const at = new Date(Number(ct) * 1000);
    const inCommit = raw
      .filter((c) => /^[AMDT]$/.test(c.status))
      .map((c) => ({ ...c, status: c.status as RequestChange['status'], commit, at, order }));
    // Several requests in one merge run in path order.
    changes.push(...inCommit.sort((a, b) => a.path.localeCompare(b.path)));
  });
  return changes;
}

/**
 * The newest watermark on HEAD's first-parent line that is still an ancestor of HEAD; null when there
 * is none or a force-push rewrote the history under it.
 */
export async function watermark(dir: string): Promise<{ sha: string; rewritten: boolean } | null> {
  const sha = await lastWatermark(dir);
  if (!sha) return null;
  const ancestor = await tryGit(dir, ['merge-base', '--is-ancestor', sha, 'HEAD']);
  return ancestor === null ? { sha, rewritten: true } : { sha, rewritten: false };
}

/** The commit the newest watermark on HEAD's first-parent line names (it may not be in the clone). */
async function lastWatermark(dir: string): Promise<string | null> {
  const out = await tryGit(dir, [
    'log',
    '--first-parent',
    '-1',
    `--grep=^${WATERMARK_TRAILER}: [0-9a-f]`,
    `--format=%(trailers:key=${WATERMARK_TRAILER},valueonly,separator=%x20)`,
    'HEAD',
  ]);
  return out?.split(/\s+/).find((s) => /^[0-9a-f]{40}$/.test(s)) ?? null;
}

/** A file as it was at a commit (reads one blob: fetched on demand in a blobless clone). */
export async function fileAt(dir: string, commit: string, path: string): Promise<string | null> {
  return git(dir, ['show', `${commit}:${path}`]).then(
    (s) => s,
    () => null,
  );
}

/** The first-parent commit that `commit` follows (its parent on the merge line), or null for a root. */
export async function parentOf(dir: string, commit: string): Promise<string | null> {
  return (await tryGit(dir, ['rev-parse', '--verify', '-q', `${commit}^1`])) || null;
}

/**
 * Files the fallback branches (`intentops/records/*`, where records go when the branch refuses the
 * bot) add under executions/, fetched fresh: until such a branch is merged, its claims and records
 * still count, so nothing runs twice.
 */
export async function fallbackAdditions(
  dir: string,
  prefix: string,
  remote = 'origin',
): Promise<{ ref: string; path: string }[]> {
  await tryGit(dir, [
    'fetch',
    '-q',
    '--no-tags',
    '--prune',
    remote,
    `+refs/heads/${prefix}*:refs/remotes/${remote}/${prefix}*`,
  ]);
  const refs = (
    (await tryGit(dir, ['for-each-ref', '--format=%(refname)', `refs/remotes/${remote}/${prefix}`])) ?? ''
  )
    .split('\n')
    .filter(Boolean);
  const out: { ref: string; path: string }[] = [];
  for (const ref of refs) {
    const names = await tryGitFields(dir, [
      'diff',
      '--name-only',
      '--no-renames',
      '--diff-filter=A',
      '-z',
      `HEAD...${ref}`,
      '--',
      'executions/',
    ]);
    for (const path of names ?? []) out.push({ ref, path });
  }
  return out;
}

/** The commit HEAD names. */
export async function headOf(dir: string): Promise<string> {
  return (
    await git(dir, ['rev-parse', 'HEAD']).catch((err: Error) => {
      throw new HistoryError(`${dir} is not a git checkout with a commit: ${err.message}`);
    })
  ).trim();
}

/**
 * The request files a (merge) commit added against its first parent, and when it was made: only
 * what domain/request/request-path.ts calls a request, so `/retry` and `/rollback` never take `a.yaml `
 * (or a link) for `a.yaml`.
 */
export async function requestsAddedBy(dir: string, commit: string): Promise<{ paths: string[]; at: Date }> {
  const [ct, raw] = await Promise.all([
    tryGit(dir, ['show', '-s', '--format=%ct', commit]),
    git(dir, [
      'diff-tree',
      '--no-commit-id',
      '--raw',
      '-z',
      '-r',
      '--no-renames',
      '--diff-filter=A',
      `${commit}^1`,
      commit,
      '--',
      REQUESTS_DIR,
    ]).catch(() => ''),
  ]);
  const paths = parseRawLog(raw)
    .flatMap((c) => c.changes)
    .filter((c) => classifyRequestPath(c.path, entryOfGitMode(c.mode)).kind === 'request')
    .map((c) => c.path);
  return { paths, at: new Date(Number(ct ?? '0') * 1000) };
}
