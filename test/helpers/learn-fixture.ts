import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ManualNote } from '../../src/domain/incidents/incident-filing.js';

// The project's own example intents/ (catalog, outcomes, rules, policies, learning triggers) as a
// files map for makeRepo, and manual notes as the incident lifecycle writes them.

const ROOT = join(import.meta.dirname, '..', '..');

export async function exampleIntents(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) await walk(abs);
      else if (e.name.endsWith('.yaml')) out[relative(ROOT, abs)] = await readFile(abs, 'utf8');
    }
  };
  await walk(join(ROOT, 'intents'));
  return out;
}

let comment = 1000;

export function note(n: Partial<ManualNote> & Pick<ManualNote, 'kind' | 'text' | 'at'>): ManualNote {
  comment += 1;
  return { issue: 7, fingerprint: null, intent: null, by: 'alice', comment, ...n };
}

export async function writeNotes(repo: string, notes: readonly ManualNote[]): Promise<void> {
  await mkdir(join(repo, 'incidents'), { recursive: true });
  await appendFile(
    join(repo, 'incidents', 'manual-notes.jsonl'),
    notes.map((n) => `${JSON.stringify(n)}\n`).join(''),
  );
}

/** The value, or a failed test naming what was missing. */
export function must<T>(value: T | null | undefined, what = 'a value'): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}, got ${value}`);
  return value;
}
