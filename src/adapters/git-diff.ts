import { runGit } from './git-run.js';

// Which files a pull request or a push changed, from the checkout's own history (no API call).

export interface ChangedFile {
  status: 'A' | 'M' | 'D' | 'R' | 'C' | 'T';
  path: string;
}

export class GitDiffError extends Error {
  override readonly name = 'GitDiffError';
}

export async function changedFiles(
  dir: string,
  base: string,
  head: string,
  mergeBase = true,
): Promise<ChangedFile[]> {
  const range = mergeBase ? `${base}...${head}` : `${base}..${head}`;
  const r = await runGit(dir, ['diff', '--name-status', '--no-renames', '-z', range, '--']);
  if (!r.ok)
    throw new GitDiffError(
      `git diff ${range} failed (is the history fetched? use fetch-depth: 0): ${r.stderr.trim()}`,
    );
  const parts = r.stdout.toString('utf8').split('\u0000').filter(Boolean);
  const out: ChangedFile[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    out.push({
      status: (parts[i] as string).charAt(0) as ChangedFile['status'],
      path: parts[i + 1] as string,
    });
  }
  return out;
}

/** The committer time of a commit: a run's execution id is derived from it, so a re-run finds its record. */
export async function commitTime(dir: string, sha: string): Promise<Date> {
  const r = await runGit(dir, ['show', '-s', '--format=%cI', sha], { timeoutMs: 30_000 });
  if (!r.ok) throw new GitDiffError(`git show ${sha} failed: ${r.stderr.trim()}`);
  return new Date(r.stdout.toString('utf8').trim());
}
