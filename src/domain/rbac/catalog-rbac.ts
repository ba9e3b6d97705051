import type { Intent, ParamSpec } from '../schemas/catalog.js';
import type { OutcomeSpec } from '../schemas/outcomes.js';
import type { Policy } from '../schemas/policy.js';
import { type ByHand, commandText, type Derived, READ_VERBS } from './access.js';
import { type Grant, grantsOf, type IdentityRbac, identityRbac } from './grants.js';
import { isKubectl, kubectlAccess, type ReadApplied } from './kubectl-access.js';
import { namespaceScope } from './namespace-scope.js';
import { type Because, driftGuardAccess, type ProviderUse, providerAccess } from './provider-access.js';

// The two identities of a catalog: every command of every intent (steps, rollback steps, outcome
// checks, captures) and every policy precheck through the kubectl table, and intentops' provider
// through what the intent captures and checks; then namespaces resolved from the params.

type Command = string | string[];

/** A command word of a cluster tool other than kubectl, or kubectl inside a shell string. */
const CLUSTER_TOOL =
  /(^|[\s/;&|("'`])(kubectl|helm|kustomize|velero|oc|flux|argocd|kubeseal)(?=$|[\s;&|)"'`])/;

export interface CatalogIntent {
  intent: Intent;
  outcomes?: OutcomeSpec | undefined;
}

export interface Use {
  command: Command;
  where: string;
  params: Readonly<Record<string, ParamSpec>>;
  /** Also run by the bake job. */
  observe: boolean;
}

export function derive(command: Command, read: ReadApplied): Derived | undefined {
  const text = commandText(command);
  if (typeof command === 'string') {
    return CLUSTER_TOOL.test(command)
      ? { byHand: { command: text, reason: 'a shell command: its API calls are not derived' } }
      : undefined;
  }
  if (isKubectl(command)) return kubectlAccess(command, read);
  // `[bash, -c, "kubectl …"]` and `[velero, …]` alike: a cluster tool anywhere in the words
  const tool = command.find((w) => CLUSTER_TOOL.test(w));
  if (tool === undefined) return undefined;
  const reason =
    tool === command[0]
      ? `${command[0]} is not in the derivation table`
      : `it runs ${command[0]}, which calls a cluster tool`;
  return { byHand: { command: text, reason } };
}

function usesOf(ci: CatalogIntent): Use[] {
  const { intent, outcomes } = ci;
  const params = intent.params;
  const bake = !!(intent.observe ?? outcomes?.observe);
  const out: Use[] = [];
  const add = (command: Command | undefined, where: string, observe = false) => {
    if (command !== undefined) out.push({ command, where: `${intent.name} ${where}`, params, observe });
  };
  for (const s of intent.steps) add(s.run, `step ${s.name}`);
  for (const s of intent.rollback ?? []) add(s.run, `rollback step ${s.name}`);
  for (const c of outcomes?.outcomes.success ?? []) add(c.check, `check ${c.condition}`);
  const cap = intent.capture;
  for (const [name, m] of Object.entries(cap?.metrics ?? {})) add(m.run, `capture metrics.${name}`, bake);
  add(cap?.error_count?.run, 'capture error_count', bake);
  add(cap?.pod_restarts?.run, 'capture pod_restarts', bake);
  add(cap?.logs?.run, 'capture logs', bake);
  return out;
}

function providerUse(ci: CatalogIntent): ProviderUse {
  const { intent, outcomes } = ci;
  const k = intent.capture?.kubernetes;
  const checks = outcomes?.outcomes.success ?? [];
  return {
    ...(k ? { kubernetes: { namespace: k.namespace, deployment: k.deployment } } : {}),
    ...(intent.capture?.velero ? { velero: { namespace: intent.capture.velero.namespace } } : {}),
    indicators: (outcomes?.outcomes.failure_indicators?.length ?? 0) > 0,
    checks: checks.length > 0,
    probes: checks.flatMap((c): ProviderUse['probes'] =>
      c.pods_ready
        ? [{ kind: 'pods_ready' as const, namespace: c.pods_ready.namespace, where: `check ${c.condition}` }]
        : c.velero
          ? [
              {
                kind: 'velero' as const,
                namespace: c.velero.namespace ?? 'velero',
                where: `check ${c.condition}`,
              },
            ]
          : [],
    ),
    bake: !!(intent.observe ?? outcomes?.observe),
  };
}

export interface Gathered {
  grants: Grant[];
  byHand: (ByHand & { where: string })[];
}

export function addDerived(into: Gathered, d: Derived, use: Use, readOnly: boolean): void {
  if ('byHand' in d) {
    into.byHand.push({ ...d.byHand, where: use.where });
    return;
  }
  const changes = d.accesses.filter((a) => a.verbs.some((v) => !READ_VERBS.includes(v)));
  if (readOnly && changes.length) {
    into.byHand.push({
      command: commandText(use.command),
      where: use.where,
      reason: 'it changes the cluster, and this identity only reads',
    });
    return;
  }
  for (const a of d.accesses) {
    const scope = a.namespace === null ? null : namespaceScope(a.namespace, use.params);
    into.grants.push(...grantsOf(a, scope, `${use.where}: ${commandText(use.command)}`));
  }
}

function addProvider(
  into: Gathered,
  items: Because[],
  ci: CatalogIntent,
  because = (why: string) => `${ci.intent.name} ${why} (intentops)`,
): void {
  for (const { access: a, why } of items) {
    into.grants.push(
      ...grantsOf(a, namespaceScope(a.namespace ?? undefined, ci.intent.params), because(why)),
    );
  }
}

export function catalogRbac(
  intents: readonly CatalogIntent[],
  policies: readonly Policy[],
  read: ReadApplied,
): IdentityRbac[] {
  const execute: Gathered = { grants: [], byHand: [] };
  const observe: Gathered = { grants: [], byHand: [] };
  for (const ci of [...intents].sort((a, b) => a.intent.name.localeCompare(b.intent.name))) {
    for (const use of usesOf(ci)) {
      const d = derive(use.command, read);
      if (!d) continue;
      addDerived(execute, d, use, false);
      if (use.observe) addDerived(observe, d, use, true);
    }
    const u = providerUse(ci);
    addProvider(execute, providerAccess(u, 'execute'), ci);
    // One line for every intent (not one each): whichever intents need the rule, the reason is the same.
    addProvider(
      execute,
      driftGuardAccess(u),
      ci,
      (why) => `drift guard (policies on_drift): ${why} (intentops)`,
    );
    addProvider(observe, providerAccess(u, 'observe'), ci);
  }
  for (const p of policies) {
    for (const c of p.prechecks ?? []) {
      const where = `policy ${p.name} precheck ${c.name}`;
      // A precheck applies to whichever intents the policy matches: its templates are not resolved
      // against one intent's params, so a param in a namespace makes the right cluster-wide.
      if (c.run !== undefined) {
        const d = derive(c.run, read);
        if (d) addDerived(execute, d, { command: c.run, where, params: {}, observe: false }, false);
      }
      const ns = c.pods_ready?.namespace ?? (c.velero ? (c.velero.namespace ?? 'velero') : undefined);
      if (ns !== undefined) {
        const a = c.pods_ready
          ? { group: '', resource: 'pods', verbs: ['list' as const], namespace: ns }
          : { group: 'velero.io', resource: 'backups', verbs: ['list' as const], namespace: ns };
        execute.grants.push(...grantsOf(a, namespaceScope(ns, {}), `${where} (intentops)`));
      }
    }
  }
  return [
    identityRbac('intentops-execute', execute.grants, execute.byHand),
    identityRbac('intentops-observe', observe.grants, observe.byHand),
  ];
}
