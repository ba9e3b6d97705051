import * as z from 'zod/mini';
import { regexTemplateProblem, WHOLE_PLACEHOLDER } from '../plan/expected-template.js';

// Building blocks shared by every intent file schema. Kept here so a duration, a severity or an
// `expected` value means the same thing in catalog, outcomes, rules and policies.
//
// The intent file schemas are zod/mini, not classic zod: `validate` builds them all at start-up, and
// classic attaches dozens of method closures to every schema instance (and every `.describe()` or
// `.optional()` makes another), which was a fifth of that start-up. Descriptions go into the global
// registry, as classic's `.describe()` puts them (see `described`).

// Classic sets zod's English messages when it builds its first schema; mini sets no locale, and its
// messages would be "Invalid input" where neither the schema nor checkSchema gives one.
z.config(z.locales.en());

/**
 * `schema`, described for editors (schemas/*.schema.json): `.apply(described, 'what it is')`. It
 * registers the schema itself, where `.check(z.describe())` makes a clone to register: 107 clones were
 * 3% of `validate`'s start-up. So only for a schema made where it is described (`z.optional(…)`,
 * `z.strictObject(…)`); a shared one (Identifier) keeps `.check(z.describe())`, or every use of it
 * would carry the description.
 */
export function described<T extends z.core.$ZodType>(schema: T, description: string): T {
  if (z.globalRegistry.has(schema)) throw new Error(`a schema is described twice: "${description}"`);
  z.globalRegistry.add(schema, { description });
  return schema;
}

import { ENV_NAME, IDENTIFIER, KEBAB_NAME, SNAKE_NAME } from './names.js';

export { ENV_NAME, IDENTIFIER, KEBAB_NAME, SNAKE_NAME };

export const KebabName = z
  .string()
  .check(
    z.maxLength(63),
    z.regex(KEBAB_NAME, 'expected a kebab-case name (lowercase letters, digits and -), e.g. deploy-app'),
  );
export const SnakeName = z
  .string()
  .check(
    z.maxLength(63),
    z.regex(SNAKE_NAME, 'expected a snake_case name (lowercase letters, digits and _), e.g. memory_usage'),
  );
export const Identifier = z
  .string()
  .check(
    z.maxLength(63),
    z.regex(IDENTIFIER, 'expected a lowercase name (letters, digits, _ or -), e.g. pods_ready'),
  );

// One optional number per unit, largest unit first: "7d", "1h30m", "500ms", "1.5h".
const NUM = String.raw`\d+(?:\.\d+)?`;
const DURATION_RE = new RegExp(
  `^(?=\\d)(?:(${NUM})d)?(?:(${NUM})h)?(?:(${NUM})m(?!s))?(?:(${NUM})s)?(?:(${NUM})ms)?$`,
);
const UNIT_SECONDS = [86_400, 3_600, 60, 1, 0.001] as const;

/** Ten years: longer is a typo, and start + duration must stay a valid Date (±8.64e15 ms). */
const MAX_DURATION_S = 3650 * 86_400;
const TOO_LONG = 'expected a duration of at most 3650d (ten years)';

const DurationString = z.string().check(
  z.regex(DURATION_RE, 'expected a duration like 300s, 5m, 1h30m, 500ms or 7d'),
  z.refine((s) => !DURATION_RE.test(s) || durationSeconds(s) > 0, 'expected a duration greater than zero'),
  z.refine((s) => !DURATION_RE.test(s) || durationSeconds(s) <= MAX_DURATION_S, TOO_LONG),
);

/**
 * A duration: "300s", "5m", "1h30m", "500ms", "7d", or a bare number of seconds. Parsed values are
 * always strings (a bare number becomes "<n>s"), so consumers handle one shape.
 */
export const Duration = z
  .union(
    [
      DurationString,
      z.pipe(
        z.number().check(
          z.positive('expected a duration greater than zero'),
          // 1e21 and 1e-7 would become "1e+21s" and "1e-7s", which are no durations.
          z.refine(
            (n) => n <= 0 || DURATION_RE.test(`${n}s`),
            'expected a number of seconds in plain digits, e.g. 300',
          ),
          z.refine((n) => n <= MAX_DURATION_S, TOO_LONG),
        ),
        z.transform((n) => `${n}s`),
      ),
    ],
    {
      error: 'expected a duration like 300s, 5m, 1h30m, 500ms or 7d, or a number of seconds',
    },
  )
  .apply(described, 'duration: 300s, 5m, 1h30m, 500ms, 7d, or a number of seconds');
