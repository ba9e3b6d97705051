import type { Intent } from '../schemas/catalog.js';
import { inputsRead } from './condition.js';

// Whether a default rule can ever fire for an intent. `init` scaffolds rules that read what its
// example intent captures (`after.metrics.files_in_tmp`); for every other intent such a rule was
// "not evaluated: missing input" on every run, drowning the one that matters. A rule that reads
// something the intent never captures, with no way around it, does not apply to that intent.

/** What an intent's snapshots can ever hold, from its `capture` and `expected_duration`. */
export interface CaptureShape {
  metrics: ReadonlySet<string>;
  errorCount: boolean;
  podRestarts: boolean;
  expectedDuration: boolean;
}

export function captureShape(intent: Intent): CaptureShape {
  const c = intent.capture;
  return {
    metrics: new Set([...Object.keys(c?.metrics ?? {}), ...Object.keys(c?.prometheus?.queries ?? {})]),
    errorCount: Boolean(c?.error_count || c?.loki),
    podRestarts: Boolean(c?.pod_restarts || c?.kubernetes),
    expectedDuration: intent.expected_duration !== undefined,
  };
}

/**
 * CEL absorbs a missing input in `a || b`, `c ? a : b`, `has(…)` and the list macros: a rule using
 * them may still fire without it, so it always applies. Textual, so it errs on applying.
 */
const MAY_DO_WITHOUT = /\|\||\?|\bhas\(|\.(all|exists|exists_one|filter|map)\(/;

/** The inputs `condition` reads that `shape` never holds; empty when the rule may apply. */
export function neverCaptured(condition: string, shape: CaptureShape): string[] {
  if (MAY_DO_WITHOUT.test(condition)) return [];
  const out: string[] = [];
  for (const p of inputsRead(condition)) {
    const snap = p.root === 'before' || p.root === 'after';
    const [first, second] = p.segments;
    const missing =
      (snap && first === 'metrics' && typeof second === 'string' && !shape.metrics.has(second)) ||
      (((snap && first === 'error_count') || /^error_count_(before|after)$/.test(p.root)) &&
        !shape.errorCount) ||
      (((snap && first === 'pod_restarts') || /^pod_restarts_(before|after)$/.test(p.root)) &&
        !shape.podRestarts) ||
      (p.root === 'expected_duration' && !shape.expectedDuration);
    if (missing) out.push(p.key);
  }
  return out;
}
