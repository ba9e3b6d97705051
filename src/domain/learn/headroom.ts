import { median, numbersIn } from './numbers.js';
import type { Occurrence } from './types.js';

// The limit of a headroom precheck: starting above it, the usual rise of the metric would take it past
// the highest level seen; never below the highest starting level seen, or the check would hold
// ordinary runs. Learned per target, because a level that is normal for a 49 KB log is nothing for a
// 4 KB one: one limit across targets of different sizes blocks the small one or never holds the big one.

export interface HeadroomLimit {
  limit: number;
  rise: number;
  highest: number;
  befores: number[];
  afters: number[];
}

/** Limits from each target's occurrences differing by more than this factor get a limit each. */
export const ONE_LIMIT_SPREAD = 2;

export function headroomLimit(os: readonly Occurrence[], metric: string): HeadroomLimit | null {
  const pairs = os
    .map((o) => [o.inputs?.[`before.metrics.${metric}`], o.inputs?.[`after.metrics.${metric}`]])
    .filter((p): p is [number, number] => numbersIn(p).length === 2);
  if (pairs.length === 0 || pairs.length !== os.length) return null;
  const befores = pairs.map(([b]) => b);
  const afters = pairs.map(([, a]) => a);
  const rise = median(pairs.map(([b, a]) => a - b));
  const highest = Math.max(...afters);
  return { limit: Math.ceil(Math.max(highest - rise, Math.max(...befores))), rise, highest, befores, afters };
}

/** Each target's own limit, in target order; null when some target's evidence lacks the values. */
export function limitsByTarget(os: readonly Occurrence[], metric: string): Map<string, HeadroomLimit> | null {
  const groups = new Map<string, Occurrence[]>();
  for (const o of os) {
    if (!o.target) return null;
    groups.set(o.target, [...(groups.get(o.target) ?? []), o]);
  }
  const out = new Map<string, HeadroomLimit>();
  for (const [t, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const l = headroomLimit(group, metric);
    if (!l) return null;
    out.set(t, l);
  }
  return out;
}

/** Whether the targets' limits are close enough for one limit to serve them all. */
export function oneLimitFits(limits: ReadonlyMap<string, HeadroomLimit>): boolean {
  const xs = [...limits.values()].map((l) => l.limit);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo > 0 ? hi / lo <= ONE_LIMIT_SPREAD : hi === lo;
}
