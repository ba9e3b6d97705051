import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { stringify } from 'yaml';
import { rollupPath } from '../domain/records/rollup.js';
import { type Rollup, type RollupEntry, RollupSchema } from '../domain/schemas/rollup.js';

// executions/rollups/<YYYY>-W<ww>.yaml: read (js-yaml core schema, like records, so digests see the
// values as written) and written atomically (temp file, then rename).

export const ROLLUP_DIR = 'executions/rollups';
const HEADER = '# yaml-language-server: $schema=../../schemas/rollup.schema.json\n';
const WEEK_FILE = /^\d{4}-W\d{2}\.yaml$/;

export type RollupFile = { path: string; rollup: Rollup } | { path: string; error: string };

export async function readRollupFiles(repoDir: string): Promise<RollupFile[]> {
  const names = (await readdir(join(repoDir, ROLLUP_DIR)).catch(() => [] as string[]))
    .filter((n) => WEEK_FILE.test(n))
    .sort();
  return Promise.all(
    names.map(async (n): Promise<RollupFile> => {
      const path = `${ROLLUP_DIR}/${n}`;
      let raw: unknown;
      try {
        raw = load(await readFile(join(repoDir, path), 'utf8'), { schema: CORE_SCHEMA, filename: path });
      } catch (err) {
        return { path, error: `not YAML: ${(err as Error).message.split('\n')[0]}` };
      }
      const parsed = RollupSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return {
          path,
          error: `not a rollup${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}: ${issue?.message}`,
        };
      }
      return { path, rollup: raw as Rollup };
    }),
  );
}

export async function readRollup(repoDir: string, week: string): Promise<Rollup | undefined> {
  const file = (await readRollupFiles(repoDir)).find((f) => f.path === rollupPath(week));
  if (!file) return undefined;
  if ('error' in file) throw new Error(`${file.path}: ${file.error}`);
  return file.rollup;
}

export function serializeRollup(r: Rollup): string {
  return HEADER + stringify(r, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Replaces the week's rollup in one rename: a reader sees the old file or the new, never half. */
export async function writeRollup(repoDir: string, r: Rollup): Promise<string> {
  const rel = rollupPath(r.week);
  const target = join(repoDir, rel);
  await mkdir(dirname(target), { recursive: true });
  const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, serializeRollup(r), { flag: 'wx' });
    await rename(tmp, target);
  } finally {
    await unlink(tmp).catch(() => {});
  }
  return rel;
}

/**
 * Every pruned record's entry, oldest first, for learning over long windows. An id appears once;
 * an entry whose record is still in the tree (a prune interrupted between writing the rollup and
 * removing the records) is left out, so reading records plus rollups never counts a run twice.
 * Unreadable rollup files are skipped here (`audit verify` reports them). Each entry names its
 * rollup file (`rollupPath`), so learning can ask who wrote it.
 */
export async function readRollups(repoDir: string): Promise<(RollupEntry & { rollupPath: string })[]> {
  const byId = new Map<string, RollupEntry & { rollupPath: string }>();
  for (const f of await readRollupFiles(repoDir)) {
    if ('error' in f) continue;
    for (const e of f.rollup.records) if (!byId.has(e.id)) byId.set(e.id, { ...e, rollupPath: f.path });
  }
  const days = new Map<string, Set<string>>();
  for (const e of byId.values()) {
    const dir = dirname(e.path);
    if (!days.has(dir)) days.set(dir, new Set(await readdir(join(repoDir, dir)).catch(() => [] as string[])));
  }
  return [...byId.values()]
    .filter((e) => !days.get(dirname(e.path))?.has(e.path.slice(dirname(e.path).length + 1)))
    .sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
}
