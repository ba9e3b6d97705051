import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DraftStore } from '../../adapters/draft-store.js';
import { RecordStore } from '../../adapters/record-store.js';
import { InputError } from '../../domain/input/errors.js';
import { buildPlan, type Plan } from '../../domain/plan/plan.js';
import { placeholders } from '../../domain/plan/template.js';
import { decide } from '../../domain/policy/policy.js';
import { rollbackClaimPath } from '../../domain/reconcile/claim.js';
import type { ParamValue } from '../../domain/request/params.js';
import { targetOf } from '../../domain/request/target.js';
import { doneText, failedText, rollbackId, rollbackPlan } from '../../domain/rollback/rollback.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import { executePlan } from '../execute/execute-plan.js';
import { observeExecution } from '../observe/observe-execution.js';
import type { ObserveRunResult } from '../observe/observe-run.js';
import { outcomesFor, rulesForIntent } from '../plan/prepare.js';
import { runRedactor } from '../records/run-redactor.js';
import type { Stores } from '../records/stores.js';
import type { Connect } from '../shared/connection.js';
import { type Catalog, loadRepo } from '../shared/load-repo.js';
import type { ExecPorts } from '../shared/ports.js';
import { createObservers } from '../shared/providers.js';
import { linkedRecords } from './rollback-index.js';

// Run an execution's rollback: the intent's `rollback:` steps with the params it ran with, as an
// execution of its own (`rollback_of`), observed and baked like any run. Refused — with the reason —
// when there is nothing to run, the policy says never, it was already rolled back, or it is itself
// a rollback (no loop: a failed rollback goes to a human, never to another rollback).

/** Adds a note to incident drafts (local Markdown files, or comments on the GitHub issues). */
/**
 * Tells the incidents of an execution: `text` as a note (a comment on GitHub); `status.rollback`,
 * when the note is about a rollback that ran, keeps the incident's own status current.
 */
export type NoteDrafts = (
  paths: readonly string[],
  text: string,
  status?: { rollback: ExecutionRecord },
) => Promise<void>;

export interface RollbackOptions {
  repoDir: string;
  toolVersion: string;
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** What to roll back: an execution or its bake's follow-up (then the observed execution). */
  id?: string;
  execution?: ExecutionRecord;
  /** Who decided: a login, "policy" for auto, the local user. */
  by: string;
  mode: 'auto' | 'ask';
  trigger?: string;
  commentUrl?: string;
  run?: ExecutionRecord['run'];
  /** Bake the rollback when the intent has a bake window (default true). */
  bake?: boolean;
  upsertDraft?: Stores['upsertDraft'];
  /** Where the rollback's records go: the local store by default, the publisher in the action. */
  writeRecord?: Stores['writeRecord'];
  noteDrafts?: NoteDrafts;
  /**
   * Claims the rollback before its first step (the action pushes `rollbackClaimPath`): false when
   * another run claimed it first. Locally there is none: one terminal, one decision.
   */
  claim?: (of: ExecutionRecord) => Promise<boolean>;
  /** The credentials of the execution's environment (as the run had); absent: `ports` as given. */
  connect?: Connect;
  /** Secret values held outside `env` (the environments' secrets), for the redactor. */
  secrets?: readonly string[];
}

export interface RollbackResult {
  of: ExecutionRecord;
  record: ExecutionRecord;
  path: string;
  bake?: ObserveRunResult;
  /** What was said on the drafts: what was rolled back, when, by whom. */
  note: string;
}

export function refuse(message: string): InputError {
  return new InputError([{ file: 'executions/', severity: 'error', message }]);
}

/**
 * Refused because the execution was rolled back already. Carries the rollback, so a re-delivered
 * `/rollback` (a re-run of a job that died after pushing the rollback's record, before it told the
 * request PR and the incidents) can bring what they say up to date without running anything.
 */
export class AlreadyRolledBack extends InputError {
  constructor(
    readonly execution: ExecutionRecord,
    /** The rollback records, repository-relative. */
    readonly rollbacks: string[],
  ) {
    super([
      {
        file: 'executions/',
        severity: 'error',
        message: `${execution.id} was already rolled back (${rollbacks.join(', ')}): it is not rolled back twice`,
      },
    ]);
  }
}

