import { z } from 'zod/mini';

// The execution record: the seed's shape (id, timestamp, intent, params, before, commands_run, after,
// outcome_checks, status, duration) plus what an auditor and replay need. Written once, never rewritten.

const Severity = z.enum(['P1', 'P2', 'P3', 'P4']);

export const SnapshotSchema = z
  .catchall(
    z.object({
      metrics: z.optional(z.record(z.string(), z.nullable(z.number()))),
      error_count: z.optional(z.nullable(z.number())),
      pod_restarts: z.optional(z.nullable(z.number())),
      recent_logs: z.optional(z.array(z.string())),
      unavailable: z
        .optional(z.array(z.object({ source: z.string(), reason: z.string() })))
        .check(z.describe('providers or captures that could not be read, with the reason')),
    }),
    z.unknown(),
  )
  .check(z.describe('state captured before the first step or after the outcome checks'));

export const CommandRunSchema = z.object({
  step: z.string(),
  cmd: z.union([z.string(), z.array(z.string())]).check(z.describe('the rendered command exactly as it ran')),
  exit_code: z.nullable(z.int()),
  duration: z.string().check(z.describe('e.g. "2.314s"')),
  timed_out: z.optional(z.boolean()),
  cancelled: z.optional(z.boolean()),
  signal: z.optional(z.string()),
  error: z.optional(z.string()),
  output_bytes: z.optional(z.int()),
  stdout_tail: z.optional(z.string()),
  stderr_tail: z.optional(z.string()),
  continue_on_error: z
    .optional(z.boolean())
    .check(z.describe('the step may fail without failing the run (present only when true): replay needs it')),
});

export const CheckAttemptSchema = z.object({
  at: z.string(),
  exit_code: z.nullable(z.int()),
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
  source: z.string().check(z.describe('where it was seen, e.g. "step:rollout" or "check:pods_ready"')),
  line: z.string(),
});

export const AnomalySchema = z.object({
  rule: z.string(),
  severity: Severity,
  action: z.enum(['create_incident_draft', 'flag_for_review', 'log_warning']),
  condition: z.string(),
  rules_file: z.string(),
  inputs: z.record(z.string(), z.unknown()).check(z.describe('the values the condition saw')),
});

export const RuleEvaluationSchema = z.object({
  rule: z.string(),
  severity: Severity,
  action: z.enum(['create_incident_draft', 'flag_for_review', 'log_warning']),
  condition: z.string(),
  rules_file: z.string(),
  result: z.enum(['fired', 'not_fired', 'not_evaluated']),
  reason: z.optional(z.string()),
  inputs: z.record(z.string(), z.unknown()).check(z.describe('the values the condition saw')),
});

export const RecordApprovalsSchema = z
  .object({
    count: z.nullable(z.int()).check(z.describe('approvals counted; null when unknown (a local run)')),
    approvers: z.optional(z.array(z.string())),
    head_sha: z.optional(z.string()).check(z.describe('the commit the approvals were given on')),
    pr: z.optional(z.int()),
    detail: z.optional(z.string()),
  })
  .check(z.describe('the approvals that let the run proceed'));

export const RecordQueriesSchema = z
  .object({
    prometheus: z
      .optional(z.record(z.string(), z.string()))
      .check(z.describe('metric name → rendered PromQL')),
    loki: z.optional(z.object({ selector: z.string(), error_pattern: z.string() })),
    kubernetes: z.optional(
      z.object({ namespace: z.string(), selector: z.string(), deployment: z.optional(z.string()) }),
    ),
    velero: z.optional(z.object({ namespace: z.string() })),
    captures: z
      .optional(z.record(z.string(), z.union([z.string(), z.array(z.string())])))
      .check(z.describe('snapshot key → the rendered capture command')),
  })
  .check(z.describe('what the snapshots asked, rendered with the params'));

export const RecordOriginSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('local'),
      host: z.string().check(z.describe('the machine `intentops` ran on')),
      user: z.string().check(z.describe('the operating-system user who ran it')),
      git_author: z.optional(z.string()).check(z.describe("git's author identity there: `Name <email>`")),
    }),
    z.object({
      kind: z.literal('github'),
      run_url: z.string().check(z.describe('the GitHub Actions run that wrote it')),
      actor: z.optional(z.string()).check(z.describe('who started that run')),
    }),
  ])
  .check(
    z.describe(
      'where the record was written: `local` by the CLI (intentops run, observe, rollback) with its operator, `github` by the action; absent in older records',
    ),
  );

// superseded: a newer execution for the target ended the bake; cancelled: someone stopped it.
export const BakeVerdict = z.enum(['pass', 'fail', 'inconclusive', 'superseded', 'cancelled']);

export const BakeSampleSchema = z.object({
  at: z.string(),
  snapshot: z.nullable(SnapshotSchema),
  indicators: z.array(IndicatorSeenSchema).check(z.describe('failure indicators new since the run ended')),
  anomalies: z
    .array(z.pick(AnomalySchema, { rule: true, severity: true, action: true }))
    .check(z.describe('rules that fired on this snapshot')),
  not_evaluated: z
    .optional(z.array(z.string()))
    .check(z.describe('rules that could not be evaluated (data missing)')),
  checks: z
    .optional(
      z.array(
        z.object({ name: z.string(), result: z.enum(['pass', 'fail', 'unavailable']), output: z.string() }),
      ),
    )
    .check(z.describe('the metric checks, asked once at this interval')),
});

