import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from './git-run.js';

// A three-way merge of one file's text with `git merge-file`: what changed between base and theirs
// is brought into ours; where ours changed the same lines, both are kept between conflict markers
// (`<<<<<<< ours-label`, `=======`, `>>>>>>> theirs-label`) for a person to choose. Runs outside any
// repository, on copies in a temporary folder.

export interface MergeFileInput {
  ours: string;
  base: string;
  theirs: string;
  /** Names shown on the conflict markers. */
  labels: { ours: string; base: string; theirs: string };
}

export interface MergeFileResult {
  text: string;
  /** Conflicting hunks left in `text` (0: a clean merge). */
  conflicts: number;
}

export async function mergeFile(m: MergeFileInput): Promise<MergeFileResult> {
  const dir = await mkdtemp(join(tmpdir(), 'intentops-merge-'));
  try {
    await Promise.all([
      writeFile(join(dir, 'ours'), m.ours),
      writeFile(join(dir, 'base'), m.base),
      writeFile(join(dir, 'theirs'), m.theirs),
    ]);
    const r = await runGit(dir, [
      'merge-file',
      '-p',
      '-L',
      m.labels.ours,
      '-L',
      m.labels.base,
      '-L',
      m.labels.theirs,
      'ours',
      'base',
      'theirs',
    ]);
    // The exit code is the number of conflicts (at most 127); a negative one (255) is an error.
    if (r.code === null || r.code > 127) throw new Error(`git merge-file failed: ${r.stderr.trim()}`);
    return { text: r.stdout.toString('utf8'), conflicts: r.code };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
