import type { Redactor } from '../../adapters/redactor.js';
import { bakeProgress } from '../../domain/detect/bake.js';
import type { Plan } from '../../domain/plan/plan.js';
import { followUpRecord, unobservedObservation } from '../../domain/records/bake-record.js';
import { targetOf } from '../../domain/request/target.js';
import type { ExecutionRecord, Observation } from '../../domain/schemas/record.js';
import { sealAndWrite } from '../records/seal-and-write.js';
import type { Stores } from '../records/stores.js';
import type { ExecPorts } from '../shared/ports.js';
import { isolatedPorts, stepEnv } from '../shared/step-env.js';
import { bake } from './bake.js';

// Bake an execution that ended and write the follow-up record: the execution record stays as it was
// written, the follow-up names it. Anomalies draft incidents like any run's, saying when they appeared.

export interface ObserveRunInput {
  plan: Plan;
  execution: ExecutionRecord;
  cwd: string;
  toolVersion: string;
  catalogDigest: string;
  /** Read when the follow-up is written (the chain may have grown during the bake). */
  prevDigest: () => Promise<string | null>;
  signal?: AbortSignal;
  hostEnv?: Record<string, string | undefined>;
  /** The progress line after each snapshot ("baking: 4 of 10 min, no anomalies so far"). */
  onProgress?: (line: string) => Promise<void> | void;
  /**
   * Why this job cannot observe the execution at all (it lacks its environment's credentials): no
   * bake, and the follow-up record says inconclusive with this reason.
   */
  unobserved?: string;
}

export type ObserveRunResult =
  /** `noWindow`: the intent declares no bake window, so there is nothing to watch (not a failure). */
  | { baked: false; reason: string; noWindow?: true }
  | { baked: true; record: ExecutionRecord; path: string; observation: Observation };

/** When the run ended: its start plus its duration. */
export function runEndOf(r: Pick<ExecutionRecord, 'timestamp' | 'duration'>): Date {
  return new Date(new Date(r.timestamp).getTime() + Number.parseFloat(r.duration) * 1000);
}

/** The bake itself: a snapshot at each interval, progress said after each. */
async function bakeFor(
  input: ObserveRunInput,
  window: NonNullable<Plan['bake']>,
  ports: ExecPorts,
): Promise<Observation> {
  const { plan, execution } = input;
  const env = stepEnv(plan, {}, input.hostEnv ?? process.env);
  const runEnded = runEndOf(execution);
  let anomalies = 0;
  ports.log(`◷ baking ${execution.id} for ${window.forMs / 1000}s, every ${window.intervalMs / 1000}s`);
  return bake(
    {
      plan: { ...plan, bake: window },
      record: execution,
      runEnded,
      cwd: input.cwd,
      env,
      ...(input.signal ? { signal: input.signal } : {}),
      onSample: async ({ elapsedMs, newlySeen }) => {
        anomalies += newlySeen.length;
        for (const f of newlySeen)
          ports.log(`  ${f.what} (${f.severity}) appeared ${f.after_run} after the run ended`);
        const line = bakeProgress({ elapsedMs, forMs: window.forMs, anomalies });
        ports.log(`  ${line}`);
        await input.onProgress?.(line);
      },
    },
    ports,
  );
}

export async function observeRun(
  input: ObserveRunInput,
  outerPorts: ExecPorts,
  stores: Stores,
  redactorReady: Redactor | Promise<Redactor>,
): Promise<ObserveRunResult> {
  const { plan, execution } = input;
  if (!plan.bake)
    return {
      baked: false,
      reason: `intent ${plan.intent} declares no bake window (observe.for)`,
      noWindow: true,
    };
  if (execution.observation_of)
    return { baked: false, reason: `${execution.id} is a bake's follow-up record, not an execution` };
  if (execution.status !== 'success')
    return {
      baked: false,
      reason: `${execution.id} ended ${execution.status}: only a run that passed is baked`,
    };
  const ports = isolatedPorts(outerPorts, redactorReady);
  const raw =
    input.unobserved === undefined
      ? await bakeFor(input, plan.bake, ports)
      : unobservedObservation({
          bake: plan.bake,
          runStatus: execution.status,
          at: ports.now(),
          reason: input.unobserved,
        });
  const redactor = await redactorReady;
  const observation = await redactor.redactDeep(raw);
  ports.log(`  bake ${observation.verdict}: ${observation.reason}`);
  const origin = await outerPorts.origin?.();
  const built = followUpRecord({
    execution,
    observation,
    ...(origin ? { origin } : {}),
    rules: plan.rules,
    toolVersion: input.toolVersion,
    catalogDigest: input.catalogDigest,
    prevDigest: await input.prevDigest(),
  });
  const { record, path } = await sealAndWrite(
    stores,
    { ...built, drafts: [] },
    {
      draft: built.anomalies.filter((a) => a.action === 'create_incident_draft'),
      logLine: (a, record) => ({
        at: record.timestamp,
        execution: record.id,
        observation_of: execution.id,
        intent: plan.intent,
        target: targetOf(plan.params) ?? null,
        ...(execution.environment !== undefined ? { environment: execution.environment } : {}),
        rule: a.rule,
        severity: a.severity,
        action: a.action,
        inputs: a.inputs,
        appeared_after_run:
          observation.first_seen.find((f) => f.what === `rule:${a.rule}`)?.after_run ?? null,
      }),
    },
  );
  return { baked: true, record, path, observation };
}