export const FirstSeenSchema = z.object({
  what: z.string().check(z.describe('"rule:<name>" or "indicator:<pattern>@<source>"')),
  severity: Severity,
  at: z.string(),
  after_run: z.string().check(z.describe('how long after the run ended, e.g. "7 m 40 s"')),
  after_run_ms: z.int(),
});

export const ObservationSchema = z
  .object({
    verdict: BakeVerdict,
    reason: z.string(),
    for: z.string().check(z.describe('the bake window, e.g. "10m"')),
    interval: z.string(),
    expected_samples: z.int().check(z.describe('snapshots a whole bake takes: for ÷ interval, rounded up')),
    run_status: z
      .enum(['success', 'failed', 'cancelled', 'interrupted', 'expired', 'denied', 'inconclusive'])
      .check(z.describe("the observed execution's status: what the rules see as `status`, so replay agrees")),
    started: z.string().check(z.describe('when the bake started: the end of the observed run')),
    ended: z.string(),
    samples: z.array(BakeSampleSchema),
    first_seen: z.array(FirstSeenSchema).check(z.describe('when each anomaly or indicator first appeared')),
  })
  .check(z.describe('the bake: what was seen after the run, in a follow-up record'));

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
      .check(
        z.describe(
          "pr_author: the request PR's author on GitHub; git_author: the commit that added the request",
        ),
      ),
    verified: z.boolean().check(z.describe('true only when GitHub said who opened the request PR')),
  })
  .check(
    z.describe('who proposed the request, as intentops established it: every figure is attributed to it'),
  );

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
    environment: z
      .optional(z.string())
      .check(
        z.describe('the environment it ran in (intents/environments.yaml); absent when none is declared'),
      ),
    request: z.object({
      path: z.string(),
      commit: z.nullable(z.string()),
      reason: z.string(),
      proposed_by: z
        .optional(z.string())
        .check(
          z.describe("the request file's claim of who proposed it: shown beside `proposer`, never trusted"),
        ),
      proposer: z.optional(RecordProposerSchema),
      merged_at: z.optional(z.string()).check(z.describe('when the commit that added the request was made')),
      pr_opened_at: z
        .optional(z.string())
        .check(z.describe('when the request PR was opened (on GitHub): lead time counts from here')),
    }),
    run: z
      .optional(z.object({ id: z.string(), attempt: z.int(), url: z.optional(z.string()) }))
      .check(z.describe('the GitHub Actions run that executed it')),
    origin: z.optional(RecordOriginSchema),
    not_run: z
      .optional(
        z.object({
          decision: z.enum(['expired', 'interrupted', 'withdrawn', 'edited', 'invalid']),
          claim: z.optional(z.string()).check(z.describe('the claim a lost run left, for interrupted')),
        }),
      )
      .check(z.describe('why the reconcile settled this request without running its steps')),
    retry_of: z
      .optional(z.string())
      .check(z.describe('the execution this one retries (a /retry by a writer)')),
    rollback_of: z
      .optional(z.string())
      .check(
        z.describe(
          'a rollback: the execution whose rollback steps this ran (that record is never rewritten)',
        ),
      ),
    rollback: z
      .optional(
        z.object({
          mode: z.enum(['auto', 'ask']).check(z.describe('auto: the policy ran it; ask: a person decided')),
          by: z.string().check(z.describe('who decided: a login, "policy" for auto, or the local user')),
          trigger: z
            .string()
            .check(z.describe('why: the failed check, P1 indicator or bake verdict, or the comment')),
          comment_url: z.optional(z.string()),
        }),
      )
      .check(z.describe('how the rollback was decided')),
    observation_of: z
      .optional(z.string())
      .check(
        z.describe('a follow-up record: the execution whose bake this is (that record is never rewritten)'),
      ),
    observation: z.optional(ObservationSchema),
    before: z.nullable(SnapshotSchema),
    prechecks: z
      .optional(z.array(CheckResultSchema))
      .check(z.describe("the matching policies' prechecks, run before any step")),
    commands_run: z.array(CommandRunSchema),
    after: z.nullable(SnapshotSchema),
    outcome_checks: z.record(z.string(), z.enum(['pass', 'fail', 'timeout', 'skipped'])),
    checks: z.array(CheckResultSchema),
    failure_indicators: z.array(IndicatorSeenSchema),
    anomalies: z.array(AnomalySchema),
    rules_not_evaluated: z.array(z.object({ rule: z.string(), reason: z.string() })),
    rules_evaluated: z
      .optional(z.array(RuleEvaluationSchema))
      .check(z.describe('every rule detection ran, fired or not, with its inputs: what replay re-checks')),
    drafts: z.array(z.object({ fingerprint: z.string(), path: z.string(), new: z.boolean() })),
    policy: z.object({ verdict: z.enum(['allow', 'deny', 'hold']), reasons: z.array(z.string()) }),
    status: RecordStatus,
    status_reason: z.optional(z.string()),
    duration: z.string(),
    expected_duration: z.optional(z.string()),
    approvals: z.optional(RecordApprovalsSchema),
    queries: z.optional(RecordQueriesSchema),
    tool: z.object({ name: z.literal('intentops'), version: z.string() }),
    catalog_digest: z.string(),
    prev_digest: z.nullable(z.string()),
    digest: z.string(),
  })
  .check(z.describe('one execution of one request; see executions/YYYY-MM-DD/<id>.yaml'));

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
