import type { Diagnostic } from '../../domain/input/diagnostic.js';
import { didYouMean } from '../../domain/input/did-you-mean.js';
import { planObserve } from '../../domain/plan/plan-observe.js';
import { previewCommandFinding } from '../../domain/plan/preview-commands.js';
import { placeholders } from '../../domain/plan/template.js';
import type { PolicyFacts } from '../../domain/policy/policy.js';
import { checkPolicyFile } from '../../domain/policy/policy-check.js';
import { unknownEnvironment } from '../../domain/request/environment.js';
import { checkParamValue } from '../../domain/request/params.js';
import { checkCondition, metricsRead } from '../../domain/rules/condition.js';
import type { Intent } from '../../domain/schemas/catalog.js';
import { prepareRequest } from '../plan/prepare.js';
import {
  diagnosticAt as at,
  type Catalog,
  type Loaded,
  type LoadOptions,
  loadRepo,
} from '../shared/load-repo.js';
import { stem } from '../shared/repo-files.js';
import { checkPlaceholders } from './placeholders.js';
import {
  checkCommand,
  checkOutcomeSpec,
  checkPrechecks,
  sampleValues,
  templateProblem,
} from './templates.js';
import { textAt } from './text-at.js';

// `intentops validate`: schema errors from loading, then cross-references — requests against the
// catalog, placeholders against declared params, rule conditions type-checked, files naming intents.

type Path = (string | number)[];

function checkIntent(l: Loaded<Intent>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const intent = l.data;
  const sample = sampleValues(intent);
  if (intent.name !== stem(l.path)) {
    out.push(at(l, ['name'], `intent name '${intent.name}' must match its file name '${stem(l.path)}'`));
  }
  for (const [name, spec] of Object.entries(intent.params ?? {})) {
    if (spec.default === undefined) continue;
    const problem = checkParamValue(name, spec, spec.default);
    if (problem) out.push(at(l, ['params', name, 'default'], `default: ${problem}`));
  }
  // Rollback steps are steps: the same placeholders, quoting contexts and env rules.
  for (const key of ['steps', 'rollback'] as const) {
    (intent[key] ?? []).forEach((s, i) => {
      out.push(...checkCommand(l, [key, i, 'run'], s.run, intent));
      for (const [k, v] of Object.entries(s.env ?? {}))
        out.push(...checkCommand(l, [key, i, 'env', k], [v], intent));
    });
  }
  // Never passed (app/shared/step-env.ts): naming them is a mistake worth saying, not a silent no-op.
  (intent.env?.pass ?? []).forEach((name, i) => {
    if (name === 'ACTIONS_ID_TOKEN_REQUEST_TOKEN' || name === 'ACTIONS_ID_TOKEN_REQUEST_URL')
      out.push({
        ...at(
          l,
          ['env', 'pass', i],
          `${name} is never passed to a command: with it any process mints a GitHub OIDC token for any audience; declare oidc_audience on the environment in intents/environments.yaml and read the token from INTENTOPS_OIDC_TOKEN_FILE in the kubeconfig's credential plugin`,
        ),
        severity: 'warning',
      });
  });
  // A preview runs on every pull request: its placeholders as the steps', and only read-only verbs.
  (intent.preview ?? []).forEach((p, i) => {
    out.push(...checkCommand(l, ['preview', i, 'run'], p.run, intent));
    const finding = previewCommandFinding(p.run);
    if (finding)
      out.push({
        ...at(l, ['preview', i, 'run'], `preview '${p.name}': ${finding.message}`),
        severity: finding.severity,
      });
  });
  const c = intent.capture;
  for (const [name, m] of Object.entries(c?.metrics ?? {}))
    out.push(...checkCommand(l, ['capture', 'metrics', name, 'run'], m.run, intent));
  for (const key of ['error_count', 'pod_restarts', 'logs'] as const) {
    const spec = c?.[key];
    if (spec) out.push(...checkCommand(l, ['capture', key, 'run'], spec.run, intent));
  }
  for (const key of ['kubernetes', 'prometheus', 'loki', 'velero'] as const) {
    if (c?.[key])
      out.push(...templateProblem(l, ['capture', key], sample, () => planObserve({ [key]: c[key] }, sample)));
  }
  return out;
}

