import { outcomesFor } from '../app/plan/prepare.js';
import type { Catalog } from '../app/shared/load-repo.js';
import { policyMatches } from '../domain/policy/policy.js';
import type { Intent } from '../domain/schemas/catalog.js';

// The catalog as an agent reads it: what each intent takes and does, and which policies will judge a
// request for it. Pure: a view of what load-repo parsed.

export interface ParamView {
  type: string;
  description?: string;
  pattern?: string;
  enum?: readonly (string | number | boolean)[];
  min?: number;
  max?: number;
  max_length?: number;
  default?: string | number | boolean;
  required: boolean;
}

function paramView(spec: NonNullable<Intent['params']>[string]): ParamView {
  return {
    type: spec.type,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.pattern !== undefined ? { pattern: spec.pattern } : {}),
    ...(spec.enum ? { enum: spec.enum } : {}),
    ...(spec.min !== undefined ? { min: spec.min } : {}),
    ...(spec.max !== undefined ? { max: spec.max } : {}),
    ...(spec.max_length !== undefined ? { max_length: spec.max_length } : {}),
    ...(spec.default !== undefined ? { default: spec.default } : {}),
    // resolveParams' rule: a param with a default is never missing; one without is, unless optional.
    required: spec.default === undefined && spec.required !== false,
  };
}

/** A value for the example request: the default, else the first enum value, else a placeholder. */
function exampleValue(name: string, p: ParamView): string | number | boolean {
  if (p.default !== undefined) return p.default;
  if (p.enum?.length) return p.enum[0] as string | number | boolean;
  if (p.type === 'boolean') return false;
  if (p.type === 'integer' || p.type === 'number') return p.min ?? 1;
  return `<${name}${p.pattern ? ` matching ${p.pattern}` : ''}>`;
}

export function intentView(catalog: Catalog, intent: Intent) {
  const params = Object.fromEntries(Object.entries(intent.params ?? {}).map(([k, v]) => [k, paramView(v)]));
  const outcomes = outcomesFor(catalog, intent.name)?.data.outcomes;
  const subject = { intent: intent.name, risk: intent.risk, params: {} };
  const policies = catalog.policies.flatMap((f) => f.data.policies).filter((p) => policyMatches(p, subject));
  return {
    name: intent.name,
    description: intent.description,
    risk: intent.risk,
    params,
    steps: intent.steps.map((s) => ({
      name: s.name,
      run: s.run,
      ...(s.timeout ? { timeout: s.timeout } : {}),
    })),
    ...(intent.expected_duration ? { expected_duration: intent.expected_duration } : {}),
    outcome_checks: (outcomes?.success ?? []).map((c) => ({
      condition: c.condition,
      ...(c.expected !== undefined ? { expected: c.expected } : {}),
      ...(c.timeout ? { timeout: c.timeout } : {}),
    })),
    failure_indicators: outcomes?.failure_indicators ?? [],
    policies,
    request_example: {
      intent: intent.name,
      params: Object.fromEntries(
        Object.entries(params)
          .filter(([, p]) => p.required)
          .map(([k, p]) => [k, exampleValue(k, p)]),
      ),
      reason: '<why this should run>',
    },
  };
}
