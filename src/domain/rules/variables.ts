// What an anomaly-rule condition can see, declared once: the CEL environment is built from
// RULE_VARIABLES and ruleVariables() builds the matching values from a record.
//
// Numbers: every number from a record is a CEL double (a JS number). YAML gives `60` and `60.5`
// alike as JS numbers, and CEL would type `60` as int only if we turned it into a BigInt, so
// keeping them all double means `after.metrics.memory_usage - before.metrics.memory_usage > 20`
// behaves the same for whole and fractional values. Literals written in a rule (`20`, `* 2`) are
// CEL ints; the mixed int/double operators in arithmetic.ts make those combine.
//
// Missing data (no snapshot, a metric that is null = "no data") is left out rather than passed as
// null, so the condition fails to evaluate and is reported not_evaluated instead of guessing.

export interface SnapshotView {
  metrics?: Record<string, number | null>;
  error_count?: number | null;
  pod_restarts?: number | null;
  [k: string]: unknown;
}

export interface RecordView {
  intent: string;
  params: Record<string, unknown>;
  status: string;
  /** Seconds. */
  duration: number;
  /** Seconds. */
  expected_duration?: number;
  before?: SnapshotView;
  after?: SnapshotView;
  /** Outcome check name → 'pass' | 'fail' | 'timeout'. */
  checks?: Record<string, string>;
}

export interface RuleVariable {
  /** CEL type. */
  type: string;
  description: string;
}

const SNAPSHOT_DOC =
  'snapshot map: metrics (map<string, double>), error_count (double), pod_restarts (double), pods (list), others dyn';

/** Every variable a condition may reference, with its CEL type. Anything else is an unknown variable. */
export const RULE_VARIABLES: Readonly<Record<string, RuleVariable>> = {
  before: { type: 'map<string, dyn>', description: `state before the run; ${SNAPSHOT_DOC}` },
  after: { type: 'map<string, dyn>', description: `state after the run; ${SNAPSHOT_DOC}` },
  duration: { type: 'double', description: 'run duration in seconds' },
  expected_duration: { type: 'double', description: "the intent's expected duration in seconds" },
  error_count_before: { type: 'double', description: 'before.error_count' },
  error_count_after: { type: 'double', description: 'after.error_count' },
  pod_restarts_before: { type: 'double', description: 'before.pod_restarts' },
  pod_restarts_after: { type: 'double', description: 'after.pod_restarts' },
  status: { type: 'string', description: 'run status, e.g. "success"' },
  intent: { type: 'string', description: 'intent name' },
  params: { type: 'map<string, dyn>', description: 'the parameters the intent ran with' },
  checks: { type: 'map<string, string>', description: "outcome check name → 'pass' | 'fail' | 'timeout'" },
};

/** The values for RULE_VARIABLES from one record; absent or null data is omitted. */
export function ruleVariables(r: RecordView): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  const put = (name: string, value: unknown) => {
    if (value !== undefined) vars[name] = value;
  };
  put('intent', typeof r.intent === 'string' ? r.intent : undefined);
  put('status', typeof r.status === 'string' ? r.status : undefined);
  put('params', r.params ?? {});
  put('duration', toDouble(r.duration));
  put('expected_duration', toDouble(r.expected_duration));
  put('checks', r.checks ? stringEntries(r.checks) : undefined);
  const before = r.before ? snapshot(r.before) : undefined;
  const after = r.after ? snapshot(r.after) : undefined;
  put('before', before);
  put('after', after);
  put('error_count_before', before?.error_count);
  put('error_count_after', after?.error_count);
  put('pod_restarts_before', before?.pod_restarts);
  put('pod_restarts_after', after?.pod_restarts);
  return vars;
}

/** A finite JS number (CEL double), or undefined for null, missing, NaN or non-numbers. */
function toDouble(v: unknown): number | undefined {
  if (typeof v === 'bigint') return Number(v);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function snapshot(s: SnapshotView): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (v === null || v === undefined) continue;
    if (k === 'metrics') {
      if (typeof v === 'object') out.metrics = metrics(v as Record<string, unknown>);
    } else if (k === 'error_count' || k === 'pod_restarts') {
      const n = toDouble(v);
      if (n !== undefined) out[k] = n;
    } else {
      out[k] = typeof v === 'bigint' ? Number(v) : v;
    }
  }
  return out;
}

function metrics(m: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(m)) {
    const n = toDouble(v);
    if (n !== undefined) out[k] = n;
  }
  return out;
}

function stringEntries(m: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) if (typeof v === 'string') out[k] = v;
  return out;
}
