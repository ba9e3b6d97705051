import type { Diagnostic } from '../../domain/input/diagnostic.js';
import { diagnosticAt as at, type Loaded } from '../shared/load-repo.js';

/**
 * An error at `path`, pointing at `offset` inside the string `text` when the YAML scalar holds it
 * verbatim on one line (plain, or quoted without escapes); otherwise at the start of the value.
 */
export function textAt(
  l: Loaded<unknown>,
  path: readonly (string | number)[],
  text: string,
  message: string,
  offset?: number,
): Diagnostic {
  const d = at(l, path, message);
  if (offset === undefined || offset < 0 || d.line === undefined || d.col === undefined) return d;
  const line = l.source.text.split('\n')[d.line - 1] ?? '';
  const start = d.col - 1 + (line[d.col - 1] === '"' || line[d.col - 1] === "'" ? 1 : 0);
  return line.startsWith(text, start) ? { ...d, col: start + offset + 1 } : d;
}
