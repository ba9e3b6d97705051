import { isMap, isScalar, parseDocument } from 'yaml';

// A workflow merged job by job. A merge of whole files lines up equal lines wherever they are, and a
// workflow repeats itself: 0.2.0's execute job and this version's retry job share their checkout and
// env lines, so a user's `fetch-depth: 50` in the execute job came out in the retry job. Cut at the
// job keys (found with the YAML parser, whatever the indentation), each job is merged with the same
// job of base and theirs; what is before the jobs (triggers, permissions, concurrency) and after
// them is merged as one piece each.

export type TextMerge = (
  ours: string,
  base: string,
  theirs: string,
) => Promise<{ text: string; conflicts: number }>;

interface Pieces {
  head: string;
  jobs: Map<string, string>;
  tail: string;
}

/** The workflow cut at its job keys; undefined when it does not parse or has no jobs map. */
export function cutAtJobs(text: string): Pieces | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const top = doc.contents.items;
  const at = top.findIndex((p) => isScalar(p.key) && p.key.value === 'jobs');
  const jobs = top[at]?.value;
  if (!isMap(jobs) || jobs.items.length === 0) return undefined;
  const lineStart = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  const starts: [string, number][] = [];
  for (const p of jobs.items) {
    if (!isScalar(p.key) || !p.key.range) return undefined;
    starts.push([String(p.key.value), lineStart(p.key.range[0])]);
  }
  const next = top[at + 1]?.key;
  const end = isScalar(next) && next.range ? lineStart(next.range[0]) : text.length;
  const out: Pieces = { head: text.slice(0, starts[0]?.[1]), jobs: new Map(), tail: text.slice(end) };
  starts.forEach(([name, start], i) => {
    out.jobs.set(name, text.slice(start, starts[i + 1]?.[1] ?? end));
  });
  return out;
}

const withNewline = (s: string) => (s === '' || s.endsWith('\n') ? s : `${s}\n`);

/** Three-way merge of a workflow, job by job; a whole-file merge when one of the three cannot be cut. */
export async function mergeByJob(ours: string, base: string, theirs: string, merge: TextMerge) {
  const [o, b, t] = [cutAtJobs(ours), cutAtJobs(base), cutAtJobs(theirs)];
  if (!o || !b || !t) return merge(ours, base, theirs);
  let conflicts = 0;
  const piece = async (x: string, y: string, z: string) => {
    if (x === z || y === z) return x; // theirs brings nothing, or both made the same change
    if (x === y) return z; // only theirs changed it
    const r = await merge(x, y, z);
    conflicts += r.conflicts;
    return r.text;
  };
  const head = await piece(o.head, b.head, t.head);
  // The user's order of jobs; a job new in theirs goes after the one before it there.
  const order = [...o.jobs.keys()];
  [...t.jobs.keys()].forEach((name, i, names) => {
    if (order.includes(name) || b.jobs.has(name)) return;
    const after = names
      .slice(0, i)
      .reverse()
      .find((n) => order.includes(n));
    order.splice(after === undefined ? 0 : order.indexOf(after) + 1, 0, name);
  });
  let jobs = '';
  for (const name of order) {
    const merged = await piece(o.jobs.get(name) ?? '', b.jobs.get(name) ?? '', t.jobs.get(name) ?? '');
    jobs += withNewline(merged);
  }
  const tail = await piece(o.tail, b.tail, t.tail);
  return { text: withNewline(head) + jobs + tail, conflicts };
}
