import type { Diagnostic } from '../../domain/input/diagnostic.js';
import {
  decodeYaml,
  isPlainData,
  knownSource,
  parseWithPositions,
  type YamlSource,
} from '../../domain/input/yaml-source.js';

// Parsing the intent files is most of `validate`'s own work at start-up: `yaml` runs cold in a new
// process (~15 ms for the example repository on Node 24, against ~3 ms once warm), and no option of it
// makes that cheaper. A file a developer has not touched since the last run was parsed then, so the
// CLI keeps the values of files that parsed with no diagnostic (src/adapters/parsed-yaml-file.ts) and
// takes them back when the text is the same, byte for byte. Positions are parsed again only when a
// diagnostic needs one (knownSource).

/**
 * Values an earlier run parsed from intent files, each kept with the exact text it came from. `key`
 * names the file on this machine (its path in the repository is not enough: repositories share
 * paths).
 */
export interface ParsedYamlCache {
  /** The value parsed from `text` under `key`, if that exact text was parsed before. */
  get(key: string, text: string): { value: unknown } | undefined;
  /** Keeps `value` as what `text` under `key` parses to. */
  set(key: string, text: string, value: unknown): void;
}

/** parseYamlSource (domain/input/yaml-source.ts), taking the value from `cache` when it has this text. */
export function parseIntentYaml(
  path: string,
  content: Uint8Array | string,
  cache?: { store: ParsedYamlCache; key: string },
): { source?: YamlSource; diagnostics: Diagnostic[] } {
  const { text, diagnostic } = decodeYaml(path, content);
  if (text === undefined) return { diagnostics: diagnostic ? [diagnostic] : [] };
  const known = cache?.store.get(cache.key, text);
  if (known) return { source: knownSource(path, text, known.value), diagnostics: [] };
  const parsed = parseWithPositions(path, text);
  // Only a clean parse whose value survives JSON: a warning must be said again next time.
  if (cache && parsed.source && parsed.diagnostics.length === 0 && isPlainData(parsed.source.value))
    cache.store.set(cache.key, text, parsed.source.value);
  return parsed;
}