/** The execution a record stands for: itself, or the one a bake follow-up observed. */
export async function executionOf(repoDir: string, o: { id?: string; execution?: ExecutionRecord }) {
  const store = new RecordStore(repoDir);
  let record = o.execution;
  if (!record) {
    if (!o.id) throw refuse('expected an execution id');
    const rel = await store.findById(o.id);
    if (!rel) throw refuse(`no execution record with id ${o.id} under executions/`);
    record = await store.read(rel);
  }
  if (!record.observation_of) return record;
  const rel = await store.findById(record.observation_of);
  if (!rel) throw refuse(`${record.id} observes ${record.observation_of}, which has no record`);
  return store.read(rel);
}

/** The plan the execution would have today, with the policy's rollback mode (no other rule re-asked). */
export function rollbackSetup(catalog: Catalog, execution: ExecutionRecord): Plan {
  const intent = catalog.intents.get(execution.intent);
  if (!intent) throw refuse(`${execution.id}: intent ${execution.intent} is no longer in the catalog`);
  const params = execution.params as Record<string, ParamValue>;
  const target = targetOf(params);
  const decision = decide(
    catalog.policies.flatMap((p) => p.data.policies),
    {
      intent: intent.data.name,
      risk: intent.data.risk,
      params,
      ...(target ? { target } : {}),
      // A policy for production says how production is rolled back.
      ...(execution.environment !== undefined ? { environment: execution.environment } : {}),
    },
    { now: new Date(), approvals: null, history: [] },
  );
  const outcomes = outcomesFor(catalog, execution.intent);
  const plan = buildPlan({
    intent: intent.data,
    ...(outcomes ? { outcomes: outcomes.data } : {}),
    rules: rulesForIntent(catalog, execution.intent),
    params,
    policy: { verdict: 'allow', results: [], matched: decision.matched, ...pickRollback(decision) },
  });
  // The rollback runs, and is recorded, in the environment the execution ran in.
  return execution.environment !== undefined ? { ...plan, environment: execution.environment } : plan;
}

/**
 * Placeholders of the intent's rollback steps (as the catalog says today) that the execution's
 * record has no value for: rendered, they would be empty — a different command than anyone approved.
 */
export function paramsNotRecorded(catalog: Catalog, execution: ExecutionRecord): string[] {
  const steps = catalog.intents.get(execution.intent)?.data.rollback ?? [];
  const used = placeholders(JSON.stringify(steps).replaceAll('\\"', '"'));
  return [...new Set(used)].filter((p) => !Object.hasOwn(execution.params, p));
}

function pickRollback(d: ReturnType<typeof decide>) {
  return {
    ...(d.rollback ? { rollback: d.rollback } : {}),
    ...(d.rollbackPolicy ? { rollbackPolicy: d.rollbackPolicy } : {}),
  };
}

/** Incident drafts of an execution and of its bakes: where "rolled back by …" is said. */
export async function draftsOf(repoDir: string, execution: ExecutionRecord): Promise<string[]> {
  const store = new RecordStore(repoDir);
  const { followUps } = await linkedRecords(repoDir);
  const paths = execution.drafts.map((d) => d.path);
  for (const rel of followUps.get(execution.id) ?? [])
    paths.push(...(await store.read(rel)).drafts.map((d) => d.path));
  return [...new Set(paths)];
}

export function localNotes(repoDir: string): NoteDrafts {
  const drafts = new DraftStore(repoDir);
  return async (paths, text) => {
    for (const p of paths) await drafts.note(p, text);
  };
}

export async function runRollback(o: RollbackOptions, ports: ExecPorts): Promise<RollbackResult> {
  if (!o.connect) return rollbackWith(o, ports);
  // In the environment the execution ran in: its cluster, its kubeconfig for the steps.
  const execution = await executionOf(o.repoDir, o);
  const c = await o.connect(execution.environment);
  if ('refused' in c) throw refuse(`${execution.id}: ${c.refused}`);
  try {
    const { connect: _connect, ...rest } = o;
    return await rollbackWith(
      { ...rest, execution, env: { ...o.env, ...c.stepEnv } },
      { ...ports, observers: createObservers(c.observe) },
    );
  } finally {
    c.release();
  }
}

