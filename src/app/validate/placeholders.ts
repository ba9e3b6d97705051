import type { Diagnostic } from '../../domain/input/diagnostic.js';
import { didYouMean } from '../../domain/input/did-you-mean.js';
import { pathText } from '../../domain/input/schema-check.js';
import type { Intent } from '../../domain/schemas/catalog.js';
import type { Policy } from '../../domain/schemas/policy.js';
import type { Catalog, Loaded } from '../shared/load-repo.js';
import { stem } from '../shared/repo-files.js';
import { textAt } from './text-at.js';

// Every `{{name}}` in the intent files: where a template is rendered it must name a param of the
// intent (for a policy's prechecks, of every intent the policy matches); anywhere else it would stay
// as written, so it is an error saying so (a warning in descriptions, which people read: a learned
// intent's description quotes its command, `{{app}}` and all). Whether a template also renders in its context (shell
// quoting, queries, regexes) is checked in validate.ts with sample values.

type Path = readonly (string | number)[];
/** `*` stands for any one key or index. */
type Pattern = readonly string[];

const PLACEHOLDER = /\{\{[ \t]*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\}\}/g;

/** A command is a shell string or an argv list. */
const command = (...at: string[]): Pattern[] => [at, [...at, '*']];

/** What a success check or precheck renders: its command, built-in targets and what it expects. */
function checkFields(prefix: Pattern, commandKey: string): Pattern[] {
  return [
    ...command(...prefix, commandKey),
    ...[
      ['pods_ready', 'namespace'],
      ['pods_ready', 'selector'],
      ['prometheus', 'query'],
      ['http', 'url'],
      ['velero', 'namespace'],
      ['expected'],
      ['expected', 'regex'],
      ['expected', 'value'],
      ['http', 'body'],
      ['http', 'body', 'regex'],
      ['http', 'body', 'value'],
    ].map((p) => [...prefix, ...p]),
  ];
}

const TEMPLATED: Partial<Record<string, Pattern[]>> = {
  intent: [
    ...['steps', 'rollback'].flatMap((k) => [...command(k, '*', 'run'), [k, '*', 'env', '*']]),
    ...command('preview', '*', 'run'),
    ...command('capture', 'metrics', '*', 'run'),
    ...['error_count', 'pod_restarts', 'logs'].flatMap((k) => command('capture', k, 'run')),
    ['capture', 'kubernetes', 'namespace'],
    ['capture', 'kubernetes', 'selector'],
    ['capture', 'kubernetes', 'deployment'],
    ['capture', 'prometheus', 'queries', '*'],
    ['capture', 'loki', 'selector'],
    ['capture', 'velero', 'namespace'],
  ],
  outcomes: [
    ...checkFields(['outcomes', 'success', '*'], 'check'),
    ['outcomes', 'failure_indicators', '*', 'pattern'],
  ],
  policy: checkFields(['policies', '*', 'prechecks', '*'], 'run'),
};

function matches(path: Path, pattern: Pattern): boolean {
  return path.length === pattern.length && pattern.every((p, i) => p === '*' || p === String(path[i]));
}

function isTemplated(kind: string, path: Path): boolean {
  return (TEMPLATED[kind] ?? []).some((p) => matches(path, p));
}

/** Every string in a parsed YAML value with its path; keys are names, never templates. */
function strings(root: unknown): { path: Path; text: string }[] {
  const out: { path: Path; text: string }[] = [];
  // Iterative: a deeply nested file must not overflow the stack.
  const stack: { path: Path; value: unknown }[] = [{ path: [], value: root }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { path, value } = item;
    if (typeof value === 'string') {
      if (value.includes('{{')) out.push({ path, text: value });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => {
        stack.push({ path: [...path, i], value: v });
      });
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) stack.push({ path: [...path, k], value: v });
    }
  }
  return out;
}

/** Each name once, with the offset of its first placeholder. */
function placeholdersIn(text: string): { name: string; offset: number }[] {
  const seen = new Map<string, number>();
  for (const m of text.matchAll(PLACEHOLDER))
    if (!seen.has(m[1] as string)) seen.set(m[1] as string, m.index);
  return [...seen].map(([name, offset]) => ({ name, offset }));
}

/** Who declares what: the params a template of this file may name. */
type Scope =
  | { kind: 'intent'; intent: Intent }
  | { kind: 'policy'; policy: string; intents: Intent[] }
  /** Nothing to compare with (an unknown intent, a policy matching none): names are not judged. */
  | { kind: 'unknown' };

const declared = (i: Intent) => Object.keys(i.params ?? {});

function guess(name: string, known: Iterable<string>): string {
  const g = didYouMean(name, known);
  return g ? `; did you mean {{${g}}}?` : '';
}

