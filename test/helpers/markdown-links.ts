import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

// Relative links and anchors in Markdown files, checked the way GitHub renders them: a link names a
// file or folder of the repository, an anchor a heading of the target file (GitHub's slugs).

export interface BrokenLink {
  /** The file holding the link, relative to the root. */
  file: string;
  line: number;
  target: string;
  reason: string;
}

/** Text outside fenced code blocks, with inline code spans blanked (same length, same lines). */
function prose(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split('\n').map((line) => {
    const m = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (m?.[1]) {
      const marker = m[1];
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return '';
    }
    if (fence !== undefined) return '';
    return line.replace(/(`+)[^`]*?\1/g, (s) => ' '.repeat(s.length));
  });
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as `-`, repeats numbered. */
export function headingSlugs(markdown: string): Set<string> {
  const slugs = new Set<string>();
  const counts = new Map<string, number>();
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f?.[1]) {
      if (fence === undefined) fence = f[1];
      else if (f[1][0] === fence[0] && f[1].length >= fence.length) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const h = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h?.[1]) continue;
    const text = h[1]
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link's text only
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-');
    const n = counts.get(text) ?? 0;
    counts.set(text, n + 1);
    slugs.add(n === 0 ? text : `${text}-${n}`);
  }
  return slugs;
}

const LINK = /!?\[(?:[^\]]|\][^(])*?\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;

/**
 * Every relative link of `files` (paths relative to `root`) whose file does not exist or whose
 * anchor names no heading. `pending`: files other work will add, accepted as existing (anchors into
 * them are not checked).
 */
export function brokenLinks(
  root: string,
  files: readonly string[],
  pending: readonly string[] = [],
): BrokenLink[] {
  const broken: BrokenLink[] = [];
  const slugCache = new Map<string, Set<string>>();
  const slugsOf = (abs: string) => {
    let s = slugCache.get(abs);
    if (!s) {
      s = headingSlugs(readFileSync(abs, 'utf8'));
      slugCache.set(abs, s);
    }
    return s;
  };
  for (const file of files) {
    const abs = join(root, file);
    const lines = prose(readFileSync(abs, 'utf8'));
    lines.forEach((text, i) => {
      for (const m of text.matchAll(LINK)) {
        const target = m[1] ?? '';
        if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // http:, mailto:
        const [path = '', anchor] = target.split('#', 2);
        const dest = path === '' ? abs : resolve(dirname(abs), decodeURIComponent(path));
        const rel = relative(root, dest).split(sep).join('/');
        const at = { file, line: i + 1, target };
        if (rel.startsWith('..')) {
          broken.push({ ...at, reason: 'points outside the repository' });
          continue;
        }
        if (pending.includes(rel)) continue;
        if (!existsSync(dest)) {
          broken.push({ ...at, reason: `no file ${rel}` });
          continue;
        }
        if (anchor === undefined || anchor === '') continue;
        if (!statSync(dest).isFile() || !dest.endsWith('.md')) {
          broken.push({ ...at, reason: `an anchor into ${rel}, which is not a Markdown file` });
        } else if (!slugsOf(dest).has(decodeURIComponent(anchor).toLowerCase())) {
          broken.push({ ...at, reason: `no heading #${anchor} in ${rel}` });
        }
      }
    });
  }
  return broken;
}
