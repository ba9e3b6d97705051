import { z } from 'zod';

// The execution record: the seed's shape (id, timestamp, intent, params, before, commands_run, after,
// outcome_checks, status, duration) plus what an auditor and replay need. Written once, never rewritten.

const Severity = z.enum(['P1', 'P2', 'P3', 'P4']);

export const SnapshotSchema = z
  .object({
    metrics: z.record(z.string(), z.number().nullable()).optional(),
    error_count: z.number().nullable().optional(),
    pod_restarts: z.number().nullable().optional(),
    recent_logs: z.array(z.string()).optional(),
    unavailable: z
      .array(z.object({ source: z.string(), reason: z.string() }))
      .optional()
      .describe('providers or captures that could not be read, with the reason'),
  })
  .catchall(z.unknown())
  .describe('state captured before the first step or after the outcome checks');

export const CommandRunSchema = z.object({
  step: z.string(),
  cmd: z.union([z.string(), z.array(z.string())]).describe('the rendered command exactly as it ran'),
  exit_code: z.number().int().nullable(),
  duration: z.string().describe('e.g. "2.314s"'),
  timed_out: z.boolean().optional(),
  cancelled: z.boolean().optional(),
  signal: z.string().optional(),
  error: z.string().optional(),
  output_bytes: z.number().int().optional(),
  stdout_tail: z.string().optional(),
  stderr_tail: z.string().optional(),
  continue_on_error: z
    .boolean()
    .optional()
    .describe('the step may fail without failing the run (present only when true): replay needs it'),
});

export const CheckAttemptSchema = z.object({
  at: z.string(),
  exit_code: z.number().int().nullable(),
  output: z.string(),
  matched: z.boolean(),
});

export const CheckResultSchema = z.object({
  name: z.string(),
  cmd: z.union([z.string(), z.array(z.string())]),
  expected: z.string(),
  result: z.enum(['pass', 'fail', 'timeout', 'skipped']),
  duration: z.string(),
  attempts: z.array(CheckAttemptSchema),
});

export const IndicatorSeenSchema = z.object({
  pattern: z.string(),
  severity: Severity,
  source: z.string().describe('where it was seen, e.g. "step:rollout" or "check:pods_ready"'),
  line: z.string(),
});

export const AnomalySchema = z.object({
  rule: z.string(),
  severity: Severity,
  action: z.enum(['create_incident_draft', 'flag_for_review', 'log_warning']),
  condition: z.string(),
  rules_file: z.string(),
  inputs: z.record(z.string(), z.unknown()).describe('the values the condition saw'),
});

export const RuleEvaluationSchema = z.object({
  rule: z.string(),
  severity: Severity,
  action: z.enum(['create_incident_draft', 'flag_for_review', 'log_warning']),
  condition: z.string(),
  rules_file: z.string(),
  result: z.enum(['fired', 'not_fired', 'not_evaluated']),
  reason: z.string().optional(),
  inputs: z.record(z.string(), z.unknown()).describe('the values the condition saw'),
});

export const RecordApprovalsSchema = z
  .object({
    count: z.number().int().nullable().describe('approvals counted; null when unknown (a local run)'),
    approvers: z.array(z.string()).optional(),
    head_sha: z.string().optional().describe('the commit the approvals were given on'),
    pr: z.number().int().optional(),
    detail: z.string().optional(),
  })
  .describe('the approvals that let the run proceed');

export const RecordQueriesSchema = z
  .object({
    prometheus: z.record(z.string(), z.string()).optional().describe('metric name → rendered PromQL'),
    loki: z.object({ selector: z.string(), error_pattern: z.string() }).optional(),
    kubernetes: z
      .object({ namespace: z.string(), selector: z.string(), deployment: z.string().optional() })
      .optional(),
    velero: z.object({ namespace: z.string() }).optional(),
    captures: z
      .record(z.string(), z.union([z.string(), z.array(z.string())]))
      .optional()
      .describe('snapshot key → the rendered capture command'),
  })
  .describe('what the snapshots asked, rendered with the params');

