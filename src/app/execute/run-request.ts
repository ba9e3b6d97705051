import { DraftStore } from '../../adapters/draft-store.js';
import { Git } from '../../adapters/git.js';
import { RecordStore } from '../../adapters/record-store.js';
import { InputError } from '../../domain/input/errors.js';
import { describeWorkload } from '../../domain/plan/live-state.js';
import type { Plan } from '../../domain/plan/plan.js';
import { notRunRecord } from '../../domain/reconcile/not-run-record.js';
import { executionId, sealRecord } from '../../domain/records/record.js';
import { targetOf } from '../../domain/request/target.js';
import type { ExecutionRecord, RecordApprovals } from '../../domain/schemas/record.js';
import { prepareRequest } from '../plan/prepare.js';
import { historyFor } from '../records/history.js';
import { runRedactor } from '../records/run-redactor.js';
import type { Stores } from '../records/stores.js';
import type { Connect, Connection } from '../shared/connection.js';
import type { ExecPorts } from '../shared/ports.js';
import { createObservers, type Observers } from '../shared/providers.js';
import { validate } from '../validate/validate.js';
import type { Drift } from './drift-guard.js';
import { executePlan } from './execute-plan.js';
import { establishProposer } from './proposer.js';

// `intentops run <request>`: bad input refuses before anything runs (exit 2); a denied or held
// request is recorded as `denied` without touching anything; otherwise the plan executes.

export interface RunOptions {
  repoDir: string;
  requestPath: string;
  toolVersion: string;
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** Approvals on the request PR; null or absent when unknown (a local run): the rule is then informational. */
  approvals?: number | null;
  /** Who to say approved and whose reviews did not count, for the policy reasons. */
  approvalDetail?: string;
  /** The counted approvers, the commit they approved and the PR: recorded for the audit trail. */
  approvalsFrom?: { approvers: string[]; headSha: string; pr: number };
  /**
   * The request PR's author, from GitHub: the proposer policies judge (a request's `proposed_by`
   * cannot override it) and the record keeps as verified. Absent: the git author, unverified.
   */
  proposer?: string;
  /** The proposer's teams among those the policies name (`org/team`). */
  proposerTeams?: readonly string[];
  id?: string;
  /** Where incident drafts go: local Markdown files by default, GitHub issues in the action. */
  upsertDraft?: Stores['upsertDraft'];
  /** The commit that added the request (the reconcile knows it); default: the last one that touched it. */
  commit?: string;
  mergedAt?: Date;
  /** When the request PR was opened (the action knows it from GitHub). */
  prOpenedAt?: string;
  /** The GitHub Actions run executing it. */
  run?: ExecutionRecord['run'];
  retryOf?: string;
  /**
   * Called once the plan is allowed, before the before-snapshot and the first step: the execute job
   * pushes its claim here. When it throws, nothing runs and no record is written.
   */
  beforeSteps?: (plan: Plan) => Promise<void>;
  /**
   * The drift guard: what moved on the target since the plan the approvals were given on, one line
   * each (none when nothing did or nothing was noted), and those workloads now. Asked once the plan
   * is allowed, before any step.
   */
  driftSince?: (plan: Plan, observers: Observers) => Promise<Drift>;
  /**
   * The credentials of the request's environment (the action: per environment of
   * intents/environments.yaml), asked once the policies allow it; absent: `ports` as given. A
   * refusal (a declared secret missing) is recorded as denied, and nothing runs.
   */
  connect?: Connect;
  /** Secret values the job holds beyond `env` (the environments' secrets): redacted like those of `env`. */
  secrets?: readonly string[];
}

