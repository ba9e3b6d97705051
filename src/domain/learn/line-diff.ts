// A unified line diff of one file change, for `learn --dry-run` and the suggestion PR body, as
// `git diff` prints it. The alignment is jsdiff's; this module only prints the headers and hunks.
import { structuredPatch } from 'diff';

const CONTEXT = 2;

// jsdiff marks a text without a final newline with "\ No newline at end of file"; a policy file's
// last newline is not what a reviewer needs to read, so every text ends with exactly one.
// jsdiff's hunks count from the line after an empty range; git diff names the line before it.
const range = (start: number, count: number) => `${count === 0 ? start - 1 : start},${count}`;

const text = (t: string) => (t === '' ? '' : `${t.replace(/\n$/, '')}\n`);

export function lineDiff(path: string, before: string | null, after: string): string {
  const from = before === null ? '/dev/null' : `a/${path}`;
  const patch = structuredPatch(from, `b/${path}`, text(before ?? ''), text(after), undefined, undefined, {
    context: CONTEXT,
  });
  const out = [`--- ${from}`, `+++ b/${path}`];
  for (const h of patch.hunks) {
    out.push(`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`);
    out.push(...h.lines);
  }
  return out.join('\n');
}