function undeclared(name: string, scope: Scope): string | undefined {
  if (scope.kind === 'unknown') return undefined;
  if (scope.kind === 'intent') {
    const params = declared(scope.intent);
    if (params.includes(name)) return undefined;
    return `undeclared placeholder {{${name}}}; intent '${scope.intent.name}' declares: ${params.join(', ') || 'no params'}${guess(name, params)}`;
  }
  const lacking = scope.intents.filter((i) => !declared(i).includes(name));
  if (lacking.length === 0) return undefined;
  const lists = lacking.map((i) => `${i.name} declares: ${declared(i).join(', ') || 'no params'}`).join('; ');
  if (lacking.length === scope.intents.length)
    return `undeclared placeholder {{${name}}}: no intent policy '${scope.policy}' matches declares it (${lists})${guess(name, new Set(scope.intents.flatMap(declared)))}`;
  return `{{${name}}} is not declared by every intent policy '${scope.policy}' matches: requests for ${lacking.map((i) => i.name).join(', ')} would be refused (${lists})`;
}

/** Text for people (descriptions, reasons, examples): shown as written, so a warning, not an error. */
const PROSE = new Set(['description', 'reason', 'example']);

function notTemplated(kind: string, path: Path, name: string): Pick<Diagnostic, 'message' | 'severity'> {
  if (kind === 'anomaly-rules' && path.at(-1) === 'condition')
    return {
      message: `{{${name}}} is not replaced in a condition: conditions are not templated; read the param as params.${name}`,
      severity: 'error',
    };
  if (PROSE.has(String(path.at(-1))))
    return {
      message: `{{${name}}} is shown as written in ${pathText(path)}: text for people is not templated`,
      severity: 'warning',
    };
  return {
    message: `{{${name}}} is not replaced in ${pathText(path)}: it is not templated, so it would stay as written`,
    severity: 'error',
  };
}

function checkFile(l: Loaded<unknown>, kind: string, scopeOf: (path: Path) => Scope): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { path, text } of strings(l.source.value)) {
    const templated = isTemplated(kind, path);
    for (const { name, offset } of placeholdersIn(text)) {
      const found = templated
        ? { message: undeclared(name, scopeOf(path)), severity: 'error' as const }
        : notTemplated(kind, path, name);
      if (found.message)
        out.push({ ...textAt(l, path, text, found.message, offset), severity: found.severity });
    }
  }
  return out;
}

function intentScope(catalog: Catalog, l: Loaded<{ intent?: string | undefined }>): Scope {
  const intent = catalog.intents.get(l.data.intent ?? stem(l.path));
  return intent ? { kind: 'intent', intent: intent.data } : { kind: 'unknown' };
}

/**
 * The catalog's intents a policy can apply to: named or of a listed risk, and declaring every param
 * `match.params` narrows on (a request without the param never matches).
 */
export function intentsMatched(catalog: Catalog, policy: Policy): Intent[] {
  const narrowing = Object.keys(policy.match.params ?? {});
  return [...catalog.intents.values()]
    .map((l) => l.data)
    .filter(
      (i) =>
        (policy.match.intents?.includes(i.name) || policy.match.risk?.includes(i.risk)) &&
        narrowing.every((p) => Object.hasOwn(i.params ?? {}, p)),
    );
}

function policyScope(catalog: Catalog, policy: Policy | undefined): Scope {
  if (!policy) return { kind: 'unknown' };
  const intents = intentsMatched(catalog, policy);
  return intents.length ? { kind: 'policy', policy: policy.name, intents } : { kind: 'unknown' };
}

/** Diagnostics for every `{{name}}` of the loaded intent files (requests hold values, not templates). */
export function checkPlaceholders(catalog: Catalog): Diagnostic[] {
  const unknown = (): Scope => ({ kind: 'unknown' });
  return [
    ...[...catalog.intents.values()].flatMap((l) =>
      checkFile(l, 'intent', () => ({ kind: 'intent', intent: l.data })),
    ),
    ...catalog.outcomes.flatMap((l) => {
      const scope = intentScope(catalog, l);
      return checkFile(l, 'outcomes', () => scope);
    }),
    ...catalog.rules.flatMap((l) => checkFile(l, 'anomaly-rules', unknown)),
    ...catalog.policies.flatMap((l) =>
      checkFile(l, 'policy', (path) => policyScope(catalog, l.data.policies[path[1] as number])),
    ),
    ...[catalog.learning, catalog.notify, catalog.execute].flatMap((l) =>
      l ? checkFile(l, 'settings', unknown) : [],
    ),
  ];
}
