import { median, numbersIn } from './numbers.js';
import type { Occurrence } from './types.js';

// The limit of a headroom precheck, which holds a run while the metric is above it. To prevent the
// anomaly it was learned from, it must hold the runs where the rule fired: it lies under the lowest
// level they started at, and above every level the other runs started at — a round number between
// the two. When some other run started as high as a run where the rule fired, no limit separates
// them: a precheck would hold ordinary runs to stop the anomaly, and none is suggested. Learned per
// target, because a level that is normal for a 49 KB log is nothing for a 4 KB one.

export interface HeadroomLimit {
  limit: number;
  /** The median rise of the metric in the runs where the rule fired, and the highest level reached. */
  rise: number;
  highest: number;
  befores: number[];
  afters: number[];
  /** The lowest level a run where the rule fired started at. */
  lowest: number;
  /** The highest level a run without it started at; undefined when no such run recorded one. */
  ordinary?: number;
  /** The limit holds every run where the rule fired and none of the others. */
  separates: boolean;
}

/** Limits from each target's occurrences differing by more than this factor get a limit each. */
export const ONE_LIMIT_SPREAD = 2;

/** Without other runs to go by, the limit stays within this share under the lowest start. */
const MARGIN_WITHOUT_OTHERS = 0.1;

/**
 * `others`: the levels the runs where the rule did not fire started at, in the same scope (the
 * target, or every target when one limit serves all).
 */
export function headroomLimit(
  os: readonly Occurrence[],
  metric: string,
  others: readonly number[],
): HeadroomLimit | null {
  const pairs = os
    .map((o) => [o.inputs?.[`before.metrics.${metric}`], o.inputs?.[`after.metrics.${metric}`]])
    .filter((p): p is [number, number] => numbersIn(p).length === 2);
  if (pairs.length === 0 || pairs.length !== os.length) return null;
  const befores = pairs.map(([b]) => b);
  const afters = pairs.map(([, a]) => a);
  const lowest = Math.min(...befores);
  const below = others.filter((x) => x < lowest);
  const floor = below.length ? Math.max(...below) : lowest - (Math.abs(lowest) * MARGIN_WITHOUT_OTHERS || 1);
  return {
    limit: roundBetween(floor, lowest),
    rise: median(pairs.map(([b, a]) => a - b)),
    highest: Math.max(...afters),
    befores,
    afters,
    lowest,
    ...(others.length ? { ordinary: Math.max(...others) } : {}),
    separates: below.length === others.length,
  };
}

/** The roundest number strictly between `lo` and `hi`, nearest the middle: 46…60 → 50, 40…50 → 45. */
export function roundBetween(lo: number, hi: number): number {
  const mid = (lo + hi) / 2;
  for (let k = Math.ceil(Math.log10(Math.abs(hi) + Math.abs(lo) + 1)); k >= -6; k--) {
    for (const unit of [5, 2, 1]) {
      const step = unit * 10 ** k;
      const x = Number((Math.round(mid / step) * step).toPrecision(12));
      if (x > lo && x < hi) return x;
    }
  }
  return mid;
}

/**
 * Each target's own limit, in target order, from its occurrences and the levels its other runs
 * started at; null when some target's evidence lacks the values.
 */
export function limitsByTarget(
  os: readonly Occurrence[],
  metric: string,
  othersOn: (target: string) => readonly number[],
): Map<string, HeadroomLimit> | null {
  const groups = new Map<string, Occurrence[]>();
  for (const o of os) {
    if (!o.target) return null;
    groups.set(o.target, [...(groups.get(o.target) ?? []), o]);
  }
  const out = new Map<string, HeadroomLimit>();
  for (const [t, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const l = headroomLimit(group, metric, othersOn(t));
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
