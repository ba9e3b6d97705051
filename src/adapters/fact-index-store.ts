import { createHash } from 'node:crypto';
import { appendFile, open, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FactIndexEntry } from '../domain/metrics/fact-index.js';
import {
  dropFromFactIndex,
  FACT_INDEX_FILE,
  factIndexLine,
  parseFactIndex,
} from '../domain/metrics/fact-index.js';
import { recordFacts } from '../domain/metrics/scorecard.js';
import type { ExecutionRecord } from '../domain/schemas/record.js';
import { parseRecordText } from './record-scan.js';

// The fact index files next to the records (see domain/metrics/fact-index.ts): appended to when a
// record is written, read by the scorecard, cut down by prune. Never in the way of a record: an
// index line that cannot be written is only a record parsed again later.

/** `executions/<day>/fact-index.jsonl` for a record path `executions/<day>/<id>.yaml`. */
export function factIndexPath(recordRel: string): string {
  return `${recordRel.slice(0, recordRel.lastIndexOf('/'))}/${FACT_INDEX_FILE}`;
}

/** The id git gives the file's content (`git hash-object`): SHA-1 over "blob <bytes>\0<text>". */
export function gitBlobId(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/**
 * Appends the line of a record just written (`text` as written at `rel`): its facts are taken from
 * the text as a reader parses it, so they are what a reader would compute. Never throws.
 */
export async function indexWrittenRecord(repoDir: string, rel: string, text: string): Promise<boolean> {
  try {
    const facts = recordFacts(parseRecordText(text, rel) as ExecutionRecord, rel);
    const file = join(repoDir, factIndexPath(rel));
    // A line torn by a killed run is left alone: the next one starts on a line of its own.
    const last = await lastByte(file);
    const lead = last === '' || last === '\n' ? '' : '\n';
    await appendFile(file, lead + factIndexLine(rel, gitBlobId(text), facts));
    return true;
  } catch {
    return false;
  }
}

/** The file's last character ('' when it is empty or missing), without reading the rest. */
async function lastByte(file: string): Promise<string> {
  const h = await open(file, 'r').catch(() => undefined);
  if (!h) return '';
  try {
    const { size } = await h.stat();
    if (size === 0) return '';
    const { buffer } = await h.read(Buffer.alloc(1), 0, 1, size - 1);
    return buffer.toString('latin1');
  } finally {
    await h.close();
  }
}

/** The entries of the index files of `days` (folder names), by record path. */
export async function readFactIndexes(
  repoDir: string,
  days: readonly string[],
): Promise<Map<string, FactIndexEntry>> {
  const texts = await Promise.all(
    days.map((d) => readFile(join(repoDir, 'executions', d, FACT_INDEX_FILE), 'utf8').catch(() => '')),
  );
  const out = new Map<string, FactIndexEntry>();
  for (const t of texts) for (const [path, e] of parseFactIndex(t)) out.set(path, e);
  return out;
}

/** Every day's index file (`executions/<day>/fact-index.jsonl`) with its entries, days in order. */
export async function readAllFactIndexes(
  repoDir: string,
): Promise<{ path: string; entries: Map<string, FactIndexEntry> }[]> {
  const days = (await readdir(join(repoDir, 'executions')).catch(() => [] as string[]))
    .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
    .sort();
  const out: { path: string; entries: Map<string, FactIndexEntry> }[] = [];
  for (const d of days) {
    const text = await readFile(join(repoDir, 'executions', d, FACT_INDEX_FILE), 'utf8').catch(() => null);
    if (text !== null)
      out.push({ path: `executions/${d}/${FACT_INDEX_FILE}`, entries: parseFactIndex(text) });
  }
  return out;
}

/** Drops the lines of records that are gone (pruned) from their days' index files; an empty one is removed. */
export async function dropFromFactIndexes(repoDir: string, recordRels: readonly string[]): Promise<void> {
  const byFile = new Map<string, Set<string>>();
  for (const rel of recordRels) {
    const f = factIndexPath(rel);
    byFile.set(f, (byFile.get(f) ?? new Set()).add(rel));
  }
  for (const [f, paths] of byFile) {
    const abs = join(repoDir, f);
    const text = await readFile(abs, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const kept = dropFromFactIndex(text, paths);
    if (kept) await writeFile(abs, kept);
    else await unlink(abs);
  }
}
