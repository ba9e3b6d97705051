import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  external_exports
} from "./chunk-PQTKVDRF.js";

// src/domain/schemas/record.ts
var Severity = external_exports.enum(["P1", "P2", "P3", "P4"]);
var SnapshotSchema = external_exports.object({
  metrics: external_exports.record(external_exports.string(), external_exports.number().nullable()).optional(),
  error_count: external_exports.number().nullable().optional(),
  pod_restarts: external_exports.number().nullable().optional(),
  recent_logs: external_exports.array(external_exports.string()).optional(),
  unavailable: external_exports.array(external_exports.object({ source: external_exports.string(), reason: external_exports.string() })).optional().describe("providers or captures that could not be read, with the reason")
}).catchall(external_exports.unknown()).describe("state captured before the first step or after the outcome checks");
var CommandRunSchema = external_exports.object({
  step: external_exports.string(),
  cmd: external_exports.union([external_exports.string(), external_exports.array(external_exports.string())]).describe("the rendered command exactly as it ran"),
  exit_code: external_exports.number().int().nullable(),
  duration: external_exports.string().describe('e.g. "2.314s"'),
  timed_out: external_exports.boolean().optional(),
  cancelled: external_exports.boolean().optional(),
  signal: external_exports.string().optional(),
  error: external_exports.string().optional(),
  output_bytes: external_exports.number().int().optional(),
  stdout_tail: external_exports.string().optional(),
  stderr_tail: external_exports.string().optional(),
  continue_on_error: external_exports.boolean().optional().describe("the step may fail without failing the run (present only when true): replay needs it")
});
var CheckAttemptSchema = external_exports.object({
  at: external_exports.string(),
  exit_code: external_exports.number().int().nullable(),
  output: external_exports.string(),
  matched: external_exports.boolean()
});
var CheckResultSchema = external_exports.object({
  name: external_exports.string(),
  cmd: external_exports.union([external_exports.string(), external_exports.array(external_exports.string())]),
  expected: external_exports.string(),
  result: external_exports.enum(["pass", "fail", "timeout", "skipped"]),
  duration: external_exports.string(),
  attempts: external_exports.array(CheckAttemptSchema)
});
var IndicatorSeenSchema = external_exports.object({
  pattern: external_exports.string(),
  severity: Severity,
  source: external_exports.string().describe('where it was seen, e.g. "step:rollout" or "check:pods_ready"'),
  line: external_exports.string()
});
var AnomalySchema = external_exports.object({
  rule: external_exports.string(),
  severity: Severity,
  action: external_exports.enum(["create_incident_draft", "flag_for_review", "log_warning"]),
  condition: external_exports.string(),
  rules_file: external_exports.string(),
  inputs: external_exports.record(external_exports.string(), external_exports.unknown()).describe("the values the condition saw")
});
var RuleEvaluationSchema = external_exports.object({
  rule: external_exports.string(),
  severity: Severity,
  action: external_exports.enum(["create_incident_draft", "flag_for_review", "log_warning"]),
  condition: external_exports.string(),
  rules_file: external_exports.string(),
  result: external_exports.enum(["fired", "not_fired", "not_evaluated"]),
  reason: external_exports.string().optional(),
  inputs: external_exports.record(external_exports.string(), external_exports.unknown()).describe("the values the condition saw")
});
var RecordApprovalsSchema = external_exports.object({
  count: external_exports.number().int().nullable().describe("approvals counted; null when unknown (a local run)"),
  approvers: external_exports.array(external_exports.string()).optional(),
  head_sha: external_exports.string().optional().describe("the commit the approvals were given on"),
  pr: external_exports.number().int().optional(),
  detail: external_exports.string().optional()
}).describe("the approvals that let the run proceed");
var RecordQueriesSchema = external_exports.object({
  prometheus: external_exports.record(external_exports.string(), external_exports.string()).optional().describe("metric name \u2192 rendered PromQL"),
  loki: external_exports.object({ selector: external_exports.string(), error_pattern: external_exports.string() }).optional(),
  kubernetes: external_exports.object({ namespace: external_exports.string(), selector: external_exports.string(), deployment: external_exports.string().optional() }).optional(),
  velero: external_exports.object({ namespace: external_exports.string() }).optional(),
  captures: external_exports.record(external_exports.string(), external_exports.union([external_exports.string(), external_exports.array(external_exports.string())])).optional().describe("snapshot key \u2192 the rendered capture command")
}).describe("what the snapshots asked, rendered with the params");
var BakeVerdict = external_exports.enum(["pass", "fail", "inconclusive", "superseded"]);
var BakeSampleSchema = external_exports.object({
  at: external_exports.string(),
  snapshot: SnapshotSchema.nullable(),
  indicators: external_exports.array(IndicatorSeenSchema).describe("failure indicators new since the run ended"),
  anomalies: external_exports.array(AnomalySchema.pick({ rule: true, severity: true, action: true })).describe("rules that fired on this snapshot"),
  not_evaluated: external_exports.array(external_exports.string()).optional().describe("rules that could not be evaluated (data missing)"),
  checks: external_exports.array(
    external_exports.object({ name: external_exports.string(), result: external_exports.enum(["pass", "fail", "unavailable"]), output: external_exports.string() })
  ).optional().describe("the metric checks, asked once at this interval")
});
var FirstSeenSchema = external_exports.object({
  what: external_exports.string().describe('"rule:<name>" or "indicator:<pattern>@<source>"'),
  severity: Severity,
  at: external_exports.string(),
  after_run: external_exports.string().describe('how long after the run ended, e.g. "7 m 40 s"'),
  after_run_ms: external_exports.number().int()
});
var ObservationSchema = external_exports.object({
  verdict: BakeVerdict,
  reason: external_exports.string(),
  for: external_exports.string().describe('the bake window, e.g. "10m"'),
  interval: external_exports.string(),
  expected_samples: external_exports.number().int().describe("snapshots a whole bake takes: for \xF7 interval"),
  run_status: external_exports.enum(["success", "failed", "cancelled", "interrupted", "expired", "denied", "inconclusive"]).describe("the observed execution's status: what the rules see as `status`, so replay agrees"),
  started: external_exports.string().describe("when the bake started: the end of the observed run"),
  ended: external_exports.string(),
  samples: external_exports.array(BakeSampleSchema),
  first_seen: external_exports.array(FirstSeenSchema).describe("when each anomaly or indicator first appeared")
}).describe("the bake: what was seen after the run, in a follow-up record");
var RecordStatus = external_exports.enum([
  "success",
  "failed",
  "cancelled",
  "interrupted",
  "expired",
  "denied",
  "inconclusive"
]);
var RECORD_STATUSES = RecordStatus.options;
var ExecutionRecordSchema = external_exports.object({
  id: external_exports.string(),
  timestamp: external_exports.string(),
  intent: external_exports.string(),
  params: external_exports.record(external_exports.string(), external_exports.unknown()),
  request: external_exports.object({
    path: external_exports.string(),
    commit: external_exports.string().nullable(),
    reason: external_exports.string(),
    proposed_by: external_exports.string().optional(),
    merged_at: external_exports.string().optional().describe("when the commit that added the request was made")
  }),
  run: external_exports.object({ id: external_exports.string(), attempt: external_exports.number().int(), url: external_exports.string().optional() }).optional().describe("the GitHub Actions run that executed it"),
  not_run: external_exports.object({
    decision: external_exports.enum(["expired", "interrupted", "withdrawn", "edited", "invalid"]),
    claim: external_exports.string().optional().describe("the claim a lost run left, for interrupted")
  }).optional().describe("why the reconcile settled this request without running its steps"),
  retry_of: external_exports.string().optional().describe("the execution this one retries (a /retry by a writer)"),
  observation_of: external_exports.string().optional().describe("a follow-up record: the execution whose bake this is (that record is never rewritten)"),
  observation: ObservationSchema.optional(),
  before: SnapshotSchema.nullable(),
  prechecks: external_exports.array(CheckResultSchema).optional().describe("the matching policies' prechecks, run before any step"),
  commands_run: external_exports.array(CommandRunSchema),
  after: SnapshotSchema.nullable(),
  outcome_checks: external_exports.record(external_exports.string(), external_exports.enum(["pass", "fail", "timeout", "skipped"])),
  checks: external_exports.array(CheckResultSchema),
  failure_indicators: external_exports.array(IndicatorSeenSchema),
  anomalies: external_exports.array(AnomalySchema),
  rules_not_evaluated: external_exports.array(external_exports.object({ rule: external_exports.string(), reason: external_exports.string() })),
  rules_evaluated: external_exports.array(RuleEvaluationSchema).optional().describe("every rule detection ran, fired or not, with its inputs: what replay re-checks"),
  drafts: external_exports.array(external_exports.object({ fingerprint: external_exports.string(), path: external_exports.string(), new: external_exports.boolean() })),
  policy: external_exports.object({ verdict: external_exports.enum(["allow", "deny", "hold"]), reasons: external_exports.array(external_exports.string()) }),
  status: RecordStatus,
  status_reason: external_exports.string().optional(),
  duration: external_exports.string(),
  expected_duration: external_exports.string().optional(),
  approvals: RecordApprovalsSchema.optional(),
  queries: RecordQueriesSchema.optional(),
  tool: external_exports.object({ name: external_exports.literal("intentops"), version: external_exports.string() }),
  catalog_digest: external_exports.string(),
  prev_digest: external_exports.string().nullable(),
  digest: external_exports.string()
}).describe("one execution of one request; see executions/YYYY-MM-DD/<id>.yaml");

export {
  RecordStatus,
  RECORD_STATUSES,
  ExecutionRecordSchema
};
