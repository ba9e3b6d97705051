import { type Dirent, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { classifyRequestPath, type EntryType, REQUESTS_DIR } from '../../domain/request/request-path.js';

// Which files under intents/ are which kind: the path decides, so a misplaced file is reported
// instead of silently read as something else. Files are listed and read synchronously: they are
// tens of small files, and node:fs/promises alone loads readline, streams and fs watchers (~3 ms of
// every `validate`).

export type FileKind =
  | 'intent'
  | 'outcomes'
  | 'anomaly-rules'
  | 'policy'
  | 'learning'
  | 'notify'
  | 'execute'
  | 'environments'
  | 'request';

export function kindOf(relPath: string): FileKind | undefined {
  const p = relPath.split(sep).join('/');
  // The one definition the reconcile uses too: what it would not run is no request here either.
  if (p.startsWith(REQUESTS_DIR)) return classifyRequestPath(p).kind === 'request' ? 'request' : undefined;
  if (!/\.ya?ml$/.test(p)) return undefined;
  if (/^intents\/catalog\/[^/]+$/.test(p)) return 'intent';
  if (/^intents\/outcomes\/[^/]+$/.test(p)) return 'outcomes';
  if (/^intents\/anomaly-rules\/[^/]+$/.test(p)) return 'anomaly-rules';
  if (/^intents\/policies\/[^/]+$/.test(p)) return 'policy';
  if (p === 'intents/learning.yaml' || p === 'intents/learning.yml') return 'learning';
  if (p === 'intents/notify.yaml' || p === 'intents/notify.yml') return 'notify';
  if (p === 'intents/execute.yaml' || p === 'intents/execute.yml') return 'execute';
  if (p === 'intents/environments.yaml' || p === 'intents/environments.yml') return 'environments';
  return undefined;
}

/** The file's base name without .yaml/.yml: intent and rule files are named after their intent. */
export function stem(relPath: string): string {
  return (relPath.split('/').pop() ?? relPath).replace(/\.ya?ml$/, '');
}

/**
 * Pairs of paths that differ only by .yaml/.yml. The loader keys intents, outcome specs, rules,
 * learning and notify by that shared name, so one file would silently replace the other; two
 * such requests would both run.
 */
export function extensionTwins(paths: readonly string[]): [string, string][] {
  const byName = new Map<string, string[]>();
  for (const p of new Set(paths)) {
    const name = p.replace(/\.ya?ml$/, '');
    byName.set(name, [...(byName.get(name) ?? []), p]);
  }
  return [...byName.values()]
    .filter((group) => group.length > 1)
    .map((group) => group.sort() as [string, string]);
}

/**
 * Every file validate reads or reports: the definitions, and everything in intents/requests/ that
 * is a request or pretends to be one. That folder is listed entry by entry, not globbed: a glob
 * passes over `a.yaml ` or `A.YAML` in silence, and a reviewer must see them.
 */
export function listIntentFiles(repoDir: string): string[] {
  const requests = requestFolderEntries(repoDir)
    .filter((e) => classifyRequestPath(e.path, e.entry).kind !== 'not-request')
    .map((e) => e.path);
  return [...definitionFiles(repoDir), ...requests].sort();
}

/**
 * The .yaml and .yml files under intents/ outside intents/requests/, hidden files and folders left
 * out. A link is listed (reading it refuses one that leads out of the repository) unless it leads to
 * a folder: folders are walked as they are, links to them not followed.
 */
function definitionFiles(repoDir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(join(repoDir, 'intents'), { recursive: true, withFileTypes: true });
  } catch {
    return []; // no intents folder
  }
  return entries
    .filter((e) => /\.ya?ml$/.test(e.name) && (e.isFile() || (e.isSymbolicLink() && !isFolder(e))))
    .map((e) => relative(repoDir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((p) => !p.startsWith(REQUESTS_DIR) && !p.split('/').some((part) => part.startsWith('.')));
}

function isFolder(e: Dirent): boolean {
  try {
    return statSync(join(e.parentPath, e.name)).isDirectory();
  } catch {
    return false; // a link to nothing, or a loop: reading it says so
  }
}

/** Each entry under intents/requests/, subfolders walked, links not followed. */
function requestFolderEntries(repoDir: string, sub = ''): { path: string; entry: EntryType }[] {
  let dirents: Dirent[];
  try {
    dirents = readdirSync(join(repoDir, REQUESTS_DIR, sub), { withFileTypes: true });
  } catch {
    return []; // no requests folder
  }
  return dirents.flatMap((d) => {
    const rel = `${sub}${d.name}`;
    if (d.isDirectory()) return requestFolderEntries(repoDir, `${rel}/`);
    const entry: EntryType = d.isSymbolicLink() ? 'symlink' : d.isFile() ? 'file' : 'other';
    return [{ path: `${REQUESTS_DIR}${rel}`, entry }];
  });
}

/** What sits at a path in the working tree, by lstat: a link is a link, wherever it points. */
export function entryOnDisk(repoDir: string, rel: string): EntryType {
  try {
    const info = lstatSync(join(repoDir, rel));
    return info.isSymbolicLink() ? 'symlink' : info.isFile() ? 'file' : 'other';
  } catch {
    return 'file'; // missing: reading it says so
  }
}

export const MAX_FILE_BYTES = 1024 * 1024;

export class OutsideRepoError extends Error {
  override readonly name = 'OutsideRepoError';
}

/**
 * A file over the limit is refused by its size, without reading it; a symlink that leads out of
 * the repository is refused, so a request cannot make the bot read (and quote) /etc/passwd. `real`:
 * the file's real path.
 */
export function readBounded(
  repoDir: string,
  rel: string,
  realRoot?: string,
): { bytes: Uint8Array; real: string } | { tooLarge: number } {
  const real = realpathSync(join(repoDir, rel));
  const root = realRoot ?? realpathSync(repoDir);
  if (real !== root && !real.startsWith(root + sep)) {
    throw new OutsideRepoError(`is a link to ${real}, outside the repository; refusing to read it`);
  }
  const info = statSync(real);
  if (info.size > MAX_FILE_BYTES) return { tooLarge: info.size };
  return { bytes: readFileSync(real), real };
}

/** The repository's real path, or undefined when it cannot be resolved (each read then fails alone). */
export function realRepoRoot(repoDir: string): string | undefined {
  try {
    return realpathSync(repoDir);
  } catch {
    return undefined;
  }
}

export function toRepoPath(repoDir: string, p: string): string {
  return relative(repoDir, join(repoDir, p)).split(sep).join('/');
}
