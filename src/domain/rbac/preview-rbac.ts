import { applySources } from '../plan/manifest-apply.js';
import type { Verb } from './access.js';
import { addDerived, type CatalogIntent, derive, type Gathered } from './catalog-rbac.js';
import { grantsOf, type IdentityRbac, identityRbac } from './grants.js';
import type { ReadApplied } from './kubectl-access.js';
import { namespaceScope } from './namespace-scope.js';
import { resourceOfKind } from './resource-names.js';

// The opt-in role of the preview job (`intentops rbac --preview`), bound to the observe identity:
// what the built-in dry-run diff of each step applying repository manifests calls — a `get` of each
// object and a server-side apply with dryRun=All, which the API server authorizes as the `patch` it
// would be, and as a `create` when the object is new — and what the intents' preview commands read.
// The steps are found as the preview job finds them (manifest-apply.ts); a path that depends on a
// param, a remote one or a kind it cannot name is listed to add by hand, never guessed.

const DRY_RUN_VERBS: Verb[] = ['get', 'patch', 'create'];
const PARAM = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;
/** A placeholder as one plain word, so a templated shell line still reads as simple words. */
const MARK = 'intentops-param-';

export function previewRbac(intents: readonly CatalogIntent[], read: ReadApplied): IdentityRbac {
  const into: Gathered = { grants: [], byHand: [] };
  for (const { intent } of [...intents].sort((a, b) => a.intent.name.localeCompare(b.intent.name))) {
    const params = intent.params;
    const steps = intent.steps.map((s) => ({
      name: s.name,
      command: typeof s.run === 'string' ? s.run.replace(PARAM, `${MARK}$1`) : s.run,
    }));
    for (const src of applySources(steps)) {
      const step = intent.steps.find((s) => s.name === src.step);
      const command = Array.isArray(step?.run) ? step.run.join(' ') : String(step?.run ?? '');
      const where = `${intent.name} step ${src.step} (dry-run diff)`;
      const byHand = (reason: string) => into.byHand.push({ command, where, reason });
      if ('skipped' in src) {
        byHand(src.skipped);
        continue;
      }
      const path = src.path.replaceAll(MARK, '');
      if (src.path.includes(MARK) || src.path.includes('{{')) {
        byHand(
          `the path ${src.path.replace(new RegExp(`${MARK}([A-Za-z0-9_.-]+)`, 'g'), '{{$1}}')} depends on a param: the kinds it holds are not known`,
        );
        continue;
      }
      const got = read(path, src.kind === 'kustomize');
      if ('unreadable' in got) {
        byHand(got.unreadable);
        continue;
      }
      for (const o of got.objects) {
        const r = resourceOfKind(o.apiVersion, o.kind);
        if (!r) {
          byHand(`kind ${o.kind} (${o.apiVersion}) in ${path}`);
          continue;
        }
        const a = { group: r.group, resource: r.resource, verbs: DRY_RUN_VERBS };
        const scope = r.cluster ? null : namespaceScope(o.namespace ?? src.namespace, params);
        into.grants.push(
          ...grantsOf(
            { ...a, namespace: r.cluster ? null : (o.namespace ?? src.namespace) },
            scope,
            `${where}: ${command}`,
          ),
        );
      }
    }
    for (const p of intent.preview ?? []) {
      const use = { command: p.run, where: `${intent.name} preview ${p.name}`, params, observe: true };
      const d = derive(p.run, read);
      if (d) addDerived(into, d, use, true);
    }
  }
  return {
    ...identityRbac('intentops-preview-dry-run', into.grants, into.byHand),
    boundTo: 'intentops-observe',
  };
}
