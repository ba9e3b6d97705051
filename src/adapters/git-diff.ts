import { execFile } from 'node:child_process';

// Which files a pull request or a push changed, from the checkout's own history (no API call).

export interface ChangedFile {
  status: 'A' | 'M' | 'D' | 'R' | 'C' | 'T';
  path: string;
}

export class GitDiffError extends Error {
  override readonly name = 'GitDiffError';
}

export function changedFiles(
  dir: string,
  base: string,
  head: string,
  mergeBase = true,
): Promise<ChangedFile[]> {
  const range = mergeBase ? `${base}...${head}` : `${base}..${head}`;
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['diff', '--name-status', '--no-renames', '-z', range, '--'],
      { cwd: dir, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
      (err, stdout, stderr) => {
        if (err) {
          reject(
            new GitDiffError(
              `git diff ${range} failed (is the history fetched? use fetch-depth: 0): ${String(stderr).trim()}`,
            ),
          );
          return;
        }
        const parts = String(stdout).split('\u0000').filter(Boolean);
        const out: ChangedFile[] = [];
        for (let i = 0; i + 1 < parts.length; i += 2) {
          out.push({
            status: (parts[i] as string).charAt(0) as ChangedFile['status'],
            path: parts[i + 1] as string,
          });
        }
        resolve(out);
      },
    );
  });
}

/** The committer time of a commit: a run's execution id is derived from it, so a re-run finds its record. */
export function commitTime(dir: string, sha: string): Promise<Date> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['show', '-s', '--format=%cI', sha],
      { cwd: dir, timeout: 30_000 },
      (err, stdout, stderr) => {
        if (err) reject(new GitDiffError(`git show ${sha} failed: ${String(stderr).trim()}`));
        else resolve(new Date(String(stdout).trim()));
      },
    );
  });
}