export type Duration = z.output<typeof Duration>;

/** Whether `d` is what durationSeconds reads. */
export function isDuration(d: unknown): d is string | number {
  return typeof d === 'number' || (typeof d === 'string' && DURATION_RE.test(d.trim()));
}

/** Seconds in a duration (string or bare number). Throws on text that is not a duration. */
export function durationSeconds(d: string | number): number {
  if (typeof d === 'number') return d;
  const m = DURATION_RE.exec(d.trim());
  if (!m) throw new RangeError(`not a duration: ${JSON.stringify(d)} (expected e.g. 300s, 5m, 1h30m)`);
  return UNIT_SECONDS.reduce((sum, unit, i) => sum + (m[i + 1] ? Number(m[i + 1]) * unit : 0), 0);
}

export const Severity = z.enum(['P1', 'P2', 'P3', 'P4']).apply(described, 'P1 (most severe) … P4');
export type Severity = z.output<typeof Severity>;

export const Risk = z
  .enum(['low', 'medium', 'high'])
  .apply(described, 'low | medium | high — policies key on it');
export type Risk = z.output<typeof Risk>;

/** A command: a shell string (values are quoted for the shell) or an argv list (no shell at all). */
export const Command = z
  .union(
    [
      z.string().check(z.minLength(1, 'expected a non-empty command')),
      z.array(z.string()).check(z.minLength(1, 'expected a non-empty argv list, e.g. [kubectl, get, pods]')),
    ],
    { error: 'expected a command: a shell string or an argv list like [kubectl, get, pods]' },
  )
  .apply(described, 'a shell string, or an argv list run without a shell');
export type Command = z.output<typeof Command>;

export const COMPARISON_OPS = ['<', '<=', '>', '>=', '==', '!='] as const;

/**
 * What a check's trimmed output must be: a string (equal), a number (equal as text), a regex, or a
 * numeric comparison.
 */
export const Expected = z
  .union(
    [
      z.string().apply(described, 'trimmed output equals this text; {{param}} is the param'),
      z.number().apply(described, 'trimmed output equals this number, compared as text'),
      z
        .strictObject({
          regex: z.string().check(
            z.describe(
              'trimmed output matches this regular expression; a {{param}} value is matched as literal text',
            ),
            z.superRefine((p, ctx) => {
              const problem = regexTemplateProblem(p);
              if (problem) ctx.addIssue({ code: 'custom', message: problem, input: p });
            }),
          ),
        })
        .apply(described, 'regular expression match'),
      z
        .strictObject({
          op: z.enum(COMPARISON_OPS).apply(described, 'comparison operator'),
          value: z
            .union(
              [
                z.number(),
                z
                  .string()
                  .check(
                    z.regex(WHOLE_PLACEHOLDER, 'expected a number or "{{param}}" naming a number param'),
                  ),
              ],
              { error: 'expected a number or "{{param}}" naming a number param' },
            )
            .apply(described, 'number the output is compared with, or "{{param}}" for a number param'),
        })
        .apply(described, 'numeric comparison: output <op> value'),
    ],
    { error: 'expected text, a number, {regex: …} or {op: …, value: …}' },
  )
  .apply(described, 'expected output: text, number, {regex}, or {op, value}');
export type Expected = z.output<typeof Expected>;

export { regexProblem } from '../plan/expected-template.js';

/**
 * Refinement params that run a check even when other parts of the value have problems, so one
 * pass reports everything (zod skips refinements after any issue by default).
 */
export const ALWAYS = { when: () => true } as const;

/**
 * Reports a custom issue at `[...base, i, key]` for every item whose `key` repeats an earlier one.
 * Defensive about shapes: with ALWAYS it may see a value that failed other checks.
 */
export function uniqueNames(
  items: unknown,
  key: string,
  ctx: z.core.$RefinementCtx,
  what: string,
  base: readonly (string | number)[],
): void {
  if (!Array.isArray(items)) return;
  const seen = new Set<string>();
  items.forEach((item: unknown, i) => {
    const name =
      item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[key] : undefined;
    if (typeof name !== 'string') return;
    if (seen.has(name)) {
      ctx.addIssue({
        code: 'custom',
        path: [...base, i, key],
        message: `duplicate ${what} '${name}'; names must be unique`,
      });
    }
    seen.add(name);
  });
}
