import { readFile, rm } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { parseRawLog } from './git-raw-log.js';
import { type GitRunResult, runGit } from './git-run.js';

// Git behind intention-named methods over one choke point, like actions/checkout's git helper.
// Every call goes through runGit (./git-run.ts): no prompt, no editor, the bot's credential on a pipe.

interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Why a push was refused: only a non-fast-forward is worth a fetch, rebase and retry. */
export type PushRejection = 'non-fast-forward' | 'protected' | 'other';

export interface PushResult {
  ok: boolean;
  rejected: PushRejection | null;
  stderr: string;
}

export type RebaseResult =
  | { status: 'ok' }
  | { status: 'conflict'; paths: string[]; stderr: string }
  | { status: 'failed'; stderr: string };

/** `https://x-access-token:ghs_…@github.com/…` → `https://***@github.com/…`: a token in a remote URL never reaches a log. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1***@');
}

export class GitError extends Error {
  override readonly name = 'GitError';
  readonly args: readonly string[];
  readonly stderr: string;
  constructor(args: readonly string[], stderr: string) {
    const safeArgs = args.map(redactUrlCredentials);
    const safeStderr = redactUrlCredentials(stderr);
    super(`git ${safeArgs.join(' ')} failed: ${safeStderr}`);
    this.args = safeArgs;
    this.stderr = safeStderr;
  }
}

// GH006: branch protection; GH013: repository rules (rulesets). Both are final, retrying cannot help.
const PROTECTED = /GH006|GH013|protected branch|repository rule violations/i;
// "fetch first" is git's wording when the remote has unknown commits; the lock/old-value wordings
// come from a push that lost a race for the ref on the server itself.
const NON_FAST_FORWARD =
  /non-fast-forward|\(fetch first\)|remote contains work|cannot lock ref|failed to update ref|incorrect old value/i;

export function classifyPushRejection(stderr: string): PushRejection {
  if (PROTECTED.test(stderr)) return 'protected';
  if (NON_FAST_FORWARD.test(stderr)) return 'non-fast-forward';
  return 'other';
}

export class Git {
  constructor(readonly dir: string) {}

  private async exec(
    args: readonly string[],
    env?: Record<string, string>,
    opts: { raw?: boolean } = {},
  ): Promise<GitResult> {
    return this.result(
      await runGit(this.dir, args, { ...(env ? { env } : {}), maxBuffer: 16 * 1024 * 1024 }),
      opts,
    );
  }

  private result(r: GitRunResult, opts: { raw?: boolean } = {}): GitResult {
    const stdout = r.stdout.toString('utf8');
    return {
      ok: r.ok,
      stdout: opts.raw ? stdout : stdout.trim(),
      stderr: redactUrlCredentials(r.stderr.trim()),
    };
  }

  /**
   * The paths a `-z` command prints, exactly as git names them: a trimmed or newline-split path is
   * another path (`a.yaml ` read as `a.yaml`). Null when git fails.
   */
  private async paths(args: readonly string[]): Promise<string[] | null> {
    const r = await this.exec(args, undefined, { raw: true });
    return r.ok ? r.stdout.split('\0').filter((p) => p !== '') : null;
  }

  private async mustWithInput(args: readonly string[], input: string): Promise<GitResult> {
    const r = this.result(
      await runGit(this.dir, args, { input, timeoutMs: 600_000, maxBuffer: 16 * 1024 * 1024 }),
    );
    if (!r.ok) throw new GitError(args, r.stderr);
    return r;
  }

  private async must(args: readonly string[], env?: Record<string, string>): Promise<GitResult> {
    const r = await this.exec(args, env);
    if (!r.ok) throw new GitError(args, r.stderr);
    return r;
  }

  /** The commit that last touched `path`, or null when it is not committed (or this is no git repo). */
  async lastCommitOf(path: string): Promise<string | null> {
    const r = await this.exec(['log', '-1', '--format=%H', '--', path]);
    return r.ok && /^[0-9a-f]{40}$/.test(r.stdout) ? r.stdout : null;
  }

  /** The author name of `commit`, or null when it cannot be read (not a commit, no git repo). */
  async authorOf(commit: string): Promise<string | null> {
    const r = await this.exec(['log', '-1', '--format=%an', commit, '--']);
    return r.ok && r.stdout ? r.stdout : null;
  }

  /** Who git would name as author here (`Name <email>`), or null when git cannot say. */
  async authorIdent(): Promise<string | null> {
    const r = await this.exec(['var', 'GIT_AUTHOR_IDENT']);
    // "Name <email> 1700000000 +0100": the time is the moment of asking, not part of who.
    const who = r.ok ? r.stdout.replace(/\s+\d+\s+[+-]\d{4}$/, '') : '';
    return who || null;
  }

  async init(): Promise<void> {
    await this.must(['init', '-q', '-b', 'main']);
    await this.must(['config', 'user.name', 'intentops']);
    await this.must(['config', 'user.email', 'intentops@localhost']);
    await this.must(['config', 'commit.gpgsign', 'false']);
  }

  async commitAll(message: string): Promise<string> {
    await this.must(['add', '-A']);
    await this.must(['commit', '-q', '--no-verify', '-m', message]);
    return (await this.must(['rev-parse', 'HEAD'])).stdout;
  }

  async log(limit: number): Promise<string[]> {
    return (await this.must(['log', `-${limit}`, '--format=%h %s'])).stdout.split('\n').filter(Boolean);
  }

  /** The checked-out branch, or null on a detached HEAD. */
  async currentBranch(): Promise<string | null> {
    const r = await this.exec(['symbolic-ref', '--short', '-q', 'HEAD']);
    return r.ok && r.stdout ? r.stdout : null;
  }

  async headSha(): Promise<string> {
    return (await this.must(['rev-parse', 'HEAD'])).stdout;
  }

  /** A path inside the git directory (`info/attributes`, …), absolute. */
  async gitPath(rel: string): Promise<string> {
    const out = (await this.must(['rev-parse', '--git-path', rel])).stdout;
    return isAbsolute(out) ? out : resolve(this.dir, out);
  }

  async addPaths(paths: readonly string[]): Promise<void> {
    if (paths.length > 0) await this.must(['add', '--', ...paths]);
  }

  /** Commits what is staged; null when nothing is. */
  async commit(
    message: string,
    opts: { author?: { name: string; email: string } } = {},
  ): Promise<string | null> {
    // `diff --cached --quiet` exits 0 exactly when the index matches HEAD.
    if ((await this.exec(['diff', '--cached', '--quiet'])).ok) return null;
    const author = opts.author ? [`--author=${opts.author.name} <${opts.author.email}>`] : [];
    await this.must(['commit', '-q', '--no-verify', '-m', message, ...author]);
    return this.headSha();
  }

  /** Pushes HEAD (attached or not) to `branch`; a refusal is a result, not an exception. */
  async tryPush(remote: string, branch: string): Promise<PushResult> {
    const r = await this.exec(['push', '--no-verify', remote, `HEAD:refs/heads/${branch}`]);
    return { ok: r.ok, rejected: r.ok ? null : classifyPushRejection(r.stderr), stderr: r.stderr };
  }

  /** Updates `<remote>/<branch>` even in a single-branch or shallow checkout (an explicit refspec). */
  async fetch(remote: string, branch: string): Promise<void> {
    await this.must([
      'fetch',
      '-q',
      '--no-tags',
      remote,
      `+refs/heads/${branch}:refs/remotes/${remote}/${branch}`,
    ]);
  }

  /** Replays local commits onto `upstream` (e.g. `origin/main`); on conflict the rebase is left stopped. */
  async rebaseOnto(upstream: string): Promise<RebaseResult> {
    const r = await this.exec(['rebase', '--no-verify', upstream]);
    if (r.ok) return { status: 'ok' };
    const paths = (await this.paths(['diff', '--name-only', '-z', '--diff-filter=U'])) ?? [];
    return paths.length > 0
      ? { status: 'conflict', paths, stderr: r.stderr }
      : { status: 'failed', stderr: r.stderr };
  }

  /** Back to the state before the rebase; a no-op when none is in progress. */
  async abortRebase(): Promise<void> {
    const r = await this.exec(['rebase', '--abort']);
    if (!r.ok && !/no rebase in progress/i.test(r.stderr))
      throw new GitError(['rebase', '--abort'], r.stderr);
  }

  /**
   * Brings the checkout to the remote branch's head, whatever commit the job was started on (a re-run
   * checks out its event's old commit): fast-forward, or a reset when the history was rewritten.
   * Returns what happened.
   */
  async syncToRemote(remote: string, branch: string): Promise<'up-to-date' | 'fast-forward' | 'reset'> {
    await this.fetch(remote, branch);
    const head = await this.headSha();
    const upstream = `${remote}/${branch}`;
    const target = (await this.must(['rev-parse', upstream])).stdout;
    if (head === target) return 'up-to-date';
    const ff = await this.exec(['merge-base', '--is-ancestor', 'HEAD', upstream]);
    if (ff.ok) {
      await this.must(['merge', '-q', '--ff-only', upstream]);
      return 'fast-forward';
    }
    await this.resetHard(upstream);
    return 'reset';
  }

  /** Whether anything under `paths` differs from HEAD or is untracked. */
  async hasChanges(paths: readonly string[]): Promise<boolean> {
    const r = await this.exec(['status', '--porcelain', '--', ...paths]);
    return r.ok && r.stdout !== '';
  }

  /** The staged changes (against HEAD) among `pathspecs`, as repo paths. */
  async stagedPaths(pathspecs: readonly string[]): Promise<string[]> {
    return (await this.paths(['diff', '--cached', '--name-only', '-z', '--', ...pathspecs])) ?? [];
  }

  /** Moves the branch, index and working tree to `ref`: drops local commits that lost a race. */
  async resetHard(ref: string): Promise<void> {
    await this.must(['reset', '-q', '--hard', ref]);
  }

  /** Identity for the bot's commits, in this repository's config only. */
  /** Whether the working tree is sparse (`core.sparseCheckout`), and its pattern lines. */
  async sparsePatterns(): Promise<string[] | null> {
    const on = await this.exec(['config', '--bool', 'core.sparseCheckout']);
    if (!on.ok || on.stdout !== 'true') return null;
    const file = await this.gitPath('info/sparse-checkout');
    return (await readFile(file, 'utf8').catch(() => '')).split('\n').filter((l) => l.trim() !== '');
  }

  /** Sets non-cone sparse patterns; a blobless clone fetches the contents they bring in, in one batch. */
  async setSparsePatterns(patterns: readonly string[]): Promise<void> {
    await this.mustWithInput(['sparse-checkout', 'set', '--no-cone', '--stdin'], `${patterns.join('\n')}\n`);
  }

  /** Every file under a directory of HEAD's tree (or `ref`'s), as repo paths (no blob read). */
  async treeFiles(dir: string, ref = 'HEAD'): Promise<string[]> {
    return (
      (await this.paths(['ls-tree', '-r', '-z', '--name-only', ref, '--', `${dir.replace(/\/$/, '')}/`])) ??
      []
    );
  }

  /** Names in a directory of HEAD's tree (no blob read: works in a sparse or blobless clone). */
  async treeNames(dir: string): Promise<string[]> {
    const paths = await this.paths([
      'ls-tree',
      '-z',
      '--name-only',
      'HEAD',
      '--',
      `${dir.replace(/\/$/, '')}/`,
    ]);
    return (paths ?? []).map((p) => p.slice(p.lastIndexOf('/') + 1));
  }

  /**
   * Path → blob id of every file under a directory as git's index holds it, and the paths whose
   * checked-out file git's own stat check finds changed since (edited, not staged). A file in
   * neither list is exactly that blob on disk. null when this is no git repository.
   */
  async indexedBlobs(dir: string): Promise<{ blobs: Map<string, string>; changed: Set<string> } | null> {
    const spec = `${dir.replace(/\/$/, '')}/`;
    const [staged, changed] = await Promise.all([
      this.paths(['ls-files', '--stage', '-z', '--', spec]),
      this.paths(['diff-files', '--relative', '--name-only', '-z', '--', spec]),
    ]);
    if (!staged || !changed) return null;
    const blobs = new Map<string, string>();
    // `<mode> <blob> <stage>\t<path>`; a conflicted path (stage 1-3) is no one blob.
    for (const line of staged) {
      const tab = line.indexOf('\t');
      const [, blob, stage] = line.slice(0, tab).split(' ');
      if (blob && stage === '0') blobs.set(line.slice(tab + 1), blob);
    }
    return { blobs, changed: new Set(changed) };
  }

  async configureIdentity(name: string, email: string): Promise<void> {
    await this.must(['config', '--local', 'user.name', name]);
    await this.must(['config', '--local', 'user.email', email]);
  }

  /** A remote's fetch URL, or null when there is no such remote (or this is no git repo). */
  async remoteUrl(name: string): Promise<string | null> {
    const r = await this.exec(['remote', 'get-url', '--', name]);
    return r.ok && r.stdout ? r.stdout : null;
  }

  /** The commit a branch or ref names, or null when there is none. */
  async revParse(ref: string): Promise<string | null> {
    const r = await this.exec(['rev-parse', '--verify', '-q', `${ref}^{commit}`]);
    return r.ok && r.stdout ? r.stdout : null;
  }

  /**
   * Points `branch` at a new commit on `base` holding `files` (written as blobs from `dir`),
   * through a private index: the working tree, the real index and HEAD stay untouched.
   */
  async commitFilesTo(
    branch: string,
    base: string,
    files: readonly { path: string; abs: string }[],
    message: string,
  ): Promise<string> {
    const index = await this.gitPath('intentops-learn-index');
    const env = { GIT_INDEX_FILE: index };
    try {
      await this.must(['read-tree', base], env);
      for (const f of files) {
        const blob = (await this.must(['hash-object', '-w', `--path=${f.path}`, '--', f.abs])).stdout;
        await this.must(['update-index', '--add', '--cacheinfo', `100644,${blob},${f.path}`], env);
      }
      const tree = (await this.must(['write-tree'], env)).stdout;
      const commit = (await this.must(['commit-tree', tree, '-p', base, '-m', message])).stdout;
      await this.must(['update-ref', `refs/heads/${branch}`, commit]);
      return commit;
    } finally {
      await rm(index, { force: true });
    }
  }

  /** For each path, the commit that added it; empty in a shallow clone, where history is cut. */
  async addedIn(paths: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (paths.length === 0 || (await this.exec(['rev-parse', '--is-shallow-repository'])).stdout === 'true')
      return out;
    const r = await this.exec(
      ['log', '--diff-filter=A', '--no-renames', '--raw', '-z', '--format=%x01%H', '--', ...paths],
      undefined,
      { raw: true },
    );
    if (!r.ok) return out;
    for (const { header: sha, changes } of parseRawLog(r.stdout)) {
      for (const c of changes) if (sha && !out.has(c.path)) out.set(c.path, sha);
    }
    return out;
  }
}