export async function runRequest(
  opts: RunOptions,
  ports: ExecPorts,
): Promise<{ record: ExecutionRecord; path: string }> {
  // Loading the secret scanner takes ~70 ms: it overlaps reading the repo and the before-snapshot,
  // and is awaited before the first step, so if redaction cannot work nothing runs or is written.
  const redactorReady = runRedactor(opts.repoDir, opts.env, opts.secrets);
  redactorReady.catch(() => {});
  const records = new RecordStore(opts.repoDir);
  const [{ catalog, diagnostics }, commit, prev] = await Promise.all([
    // The same checks as `validate`: a broken rule, outcome spec or policy must not be run around.
    validate(opts.repoDir, { now: ports.now(), approvals: null, history: [] }, [opts.requestPath]),
    opts.commit ?? new Git(opts.repoDir).lastCommitOf(opts.requestPath),
    records.latestDigest(),
  ]);
  const req = catalog.requests.find((r) => r.path === opts.requestPath);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !req) {
    throw new InputError(
      errors.length
        ? errors
        : [
            {
              file: opts.requestPath,
              severity: 'error',
              message: 'expected a request file under intents/requests/',
            },
          ],
    );
  }
  const now = ports.now();
  // Only the days the longest rate-limit window reaches, by the same clock the decision uses.
  const history = await historyFor(catalog, opts.repoDir, now);
  const prepared = prepareRequest(catalog, req, {
    now,
    approvals: opts.approvals ?? null,
    history,
    ...(opts.approvalDetail ? { approvalDetail: opts.approvalDetail } : {}),
    ...(opts.proposer ? { proposer: opts.proposer } : {}),
    ...(opts.proposerTeams ? { proposerTeams: opts.proposerTeams } : {}),
  });
  if (!prepared.plan) throw new InputError(prepared.diagnostics);
  let connection: Connection | undefined;
  let refused: string | undefined;
  if (prepared.plan.policy.verdict === 'allow' && opts.connect) {
    const c = await opts.connect(prepared.plan.environment);
    if ('refused' in c) refused = c.refused;
    else connection = c;
  }
  try {
    return await runPrepared(opts, ports, connection, refused, {
      prepared: prepared.plan,
      catalogDigest: catalog.digest,
      commit,
      prev,
      now,
      redactorReady,
      records,
      reqPath: req.path,
      reqData: req.data,
    });
  } finally {
    connection?.release();
  }
}

interface Prepared {
  prepared: Plan;
  catalogDigest: string;
  commit: string | null;
  prev: string | null;
  now: Date;
  redactorReady: ReturnType<typeof runRedactor>;
  records: RecordStore;
  reqPath: string;
  reqData: { reason: string; proposed_by?: string | undefined };
}

