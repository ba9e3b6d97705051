import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Git } from './git.js';

// The execute job checks its repository out without the dated record folders (a sparse checkout, see
// .github/workflows/execute.yml): after a year they are most of the repository's files, and checking
// them out was most of the job's start. Whatever reads records asks here for the days it needs
// first, and only those are checked out. In a full checkout (every other job, the CLI) nothing happens.

/** The pattern line the execute job's checkout leaves the record folders out with. */
export const RECORD_DAYS_LEFT_OUT = '!/executions/2*/';

/** A `fromDay` after every folder: only the newest (the chain's tip) is needed. */
export const NEWEST_ONLY = '9999-12-31';

/** Our lines among the sparse patterns: record folders left out (all of them, a month or a day). */
const OURS = /^!\/executions\/\d[^/]*\/$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** repoDir → the earliest day already checked out in this process ('' = every day). */
const checkedOut = new Map<string, string>();

function leftOutBy(lines: readonly string[], day: string): boolean {
  return lines.some((l) => {
    const glob = l.slice('!/executions/'.length, -1);
    return glob.endsWith('*') ? day.startsWith(glob.slice(0, -1)) : day === glob;
  });
}

/** The lines that leave out exactly `days`: whole months as one line, the rest day by day. */
function leaveOut(days: readonly string[], treeDays: readonly string[]): string[] {
  const byMonth = new Map<string, string[]>();
  for (const d of days) byMonth.set(d.slice(0, 7), [...(byMonth.get(d.slice(0, 7)) ?? []), d]);
  return [...byMonth].flatMap(([month, left]) =>
    left.length === treeDays.filter((d) => d.startsWith(month)).length
      ? [`!/executions/${month}-*/`]
      : left.map((d) => `!/executions/${d}/`),
  );
}

/**
 * Makes the record folders of `fromDay` and later present, and always the newest one (the record
 * chain's tip); null: every folder. Never leaves out a folder that is checked out.
 */
export async function checkOutRecordDays(repoDir: string, fromDay: string | null): Promise<void> {
  const from = fromDay ?? '';
  const done = checkedOut.get(repoDir);
  if (done !== undefined && done <= from) return;
  const git = new Git(repoDir);
  // Most checkouts are full: no git process to find that out (a worktree's .git is a file: ask git).
  const dotGit = join(repoDir, '.git');
  const full =
    existsSync(dotGit) &&
    statSync(dotGit).isDirectory() &&
    !existsSync(join(dotGit, 'info', 'sparse-checkout'));
  const patterns = full ? null : await git.sparsePatterns();
  const ours = patterns?.filter((l) => OURS.test(l)) ?? [];
  if (!patterns || ours.length === 0) {
    checkedOut.set(repoDir, '');
    return;
  }
  const treeDays = (await git.treeNames('executions')).filter((d) => DAY.test(d)).sort();
  const newest = treeDays.at(-1);
  const left = treeDays.filter((d) => d < from && d !== newest && leftOutBy(ours, d));
  const next = [...patterns.filter((l) => !OURS.test(l)), ...leaveOut(left, treeDays)];
  if (next.length === 0 || next[0]?.startsWith('!')) next.unshift('/*');
  if (next.join('\n') !== patterns.join('\n')) await git.setSparsePatterns(next);
  checkedOut.set(repoDir, from);
}
