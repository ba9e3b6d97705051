// A unified-style line diff of one file change, for `learn --dry-run`: the suggestions mostly add a
// policy or a step, so trimming the common head and tail and showing the middle as -/+ lines (with
// a little context) reads like `git diff` without pulling in a diff library.

const CONTEXT = 2;

export function lineDiff(path: string, before: string | null, after: string): string {
  const a = before === null ? [] : before.replace(/\n$/, '').split('\n');
  const b = after.replace(/\n$/, '').split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const from = Math.max(0, head - CONTEXT);
  const lines = [`--- ${before === null ? '/dev/null' : `a/${path}`}`, `+++ b/${path}`];
  lines.push(
    `@@ -${a.length ? from + 1 : 0},${a.length - tail - from + Math.min(CONTEXT, tail)} +${from + 1},${b.length - tail - from + Math.min(CONTEXT, tail)} @@`,
  );
  for (const l of a.slice(from, head)) lines.push(` ${l}`);
  for (const l of a.slice(head, a.length - tail)) lines.push(`-${l}`);
  for (const l of b.slice(head, b.length - tail)) lines.push(`+${l}`);
  for (const l of b.slice(b.length - tail, b.length - tail + CONTEXT)) lines.push(` ${l}`);
  return lines.join('\n');
}
