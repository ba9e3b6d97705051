import { RecordStore } from '../adapters/record-store.js';
import type { PolicyFacts } from '../domain/policy.js';
import { targetOf } from '../domain/target.js';
import type { Catalog } from './load-repo.js';

// Earlier executions, as policies' rate limits count them. Reading every record costs time once
// there are thousands, so only when some policy has a rate limit.

export async function loadHistory(records: RecordStore): Promise<PolicyFacts['history']> {
  const out: { intent: string; target?: string; timestamp: string; status: string }[] = [];
  for (const p of await records.list()) {
    const r = await records.read(p);
    const target = targetOf(r.params ?? {});
    out.push({ intent: r.intent, timestamp: r.timestamp, status: r.status, ...(target ? { target } : {}) });
  }
  return out;
}

export async function historyFor(catalog: Catalog, repoDir: string): Promise<PolicyFacts['history']> {
  const limited = catalog.policies.some((f) => f.data.policies.some((p) => p.rate_limit));
  return limited ? loadHistory(new RecordStore(repoDir)) : [];
}