async function rollbackWith(o: RollbackOptions, ports: ExecPorts): Promise<RollbackResult> {
  const execution = await executionOf(o.repoDir, o);
  if (execution.rollback_of)
    throw refuse(
      `${execution.id} is itself a rollback (of ${execution.rollback_of}): a rollback is never rolled back; a human decides what to do`,
    );
  if (execution.commands_run.length === 0)
    throw refuse(
      `${execution.id} ended ${execution.status} without running a step: there is nothing to roll back`,
    );
  const { catalog } = await loadRepo(o.repoDir, []);
  const unknown = paramsNotRecorded(catalog, execution);
  if (unknown.length)
    throw refuse(
      `${execution.id}: the rollback steps of intent ${execution.intent} use ${unknown.map((p) => `{{${p}}}`).join(', ')}, which this execution had no value for (its params: ${Object.keys(execution.params).join(', ') || 'none'}); the catalog changed since it ran, so nothing is run: a human rolls it back`,
    );
  const plan = rollbackSetup(catalog, execution);
  const planned = rollbackPlan(plan);
  if (!plan.rollback || !planned)
    throw refuse(
      `${execution.id}: intent ${execution.intent} declares no rollback steps, so there is nothing to run; undo it by hand, or add \`rollback:\` to intents/catalog/${execution.intent}.yaml`,
    );
  if (plan.rollback.mode === 'never')
    throw refuse(
      `${execution.id}: policy ${plan.rollback.policy ?? '?'} says \`rollback: never\` for intent ${execution.intent}: a human repairs it`,
    );
  const done = (await linkedRecords(o.repoDir)).rollbacks.get(execution.id);
  if (done?.length) throw new AlreadyRolledBack(execution, done);
  const claimed = rollbackClaimPath(execution.id);
  if (existsSync(join(o.repoDir, claimed)))
    throw refuse(
      `a rollback of ${execution.id} was started (${claimed}) and left no record: it may have run in part; a human decides`,
    );
  if (o.claim && !(await o.claim(execution)))
    throw refuse(`another run is rolling back ${execution.id} already: it is not rolled back twice`);

  const records = new RecordStore(o.repoDir);
  const drafts = new DraftStore(o.repoDir);
  const redactorReady = runRedactor(o.repoDir, o.env, o.secrets);
  redactorReady.catch(() => {});
  const trigger = o.trigger ?? (o.mode === 'auto' ? 'the policy' : `asked by ${o.by}`);
  ports.log(`↶ rolling back ${execution.id} (${o.mode}, by ${o.by}): ${trigger}`);
  const writeRecord = o.writeRecord ?? ((r: ExecutionRecord) => records.write(r));
  const upsertDraft = o.upsertDraft ?? ((i) => drafts.upsert(i));
  const { record, path } = await executePlan(
    {
      plan: planned,
      request: execution.request,
      ...(o.run ? { run: o.run } : {}),
      rollback: {
        of: execution.id,
        mode: o.mode,
        by: o.by,
        trigger,
        ...(o.commentUrl ? { comment_url: o.commentUrl } : {}),
      },
      id: rollbackId(execution, ports.now()),
      cwd: o.repoDir,
      toolVersion: o.toolVersion,
      catalogDigest: catalog.digest,
      prevDigest: await records.latestDigest(),
      ...(o.signal ? { signal: o.signal } : {}),
      hostEnv: o.env,
    },
    ports,
    { writeRecord, upsertDraft, logAnomalies: (l) => drafts.logAnomalies(l) },
    redactorReady,
  );
  ports.log(
    `  rollback ${record.id}: ${record.status}${record.status_reason ? ` (${record.status_reason})` : ''}`,
  );
  // Observed and baked like any run; a bake that fails is for a human (see remediate).
  let bake: ObserveRunResult | undefined;
  if (record.status === 'success' && o.bake !== false && plan.bake && !o.signal?.aborted) {
    bake = await observeExecution(
      {
        repoDir: o.repoDir,
        toolVersion: o.toolVersion,
        env: o.env,
        execution: record,
        upsertDraft,
        writeRecord,
        ...(o.signal ? { signal: o.signal } : {}),
      },
      ports,
    );
  }
  const bakeFailed = bake?.baked && bake.observation.verdict !== 'pass';
  const note =
    bake?.baked && bakeFailed
      ? `${doneText(record)}\n\nIts bake was ${bake.observation.verdict}: ${bake.observation.reason}.\n\n${failedText(record.id)}`
      : doneText(record);
  await (o.noteDrafts ?? localNotes(o.repoDir))(await draftsOf(o.repoDir, execution), note, {
    rollback: record,
  });
  return { of: execution, record, path, ...(bake ? { bake } : {}), note };
}
