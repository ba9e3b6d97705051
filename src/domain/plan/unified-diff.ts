// A unified diff of two texts, line by line, as `diff -u` prints it: what the dry-run preview shows
// between the live object and the object the API server would store. Manifests are small; past
// MAX_CELLS the diff gives up on alignment and shows the whole old text removed and the new added.

const CONTEXT = 3;
const MAX_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; line: string };

function ops(a: readonly string[], b: readonly string[]): Op[] {
  // Common head and tail first: most objects differ in a few lines.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const middle: Op[] = [];
  if (x.length * y.length > MAX_CELLS) {
    for (const line of x) middle.push({ kind: '-', line });
    for (const line of y) middle.push({ kind: '+', line });
  } else {
    // Longest common subsequence, lengths from the end.
    const w = y.length + 1;
    const lcs = new Uint32Array((x.length + 1) * w);
    for (let i = x.length - 1; i >= 0; i--)
      for (let j = y.length - 1; j >= 0; j--)
        lcs[i * w + j] =
          x[i] === y[j]
            ? (lcs[(i + 1) * w + j + 1] as number) + 1
            : Math.max(lcs[(i + 1) * w + j] as number, lcs[i * w + j + 1] as number);
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        middle.push({ kind: ' ', line: x[i] as string });
        i++;
        j++;
      } else if (
        j < y.length &&
        (i >= x.length || (lcs[i * w + j + 1] as number) >= (lcs[(i + 1) * w + j] as number))
      ) {
        middle.push({ kind: '+', line: y[j] as string });
        j++;
      } else {
        middle.push({ kind: '-', line: x[i] as string });
        i++;
      }
    }
    // Removals before additions within a run of changes, as diff -u prints them.
    for (let s = 0; s < middle.length; ) {
      if ((middle[s] as Op).kind === ' ') {
        s++;
        continue;
      }
      let e = s;
      while (e < middle.length && (middle[e] as Op).kind !== ' ') e++;
      const run = middle.slice(s, e);
      middle.splice(s, e - s, ...run.filter((o) => o.kind === '-'), ...run.filter((o) => o.kind === '+'));
      s = e;
    }
  }
  return [
    ...a.slice(0, head).map((line): Op => ({ kind: ' ', line })),
    ...middle,
    ...a.slice(a.length - tail).map((line): Op => ({ kind: ' ', line })),
  ];
}

const lines = (t: string) => (t === '' ? [] : t.replace(/\n$/, '').split('\n'));
const range = (start: number, count: number) =>
  count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`;

/** `--- from` / `+++ to` and the hunks; '' when the texts are the same. */
export function unifiedDiff(before: string, after: string, from: string, to: string): string {
  const all = ops(lines(before), lines(after));
  if (all.every((o) => o.kind === ' ')) return '';
  const out = [`--- ${from}`, `+++ ${to}`];
  const changed = all.map((o, i) => (o.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, (changed[k] as number) - CONTEXT);
    let end = (changed[k] as number) + CONTEXT;
    while (k + 1 < changed.length && (changed[k + 1] as number) - CONTEXT <= end + 1) {
      k++;
      end = (changed[k] as number) + CONTEXT;
    }
    end = Math.min(end, all.length - 1);
    k++;
    let aStart = 1;
    let bStart = 1;
    for (let i = 0; i < start; i++) {
      if ((all[i] as Op).kind !== '+') aStart++;
      if ((all[i] as Op).kind !== '-') bStart++;
    }
    const hunk = all.slice(start, end + 1);
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${range(aStart, aCount)} +${range(bStart, bCount)} @@`);
    for (const o of hunk) out.push(`${o.kind}${o.line}`);
  }
  return out.join('\n');
}
