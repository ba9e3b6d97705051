import { RecordStore } from '../../adapters/record-store.js';
import type { ShardOf } from '../../domain/reconcile/shard.js';
import { targetOf } from '../../domain/request/target.js';
import { pendingRollbackRequests, strandedRollbackRequests } from './rollback-request.js';

// The shard of a rollback a bake asked for: the environment and target of the execution it rolls
// back, so it runs in that environment's job with that environment's credentials, one at a time with
// the target's requests. A record that cannot be found gets no environment: its job only refuses it.

export async function rollbackShardOf(store: RecordStore, executionId: string): Promise<ShardOf> {
  const rel = await store.findById(executionId);
  const record = rel ? await store.read(rel).catch(() => undefined) : undefined;
  if (!record) return {};
  const target = targetOf(record.params);
  return {
    ...(record.environment ? { environment: record.environment } : {}),
    ...(target ? { target } : {}),
  };
}

/** The shards of the rollbacks waiting for the execute job (pending, or stranded to be refused), oldest first. */
export async function requestedRollbackShards(
  repoDir: string,
  log: (line: string) => void,
): Promise<ShardOf[]> {
  const store = new RecordStore(repoDir);
  const asked = [
    ...(await strandedRollbackRequests(repoDir)).map((s) => s.request),
    ...(await pendingRollbackRequests(repoDir, log)),
  ];
  const out: ShardOf[] = [];
  for (const r of asked) out.push(await rollbackShardOf(store, r.rollback_of));
  return out;
}
