import { DraftStore } from '../../adapters/draft-store.js';
import { RecordStore } from '../../adapters/record-store.js';
import { InputError } from '../../domain/input/errors.js';
import { buildPlan } from '../../domain/plan/plan.js';
import type { ParamValue } from '../../domain/request/params.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import { outcomesFor, rulesForIntent } from '../plan/prepare.js';
import { runRedactor } from '../records/run-redactor.js';
import type { Stores } from '../records/stores.js';
import { loadRepo } from '../shared/load-repo.js';
import type { ExecPorts } from '../shared/ports.js';
import { type ObserveRunResult, observeRun } from './observe-run.js';

// `intentops observe <execution-id>` (and `run` after its record is written): bake an execution with
// the intent's current bake window, checks and rules, and write the follow-up record.

export interface ObserveExecutionOptions {
  repoDir: string;
  toolVersion: string;
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** The record, when the caller has it (right after `run`); else it is read by id. */
  execution?: ExecutionRecord;
  id?: string;
  upsertDraft?: Stores['upsertDraft'];
  /** Where the follow-up goes: the local store by default, the record publisher in the action. */
  writeRecord?: Stores['writeRecord'];
  onProgress?: (line: string) => Promise<void> | void;
  /**
   * Called once the follow-up record is written, e.g. to roll back when the bake failed
   * (app/rollback/remediate.ts; the action's `remediateRecord`). Not called when nothing was baked.
   */
  afterFollowUp?: (followUp: ExecutionRecord) => Promise<void> | void;
  /** The newest record's digest when the follow-up is written; the action reads it after a fetch. */
  prevDigest?: () => Promise<string | null>;
  /** Why the execution cannot be observed here: no bake, an inconclusive follow-up saying so. */
  unobserved?: string;
}

function refuse(message: string): InputError {
  return new InputError([{ file: 'executions/', severity: 'error', message }]);
}

export async function observeExecution(
  o: ObserveExecutionOptions,
  ports: ExecPorts,
): Promise<ObserveRunResult> {
  const records = new RecordStore(o.repoDir);
  let execution = o.execution;
  if (!execution) {
    if (!o.id) throw refuse('expected an execution id');
    const rel = await records.findById(o.id);
    if (!rel) throw refuse(`no execution record with id ${o.id} under executions/`);
    execution = await records.read(rel);
  }
  const { catalog } = await loadRepo(o.repoDir);
  const intent = catalog.intents.get(execution.intent);
  if (!intent) throw refuse(`${execution.id}: intent ${execution.intent} is no longer in the catalog`);
  const outcomes = outcomesFor(catalog, execution.intent);
  // The run was allowed when it ran; the bake re-asks no policy, it only watches.
  const plan = buildPlan({
    intent: intent.data,
    ...(outcomes ? { outcomes: outcomes.data } : {}),
    rules: rulesForIntent(catalog, execution.intent),
    params: execution.params as Record<string, ParamValue>,
    policy: { verdict: 'allow', results: [], matched: [] },
  });
  const redactorReady = runRedactor(o.repoDir, o.env);
  redactorReady.catch(() => {});
  const drafts = new DraftStore(o.repoDir);
  const result = await observeRun(
    {
      plan,
      execution,
      cwd: o.repoDir,
      toolVersion: o.toolVersion,
      catalogDigest: catalog.digest,
      prevDigest: o.prevDigest ?? (() => records.latestDigest()),
      hostEnv: o.env,
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
      ...(o.unobserved !== undefined ? { unobserved: o.unobserved } : {}),
    },
    ports,
    {
      writeRecord: o.writeRecord ?? ((r) => records.write(r)),
      upsertDraft: o.upsertDraft ?? ((i) => drafts.upsert(i)),
      logAnomalies: (l) => drafts.logAnomalies(l),
    },
    redactorReady,
  );
  if (result.baked) await o.afterFollowUp?.(result.record);
  return result;
}
