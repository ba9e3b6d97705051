import type { PolicyFacts } from '../../domain/policy/policy.js';
import { targetOf } from '../../domain/request/target.js';
import { durationSeconds } from '../../domain/schemas/common.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import type { Catalog } from '../shared/load-repo.js';

// Earlier executions, as policies' rate limits count them and the promotion gate looks for the same
// change in an earlier environment. Reading every record costs time once there are thousands, so
// only when some policy has a rate limit or a promotion gate.

/**
 * The executions rate limits can count, parsed fast. Given the decision's clock, only the day folders
 * the longest `per` window reaches are read, so a repository with years of records reads a day or
 * two; without it (a caller whose clock may not be the wall clock), every record.
 */
export async function historyFor(
  catalog: Catalog,
  repoDir: string,
  now?: Date,
): Promise<PolicyFacts['history']> {
  const windows = catalog.policies.flatMap((f) =>
    f.data.policies.flatMap((p) => [
      ...(p.rate_limit ? [durationSeconds(p.rate_limit.per)] : []),
      ...(p.promotion ? [durationSeconds(p.promotion.within)] : []),
    ]),
  );
  if (windows.length === 0) return [];
  const since = now ? { since: new Date(now.getTime() - Math.max(...windows) * 1000) } : {};
  // Loaded here: every command imports this module, few need the record parser.
  const { scanRecords } = await import('../../adapters/record-scan.js');
  const out: PolicyFacts['history'][number][] = [];
  // execution id → its bake's verdict, from the follow-up records.
  const bakes = new Map<string, string>();
  // executions a rollback record undid: the change they made is not one to promote.
  const rolledBack = new Set<string>();
  for await (const { record } of scanRecords(repoDir, since)) {
    const r = record as Partial<ExecutionRecord> | null;
    if (!r || typeof r.intent !== 'string' || typeof r.timestamp !== 'string') continue;
    // A bake's follow-up record observes an execution; it is not one, so rate limits skip it.
    if (typeof r.observation_of === 'string') {
      if (r.observation?.verdict) bakes.set(r.observation_of, r.observation.verdict);
      continue;
    }
    const target = targetOf(r.params ?? {});
    // A rollback ran the intent's rollback steps, not its change: rate limits count it, the
    // promotion gate must not take it for the change (so no id or params for it).
    const rollback = typeof r.rollback_of === 'string';
    if (rollback) rolledBack.add(r.rollback_of as string);
    out.push({
      intent: r.intent,
      timestamp: r.timestamp,
      status: String(r.status),
      ...(target ? { target } : {}),
      ...(typeof r.id === 'string' && !rollback ? { id: r.id } : {}),
      ...(r.params && !rollback ? { params: r.params } : {}),
      ...(typeof r.environment === 'string' ? { environment: r.environment } : {}),
      ...(r.run?.url ? { url: r.run.url } : {}),
    });
  }
  return out.map((h) => {
    const bake = h.id !== undefined ? bakes.get(h.id) : undefined;
    const undone = h.id !== undefined && rolledBack.has(h.id);
    return { ...h, ...(bake ? { bake } : {}), ...(undone ? { rolledBack: true } : {}) };
  });
}

/**
 * The history a pull request's plan reads: only where a policy has a promotion gate (the plan must
 * name the earlier environment's run); elsewhere none, as before environments existed.
 */
export async function promotionHistoryFor(
  catalog: Catalog,
  repoDir: string,
  now: Date,
): Promise<PolicyFacts['history']> {
  const gated = catalog.policies.some((f) => f.data.policies.some((p) => p.promotion));
  return gated ? historyFor(catalog, repoDir, now) : [];
}
