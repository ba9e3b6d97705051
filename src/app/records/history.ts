import type { PolicyFacts } from '../../domain/policy/policy.js';
import { targetOf } from '../../domain/request/target.js';
import { durationSeconds } from '../../domain/schemas/common.js';
import type { ExecutionRecord } from '../../domain/schemas/record.js';
import type { Catalog } from '../shared/load-repo.js';

// Earlier executions, as policies' rate limits count them. Reading every record costs time once
// there are thousands, so only when some policy has a rate limit.

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
    f.data.policies.flatMap((p) => (p.rate_limit ? [durationSeconds(p.rate_limit.per)] : [])),
  );
  if (windows.length === 0) return [];
  const since = now ? { since: new Date(now.getTime() - Math.max(...windows) * 1000) } : {};
  // Loaded here: every command imports this module, few need the record parser.
  const { scanRecords } = await import('../../adapters/record-scan.js');
  const out: PolicyFacts['history'][number][] = [];
  for await (const { record } of scanRecords(repoDir, since)) {
    const r = record as Partial<ExecutionRecord> | null;
    if (!r || typeof r.intent !== 'string' || typeof r.timestamp !== 'string') continue;
    // A bake's follow-up record observes an execution; it is not one, so rate limits skip it.
    if (typeof r.observation_of === 'string') continue;
    const target = targetOf(r.params ?? {});
    out.push({
      intent: r.intent,
      timestamp: r.timestamp,
      status: String(r.status),
      ...(target ? { target } : {}),
    });
  }
  return out;
}
