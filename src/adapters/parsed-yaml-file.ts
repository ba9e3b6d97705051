import { readTrusted, writePrivate } from './user-cache-file.js';

// The values of intent files a `validate` run parsed with no diagnostic, kept for the next run in one
// JSON file of this user's (src/app/shared/parsed-yaml.ts says why), each under its file's real path.
// The file's name carries the validate bundle's content hash, so a new build (another `yaml`, another
// parse) never reads an old one. It is read at every start, so it stays small: after what a run used,
// it keeps what earlier runs left (other repositories) while their texts fit in MAX_KEPT_CHARS.

/** Of other repositories' files, at most this much text is kept (reading it back costs ~1 ms per MB). */
export const MAX_KEPT_CHARS = 1_000_000;

interface Entry {
  text: string;
  value: unknown;
}

export interface ParsedYamlFile {
  get(key: string, text: string): { value: unknown } | undefined;
  set(key: string, text: string, value: unknown): void;
  /** Writes the file when this run parsed something new. */
  save(): void;
}

function readEntries(file: string): Map<string, Entry> {
  const bytes = readTrusted(file);
  if (!bytes) return new Map();
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as { files?: Record<string, Entry> };
    const out = new Map<string, Entry>();
    for (const [key, e] of Object.entries(parsed.files ?? {}))
      if (e && typeof e.text === 'string' && 'value' in e) out.set(key, { text: e.text, value: e.value });
    return out;
  } catch {
    return new Map(); // torn or foreign: parse everything again, and write it anew
  }
}

export function openParsedYamlFile(file: string): ParsedYamlFile {
  const read = readEntries(file);
  const used = new Map<string, Entry>();
  let changed = false;
  return {
    get(key, text) {
      const e = read.get(key);
      if (e?.text !== text) return undefined;
      used.set(key, e);
      return { value: e.value };
    },
    set(key, text, value) {
      used.set(key, { text, value });
      changed = true;
    },
    save() {
      if (!changed) return;
      // This run's files first, all of them; then the others, in their order, those that fit.
      const out = new Map(used);
      let chars = 0;
      for (const [key, e] of read) {
        if (out.has(key) || chars + e.text.length > MAX_KEPT_CHARS) continue;
        chars += e.text.length;
        out.set(key, e);
      }
      writePrivate(file, JSON.stringify({ files: Object.fromEntries(out) }));
    },
  };
}
