import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';

// The scorecard's per-record facts, kept by the hash of each record file's text inside the clone's
// git directory (never committed, never shared): a record is written once, so the facts of text
// seen before are reused instead of parsing, hashing and replaying it again. A different text has a
// different hash: an edited record is always looked at afresh. Written atomically (temp, rename).

const FILE = 'intentops/scorecard-facts.json';
const LISTING_FILE = 'intentops/incident-listing.json';

/** `<repo>/.git/intentops/scorecard-facts.json` (a worktree's own git dir too); undefined without git. */
export async function scorecardCachePath(repoDir: string): Promise<string | undefined> {
  return gitDirFile(repoDir, FILE);
}

/** `<repo>/.git/intentops/incident-listing.json`: the incident listing's pages and their ETags. */
export async function listingCachePath(repoDir: string): Promise<string | undefined> {
  return gitDirFile(repoDir, LISTING_FILE);
}

async function gitDirFile(repoDir: string, file: string): Promise<string | undefined> {
  const dotGit = join(repoDir, '.git');
  const s = await stat(dotGit).catch(() => undefined);
  if (!s) return undefined;
  if (s.isDirectory()) return join(dotGit, file);
  const m = /^gitdir: (.+)$/m.exec(await readFile(dotGit, 'utf8').catch(() => ''));
  if (!m?.[1]) return undefined;
  const gitDir = m[1].trim();
  return join(isAbsolute(gitDir) ? gitDir : join(repoDir, gitDir), file);
}

export async function readFactsCache<T>(path: string, version: string): Promise<Map<string, T>> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as { version?: unknown; facts?: unknown };
    if (parsed.version !== version || !parsed.facts || typeof parsed.facts !== 'object') return new Map();
    return new Map(Object.entries(parsed.facts as Record<string, T>));
  } catch {
    // Missing or unreadable: computed again, and written anew.
    return new Map();
  }
}

export async function writeFactsCache<T>(
  path: string,
  version: string,
  facts: Map<string, T>,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify({ version, facts: Object.fromEntries(facts) }), { flag: 'wx' });
    await rename(tmp, path);
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

/** A JSON cache file of this version, or undefined (missing, unreadable, another version). */
export async function readJsonCache<T>(path: string, version: string): Promise<T | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as { version?: unknown; data?: unknown };
    return parsed.version === version && parsed.data && typeof parsed.data === 'object'
      ? (parsed.data as T)
      : undefined;
  } catch {
    return undefined;
  }
}

export async function writeJsonCache(path: string, version: string, data: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify({ version, data }), { flag: 'wx' });
    await rename(tmp, path);
  } finally {
    await unlink(tmp).catch(() => {});
  }
}
