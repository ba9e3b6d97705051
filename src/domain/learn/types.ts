import type { ManualNote } from '../incidents/incident-filing.js';
import type { LearningTrigger } from '../schemas/learning.js';

// What the learning loop reads (facts distilled from records, the anomaly log, manual notes and
// rollups) and what it produces (suggestions: concrete file changes with their evidence).

export interface ExecutionFact {
  id: string;
  at: string;
  intent: string;
  target?: string;
  status: string;
  durationS?: number;
  expectedS?: number;
  /** `before.metrics` numbers: what a backtest of a headroom precheck reads. */
  beforeMetrics?: Record<string, number>;
  /** Relative path of the record; absent when the record was pruned into a rollup. */
  path?: string;
  /** A rollback's own record: an execution, but no request of its own. */
  rollbackOf?: string;
}

/**
 * A rollback counts as an anomaly of the execution it undid, under this rule name: a repeated
 * rollback of one intent is a `repeated_anomaly` pattern like any other (no rule condition, so the
 * suggestion is one more approval for the intent).
 */
export const ROLLED_BACK_RULE = 'rolled_back';

export interface AnomalyFact {
  at: string;
  execution: string;
  intent: string;
  target?: string;
  /** The environment of the run, when the repository declares environments. */
  environment?: string;
  rule: string;
  severity: string;
  inputs: Record<string, unknown>;
  recordPath?: string;
  /** The incident draft: an issue URL on GitHub, a Markdown path locally. */
  incident?: string;
}

export interface Evidence {
  executions: ExecutionFact[];
  anomalies: AnomalyFact[];
  notes: ManualNote[];
}

export interface Occurrence {
  at: string;
  execution?: string;
  recordPath?: string;
  target?: string;
  incident?: string;
  /** The issue and comment of a manual note. */
  issue?: number;
  comment?: number;
  by?: string;
  inputs?: Record<string, unknown>;
}

/** A trigger's pattern found at or above its threshold. */
export interface Finding {
  trigger: LearningTrigger;
  /** Stable across runs: the same pattern gives the same key. */
  key: string;
  intent: string | null;
  rule?: string;
  /** Manual fixes and steps: the commands, with the target replaced by `{{param}}`. */
  commands?: string[];
  param?: string;
  occurrences: Occurrence[];
}

export interface FileChange {
  path: string;
  /** null: the file is new. */
  before: string | null;
  after: string;
}

export interface Suggestion {
  id: string;
  trigger: LearningTrigger['pattern'];
  action: LearningTrigger['action'];
  title: string;
  rationale: string;
  intent: string | null;
  rule?: string;
  evidence: Occurrence[];
  changes: FileChange[];
  /** What would have happened with the change in place over the same runs, for the PR. */
  backtest?: string[];
  /** The backtest in one clause a reviewer reads first: `would have caught 3 of the 3 runs where …`. */
  verdict?: string;
  /** What the change costs every run it applies to, in words: a check, a wait, an approval. */
  cost?: string;
}

/** A finding that gives no change (already applied, or nothing to change), with the reason. */
export interface Skipped {
  key: string;
  trigger: LearningTrigger['pattern'];
  reason: string;
}

/** What a suggestion builder makes of a finding: the change with its words, or why there is none. */
export type Built =
  | {
      changes: FileChange[];
      title: string;
      rationale: string;
      backtest?: string[];
      verdict?: string;
      cost?: string;
    }
  | { skip: string };
