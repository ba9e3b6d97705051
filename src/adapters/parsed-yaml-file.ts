import { readTrusted, writePrivate } from './user-cache-file.js';

// The values of intent files a `validate` run parsed with no diagnostic, kept for the next run in one
// JSON file of this user's (src/app/shared/parsed-yaml.ts says why). Its name carries the validate
// bundle's content hash, so a new build (another `yaml`, another parse) never reads an old file. It
// holds the files of the last repository validated: a run writes back only the entries it used.

interface Entry {
  text: string;
  value: unknown;
}

export interface ParsedYamlFile {
  get(path: string, text: string): { value: unknown } | undefined;
  set(path: string, text: string, value: unknown): void;
  /** Writes what this run used and parsed, when that differs from what was read. */
  save(): void;
}

function readEntries(file: string): Map<string, Entry> {
  const bytes = readTrusted(file);
  if (!bytes) return new Map();
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as { files?: Record<string, Entry> };
    const out = new Map<string, Entry>();
    for (const [path, e] of Object.entries(parsed.files ?? {}))
      if (e && typeof e.text === 'string' && 'value' in e) out.set(path, { text: e.text, value: e.value });
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
    get(path, text) {
      const e = read.get(path);
      if (e?.text !== text) return undefined;
      used.set(path, e);
      return { value: e.value };
    },
    set(path, text, value) {
      used.set(path, { text, value });
      changed = true;
    },
    save() {
      if (!changed && used.size === read.size) return;
      writePrivate(file, JSON.stringify({ files: Object.fromEntries(used) }));
    },
  };
}
