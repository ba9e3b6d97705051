// What a request file is, decided in one place for validate, plan and the reconcile: a path one of
// them reads differently from the others is a request a reviewer never saw and the reconcile runs
// (issue 23: `a.yaml ` with a trailing space was skipped by plan, then trimmed into `a.yaml` by the
// reconcile and run again). The path is taken exactly as git or the file system gives it — never
// trimmed or normalised — and the name set is small enough that two requests cannot look alike.

export const REQUESTS_DIR = 'intents/requests/';

/** What sits at a path: git's tree mode or the file system's lstat, never following a link. */
export type EntryType = 'file' | 'symlink' | 'other';

export type RequestPathKind =
  | { kind: 'request' }
  | { kind: 'not-request' }
  | { kind: 'refused'; reason: string };

/** Lowercase ASCII letters, digits, '.', '_' and '-', starting and ending with a letter or digit. */
const REQUEST_NAME = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?\.ya?ml$/;
/** Files that may sit beside requests without being one: a folder keeper, notes. */
const COMPANION = /^(?:\.gitkeep|\.keep|[A-Za-z0-9][A-Za-z0-9._-]*\.md)$/;
const EXPECTED =
  "expected intents/requests/<name>.yaml, <name> of lowercase letters, digits, '.', '_' and '-', starting and ending with a letter or digit (.yml is read too)";

/** The entry type of a git tree mode (`100644`, `120000`…). */
export function entryOfGitMode(mode: string): EntryType {
  if (mode === '100644' || mode === '100755') return 'file';
  return mode === '120000' ? 'symlink' : 'other';
}

export function classifyRequestPath(path: string, entry: EntryType = 'file'): RequestPathKind {
  if (!path.startsWith(REQUESTS_DIR) || path === REQUESTS_DIR) return { kind: 'not-request' };
  const name = path.slice(REQUESTS_DIR.length);
  // A link would make one request read another file (or one outside the repository) under its name.
  if (entry !== 'file') {
    const what = entry === 'symlink' ? 'is a symbolic link' : 'is not a regular file';
    return {
      kind: 'refused',
      reason: `not a request file: ${visiblePath(path)} ${what}; a request is a file committed in intents/requests/`,
    };
  }
  if (!name.includes('/') && COMPANION.test(name)) return { kind: 'not-request' };
  if (!name.includes('/') && REQUEST_NAME.test(name)) return { kind: 'request' };
  return {
    kind: 'refused',
    reason: `not a request file name: ${visiblePath(path)} ${whyNot(name)}; ${EXPECTED}`,
  };
}

/** The first thing wrong with a name, in the words a reviewer needs to spot it. */
function whyNot(name: string): string {
  if (name.includes('/')) return 'is in a subfolder';
  const codes = [...name].map((ch) => ch.codePointAt(0) ?? 0);
  if (codes.some((c) => c < 0x20 || c === 0x7f)) return 'has a line break or control character';
  const foreign = codes.find((c) => c > 0x7f);
  if (foreign !== undefined) {
    const code = foreign.toString(16).toUpperCase().padStart(4, '0');
    return `has a non-ASCII character (U+${code}), which can look like another name`;
  }
  if (name.startsWith(' ')) return 'starts with a space';
  if (name.endsWith(' ')) return 'ends in a space';
  if (name.includes(' ')) return 'has a space';
  if (/[A-Z]/.test(name)) return 'has an uppercase letter';
  if (!/^[a-z0-9]/.test(name)) return `starts with '${name.charAt(0)}'`;
  if (!/\.ya?ml$/.test(name)) return 'does not end in .yaml or .yml';
  const stem = name.replace(/\.ya?ml$/, '');
  if (!/[a-z0-9]$/.test(stem)) return `ends its name with '${stem.slice(-1)}'`;
  const odd = /[^a-z0-9._-]/.exec(stem)?.[0] ?? '?';
  return `has the character '${odd}'`;
}

/**
 * A path as a reviewer must see it: as is when it is printable ASCII that neither starts nor ends
 * with a space, else quoted, with its spaces kept and every control or non-ASCII character escaped
 * (`\n`, `\u0430`), so `a.yaml ` and `а.yaml` never read as `a.yaml`.
 */
export function visiblePath(path: string): string {
  const plain = [...path].every((ch) => ch >= ' ' && ch <= '~');
  if (plain && !path.startsWith(' ') && !path.endsWith(' ')) return path;
  let out = '';
  for (const ch of path) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code >= 0x20 && code <= 0x7e) out += ch;
    else if (code > 0xffff) out += `\\u{${code.toString(16)}}`;
    else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `"${out}"`;
}
