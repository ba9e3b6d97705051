import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { didYouMean } from '../../domain/input/did-you-mean.js';
import { InputError } from '../../domain/input/errors.js';
import { catalogRbac } from '../../domain/rbac/catalog-rbac.js';
import type { IdentityRbac } from '../../domain/rbac/grants.js';
import { outcomesFor } from '../plan/prepare.js';
import { loadRepo } from '../shared/load-repo.js';
import { appliedObjects } from './applied-objects.js';

// `intentops rbac`: the catalog loaded (every error stops it: rights derived from a half-read
// catalog would be wrong in silence), the environment checked, the two identities derived.

const ENVIRONMENTS = ['intents/environments.yaml', 'intents/environments.yml'];

export interface RbacResult {
  identities: IdentityRbac[];
  /** The catalog's intents and policies, as read. */
  intents: string[];
  environment?: string;
}

function checkEnvironment(repoDir: string, name: string): void {
  const file = ENVIRONMENTS.find((f) => existsSync(join(repoDir, f)));
  if (!file) {
    throw new InputError([
      {
        file: '--environment',
        severity: 'error',
        message: `there is no intents/environments.yaml in ${repoDir}: --environment ${name} applies once the repository declares its environments there; leave the flag out until then`,
      },
    ]);
  }
  let names: string[] = [];
  try {
    const doc = parse(readFileSync(join(repoDir, file), 'utf8')) as { environments?: { name?: unknown }[] };
    names = (doc?.environments ?? []).map((e) => e?.name).filter((n): n is string => typeof n === 'string');
  } catch (err) {
    throw new InputError([{ file, severity: 'error', message: `cannot read: ${(err as Error).message}` }]);
  }
  if (!names.includes(name)) {
    const near = didYouMean(name, names);
    throw new InputError([
      {
        file: '--environment',
        severity: 'error',
        message: `unknown environment '${name}'${near ? ` (did you mean '${near}'?)` : ''}; ${file} declares: ${names.join(', ') || 'none'}`,
      },
    ]);
  }
}

export async function deriveRbac(repoDir: string, opts: { environment?: string } = {}): Promise<RbacResult> {
  if (opts.environment !== undefined) checkEnvironment(repoDir, opts.environment);
  const { catalog, diagnostics } = await loadRepo(repoDir, []);
  // intents/environments.yaml is read above; until the loader knows the file it is not an error here.
  const errors = diagnostics.filter((d) => d.severity === 'error' && !ENVIRONMENTS.includes(d.file));
  if (errors.length) throw new InputError(errors);
  const intents = [...catalog.intents.values()].map((l) => ({
    intent: l.data,
    outcomes: outcomesFor(catalog, l.data.name)?.data,
  }));
  const policies = catalog.policies.flatMap((p) => p.data.policies);
  return {
    identities: catalogRbac(intents, policies, appliedObjects(repoDir)),
    intents: intents.map((i) => i.intent.name).sort(),
    ...(opts.environment !== undefined ? { environment: opts.environment } : {}),
  };
}
