import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RecordStore } from '../../adapters/record-store.js';

// Records are append-only, so the original never says "rolled back by": the link back is found by
// reading the records that name it (`rollback_of: <id>`, `observation_of: <id>`). Only the top-level
// keys are matched, from the text, without parsing every record.

export interface Linked {
  /** Paths of the rollbacks of each execution id. */
  rollbacks: Map<string, string[]>;
  /** Paths of the bake follow-ups of each execution id. */
  followUps: Map<string, string[]>;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export async function linkedRecords(repoDir: string): Promise<Linked> {
  const store = new RecordStore(repoDir);
  const out: Linked = { rollbacks: new Map(), followUps: new Map() };
  for (const rel of await store.list()) {
    const text = await readFile(join(repoDir, rel), 'utf8').catch(() => '');
    const rb = /^rollback_of: (\S+)$/m.exec(text)?.[1];
    if (rb) push(out.rollbacks, rb, rel);
    const ob = /^observation_of: (\S+)$/m.exec(text)?.[1];
    if (ob) push(out.followUps, ob, rel);
  }
  return out;
}

/** Execution id → the id of the rollback that undid it (the file name is the id). */
export async function rolledBackBy(repoDir: string): Promise<Map<string, string>> {
  const { rollbacks } = await linkedRecords(repoDir);
  return new Map(
    [...rollbacks].map(([of, paths]) => [
      of,
      (paths[0] ?? '')
        .split('/')
        .pop()
        ?.replace(/\.yaml$/, '') ?? '',
    ]),
  );
}
