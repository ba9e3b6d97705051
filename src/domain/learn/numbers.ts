// Small statistics over observed values, rounded the way a person would write them in a file.

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

export const median = (values: readonly number[]) => percentile(values, 50);

/** Seconds rounded up to 10 s below 2 min, 30 s below 10 min, whole minutes above; as `240s` / `12m`. */
export function roundedDuration(seconds: number): string {
  if (seconds <= 120) return `${Math.max(10, Math.ceil(seconds / 10) * 10)}s`;
  if (seconds <= 600) return `${Math.ceil(seconds / 30) * 30}s`;
  return `${Math.ceil(seconds / 60)}m`;
}

export const numbersIn = (xs: readonly unknown[]) =>
  xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
