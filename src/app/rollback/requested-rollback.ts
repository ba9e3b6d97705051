import type { RecordStore } from '../../adapters/record-store.js';
import { InputError } from '../../domain/input/errors.js';
import { rollbackTrigger } from '../../domain/rollback/rollback.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import { bakeTarget } from '../observe/bake-follow-up.js';
import type { Catalog } from '../shared/load-repo.js';
import type { RollbackRequest } from './rollback-request.js';
import { executionOf, rollbackSetup } from './run-rollback.js';

// Whether a rollback the bake asked for still stands when the execute job gets to it: the request
// only points, so the failed record it names is read from the branch and must still call for a
// rollback, nothing may have run for the target since, and the policy must still say auto.

export type RequestedRollback =
  | { run: true; execution: ExecutionRecord; because: ExecutionRecord }
  | { run: false; of: string; reason: string }
  /** Judging it failed for another reason than bad input (e.g. a record unreadable): a human looks. */
  | { run: false; failed: Error };

export async function judgeRollbackRequest(
  repoDir: string,
  catalog: Catalog,
  store: RecordStore,
  req: RollbackRequest,
): Promise<RequestedRollback> {
  const refuse = (of: string, reason: string): RequestedRollback => ({ run: false, of, reason });
  const rel = await store.findById(req.because_of);
  const because = rel ? await store.read(rel) : undefined;
  const trigger = because ? rollbackTrigger(because) : undefined;
  if (!because || !trigger) {
    return refuse(
      req.rollback_of,
      `${req.because_of} ${because ? 'does not call for a rollback' : 'has no record on this branch'}`,
    );
  }
  try {
    const execution = await executionOf(repoDir, { execution: because });
    if (execution.id !== req.rollback_of) {
      return refuse(req.rollback_of, `${req.because_of} is about ${execution.id}, not ${req.rollback_of}`);
    }
    const newer = await newerForTarget(store, execution);
    if (newer) {
      return refuse(
        execution.id,
        `${newer} ran for the same target since, so rolling back would undo on top of it; a human decides (\`/rollback ${execution.id}\`)`,
      );
    }
    const mode = rollbackSetup(catalog, execution).rollback?.mode;
    if (mode !== 'auto') {
      return refuse(
        execution.id,
        `the policy now says ${mode ?? 'nothing'} for it; \`/rollback ${execution.id}\` runs it`,
      );
    }
    return { run: true, execution, because };
  } catch (err) {
    if (err instanceof InputError) return refuse(req.rollback_of, err.message);
    return { run: false, failed: err as Error };
  }
}

/** An execution (not a follow-up) for the same target that started after `x` — e.g. a fix-forward. */
async function newerForTarget(store: RecordStore, x: ExecutionRecord): Promise<string | undefined> {
  const day = x.timestamp.slice(0, 10);
  for (const rel of await store.list()) {
    if ((rel.split('/')[1] ?? '') < day) continue;
    const r = await store.read(rel).catch(() => undefined);
    if (!r || r.id === x.id || r.observation_of || r.timestamp <= x.timestamp) continue;
    if (bakeTarget(r) === bakeTarget(x)) return r.id;
  }
  return undefined;
}
