import { parseRecordText, RecordScanError, recordTexts } from '../../adapters/record-scan.js';
import { resolveParams } from '../../domain/request/params.js';
import { proposalKey } from '../../domain/request/proposal-key.js';
import { loadRepo } from '../shared/load-repo.js';

// A local proposal that is already there: a request file with the same intent, params (defaults
// filled in) and proposer that has not run yet. Proposing it again would run it twice.

/** Requests named by at least one execution record (claimed, final or interrupted alike). */
async function executedAmong(repoDir: string, paths: readonly string[]): Promise<Set<string>> {
  const seen = new Set<string>();
  for await (const { path, text } of recordTexts(repoDir)) {
    // Most records name none of the candidates: skip them before parsing.
    if (!paths.some((p) => text.includes(p))) continue;
    let record: unknown;
    try {
      record = parseRecordText(text, path);
    } catch (err) {
      if (err instanceof RecordScanError) continue; // not a record: it proves nothing ran
      throw err;
    }
    const requestPath = (record as { request?: { path?: unknown } } | null)?.request?.path;
    if (typeof requestPath === 'string' && paths.includes(requestPath)) seen.add(requestPath);
  }
  return seen;
}

/** The first (by name, so by time) un-executed request file whose proposal key is `key`, if any. */
export async function findPendingRequest(
  repoDir: string,
  intent: string,
  key: string,
): Promise<string | undefined> {
  const { catalog } = await loadRepo(repoDir);
  const declared = catalog.intents.get(intent)?.data.params ?? {};
  const same = catalog.requests
    .filter((r) => r.data.intent === intent)
    .filter((r) => {
      const { values, problems } = resolveParams(intent, declared, r.data.params ?? {});
      return (
        problems.length === 0 && proposalKey(intent, values, r.data.proposed_by, r.data.environment) === key
      );
    })
    .map((r) => r.path)
    .sort();
  if (same.length === 0) return undefined;
  const executed = await executedAmong(repoDir, same);
  return same.find((p) => !executed.has(p));
}
