import { randomBytes } from 'node:crypto';
import { access, link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { recordPath } from '../domain/record.js';
import { type ExecutionRecord, ExecutionRecordSchema } from '../domain/schemas/record.js';
import { parseRecordText } from './record-scan.js';

export class RecordExistsError extends Error {
  override readonly name = 'RecordExistsError';
  constructor(readonly path: string) {
    super(`execution record ${path} exists already; records are never rewritten`);
  }
}

const HEADER = '# yaml-language-server: $schema=../../schemas/record.schema.json\n';

/** Keys in the schema's order (the seed's first), whatever order the record was built in. */
const KEY_ORDER = Object.keys(ExecutionRecordSchema.shape);

export function serializeRecord(record: ExecutionRecord): string {
  const ordered = Object.fromEntries(
    Object.entries(record).sort(([a], [b]) => KEY_ORDER.indexOf(a) - KEY_ORDER.indexOf(b)),
  );
  return HEADER + stringify(ordered, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Execution records under `<repo>/executions/`: written once, atomically, never rewritten. */
export class RecordStore {
  constructor(private readonly repoDir: string) {}

  /**
   * Write to a temporary file, then hard-link it into place: the link fails if the record exists,
   * and a reader never sees half a record.
   */
  async write(record: ExecutionRecord): Promise<string> {
    const rel = recordPath(record);
    const target = join(this.repoDir, rel);
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, serializeRecord(record), { flag: 'wx' });
    try {
      await link(tmp, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new RecordExistsError(rel);
      throw err;
    } finally {
      await unlink(tmp).catch(() => {});
    }
    return rel;
  }

  /** Paths relative to the repo, oldest first (dated folders, then ids, which start with the time). */
  async list(): Promise<string[]> {
    const root = join(this.repoDir, 'executions');
    const days = (await readdir(root).catch(() => [] as string[]))
      .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
      .sort();
    const out: string[] = [];
    for (const day of days) {
      const files = (await readdir(join(root, day))).filter((f) => f.endsWith('.yaml')).sort();
      out.push(...files.map((f) => `executions/${day}/${f}`));
    }
    return out;
  }

  /** Parsed as record-scan parses (js-yaml, core schema): the same values, ten times faster than `yaml`. */
  async read(rel: string): Promise<ExecutionRecord> {
    return parseRecordText(await readFile(join(this.repoDir, rel), 'utf8'), rel) as ExecutionRecord;
  }

  /** Where the record with this id is, whatever day it was written; null when there is none. */
  async findById(id: string): Promise<string | null> {
    const root = join(this.repoDir, 'executions');
    for (const day of await readdir(root).catch(() => [] as string[])) {
      const rel = `executions/${day}/${id}.yaml`;
      if (
        await access(join(this.repoDir, rel)).then(
          () => true,
          () => false,
        )
      )
        return rel;
    }
    return null;
  }

  /** The digest of the newest record, which the next record names as its `prev_digest`. */
  async latestDigest(): Promise<string | null> {
    const all = await this.list();
    // File names sort by second: two records written in the same second (a bake's follow-up and the
    // rollback it started) may sort against their order. The chain's tip is the one no other record
    // names as its prev_digest, among the newest few.
    const recent = await Promise.all(all.slice(-8).map((rel) => this.read(rel)));
    const named = new Set(recent.map((r) => r.prev_digest).filter(Boolean));
    const tip = recent.filter((r) => r.digest && !named.has(r.digest)).at(-1) ?? recent.at(-1);
    return tip?.digest ?? null;
  }
}