export const RecordOriginSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('local'),
      host: z.string().describe('the machine `intentops` ran on'),
      user: z.string().describe('the operating-system user who ran it'),
      git_author: z.string().optional().describe("git's author identity there: `Name <email>`"),
    }),
    z.object({
      kind: z.literal('github'),
      run_url: z.string().describe('the GitHub Actions run that wrote it'),
      actor: z.string().optional().describe('who started that run'),
    }),
  ])
  .describe(
    'where the record was written: `local` by the CLI (intentops run, observe, rollback) with its operator, `github` by the action; absent in older records',
  );

// superseded: a newer execution for the target ended the bake; cancelled: someone stopped it.
export const BakeVerdict = z.enum(['pass', 'fail', 'inconclusive', 'superseded', 'cancelled']);

export const BakeSampleSchema = z.object({
  at: z.string(),
  snapshot: SnapshotSchema.nullable(),
  indicators: z.array(IndicatorSeenSchema).describe('failure indicators new since the run ended'),
  anomalies: z
    .array(AnomalySchema.pick({ rule: true, severity: true, action: true }))
    .describe('rules that fired on this snapshot'),
  not_evaluated: z.array(z.string()).optional().describe('rules that could not be evaluated (data missing)'),
  checks: z
    .array(
      z.object({ name: z.string(), result: z.enum(['pass', 'fail', 'unavailable']), output: z.string() }),
    )
    .optional()
    .describe('the metric checks, asked once at this interval'),
});

export const FirstSeenSchema = z.object({
  what: z.string().describe('"rule:<name>" or "indicator:<pattern>@<source>"'),
  severity: Severity,
  at: z.string(),
  after_run: z.string().describe('how long after the run ended, e.g. "7 m 40 s"'),
  after_run_ms: z.number().int(),
});

export const ObservationSchema = z
  .object({
    verdict: BakeVerdict,
    reason: z.string(),
    for: z.string().describe('the bake window, e.g. "10m"'),
    interval: z.string(),
    expected_samples: z.number().int().describe('snapshots a whole bake takes: for ÷ interval, rounded up'),
    run_status: z
      .enum(['success', 'failed', 'cancelled', 'interrupted', 'expired', 'denied', 'inconclusive'])
      .describe("the observed execution's status: what the rules see as `status`, so replay agrees"),
    started: z.string().describe('when the bake started: the end of the observed run'),
    ended: z.string(),
    samples: z.array(BakeSampleSchema),
    first_seen: z.array(FirstSeenSchema).describe('when each anomaly or indicator first appeared'),
  })
  .describe('the bake: what was seen after the run, in a follow-up record');

/**
 * Who proposed the request, as intentops established it: on GitHub the request PR's author, which
 * the proposer cannot choose; locally the author of the commit that added the request, which anyone
 * can set, so it is marked unverified. Records written before it existed have only `proposed_by`.
 */
export const RecordProposerSchema = z
  .object({
    login: z.string(),
    source: z
      .enum(['pr_author', 'git_author'])
      .describe(
        "pr_author: the request PR's author on GitHub; git_author: the commit that added the request",
      ),
    verified: z.boolean().describe('true only when GitHub said who opened the request PR'),
  })
  .describe('who proposed the request, as intentops established it: every figure is attributed to it');

/** pending and running are states of a request, never of a record: a record is always final. */
export const RecordStatus = z.enum([
  'success',
  'failed',
  'cancelled',
  'interrupted',
  'expired',
  'denied',
  'inconclusive',
]);
export const RECORD_STATUSES = RecordStatus.options;

