// A unified diff of two texts, line by line, as `diff -u` prints it: what the dry-run preview shows
// between the live object and the object the API server would store. The alignment is jsdiff's
// (Myers); this module only prints its hunks the way the preview always has.
import { structuredPatch } from 'diff';

const CONTEXT = 3;
// Manifests are small, but a live object can be huge (a ConfigMap full of data). Myers costs
// (lines × edits); past this many edits jsdiff gives up, and the preview shows the whole old text
// removed and the new added rather than holding the plan job on an alignment nobody will read.
const MAX_EDIT_LENGTH = 2_000;

// jsdiff marks a text without a final newline with "\ No newline at end of file"; the preview
// compares objects, not files, so every text ends with exactly one newline.
const text = (t: string) => (t === '' ? '' : `${t.replace(/\n$/, '')}\n`);
const lines = (t: string) => (t === '' ? [] : t.replace(/\n$/, '').split('\n'));
// jsdiff's hunks count from the line after an empty range; diff -u names the line before it.
const range = (start: number, count: number) =>
  count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`;

/** `--- from` / `+++ to` and the hunks; '' when the texts are the same. */
export function unifiedDiff(before: string, after: string, from: string, to: string): string {
  const a = text(before);
  const b = text(after);
  if (a === b) return '';
  const patch = structuredPatch(from, to, a, b, undefined, undefined, {
    context: CONTEXT,
    maxEditLength: MAX_EDIT_LENGTH,
  });
  const out = [`--- ${from}`, `+++ ${to}`];
  if (patch === undefined) {
    const x = lines(a);
    const y = lines(b);
    out.push(`@@ -${range(1, x.length)} +${range(1, y.length)} @@`);
    for (const l of x) out.push(`-${l}`);
    for (const l of y) out.push(`+${l}`);
    return out.join('\n');
  }
  for (const h of patch.hunks) {
    out.push(`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`);
    out.push(...h.lines);
  }
  return out.join('\n');
}
