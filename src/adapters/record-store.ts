import { randomBytes } from 'node:crypto';
import { access, link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { recordPath } from '../domain/records/record.js';
import { type ExecutionRecord, ExecutionRecordSchema } from '../domain/schemas/record.js';
import { indexWrittenRecord } from './fact-index-store.js';
import { checkOutRecordDays, NEWEST_ONLY } from './record-days-checkout.js';
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

/**
 * Execution records under `<repo>/executions/`: written once, atomically, never rewritten; each with
 * its line in the day's fact index (fact-index-store).
 */
export class RecordStore {
  constructor(private readonly repoDir: string) {}

  /**
   * Write to a temporary file, then hard-link it into place: the link fails if the record exists,
   * and a reader never sees half a record.
   */
  async write(record: ExecutionRecord): Promise<string> {
    const rel = recordPath(record);
    const target = join(this.repoDir, rel);
    // The day's folder as committed (a sparse checkout may leave it out): its fact index is appended to.
    await checkOutRecordDays(this.repoDir, record.timestamp.slice(0, 10));
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    const text = serializeRecord(record);
    await writeFile(tmp, text, { flag: 'wx' });
    try {
      await link(tmp, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new RecordExistsError(rel);
      throw err;
    } finally {
      await unlink(tmp).catch(() => {});
    }
    await indexWrittenRecord(this.repoDir, rel, text);
    return rel;
  }

  /**
   * Paths relative to the repo, oldest first (dated folders, then ids, which start with the time);
   * from the folder of `fromDay` on when given.
   */
  async list(fromDay?: string): Promise<string[]> {
    await checkOutRecordDays(this.repoDir, fromDay ?? null);
    const out: string[] = [];
    for (const day of (await this.days()).filter((d) => !fromDay || d >= fromDay))
      out.push(...(await this.filesOf(day)));
    return out;
  }

  private async days(): Promise<string[]> {
    return (await readdir(join(this.repoDir, 'executions')).catch(() => [] as string[]))
      .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
      .sort();
  }

  private async filesOf(day: string): Promise<string[]> {
    const files = (await readdir(join(this.repoDir, 'executions', day)))
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    return files.map((f) => `executions/${day}/${f}`);
  }

  /** The newest `n` records (or more, whole day folders), oldest first. */
  private async newest(n: number): Promise<string[]> {
    await checkOutRecordDays(this.repoDir, NEWEST_ONLY);
    const out: string[] = [];
    for (const day of (await this.days()).reverse()) {
      out.unshift(...(await this.filesOf(day)));
      if (out.length >= n) break;
    }
    return out;
  }

  /** Parsed as record-scan parses (js-yaml, core schema): the same values, ten times faster than `yaml`. */
  async read(rel: string): Promise<ExecutionRecord> {
    return parseRecordText(await readFile(join(this.repoDir, rel), 'utf8'), rel) as ExecutionRecord;
  }

  /** Where the record with this id is, whatever day it was written; null when there is none. */
  async findById(id: string): Promise<string | null> {
    const onDisk = async (): Promise<string | null> => {
      for (const day of await this.days()) {
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
    };
    // In the execute job's sparse checkout an old record's folder may not be checked out yet.
    return (await onDisk()) ?? (await checkOutRecordDays(this.repoDir, null).then(onDisk));
  }

  /** The digest of the newest record, which the next record names as its `prev_digest`. */
  async latestDigest(): Promise<string | null> {
    const recent = await Promise.all((await this.newest(8)).slice(-8).map((rel) => this.read(rel)));
    // File names sort by second: two records written in the same second (a bake's follow-up and the
    // rollback it started) may sort against their order. The chain's tip is the one no other record
    // names as its prev_digest, among the newest few.
    const named = new Set(recent.map((r) => r.prev_digest).filter(Boolean));
    const tip = recent.filter((r) => r.digest && !named.has(r.digest)).at(-1) ?? recent.at(-1);
    return tip?.digest ?? null;
  }
}