export const ExecutionRecordSchema = z
  .object({
    id: z.string(),
    timestamp: z.string(),
    intent: z.string(),
    params: z.record(z.string(), z.unknown()),
    request: z.object({
      path: z.string(),
      commit: z.string().nullable(),
      reason: z.string(),
      proposed_by: z
        .string()
        .optional()
        .describe("the request file's claim of who proposed it: shown beside `proposer`, never trusted"),
      proposer: RecordProposerSchema.optional(),
      merged_at: z.string().optional().describe('when the commit that added the request was made'),
      pr_opened_at: z
        .string()
        .optional()
        .describe('when the request PR was opened (on GitHub): lead time counts from here'),
    }),
    run: z
      .object({ id: z.string(), attempt: z.number().int(), url: z.string().optional() })
      .optional()
      .describe('the GitHub Actions run that executed it'),
    origin: RecordOriginSchema.optional(),
    not_run: z
      .object({
        decision: z.enum(['expired', 'interrupted', 'withdrawn', 'edited', 'invalid']),
        claim: z.string().optional().describe('the claim a lost run left, for interrupted'),
      })
      .optional()
      .describe('why the reconcile settled this request without running its steps'),
    retry_of: z.string().optional().describe('the execution this one retries (a /retry by a writer)'),
    rollback_of: z
      .string()
      .optional()
      .describe('a rollback: the execution whose rollback steps this ran (that record is never rewritten)'),
    rollback: z
      .object({
        mode: z.enum(['auto', 'ask']).describe('auto: the policy ran it; ask: a person decided'),
        by: z.string().describe('who decided: a login, "policy" for auto, or the local user'),
        trigger: z.string().describe('why: the failed check, P1 indicator or bake verdict, or the comment'),
        comment_url: z.string().optional(),
      })
      .optional()
      .describe('how the rollback was decided'),
    observation_of: z
      .string()
      .optional()
      .describe('a follow-up record: the execution whose bake this is (that record is never rewritten)'),
    observation: ObservationSchema.optional(),
    before: SnapshotSchema.nullable(),
    prechecks: z
      .array(CheckResultSchema)
      .optional()
      .describe("the matching policies' prechecks, run before any step"),
    commands_run: z.array(CommandRunSchema),
    after: SnapshotSchema.nullable(),
    outcome_checks: z.record(z.string(), z.enum(['pass', 'fail', 'timeout', 'skipped'])),
    checks: z.array(CheckResultSchema),
    failure_indicators: z.array(IndicatorSeenSchema),
    anomalies: z.array(AnomalySchema),
    rules_not_evaluated: z.array(z.object({ rule: z.string(), reason: z.string() })),
    rules_evaluated: z
      .array(RuleEvaluationSchema)
      .optional()
      .describe('every rule detection ran, fired or not, with its inputs: what replay re-checks'),
    drafts: z.array(z.object({ fingerprint: z.string(), path: z.string(), new: z.boolean() })),
    policy: z.object({ verdict: z.enum(['allow', 'deny', 'hold']), reasons: z.array(z.string()) }),
    status: RecordStatus,
    status_reason: z.string().optional(),
    duration: z.string(),
    expected_duration: z.string().optional(),
    approvals: RecordApprovalsSchema.optional(),
    queries: RecordQueriesSchema.optional(),
    tool: z.object({ name: z.literal('intentops'), version: z.string() }),
    catalog_digest: z.string(),
    prev_digest: z.string().nullable(),
    digest: z.string(),
  })
  .describe('one execution of one request; see executions/YYYY-MM-DD/<id>.yaml');

export type Snapshot = z.infer<typeof SnapshotSchema>;
export type CommandRun = z.infer<typeof CommandRunSchema>;
export type CheckResult = z.infer<typeof CheckResultSchema>;
export type CheckAttempt = z.infer<typeof CheckAttemptSchema>;
export type IndicatorSeen = z.infer<typeof IndicatorSeenSchema>;
export type Anomaly = z.infer<typeof AnomalySchema>;
export type RuleEvaluation = z.infer<typeof RuleEvaluationSchema>;
export type RecordApprovals = z.infer<typeof RecordApprovalsSchema>;
export type RecordProposer = z.infer<typeof RecordProposerSchema>;
export type BakeSample = z.infer<typeof BakeSampleSchema>;
export type FirstSeen = z.infer<typeof FirstSeenSchema>;
export type Observation = z.infer<typeof ObservationSchema>;
export type RecordQueries = z.infer<typeof RecordQueriesSchema>;
export type RecordOrigin = z.infer<typeof RecordOriginSchema>;
export type ExecutionRecord = z.infer<typeof ExecutionRecordSchema>;
export type UnsignedRecord = Omit<ExecutionRecord, 'digest'>;
