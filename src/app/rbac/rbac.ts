import { InputError } from '../../domain/input/errors.js';
import { catalogRbac } from '../../domain/rbac/catalog-rbac.js';
import type { IdentityRbac } from '../../domain/rbac/grants.js';
import { previewRbac } from '../../domain/rbac/preview-rbac.js';
import { unknownEnvironment } from '../../domain/request/environment.js';
import { outcomesFor } from '../plan/prepare.js';
import { loadRepo } from '../shared/load-repo.js';
import { appliedObjects } from './applied-objects.js';

// `intentops rbac`: the catalog loaded (every error stops it: rights derived from a half-read
// catalog would be wrong in silence), the environment checked, the two identities derived (and
// with `preview`, the opt-in dry-run role the preview job's observe identity may be given).

export interface RbacResult {
  identities: IdentityRbac[];
  /** The catalog's intents and policies, as read. */
  intents: string[];
  environment?: string;
}

export async function deriveRbac(
  repoDir: string,
  opts: { environment?: string; preview?: boolean } = {},
): Promise<RbacResult> {
  const { catalog, diagnostics } = await loadRepo(repoDir, []);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new InputError(errors);
  if (opts.environment !== undefined) {
    const problem = unknownEnvironment(opts.environment, catalog.environments?.data);
    if (problem) throw new InputError([{ file: '--environment', severity: 'error', message: problem }]);
  }
  const intents = [...catalog.intents.values()].map((l) => ({
    intent: l.data,
    outcomes: outcomesFor(catalog, l.data.name)?.data,
  }));
  const policies = catalog.policies.flatMap((p) => p.data.policies);
  const read = appliedObjects(repoDir);
  return {
    identities: [
      ...catalogRbac(intents, policies, read),
      ...(opts.preview ? [previewRbac(intents, read)] : []),
    ],
    intents: intents.map((i) => i.intent.name).sort(),
    ...(opts.environment !== undefined ? { environment: opts.environment } : {}),
  };
}
