import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { FACT_INDEX_FILE } from '../domain/metrics/fact-index.js';
import { faultPoint } from './fault-point.js';
import { type Git, GitError, type PushRejection } from './git.js';

// Commit the bot's files and push them so that concurrent runs all land: on a non-fast-forward,
// fetch, rebase and retry with backoff. Records are new files and never conflict; the append-only
// anomaly log and the records' day fact indexes merge by git's own `union` driver; anything else is
// a real conflict and stops.

export const ANOMALY_LOG = 'incidents/anomaly-log.jsonl';
const UNION_LINE = `${ANOMALY_LOG} merge=union`;
const UNION_RE = /^incidents\/anomaly-log\.jsonl\s.*\bmerge=union\b/m;
const RECORD = /^(executions\/\d{4}-\d{2}-\d{2})\/[^/]+\.yaml$/;
const INDEX_UNION_LINE = `executions/*/${FACT_INDEX_FILE} merge=union`;
const INDEX_UNION_RE = /^executions\/\*\/fact-index\.jsonl\s.*\bmerge=union\b/m;
const ATTRIBUTES_UNION_LINE = '.gitattributes merge=union';
const ATTRIBUTES_UNION_RE = /^\.gitattributes\s.*\bmerge=union\b/m;

export interface PublishOptions {
  /** Paths relative to the repository root; those absent on disk are skipped. */
  paths: readonly string[];
  message: string;
  remote?: string;
  branch: string;
  /** Pushes in all, the first included. */
  attempts?: number;
  baseDelayMs?: number;
  /** The longest wait between two pushes, jitter apart (default: none, the delay keeps doubling). */
  maxDelayMs?: number;
  /** In [0, 1): spreads concurrent retries apart. */
  jitter?: () => number;
  author?: { name: string; email: string };
  /** Injected in tests to observe the backoff. */
  sleep?: (ms: number) => Promise<void>;
}

export interface PublishResult {
  /** HEAD after the last attempt: the pushed commit when `pushed`, else the local one kept. */
  sha: string | null;
  /** False when there was nothing new to commit (HEAD was still pushed). */
  committed: boolean;
  /** Pushes tried. */
  attempts: number;
  pushed: boolean;
  rejected: PushRejection | null;
  error?: string;
}

