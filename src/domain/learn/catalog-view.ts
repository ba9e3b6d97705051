import type { AnomalyRules } from '../schemas/anomaly-rules.js';
import type { Intent } from '../schemas/catalog.js';
import type { PolicyFile } from '../schemas/policy.js';

// What suggestion building needs of the repository: the parsed definitions and their texts, so an
// edit starts from the file exactly as it is.

export interface FileView<T> {
  path: string;
  text: string;
  data: T;
}

export interface CatalogView {
  intents: ReadonlyMap<string, FileView<Intent>>;
  /** By intent name: intents/outcomes/<intent>.yaml when it exists. */
  outcomes: ReadonlyMap<string, FileView<unknown>>;
  policies: readonly FileView<PolicyFile>[];
  rules: readonly FileView<AnomalyRules>[];
}

export const LEARNED_POLICIES = 'intents/policies/learned.yaml';

/** The condition of `rule` as it applies to `intent`: the intent's own rules file wins. */
export function ruleCondition(view: CatalogView, intent: string, rule: string): string | undefined {
  const files = [...view.rules].sort(
    (a, b) => Number(b.path.endsWith(`/${intent}.yaml`)) - Number(a.path.endsWith(`/${intent}.yaml`)),
  );
  for (const f of files) {
    const r = f.data.anomaly_rules.find((x) => x.name === rule);
    if (r) return r.condition;
  }
  return undefined;
}

export function policyNamed(view: CatalogView, name: string): boolean {
  return view.policies.some((f) => f.data.policies.some((p) => p.name === name));
}