function intentOfFile(
  catalog: Catalog,
  l: Loaded<{ intent?: string | undefined }>,
  what: string,
): Intent | Diagnostic {
  const name = l.data.intent ?? stem(l.path);
  const intent = catalog.intents.get(name);
  if (intent) return intent.data;
  const known = [...catalog.intents.keys()].sort().join(', ') || 'none';
  return l.data.intent
    ? at(l, ['intent'], `${what} names unknown intent '${name}'; the catalog has: ${known}`)
    : {
        file: l.path,
        line: 1,
        col: 1,
        severity: 'error',
        message: `${what} file is named after unknown intent '${name}'; the catalog has: ${known}`,
      };
}

/** Metric names an intent's capture produces: `capture.metrics` and Prometheus queries. */
function capturedMetrics(intent: Intent): string[] {
  const c = intent.capture;
  return [...Object.keys(c?.metrics ?? {}), ...Object.keys(c?.prometheus?.queries ?? {})];
}

/**
 * A condition reading a metric nothing captures never fires and says nothing; that is an error for a
 * rule bound to an intent, and a warning for default rules when no intent of the catalog captures it
 * (a default rule legitimately reads metrics only some intents capture).
 */
function checkMetricsRead(
  catalog: Catalog,
  l: Loaded<unknown>,
  path: Path,
  rule: string,
  condition: string,
  intent: Intent | undefined,
): Diagnostic[] {
  const known = new Set(
    intent ? capturedMetrics(intent) : [...catalog.intents.values()].flatMap((i) => capturedMetrics(i.data)),
  );
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const m of metricsRead(condition)) {
    if (known.has(m.name) || seen.has(m.name)) continue;
    seen.add(m.name);
    const guess = didYouMean(m.name, known);
    const where = intent ? `intent '${intent.name}' captures` : "the catalog's intents capture";
    const message = `rule '${rule}' reads ${m.key}, but ${where}: ${[...known].sort().join(', ') || 'no metrics'}${guess ? `; did you mean '${guess}'?` : ''} (the rule would never fire)`;
    const d = textAt(l, path, condition, message, condition.indexOf(m.key));
    out.push(intent ? d : { ...d, severity: 'warning' });
  }
  return out;
}

function checkPolicies(catalog: Catalog, now: Date): Diagnostic[] {
  const intents = [...catalog.intents.values()].map(({ data }) => ({
    name: data.name,
    risk: data.risk,
    params: Object.keys(data.params ?? {}),
  }));
  return catalog.policies.flatMap((l) =>
    checkPolicyFile(l.data, { now, intents }).map((p) => ({
      ...at(l, p.path, p.message),
      severity: p.severity,
    })),
  );
}

function checkCatalog(catalog: Catalog, now: Date): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const l of catalog.intents.values()) out.push(...checkIntent(l));
  for (const l of catalog.outcomes) {
    const intent = intentOfFile(catalog, l, 'outcome spec');
    if ('severity' in intent) {
      out.push(intent);
      continue;
    }
    out.push(...checkOutcomeSpec(l, intent));
  }
  for (const l of catalog.rules) {
    let bound: Intent | undefined;
    if (!(stem(l.path) === 'default' && !l.data.intent)) {
      const intent = intentOfFile(catalog, l, 'anomaly rules');
      if ('severity' in intent) out.push(intent);
      else bound = intent;
    }
    l.data.anomaly_rules.forEach((r, i) => {
      const path = ['anomaly_rules', i, 'condition'];
      const checked = checkCondition(r.condition);
      if (!checked.ok)
        out.push(textAt(l, path, r.condition, `rule '${r.name}': ${checked.message}`, checked.offset));
      else out.push(...checkMetricsRead(catalog, l, path, r.name, r.condition, bound));
    });
  }
  for (const l of catalog.policies) {
    l.data.policies.forEach((p, i) => {
      (p.match.intents ?? []).forEach((name, j) => {
        if (!catalog.intents.has(name)) {
          out.push(
            at(
              l,
              ['policies', i, 'match', 'intents', j],
              `policy '${p.name}' names unknown intent '${name}'`,
            ),
          );
        }
      });
    });
  }
  out.push(...checkEnvironmentNames(catalog));
  out.push(...checkPolicies(catalog, now), ...checkPrechecks(catalog), ...checkPlaceholders(catalog));
  return out;
}

