import type { ProposerKind } from './facts.js';

// The figures of one scope (all, an intent, a target), for humans and agents side by side, and the
// buckets deliveryMetrics counts them in.

export interface Stat {
  count: number;
  median_s: number;
  p90_s: number;
}

export interface Figures {
  /** Changes that ran in the period (rollbacks and bakes are not changes). */
  deployments: number;
  deployments_per_day: number;
  /** Changes that failed, were rolled back, failed their bake, or caused an incident in the window. */
  failures: number;
  /** failures ÷ deployments; null when there was no deployment (no data is not 0 %). */
  change_failure_rate: number | null;
  /** PR opened (else merged) → finished, over the changes whose record has either time. */
  lead_time: Stat | null;
  /** failure → incident closed, rollback or retry succeeded, over the failures that were restored. */
  time_to_restore: Stat | null;
  /** Failures with no incident closing, successful rollback or successful retry yet. */
  unrestored: number;
  /** Changes whose attribution window has not closed yet: a late failure may still count. */
  window_open: number;
}

export interface Side {
  all: Figures;
  human: Figures;
  agent: Figures;
}

function quantile(sorted: readonly number[], q: number): number {
  // Nearest rank: the value a person can find in the list.
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

function stat(ms: readonly number[]): Stat | null {
  if (ms.length === 0) return null;
  const s = [...ms].sort((a, b) => a - b);
  return { count: s.length, median_s: quantile(s, 0.5) / 1000, p90_s: quantile(s, 0.9) / 1000 };
}

export class Bucket {
  deployments = 0;
  failures = 0;
  unrestored = 0;
  windowOpen = 0;
  lead: number[] = [];
  restore: number[] = [];
  figures(days: number): Figures {
    return {
      deployments: this.deployments,
      deployments_per_day: days > 0 ? Math.round((this.deployments / days) * 1000) / 1000 : 0,
      failures: this.failures,
      change_failure_rate:
        this.deployments === 0 ? null : Math.round((this.failures / this.deployments) * 10_000) / 10_000,
      lead_time: stat(this.lead),
      time_to_restore: stat(this.restore),
      unrestored: this.unrestored,
      window_open: this.windowOpen,
    };
  }
}

export class Sides {
  readonly all = new Bucket();
  readonly human = new Bucket();
  readonly agent = new Bucket();
  each(kind: ProposerKind): Bucket[] {
    return [this.all, this[kind]];
  }
  side(days: number): Side {
    return { all: this.all.figures(days), human: this.human.figures(days), agent: this.agent.figures(days) };
  }
}
