import type { Access, ByHand, Verb } from './access.js';
import type { Scope } from './namespace-scope.js';

// Accesses with their namespaces resolved, gathered into the roles of one identity: a Role per
// namespace the params allow, one ClusterRole for what may be anywhere (a free namespace param) or
// is cluster-scoped. A right the ClusterRole grants is not repeated in a Role.

export type Identity = 'intentops-execute' | 'intentops-observe' | 'intentops-preview-dry-run';

export interface Grant {
  group: string;
  resource: string;
  verb: Verb;
  /** A namespace, or undefined for the ClusterRole. */
  namespace: string | undefined;
  /** Which commands and checks need it: `restart-app step restart: kubectl rollout restart …`. */
  because: string;
  /** Why it is cluster-wide, when it is. */
  anywhere?: string;
}

export interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: Verb[];
  because: string[];
}

export interface RoleSpec {
  /** undefined: the ClusterRole (bound by a ClusterRoleBinding). */
  namespace: string | undefined;
  rules: Rule[];
  /** Why a ClusterRole and not Roles. */
  anywhere: string[];
}

export interface IdentityRbac {
  name: Identity;
  roles: RoleSpec[];
  byHand: (ByHand & { where: string })[];
  /** A role bound to another identity's ServiceAccount (it has none of its own). */
  boundTo?: Identity;
}

const VERB_ORDER: Verb[] = ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'];

export function grantsOf(a: Access, scope: Scope | null, because: string): Grant[] {
  const places: (string | undefined)[] =
    scope === null || 'anywhere' in scope ? [undefined] : scope.namespaces;
  const anywhere =
    scope && 'anywhere' in scope ? scope.anywhere : scope === null ? 'cluster-scoped' : undefined;
  return places.flatMap((namespace) =>
    a.verbs.map((verb) => ({
      group: a.group,
      resource: a.resource,
      verb,
      namespace,
      because,
      ...(namespace === undefined && anywhere ? { anywhere } : {}),
    })),
  );
}

const right = (g: Pick<Grant, 'group' | 'resource' | 'verb'>) =>
  `${g.group}\u0000${g.resource}\u0000${g.verb}`;

/** The rules of one role: a resource's verbs together, resources with the same group and verbs in one rule. */
function rulesOf(grants: readonly Grant[]): Rule[] {
  const byResource = new Map<
    string,
    { group: string; resource: string; verbs: Set<Verb>; because: Set<string> }
  >();
  for (const g of grants) {
    const k = `${g.group}\u0000${g.resource}`;
    const e = byResource.get(k) ?? {
      group: g.group,
      resource: g.resource,
      verbs: new Set(),
      because: new Set(),
    };
    e.verbs.add(g.verb);
    e.because.add(g.because);
    byResource.set(k, e);
  }
  const rules = new Map<string, Rule>();
  for (const e of byResource.values()) {
    const verbs = VERB_ORDER.filter((v) => e.verbs.has(v));
    const k = `${e.group}\u0000${verbs.join(',')}`;
    const r = rules.get(k) ?? { apiGroups: [e.group], resources: [], verbs, because: [] };
    r.resources.push(e.resource);
    for (const b of e.because) if (!r.because.includes(b)) r.because.push(b);
    rules.set(k, r);
  }
  return [...rules.values()]
    .map((r) => ({ ...r, resources: r.resources.sort(), because: r.because.sort() }))
    .sort(
      (a, b) =>
        (a.apiGroups[0] as string).localeCompare(b.apiGroups[0] as string) ||
        (a.resources[0] as string).localeCompare(b.resources[0] as string),
    );
}

export function identityRbac(
  name: Identity,
  grants: readonly Grant[],
  byHand: readonly (ByHand & { where: string })[],
): IdentityRbac {
  const cluster = grants.filter((g) => g.namespace === undefined);
  const clusterRights = new Set(cluster.map(right));
  const namespaces = [...new Set(grants.map((g) => g.namespace).filter((n): n is string => !!n))].sort();
  const roles: RoleSpec[] = [];
  if (cluster.length)
    roles.push({
      namespace: undefined,
      rules: rulesOf(cluster),
      anywhere: [...new Set(cluster.map((g) => g.anywhere).filter((a): a is string => !!a))].sort(),
    });
  for (const ns of namespaces) {
    const own = grants.filter((g) => g.namespace === ns && !clusterRights.has(right(g)));
    if (own.length) roles.push({ namespace: ns, rules: rulesOf(own), anywhere: [] });
  }
  const seen = new Set<string>();
  const hands = byHand.filter((h) => {
    const k = `${h.where}\u0000${h.command}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { name, roles, byHand: hands };
}

/** Whether the identity's roles allow one API call (a namespace, or undefined for a cluster-scoped one). */
export function allows(
  id: IdentityRbac,
  call: { group: string; resource: string; verb: string; namespace: string | undefined },
): boolean {
  return id.roles.some(
    (role) =>
      (role.namespace === undefined || role.namespace === call.namespace) &&
      role.rules.some(
        (r) =>
          r.apiGroups.includes(call.group) &&
          r.resources.includes(call.resource) &&
          (r.verbs as string[]).includes(call.verb),
      ),
  );
}
