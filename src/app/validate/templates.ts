import type { Diagnostic } from '../../domain/input/diagnostic.js';
import { TemplateError } from '../../domain/input/errors.js';
import {
  type ExpectedTemplate,
  renderExpected,
  renderIndicatorPattern,
  WHOLE_PLACEHOLDER,
} from '../../domain/plan/expected-template.js';
import { planProbe } from '../../domain/plan/plan-observe.js';
import { renderArgv, renderShell } from '../../domain/plan/template.js';
import type { Intent } from '../../domain/schemas/catalog.js';
import type { OutcomeSpec, SuccessCheck } from '../../domain/schemas/outcomes.js';
import { diagnosticAt as at, type Catalog, type Loaded } from '../shared/load-repo.js';
import { intentsMatched } from './placeholders.js';

// Templates rendered with sample values: does each render in its context (shell quoting, a query's
// "…" string, a URL's host, a regex)? Names that are not params are left to placeholders.ts, which
// says so at the placeholder itself.

type Path = (string | number)[];

/**
 * A value of each declared param that passes every target's shape check (a DNS label, a label
 * value, a number for comparisons), to find contexts no value could be put into.
 */
export function sampleValues(intent: Intent): Record<string, string> {
  return Object.fromEntries(
    Object.entries(intent.params ?? {}).map(([name, spec]) => [
      name,
      spec.type === 'integer' || spec.type === 'number' ? '1' : spec.type === 'boolean' ? 'true' : 'x',
    ]),
  );
}

/** Problems rendering with sample values; a placeholder naming no param is placeholders.ts' to report. */
export function templateProblem(
  l: Loaded<unknown>,
  path: Path,
  values: Record<string, string>,
  render: () => unknown,
): Diagnostic[] {
  try {
    render();
    return [];
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    if (err.param !== undefined && !Object.hasOwn(values, err.param)) return [];
    return [at(l, path, err.message)];
  }
}

/** Every template a command holds must render in a context its values can be quoted for. */
export function checkCommand(
  l: Loaded<unknown>,
  path: Path,
  cmd: string | readonly string[],
  intent: Intent,
): Diagnostic[] {
  const sample = sampleValues(intent);
  return templateProblem(l, path, sample, () =>
    typeof cmd === 'string' ? renderShell(cmd, sample) : renderArgv(cmd, sample),
  );
}

/** `value: "{{name}}"` of a comparison must name a number param: a string could be anything. */
function numericParam(
  l: Loaded<unknown>,
  path: Path,
  expected: ExpectedTemplate,
  intent: Intent,
): Diagnostic[] {
  if (typeof expected !== 'object' || !('op' in expected) || typeof expected.value !== 'string') return [];
  const name = WHOLE_PLACEHOLDER.exec(expected.value)?.[1];
  const type = name === undefined ? undefined : intent.params?.[name]?.type;
  if (type === undefined || type === 'integer' || type === 'number') return [];
  return [
    at(
      l,
      [...path, 'value'],
      `{{${name}}} in value: '${name}' is a ${type} param; a comparison needs an integer or number param`,
    ),
  ];
}

function checkExpected(
  l: Loaded<unknown>,
  path: Path,
  expected: ExpectedTemplate | undefined,
  intent: Intent,
): Diagnostic[] {
  if (expected === undefined) return [];
  const typed = numericParam(l, path, expected, intent);
  if (typed.length) return typed;
  const sample = sampleValues(intent);
  return templateProblem(l, path, sample, () => renderExpected(expected, sample));
}

/** A success check or a precheck (whose command is `run`): its command or built-in, and what it expects. */
function checkOneCheck(
  l: Loaded<unknown>,
  path: Path,
  c: SuccessCheck,
  intent: Intent,
  commandKey: 'check' | 'run',
): Diagnostic[] {
  const sample = sampleValues(intent);
  return [
    ...(c.check !== undefined
      ? checkCommand(l, [...path, commandKey], c.check, intent)
      : templateProblem(l, path, sample, () => planProbe(c, sample))),
    ...(c.http?.body !== undefined ? numericParam(l, [...path, 'http', 'body'], c.http.body, intent) : []),
    ...checkExpected(l, [...path, 'expected'], c.expected, intent),
  ];
}

export function checkOutcomeSpec(l: Loaded<OutcomeSpec>, intent: Intent): Diagnostic[] {
  const sample = sampleValues(intent);
  return [
    ...l.data.outcomes.success.flatMap((c, i) =>
      checkOneCheck(l, ['outcomes', 'success', i], c, intent, 'check'),
    ),
    ...(l.data.outcomes.failure_indicators ?? []).flatMap((ind, i) =>
      templateProblem(l, ['outcomes', 'failure_indicators', i, 'pattern'], sample, () =>
        renderIndicatorPattern(ind.pattern, ind.regex, sample),
      ),
    ),
  ];
}

/**
 * A precheck renders with the params of each request's intent: it must render for every intent the
 * policy matches. The same problem for several intents is said once.
 */
export function checkPrechecks(catalog: Catalog): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const l of catalog.policies) {
    l.data.policies.forEach((p, i) => {
      const intents = intentsMatched(catalog, p);
      (p.prechecks ?? []).forEach((pc, j) => {
        const asCheck: SuccessCheck = {
          ...pc,
          condition: pc.name,
          check: pc.run,
          timeout: '60s',
          interval: '5s',
        };
        for (const intent of intents)
          for (const d of checkOneCheck(l, ['policies', i, 'prechecks', j], asCheck, intent, 'run')) {
            const key = `${d.line}:${d.col}:${d.message}`;
            if (!seen.has(key)) out.push(d);
            seen.add(key);
          }
      });
    });
  }
  return out;
}
