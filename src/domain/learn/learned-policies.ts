import { type CatalogView, LEARNED_POLICIES } from './catalog-view.js';
import type { FileChange, Finding } from './types.js';
import { appendTo, editYaml, newYamlFile } from './yaml-edit.js';

// intents/policies/learned.yaml: where the policies learned from repeated anomalies go, one per
// pattern, each with the comment that says what it was learned from.

/** `learned-deploy-app-memory-spike`. */
export const policyName = (f: Finding) => `learned-${f.intent}-${(f.rule as string).replace(/_/g, '-')}`;

/** `learned-deploy-app-memory-spike-home-portal`, kept a valid policy name. */
export function targetPolicyName(base: string, target: string): string {
  const t = target
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${base}-${t}`.slice(0, 63).replace(/-+$/, '');
}

/** New policies in intents/policies/learned.yaml (created when missing), each with its comment. */
export function addPolicies(
  view: CatalogView,
  added: readonly { policy: Record<string, unknown>; comment: string }[],
): FileChange {
  const existing = view.policies.find((p) => p.path === LEARNED_POLICIES);
  if (existing) {
    return {
      path: LEARNED_POLICIES,
      before: existing.text,
      after: editYaml(existing.text, (doc) => {
        for (const a of added) appendTo(doc, ['policies'], a.policy, a.comment);
      }),
    };
  }
  const [first, ...rest] = added as [(typeof added)[number], ...typeof added];
  const created = newYamlFile(
    '../../schemas/policy.schema.json',
    ' Policies suggested by `intentops learn` from repeated anomalies, each merged by a human.',
    { policies: [first.policy] },
  ).replace(/^policies:\n/m, `policies:\n  #${first.comment}\n`);
  return {
    path: LEARNED_POLICIES,
    before: null,
    after: rest.length
      ? editYaml(created, (doc) => {
          for (const a of rest) appendTo(doc, ['policies'], a.policy, a.comment);
        })
      : created,
  };
}

export const addPolicy = (view: CatalogView, policy: Record<string, unknown>, comment: string) =>
  addPolicies(view, [{ policy, comment }]);
