import { createRequire as __intentopsCreateRequire } from 'node:module'; const require = __intentopsCreateRequire(import.meta.url);
import {
  Git
} from "./chunk-3RZXW5BD.js";
import {
  DraftStore,
  createRedactor,
  executePlan
} from "./chunk-OH6IWJ5D.js";
import {
  historyFor
} from "./chunk-URWU43WQ.js";
import {
  validate
} from "./chunk-OKQQJ5BC.js";
import {
  RecordStore
} from "./chunk-QXZVOJ7C.js";
import {
  prepareRequest
} from "./chunk-CCPQRHZZ.js";
import {
  targetOf
} from "./chunk-TVAFMIQY.js";
import {
  executionId,
  formatSeconds,
  sealRecord
} from "./chunk-FUILN6RE.js";
import {
  InputError
} from "./chunk-OPNGBO4A.js";

// src/domain/reconcile/not-run-record.ts
function notRunRecord(base, outcome) {
  return {
    id: base.id,
    timestamp: base.now.toISOString(),
    intent: base.intent,
    params: base.params,
    request: base.request,
    ...base.run ? { run: base.run } : {},
    ...outcome.notRun ? { not_run: outcome.notRun } : {},
    before: null,
    commands_run: [],
    after: null,
    outcome_checks: {},
    checks: [],
    failure_indicators: [],
    anomalies: [],
    rules_not_evaluated: [],
    drafts: [],
    policy: outcome.policy,
    status: outcome.status,
    status_reason: outcome.reason,
    duration: formatSeconds(0),
    ...base.expectedDurationS !== void 0 ? { expected_duration: `${base.expectedDurationS}s` } : {},
    ...base.approvals ? { approvals: base.approvals } : {},
    tool: { name: "intentops", version: base.toolVersion },
    catalog_digest: base.catalogDigest,
    prev_digest: base.prevDigest
  };
}

// src/app/run-request.ts
async function runRequest(opts, ports) {
  const redactorReady = createRedactor({ env: opts.env });
  redactorReady.catch(() => {
  });
  const records = new RecordStore(opts.repoDir);
  const [{ catalog, diagnostics }, commit, prev] = await Promise.all([
    // The same checks as `validate`: a broken rule, outcome spec or policy must not be run around.
    validate(opts.repoDir, { now: ports.now(), approvals: null, history: [] }, [opts.requestPath]),
    opts.commit ?? new Git(opts.repoDir).lastCommitOf(opts.requestPath),
    records.latestDigest()
  ]);
  const req = catalog.requests.find((r) => r.path === opts.requestPath);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length || !req) {
    throw new InputError(
      errors.length ? errors : [
        {
          file: opts.requestPath,
          severity: "error",
          message: "expected a request file under intents/requests/"
        }
      ]
    );
  }
  const now = ports.now();
  const history = await historyFor(catalog, opts.repoDir, now);
  const prepared = prepareRequest(catalog, req, {
    now,
    approvals: opts.approvals ?? null,
    history,
    ...opts.approvalDetail ? { approvalDetail: opts.approvalDetail } : {},
    ...opts.proposer ? { proposer: opts.proposer } : {},
    ...opts.proposerTeams ? { proposerTeams: opts.proposerTeams } : {}
  });
  if (!prepared.plan) throw new InputError(prepared.diagnostics);
  const plan = prepared.plan;
  const approvals = {
    count: opts.approvals ?? null,
    ...opts.approvalsFrom ? {
      approvers: opts.approvalsFrom.approvers,
      head_sha: opts.approvalsFrom.headSha,
      pr: opts.approvalsFrom.pr
    } : {},
    ...opts.approvalDetail ? { detail: opts.approvalDetail } : {}
  };
  const request = {
    path: req.path,
    commit,
    reason: req.data.reason,
    ...req.data.proposed_by ? { proposed_by: req.data.proposed_by } : {},
    ...opts.mergedAt ? { merged_at: opts.mergedAt.toISOString() } : {}
  };
  if (plan.policy.verdict !== "allow") {
    const target = targetOf(plan.params);
    const id = opts.id ?? executionId({
      at: now,
      intent: plan.intent,
      ...target ? { target } : {},
      unique: `${opts.requestPath}\0${commit}\0${now.getTime()}`
    });
    const redactor = await redactorReady;
    const refused = plan.policy.results.filter((r) => r.outcome === "deny" || r.outcome === "hold");
    const record = sealRecord(
      await redactor.redactDeep(
        notRunRecord(
          {
            id,
            now,
            intent: plan.intent,
            params: plan.params,
            request,
            toolVersion: opts.toolVersion,
            catalogDigest: catalog.digest,
            prevDigest: prev,
            approvals,
            ...opts.run ? { run: opts.run } : {}
          },
          {
            status: "denied",
            reason: refused.map((r) => r.reason).join("; "),
            policy: {
              verdict: plan.policy.verdict,
              reasons: plan.policy.results.map((r) => `${r.policy}/${r.rule}: ${r.outcome} \u2014 ${r.reason}`)
            }
          }
        )
      )
    );
    ports.log(`\u2716 ${plan.policy.verdict}: ${record.status_reason}`);
    return { record, path: await records.write(record) };
  }
  await opts.beforeSteps?.(plan);
  const drafts = new DraftStore(opts.repoDir);
  return executePlan(
    {
      plan,
      request,
      ...opts.run ? { run: opts.run } : {},
      ...opts.retryOf ? { retryOf: opts.retryOf } : {},
      cwd: opts.repoDir,
      toolVersion: opts.toolVersion,
      catalogDigest: catalog.digest,
      prevDigest: prev,
      approvals,
      ...opts.id ? { id: opts.id } : {},
      ...opts.signal ? { signal: opts.signal } : {}
    },
    ports,
    {
      writeRecord: (r) => records.write(r),
      upsertDraft: opts.upsertDraft ?? ((i) => drafts.upsert(i)),
      logAnomalies: (l) => drafts.logAnomalies(l)
    },
    redactorReady
  );
}

export {
  notRunRecord,
  runRequest
};