/** Appends `line` to `file` unless `present` matches; true when the file changed. */
async function ensureLine(file: string, present: RegExp, line: string): Promise<boolean> {
  const text = await readFile(file, 'utf8').catch(() => '');
  if (present.test(text)) return false;
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`);
  return true;
}

/**
 * Makes git merge the anomaly log as a union of lines (upstream's first, then ours). Written to
 * the repo's `.gitattributes` (committed, so every clone and human merge agrees) and to
 * `.git/info/attributes`, which outranks any tracked attribute and holds before the first push.
 * Returns true when `.gitattributes` changed and must be committed.
 */
export async function ensureUnionMerge(
  git: Git,
  what: 'anomaly-log' | 'fact-index' = 'anomaly-log',
): Promise<boolean> {
  const [re, line] = what === 'anomaly-log' ? [UNION_RE, UNION_LINE] : [INDEX_UNION_RE, INDEX_UNION_LINE];
  await ensureLine(await git.gitPath('info/attributes'), re, line);
  await ensureAttributesUnion(git);
  return ensureLine(join(git.dir, '.gitattributes'), re, line);
}

/**
 * Two runs that each add a union line to `.gitattributes` at once (the first to publish the log,
 * the other a day's fact index) would conflict on it; its lines are independent, so this clone
 * merges it as a union too. Local only (`.git/info/attributes`): it is the clone that rebases.
 */
export async function ensureAttributesUnion(git: Git): Promise<void> {
  await ensureLine(await git.gitPath('info/attributes'), ATTRIBUTES_UNION_RE, ATTRIBUTES_UNION_LINE);
}

/**
 * The day fact indexes of the records among `paths` (those on disk): a record is committed with its
 * index line, which concurrent runs of a day append to (merged as a union of lines).
 */
function factIndexesOf(git: Git, paths: readonly string[]): string[] {
  const days = new Set(paths.flatMap((p) => RECORD.exec(p)?.[1] ?? []));
  return [...days].map((d) => `${d}/${FACT_INDEX_FILE}`).filter((p) => existsSync(join(git.dir, p)));
}

export function backoffMs(
  retry: number,
  baseDelayMs: number,
  jitter: () => number,
  maxDelayMs = Number.POSITIVE_INFINITY,
): number {
  const exp = Math.min(baseDelayMs * 2 ** (retry - 1), maxDelayMs);
  return Math.round(exp + exp * jitter());
}

/** Commits `paths` and pushes HEAD to `remote`/`branch`, surviving push races. Never throws for git failures. */
export async function publish(git: Git, opts: PublishOptions): Promise<PublishResult> {
  const remote = opts.remote ?? 'origin';
  const attempts = Math.max(1, opts.attempts ?? 5);
  const baseDelayMs = opts.baseDelayMs ?? 200;
  const jitter = opts.jitter ?? Math.random;
  const sleep = opts.sleep ?? ((ms: number) => delay(ms));
  const target = `${remote}/${opts.branch}`;
  let committed = false;
  let tried = 0;
  const done = async (r: Omit<PublishResult, 'sha' | 'committed' | 'attempts'>): Promise<PublishResult> => ({
    sha: await git.headSha().catch(() => null),
    committed,
    attempts: tried,
    ...r,
  });

  try {
    const paths = opts.paths.filter((p) => existsSync(join(git.dir, p)));
    paths.push(...factIndexesOf(git, paths).filter((p) => !paths.includes(p)));
    await git.addPaths(paths);
    // Concurrent runs append to the anomaly log and to a day's fact index, so each merges as a union
    // of lines when this commit changes it — named, or staged with a whole folder (`incidents`,
    // `executions`, `.`): git says what was staged, whatever the paths were.
    const staged = await git.stagedPaths([ANOMALY_LOG, `executions/*/${FACT_INDEX_FILE}`]);
    const log = staged.includes(ANOMALY_LOG) && (await ensureUnionMerge(git, 'anomaly-log'));
    const index = staged.some((p) => p !== ANOMALY_LOG) && (await ensureUnionMerge(git, 'fact-index'));
    if (log || index) await git.addPaths(['.gitattributes']);
    await faultPoint('git.commit');
    committed = (await git.commit(opts.message, { author: opts.author })) !== null;

    let last = '';
    while (tried < attempts) {
      if (tried > 0) {
        await sleep(backoffMs(tried, baseDelayMs, jitter, opts.maxDelayMs));
        await git.fetch(remote, opts.branch);
        const rebase = await git.rebaseOnto(target);
        if (rebase.status !== 'ok') {
          await git.abortRebase();
          const what =
            rebase.status === 'conflict'
              ? `conflict in ${rebase.paths.join(', ')}`
              : `rebase failed: ${rebase.stderr}`;
          return done({
            pushed: false,
            rejected: 'non-fast-forward',
            error: `cannot publish to ${target}: ${what} (rebase aborted, local commit kept)`,
          });
        }
      }
      tried++;
      await faultPoint('git.push');
      const push = await git.tryPush(remote, opts.branch);
      if (push.ok) return done({ pushed: true, rejected: null });
      last = push.stderr;
      if (push.rejected === 'protected') {
        return done({
          pushed: false,
          rejected: 'protected',
          error: `push to ${target} refused by branch protection (not retried): ${push.stderr}`,
        });
      }
      if (push.rejected !== 'non-fast-forward') {
        return done({
          pushed: false,
          rejected: push.rejected,
          error: `push to ${target} failed: ${push.stderr}`,
        });
      }
    }
    return done({
      pushed: false,
      rejected: 'non-fast-forward',
      error: `push to ${target} still behind after ${tried} attempts: ${last}`,
    });
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    return done({ pushed: false, rejected: null, error: err.message });
  }
}
