// `git log --raw -z` (and `git diff-tree --raw -z`) read as git writes it. With -z a path is one
// NUL-terminated field, byte for byte: a trailing space or a line break is part of the name, never
// something to trim. Each path follows its `:mode mode sha sha status` field, so the reader always
// knows which field is a path, however odd the path (it may even start with ':' or hold \x01).

export interface RawChange {
  /** A added, M modified, D deleted, T type changed (as `--raw` says; renames are off). */
  status: string;
  /** The tree mode the path has after the change (before it, for a deletion): 100644, 120000… */
  mode: string;
  path: string;
}

export interface RawCommit {
  /** What the `--format` wrote after its leading \x01; '' for changes before any header. */
  header: string;
  changes: RawChange[];
}

const RAW = /^\n?:(\d{6}) (\d{6}) [0-9a-f]+ [0-9a-f]+ ([A-Z])\d*$/;
/** A `--format` header: its fields start with \x01 (after the newline that ends a commit's changes). */
function headerOf(field: string): string | undefined {
  const at = field.startsWith('\n') ? 1 : 0;
  return field.charAt(at) === '\x01' ? field.slice(at + 1) : undefined;
}

/**
 * Splits the output of a `--raw -z` log whose `--format` starts with %x01 into its commits, in
 * git's order. Throws on a field that is neither a header nor a change: better no answer than a
 * path read from the wrong field.
 */
export function parseRawLog(out: string): RawCommit[] {
  const fields = out.split('\0');
  const commits: RawCommit[] = [];
  let current: RawCommit | undefined;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as string;
    if (field === '' || field === '\n') continue;
    const header = headerOf(field);
    if (header !== undefined) {
      current = { header, changes: [] };
      commits.push(current);
      continue;
    }
    const raw = RAW.exec(field);
    const path = fields[i + 1];
    if (!raw || path === undefined) throw new Error(`unexpected git output field ${JSON.stringify(field)}`);
    i++;
    if (!current) {
      current = { header: '', changes: [] };
      commits.push(current);
    }
    const status = raw[3] as string;
    current.changes.push({ status, mode: (status === 'D' ? raw[1] : raw[2]) as string, path });
  }
  return commits;
}
