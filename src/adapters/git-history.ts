import { parseRawLog } from './git-raw-log.js';
import { runGit } from './git-run.js';

// Who wrote the evidence learning reads, from git in a fixed number of calls whatever the size of
// the history: the commits of the first-parent chain (one `git log`), the changes of those not made
// by a trusted writer (one more, usually small), the working tree's uncommitted paths (`git
// status`) and, when lines of a log must be told apart, the few blobs needed (one `cat-file`).
// First parent only: a pull request's commits reach the branch through its merge commit (or as a
// squash or rebase made by GitHub), so what a PR brought in is the merge's change, by the merger.

export interface CommitIdent {
  sha: string;
  authorName: string;
  authorEmail: string;
  committerEmail: string;
}

export interface UntrustedChange {
  commit: CommitIdent;
  /** Paths (relative to the repository directory) this commit changed, against its first parent. */
  paths: string[];
}

export type EvidenceHistory =
  | { kind: 'no-git' }
  | {
      kind: 'git';
      /** The history is cut: commits below the cut are unknown. */
      shallow: boolean;
      /** First-parent commits not made by a trusted writer that touched the evidence, newest first. */
      untrusted: UntrustedChange[];
      /** Evidence paths that differ from HEAD in the working tree (modified, added, untracked). */
      uncommitted: Set<string>;
    };

/** Paths come out unquoted; no lock is taken for a read. */
async function git(
  cwd: string,
  args: readonly string[],
  input?: string,
): Promise<{ ok: boolean; stdout: Buffer; stderr: string }> {
  return runGit(cwd, ['-c', 'core.quotePath=false', ...args], {
    env: { GIT_OPTIONAL_LOCKS: '0' },
    ...(input === undefined ? {} : { input }),
    timeoutMs: 600_000,
    maxBuffer: 1024 * 1024 * 1024,
  });
}

/** `git config user.email` of the repository (the local operator), or null. */
export async function localGitEmail(repoDir: string): Promise<string | null> {
  const r = await git(repoDir, ['config', '--get', 'user.email']);
  const email = r.stdout.toString('utf8').trim();
  return r.ok && email ? email : null;
}

const SEP = '\x1f';

/**
 * The history of `paths` (files or folders, relative to `repoDir`): which first-parent commits not
 * trusted by `trusted` changed them, and what is uncommitted.
 */
export async function readEvidenceHistory(
  repoDir: string,
  paths: readonly string[],
  trusted: (c: CommitIdent) => boolean,
): Promise<EvidenceHistory> {
  const top = await git(repoDir, ['rev-parse', '--is-shallow-repository', '--show-prefix']);
  if (!top.ok) return { kind: 'no-git' };
  const [shallowOut = '', prefix = ''] = top.stdout.toString('utf8').split('\n');
  const shallow = shallowOut.trim() === 'true';

  // Every first-parent commit with its identities: cheap (no diffs); only the few untrusted ones
  // are diffed below. An unborn HEAD has no commits: everything is uncommitted.
  const log = await git(repoDir, ['log', '--first-parent', `--format=%H${SEP}%an${SEP}%ae${SEP}%ce`]);
  const suspects = new Map<string, CommitIdent>();
  if (log.ok) {
    for (const line of log.stdout.toString('utf8').split('\n')) {
      const [sha, authorName = '', authorEmail = '', committerEmail = ''] = line.split(SEP);
      if (!sha) continue;
      const c = { sha, authorName, authorEmail, committerEmail };
      if (!trusted(c)) suspects.set(sha, c);
    }
  }
  const untrusted: UntrustedChange[] = [];
  if (suspects.size > 0) {
    // Against the first parent, merges included; commits that did not touch the paths drop out.
    const changed = await git(
      repoDir,
      [
        'log',
        '--no-walk=unsorted',
        '--stdin',
        '--root',
        '--diff-merges=first-parent',
        '--relative',
        '--no-renames',
        '--raw',
        '-z',
        `--format=%x01%H`,
        '--',
        ...paths,
      ],
      [...suspects.keys()].join('\n'),
    );
    if (!changed.ok) throw new Error(`git log of untrusted commits failed: ${changed.stderr.trim()}`);
    // Paths field by field, as git names them: a newline in a path is part of it, not a separator.
    for (const { header: sha, changes } of parseRawLog(changed.stdout.toString('utf8'))) {
      const commit = suspects.get(sha);
      if (commit && changes.length) untrusted.push({ commit, paths: changes.map((c) => c.path) });
    }
  }

  const status = await git(repoDir, [
    'status',
    '--porcelain=v1',
    '-z',
    '--untracked-files=all',
    '--no-renames',
    '--',
    ...paths,
  ]);
  if (!status.ok) throw new Error(`git status failed: ${status.stderr.trim()}`);
  const uncommitted = new Set<string>();
  for (const entry of status.stdout.toString('utf8').split('\0')) {
    if (entry.length < 4) continue;
    const path = entry.slice(3); // porcelain paths are relative to the top level
    uncommitted.add(path.startsWith(prefix) ? path.slice(prefix.length) : path);
  }
  return { kind: 'git', shallow, untrusted, uncommitted };
}

/**
 * The text of each `rev:path` (path relative to `repoDir`), null when it does not exist there:
 * one `git cat-file --batch` for all.
 */
export async function readBlobs(
  repoDir: string,
  specs: readonly string[],
): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  if (specs.length === 0) return out;
  // `rev:./path` is relative to the working directory, like every other path here.
  const names = specs.map((s) => s.replace(/:(?!\.\/)/, ':./'));
  const r = await git(repoDir, ['cat-file', '--batch'], `${names.join('\n')}\n`);
  if (!r.ok) throw new Error(`git cat-file failed: ${r.stderr.trim()}`);
  let at = 0;
  for (const spec of specs) {
    const nl = r.stdout.indexOf(0x0a, at);
    if (nl < 0) break;
    const header = r.stdout.subarray(at, nl).toString('utf8');
    at = nl + 1;
    const m = / (blob|tree|commit|tag) (\d+)$/.exec(header);
    if (!m) {
      out.set(spec, null); // "<name> missing" (or ambiguous)
      continue;
    }
    const size = Number(m[2]);
    out.set(spec, m[1] === 'blob' ? r.stdout.subarray(at, at + size).toString('utf8') : null);
    at += size + 1;
  }
  return out;
}