/** Every environment an intent or a policy names is declared in intents/environments.yaml. */
function checkEnvironmentNames(catalog: Catalog): Diagnostic[] {
  const file = catalog.environments?.data;
  const out: Diagnostic[] = [];
  const check = (l: Loaded<unknown>, path: Path, name: string, who: string) => {
    const problem = unknownEnvironment(name, file);
    if (problem) out.push(at(l, path, `${who}: ${problem}`));
  };
  for (const l of catalog.intents.values())
    if (l.data.environment !== undefined)
      check(l, ['environment'], l.data.environment, `intent '${l.data.name}'`);
  for (const l of catalog.policies) {
    l.data.policies.forEach((p, i) => {
      (p.match.environments ?? []).forEach((name, j) => {
        check(l, ['policies', i, 'match', 'environments', j], name, `policy '${p.name}'`);
      });
      if (p.promotion) {
        check(l, ['policies', i, 'promotion', 'from'], p.promotion.from, `policy '${p.name}'`);
      }
    });
  }
  return out;
}

/** A param no template of the intent or its outcome checks uses is likely a typo or left over. */
function unusedParams(catalog: Catalog): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const l of catalog.intents.values()) {
    const intent = l.data;
    const outcomes = catalog.outcomes.filter((o) => (o.data.intent ?? stem(o.path)) === intent.name);
    // Every string of the steps, captures and outcome checks, as one text to find placeholders in.
    const text = JSON.stringify([
      intent.steps,
      intent.rollback ?? [],
      intent.capture ?? {},
      outcomes.map((o) => o.data),
    ]);
    const used = new Set(placeholders(text.replaceAll('\\"', '"')));
    for (const name of Object.keys(intent.params ?? {})) {
      if (!used.has(name))
        out.push({
          ...at(
            l,
            ['params', name],
            `param '${name}' is declared but no step, capture or outcome check uses {{${name}}}`,
            'key',
          ),
          severity: 'warning',
        });
    }
  }
  return out;
}

/**
 * Silent no-ops a new repository runs into: learning without config. (A file in intents/requests/
 * that is not a request is an error of its own, from load-repo.ts.)
 */
function repoWarnings(catalog: Catalog): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!catalog.learning)
    out.push({
      file: 'intents/learning.yaml',
      severity: 'warning',
      message:
        'missing: `intentops learn` has no triggers and suggests nothing (see intents/learning.yaml in the intentops repository)',
    });
  return out;
}

/**
 * An intent file that fails to load makes every request, outcome spec and rule file naming it fail
 * with "unknown intent"; those follow from the broken file, so only its own errors are reported.
 */
function withoutFollowOns(diagnostics: Diagnostic[], catalog: Catalog): Diagnostic[] {
  const broken = new Set(
    diagnostics
      .filter((d) => d.severity === 'error' && /^intents\/catalog\/[^/]+\.ya?ml$/.test(d.file))
      .map((d) => stem(d.file))
      .filter((name) => !catalog.intents.has(name)),
  );
  if (broken.size === 0) return diagnostics;
  return diagnostics.filter((d) => {
    const named = /unknown intent '([^']+)'/.exec(d.message)?.[1];
    if (named && broken.has(named) && !d.file.startsWith('intents/catalog/')) return false;
    // Default rules are checked against the intents that loaded; with one missing, that says little.
    return !d.message.includes("the catalog's intents capture");
  });
}

export interface ValidateResult {
  diagnostics: Diagnostic[];
  files: string[];
  catalog: Catalog;
}

export async function validate(
  repoDir: string,
  facts: PolicyFacts,
  only?: readonly string[],
  options: LoadOptions = {},
): Promise<ValidateResult> {
  const loaded = await loadRepo(repoDir, only, options);
  const diagnostics = [...loaded.diagnostics, ...checkCatalog(loaded.catalog, facts.now)];
  if (!only && !loaded.diagnostics.some((d) => d.file === 'intents/'))
    diagnostics.push(...unusedParams(loaded.catalog), ...repoWarnings(loaded.catalog));
  for (const req of loaded.catalog.requests)
    diagnostics.push(...prepareRequest(loaded.catalog, req, facts).diagnostics);
  const rootCauses = withoutFollowOns(diagnostics, loaded.catalog);
  const wanted = only ? new Set(only) : undefined;
  // With explicit paths, report those files — and any catalog error, since their plans depend on it.
  const shown = wanted
    ? rootCauses.filter((d) => wanted.has(d.file) || !d.file.startsWith('intents/requests/'))
    : rootCauses;
  shown.sort(
    (a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0),
  );
  return { diagnostics: shown, files: loaded.files, catalog: loaded.catalog };
}