async function runPrepared(
  opts: RunOptions,
  given: ExecPorts,
  connection: Connection | undefined,
  refused: string | undefined,
  p: Prepared,
): Promise<{ record: ExecutionRecord; path: string }> {
  const { commit, prev, now, redactorReady, records } = p;
  const catalog = { digest: p.catalogDigest };
  const req = { path: p.reqPath, data: p.reqData };
  // The environment's own cluster and observability endpoints, for the drift guard, the snapshots,
  // the checks and the steps' kubectl alike.
  const ports = connection ? { ...given, observers: createObservers(connection.observe) } : given;
  const hostEnv = connection ? { ...opts.env, ...connection.stepEnv } : opts.env;
  const drift =
    p.prepared.policy.verdict === 'allow' && !refused && opts.driftSince
      ? await opts.driftSince(p.prepared, ports.observers)
      : undefined;
  const plan = drift?.moved.length ? withDrift(p.prepared, drift) : p.prepared;

  const approvals: RecordApprovals = {
    count: opts.approvals ?? null,
    ...(opts.approvalsFrom
      ? {
          approvers: opts.approvalsFrom.approvers,
          head_sha: opts.approvalsFrom.headSha,
          pr: opts.approvalsFrom.pr,
        }
      : {}),
    ...(opts.approvalDetail ? { detail: opts.approvalDetail } : {}),
  };
  const proposer = await establishProposer(opts.repoDir, opts.proposer, commit);
  const request: ExecutionRecord['request'] = {
    path: req.path,
    commit,
    reason: req.data.reason,
    ...(req.data.proposed_by ? { proposed_by: req.data.proposed_by } : {}),
    ...(proposer ? { proposer } : {}),
    ...(opts.mergedAt ? { merged_at: opts.mergedAt.toISOString() } : {}),
    ...(opts.prOpenedAt ? { pr_opened_at: opts.prOpenedAt } : {}),
  };
  if (plan.policy.verdict !== 'allow' || refused !== undefined) {
    const target = targetOf(plan.params);
    const id =
      opts.id ??
      executionId({
        at: now,
        intent: plan.intent,
        ...(target ? { target } : {}),
        unique: `${opts.requestPath}\u0000${commit}\u0000${now.getTime()}`,
      });
    const [redactor, origin] = await Promise.all([redactorReady, ports.origin?.()]);
    const denials = plan.policy.results.filter((r) => r.outcome === 'deny' || r.outcome === 'hold');
    const record = sealRecord(
      await redactor.redactDeep(
        notRunRecord(
          {
            id,
            now,
            intent: plan.intent,
            params: plan.params,
            ...(plan.environment !== undefined ? { environment: plan.environment } : {}),
            request,
            toolVersion: opts.toolVersion,
            catalogDigest: catalog.digest,
            prevDigest: prev,
            approvals,
            ...(opts.run ? { run: opts.run } : {}),
            ...(origin ? { origin } : {}),
            ...(opts.retryOf ? { retryOf: opts.retryOf } : {}),
          },
          refused !== undefined
            ? // Refused as input (a declared secret missing), as the reconcile settles an invalid request.
              {
                status: 'denied',
                reason: refused,
                policy: { verdict: 'deny', reasons: [] },
                notRun: { decision: 'invalid' },
              }
            : {
                status: 'denied',
                reason: denials.map((r) => r.reason).join('; '),
                policy: {
                  verdict: plan.policy.verdict,
                  reasons: plan.policy.results.map(
                    (r) => `${r.policy}/${r.rule}: ${r.outcome} — ${r.reason}`,
                  ),
                },
              },
        ),
      ),
    );
    // Not logged here: the caller says it once, in the words of its result (app/plan/format.ts).
    return { record, path: await records.write(record) };
  }
  await opts.beforeSteps?.(plan);
  const drafts = new DraftStore(opts.repoDir);
  return executePlan(
    {
      plan,
      request,
      ...(opts.run ? { run: opts.run } : {}),
      ...(opts.retryOf ? { retryOf: opts.retryOf } : {}),
      cwd: opts.repoDir,
      // The steps' base set and `env.pass` names come from the caller's environment: in the action,
      // the one it was started with (its secrets are no longer in process.env).
      hostEnv,
      toolVersion: opts.toolVersion,
      catalogDigest: catalog.digest,
      prevDigest: prev,
      approvals,
      ...(opts.id ? { id: opts.id } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    },
    ports,
    {
      writeRecord: (r) => records.write(r),
      upsertDraft: opts.upsertDraft ?? ((i) => drafts.upsert(i)),
      logAnomalies: (l) => drafts.logAnomalies(l),
    },
    redactorReady,
  );
}

/**
 * The plan with what moved since the approval in its policy results: under `on_drift: deny` a deny
 * (nothing runs; the record and the PR say what moved, what runs now and how to go on — a writer's
 * `/retry` approves the live state anew, action/retry-command.ts), else a note the record keeps.
 */
function withDrift(plan: Plan, drift: Drift): Plan {
  const deny = plan.policy.onDrift === 'deny';
  // A denial says what runs now, so the writer who approves again (`/retry`) knows what they approve.
  const now = deny && drift.now.length ? `; live now: ${drift.now.map(describeWorkload).join('; ')}` : '';
  const moved = `the cluster moved since the approved plan: ${drift.moved.join('; ')}${now}`;
  const result = {
    policy: plan.policy.onDriftPolicy ?? 'default',
    rule: 'on_drift' as const,
    outcome: deny ? ('deny' as const) : ('info' as const),
    reason: deny
      ? `${moved}; on_drift: deny — it waits for a fresh approval: /retry on its pull request by someone with write access re-plans against the live state now and runs it (or propose a new request)`
      : `${moved}; on_drift: proceed — ran on the cluster as it is now`,
  };
  return {
    ...plan,
    policy: {
      ...plan.policy,
      verdict: deny ? 'deny' : plan.policy.verdict,
      results: [...plan.policy.results, result],
    },
  };
}
