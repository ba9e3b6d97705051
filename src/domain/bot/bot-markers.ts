// The hidden markers by which the bot finds its own issues, comments and PRs. Bodies also carry
// text the bot did not write (captured logs, command output, anomaly inputs, humans' edits), so a
// marker counts only in the body's trailer: the marker lines that end it, outside any code fence.
// Captured text is put in fences it cannot close, and outside fences its `<!--` cannot open a
// comment, so it can never forge a marker line the bot reads.

const MARKER_LINE = /^<!-- intentops:([a-z][a-z-]*)(?:=([^\s<>]*))? -->$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;

export const marker = (key: string, value?: string) =>
  `<!-- intentops:${key}${value === undefined ? '' : `=${value}`} -->`;

export const isMarkerLine = (line: string) => MARKER_LINE.test(line);

/**
 * The markers (key → value, '' for none) of `body`'s trailer: the run of marker lines at its end
 * (blank lines between them allowed). Lines inside a code fence never count: a fence left open
 * swallows everything after it, as GitHub renders it.
 */
export function trailerMarkers(body: string | null | undefined): Map<string, string> {
  const lines = (body ?? '').replace(/\r\n?/g, '\n').split('\n');
  const { fenced } = scanFences(lines);
  const out = new Map<string, string>();
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const m = MARKER_LINE.exec(line);
    if (!m || fenced[i]) break;
    if (!out.has(m[1] as string)) out.set(m[1] as string, m[2] ?? '');
  }
  return out;
}

/**
 * For each line, whether it belongs to a code fence (its delimiters included), and the fence still
 * open after the last line (null when none). CommonMark: a fence is closed by the same character,
 * at least as many, and nothing else on the line.
 */
export function scanFences(lines: readonly string[]): { fenced: boolean[]; open: string | null } {
  const fenced: boolean[] = [];
  let open: string | null = null;
  for (const line of lines) {
    if (open === null) {
      const m = FENCE_OPEN.exec(line);
      fenced.push(!!m);
      if (m) open = m[1] as string;
    } else {
      fenced.push(true);
      const close = new RegExp(`^ {0,3}${open[0] === '`' ? '`' : '~'}{${open.length},}[ \\t]*$`);
      if (close.test(line)) open = null;
    }
  }
  return { fenced, open };
}

/** The value of one trailer marker, or undefined. */
export const trailerMarker = (body: string | null | undefined, key: string) => trailerMarkers(body).get(key);

/** A fenced block `text` cannot close: the fence is longer than any run of its character inside. */
export function fenced(text: string, info = ''): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text.replace(/\n$/, '')}\n${fence}`;
}

/** Captured text for inline use: one line, so it cannot start a line of its own (a marker, a fence). */
export const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ');
