import type { IdentityRbac, RoleSpec, Rule } from './grants.js';

// The identities as Kubernetes manifests: YAML documents separated by `---`, written out by hand so
// that each rule carries, as a comment, the commands that need it, and each identity the commands
// a person has to add rights for. Every name written here is a checked Kubernetes name or a fixed
// word, so nothing needs quoting beyond the core group's "".

const RBAC = 'rbac.authorization.k8s.io';
const MAX_BECAUSE = 4;

export interface ManifestOptions {
  /** Namespace of the two ServiceAccounts. */
  serviceAccountNamespace: string;
  /** Lines at the top (the catalog, the environment). */
  header: string[];
}

const list = (xs: readonly string[]) => `[${xs.map((x) => (x === '' ? '""' : x)).join(', ')}]`;
/** One comment line whatever the text holds: any line break (\r, NEL, U+2028 too) would end the comment. */
const comment = (text: string, indent = '') =>
  `${indent}# ${text.replace(/\s*[\r\n\u0085\u2028\u2029]\s*/g, ' ')}`;

function rule(r: Rule): string[] {
  const shown = r.because.slice(0, MAX_BECAUSE);
  const more = r.because.length - shown.length;
  return [
    ...shown.map((b) => comment(b, '  ')),
    ...(more > 0 ? [comment(`… and ${more} more`, '  ')] : []),
    `  - apiGroups: ${list(r.apiGroups)}`,
    `    resources: ${list(r.resources)}`,
    `    verbs: ${list(r.verbs)}`,
  ];
}

function role(id: IdentityRbac, r: RoleSpec): string[] {
  const kind = r.namespace === undefined ? 'ClusterRole' : 'Role';
  return [
    ...r.anywhere.map((a) => comment(`cluster-wide because ${a}`)),
    `apiVersion: ${RBAC}/v1`,
    `kind: ${kind}`,
    'metadata:',
    `  name: ${id.name}`,
    ...(r.namespace === undefined ? [] : [`  namespace: ${r.namespace}`]),
    'rules:',
    ...r.rules.flatMap(rule),
  ];
}

function binding(id: IdentityRbac, r: RoleSpec, saNamespace: string): string[] {
  const kind = r.namespace === undefined ? 'ClusterRole' : 'Role';
  return [
    `apiVersion: ${RBAC}/v1`,
    `kind: ${kind}Binding`,
    'metadata:',
    `  name: ${id.name}`,
    ...(r.namespace === undefined ? [] : [`  namespace: ${r.namespace}`]),
    'roleRef:',
    `  apiGroup: ${RBAC}`,
    `  kind: ${kind}`,
    `  name: ${id.name}`,
    'subjects:',
    '  - kind: ServiceAccount',
    `    name: ${id.boundTo ?? id.name}`,
    `    namespace: ${saNamespace}`,
  ];
}

const PURPOSE: Record<IdentityRbac['name'], string> = {
  'intentops-execute':
    "the execute and retry jobs: the steps, rollback steps, checks, prechecks, captures and the drift guard; its kubeconfig: the secret KUBECONFIG, or an environment's `kubeconfig` (intents/environments.yaml)",
  'intentops-observe':
    "the bake job and the plan job: the captures, the failure-indicator watch and the live state, read-only; its kubeconfig: the repository secret INTENTOPS_OBSERVE_KUBECONFIG, or an environment's `observe_kubeconfig` (intents/environments.yaml)",
  'intentops-preview-dry-run':
    "the preview job, opt-in, bound to intentops-observe: each applied object read and dry-run applied (dryRun=All stores nothing, but the API server authorizes it as the patch or create it would be, so this role would allow a real one), and the preview commands' reads",
};

/** What a person reads before an identity's documents: its purpose, and what to add by hand. */
function preamble(id: IdentityRbac): string[] {
  return [
    comment(`${id.name}: ${PURPOSE[id.name]}`),
    ...(id.roles.length ? [] : [comment('nothing in the catalog needs a right here')]),
    ...id.byHand.map((h) => comment(`add by hand: ${h.command}  (${h.where}: ${h.reason})`)),
  ];
}

function serviceAccount(id: IdentityRbac, saNamespace: string): string[] {
  return [
    ...preamble(id),
    'apiVersion: v1',
    'kind: ServiceAccount',
    'metadata:',
    `  name: ${id.name}`,
    `  namespace: ${saNamespace}`,
  ];
}

export function renderManifests(ids: readonly IdentityRbac[], o: ManifestOptions): string {
  const docs: string[][] = [];
  for (const id of ids) {
    // A role bound to another identity has no ServiceAccount: its preamble leads its first role.
    if (!id.boundTo) docs.push(serviceAccount(id, o.serviceAccountNamespace));
    else if (!id.roles.length) docs.push(preamble(id));
    id.roles.forEach((r, i) => {
      docs.push(
        [...(id.boundTo && i === 0 ? preamble(id) : []), ...role(id, r)],
        binding(id, r, o.serviceAccountNamespace),
      );
    });
  }
  const head = o.header.map((h) => comment(h));
  return `${[
    ...head,
    ...docs
      .map((d) => d.join('\n'))
      .join('\n---\n')
      .split('\n'),
  ].join('\n')}\n`;
}

/** The same manifests as objects, for --json and for tests. */
export function manifestObjects(
  ids: readonly IdentityRbac[],
  saNamespace: string,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const id of ids) {
    if (!id.boundTo)
      out.push({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: id.name, namespace: saNamespace },
      });
    for (const r of id.roles) {
      const kind = r.namespace === undefined ? 'ClusterRole' : 'Role';
      const metadata = { name: id.name, ...(r.namespace === undefined ? {} : { namespace: r.namespace }) };
      out.push({
        apiVersion: `${RBAC}/v1`,
        kind,
        metadata,
        rules: r.rules.map(({ apiGroups, resources, verbs }) => ({ apiGroups, resources, verbs })),
      });
      out.push({
        apiVersion: `${RBAC}/v1`,
        kind: `${kind}Binding`,
        metadata,
        roleRef: { apiGroup: RBAC, kind, name: id.name },
        subjects: [{ kind: 'ServiceAccount', name: id.boundTo ?? id.name, namespace: saNamespace }],
      });
    }
  }
  return out;
}
