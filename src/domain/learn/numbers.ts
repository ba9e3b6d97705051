// Small statistics over observed values, rounded the way a person would write them in a file.

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

export const median = (values: readonly number[]) => percentile(values, 50);

/**
 * Seconds rounded up to whole seconds up to 10 s, to 10 s up to 2 min, 30 s up to 10 min, whole
 * minutes above; as `3s` / `240s` / `12m`. No floor: a 10 s floor would set 10s for a p95 of 2.5 s.
 */
export function roundedDuration(seconds: number): string {
  if (seconds <= 10) return `${Math.max(1, Math.ceil(seconds))}s`;
  if (seconds <= 120) return `${Math.ceil(seconds / 10) * 10}s`;
  if (seconds <= 600) return `${Math.ceil(seconds / 30) * 30}s`;
  return `${Math.ceil(seconds / 60)}m`;
}

export const numbersIn = (xs: readonly unknown[]) =>
  xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));

/** A measured duration as a person writes it, the same in a title and its rationale: `2.5s`, `455s`. */
export const secondsText = (seconds: number) => `${Number(seconds.toFixed(seconds < 10 ? 1 : 0))}s`;
