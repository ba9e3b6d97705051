import type { Diagnostic } from '../../domain/input/diagnostic.js';
import type { Plan } from '../../domain/plan/plan.js';
import type { PolicyFacts } from '../../domain/policy/policy.js';
import { REQUESTS_DIR } from '../../domain/request/request-path.js';
import type { Catalog } from '../shared/load-repo.js';
import { prepareRequest } from './prepare.js';

// The one plan assembly: the pull request's check (action/pull-request.ts) and `intentops plan`
// (cli/commands.ts) both plan requests here, so the comment and the terminal show the same plan.

export interface PlannedRequest {
  path: string;
  plan?: Plan;
  diagnostics: Diagnostic[];
}

/**
 * The plan of each request file among `paths` (other intent files are left out), with the caller's
 * facts: approvals and the proposer on a pull request, the recorded history on the terminal. A
 * request the catalog could not read keeps what validation found about it (`known`).
 */
export function planRequests(
  catalog: Catalog,
  paths: readonly string[],
  facts: PolicyFacts,
  known: readonly Diagnostic[] = [],
): PlannedRequest[] {
  return paths
    .filter((p) => p.startsWith(REQUESTS_DIR))
    .map((path) => {
      const req = catalog.requests.find((r) => r.path === path);
      if (!req) return { path, diagnostics: known.filter((d) => d.file === path) };
      const prepared = prepareRequest(catalog, req, facts);
      return { path, ...(prepared.plan ? { plan: prepared.plan } : {}), diagnostics: prepared.diagnostics };
    });
}
