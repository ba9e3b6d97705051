import type { Diagnostic } from '../../domain/input/diagnostic.js';
import { TemplateError } from '../../domain/input/errors.js';
import {
  buildPlan,
  type NotApplicableRule,
  type Plan,
  type PlannedRule,
  rulesFor,
} from '../../domain/plan/plan.js';
import { decide, type PolicyFacts } from '../../domain/policy/policy.js';
import { chooseEnvironment } from '../../domain/request/environment.js';
import { resolveParams } from '../../domain/request/params.js';
import { targetOf } from '../../domain/request/target.js';
import { captureShape, neverCaptured } from '../../domain/rules/applies.js';
import type { Request } from '../../domain/schemas/request.js';
import { diagnosticAt as at, type Catalog, type Loaded } from '../shared/load-repo.js';
import { stem } from '../shared/repo-files.js';

// A request checked against the catalog and rendered into a plan — the one path validate, plan and
// run share, so what the PR shows is what runs.

/**
 * The rules a run of `intent` evaluates: the default file's, overridden by name by the intent's own;
 * a default rule reading what the intent never captures does not apply (domain/rules/applies.ts),
 * and is set apart so the plan can say so once instead of every run saying "not evaluated".
 */
export function rulesSplit(
  catalog: Catalog,
  intent: string,
): { rules: PlannedRule[]; notApplicable: NotApplicableRule[] } {
  const fileIntent = (l: Loaded<{ intent?: string | undefined }>) => l.data.intent ?? stem(l.path);
  const toPlanned = (l: (typeof catalog.rules)[number]) =>
    l.data.anomaly_rules.map((r) => ({ ...r, file: l.path }));
  const defaults = catalog.rules
    .filter((l) => stem(l.path) === 'default' && !l.data.intent)
    .flatMap(toPlanned);
  const own = catalog.rules
    .filter((l) => !(stem(l.path) === 'default' && !l.data.intent) && fileIntent(l) === intent)
    .flatMap(toPlanned);
  const data = catalog.intents.get(intent)?.data;
  const shape = data ? captureShape(data) : undefined;
  const ownNames = new Set(own.map((r) => r.name));
  const notApplicable: NotApplicableRule[] = [];
  const applicable = defaults.filter((r) => {
    const reads = shape && !ownNames.has(r.name) ? neverCaptured(r.condition, shape) : [];
    if (reads.length) notApplicable.push({ name: r.name, file: r.file, reads });
    return reads.length === 0;
  });
  return { rules: rulesFor(applicable, own), notApplicable };
}

export function rulesForIntent(catalog: Catalog, intent: string): PlannedRule[] {
  return rulesSplit(catalog, intent).rules;
}

export function outcomesFor(catalog: Catalog, intent: string) {
  return catalog.outcomes.find((l) => (l.data.intent ?? stem(l.path)) === intent);
}

export interface Prepared {
  plan?: Plan;
  diagnostics: Diagnostic[];
}

export function prepareRequest(catalog: Catalog, req: Loaded<Request>, facts: PolicyFacts): Prepared {
  const intent = catalog.intents.get(req.data.intent);
  if (!intent) {
    const known = [...catalog.intents.keys()].sort().join(', ');
    return {
      diagnostics: [
        at(req, ['intent'], `unknown intent '${req.data.intent}'; the catalog has: ${known || 'none'}`),
      ],
    };
  }
  // The params as written: schema parsing drops a `__proto__` key, which must be refused, not ignored.
  const raw = (req.source.value as { params?: unknown }).params;
  const given =
    raw && typeof raw === 'object' && !Array.isArray(raw)
      ? (raw as Record<string, unknown>)
      : (req.data.params ?? {});
  const resolved = resolveParams(intent.data.name, intent.data.params ?? {}, given);
  const diagnostics = resolved.problems.map((p) =>
    p.at === 'missing'
      ? at(req, 'params' in (req.source.value as object) ? ['params'] : ['intent'], p.message, 'key')
      : at(req, ['params', p.param], p.message, p.at),
  );
  const environment = chooseEnvironment(
    req.data.environment,
    intent.data.environment,
    catalog.environments?.data,
  );
  if ('problem' in environment) {
    const message =
      environment.named === 'intent'
        ? `intent '${intent.data.name}' (${intent.path}): ${environment.problem}`
        : environment.problem;
    diagnostics.push(at(req, environment.named === 'request' ? ['environment'] : ['intent'], message));
  }
  if (diagnostics.length || 'problem' in environment) return { diagnostics };
  const envName = environment.name;

  const outcomes = outcomesFor(catalog, intent.data.name);
  const subject = {
    intent: intent.data.name,
    risk: intent.data.risk,
    params: resolved.values,
    ...(targetOf(resolved.values) ? { target: targetOf(resolved.values) as string } : {}),
    ...(envName !== undefined ? { environment: envName } : {}),
    bakes: (outcomes?.data.observe ?? intent.data.observe) !== undefined,
  };
  const policies = catalog.policies.flatMap((p) => p.data.policies);
  const policy = decide(policies, subject, {
    ...facts,
    // On a PR its author is who proposes: a request's own `proposed_by` is a label anyone can write,
    // so it names the proposer only where nothing better is known (a local run).
    ...(req.data.proposed_by && !facts.proposer ? { proposer: req.data.proposed_by } : {}),
  });
  try {
    const { rules, notApplicable } = rulesSplit(catalog, intent.data.name);
    const plan = buildPlan({
      intent: intent.data,
      ...(outcomes ? { outcomes: outcomes.data } : {}),
      rules,
      ...(notApplicable.length ? { rulesNotApplicable: notApplicable } : {}),
      params: resolved.values,
      policy,
      prechecks: policies
        .filter((p) => policy.matched.includes(p.name))
        .flatMap((p) => (p.prechecks ?? []).map((c) => ({ ...c, policy: p.name }))),
    });
    return {
      plan: envName !== undefined ? { ...plan, environment: envName } : plan,
      diagnostics: [],
    };
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    const path = err.param && err.param in given ? ['params', err.param] : ['intent'];
    return { diagnostics: [at(req, path, err.message)] };
  }
}
