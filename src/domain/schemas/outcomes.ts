import * as z from 'zod/mini';
import { regexTemplateProblem } from '../plan/expected-template.js';
import {
  ALWAYS,
  Command,
  Duration,
  described,
  durationSeconds,
  Expected,
  Identifier,
  isDuration,
  KebabName,
  Severity,
  uniqueNames,
} from './common.js';

// intents/outcomes/<intent>.yaml — the seed's format: checks polled after the run, and failure
// indicators that end the wait at once.

export const BUILT_INS = ['pods_ready', 'prometheus', 'http', 'velero'] as const;

/** The built-in checks, shared by outcome checks and policy prechecks. */
export const builtinCheckShape = {
  pods_ready: z
    .optional(
      z.strictObject({
        namespace: z.string().check(z.minLength(1)),
        selector: z.string().check(z.minLength(1)),
      }),
    )
    .apply(described, 'built-in: at least one pod matches and every one is Running and ready'),
  prometheus: z
    .optional(z.strictObject({ query: z.string().check(z.minLength(1)), url: z.optional(z.url()) }))
    .apply(described, 'built-in: an instant query whose value is compared with `expected`'),
  http: z
    .optional(
      z.strictObject({
        url: z
          .string()
          .check(z.minLength(1), z.describe('http(s) URL; {{param}} in the host must be one DNS label')),
        status: z._default(z.int().check(z.minimum(100), z.maximum(599)), 200),
        body: z.optional(Expected).apply(described, 'the response body must match this too'),
      }),
    )
    .apply(described, 'built-in: GET the URL, compare the status (and body)'),
  velero: z
    .optional(
      z.strictObject({
        namespace: z.optional(z.string().check(z.minLength(1))),
        max_age: z._default(Duration, '24h'),
      }),
    )
    .apply(described, 'built-in: the newest Velero backup is Completed and younger than max_age'),
};

/** Exactly one way to check, and `expected` where the check compares a value. */
export function oneCheckKind(
  c: { [k in 'check' | (typeof BUILT_INS)[number]]?: unknown } & { expected?: unknown },
  command: 'check' | 'run',
  ctx: z.core.$RefinementCtx,
): void {
  const given = { ...c, check: (c as Record<string, unknown>)[command] };
  const kinds = (['check', ...BUILT_INS] as const).filter((k) => given[k] !== undefined);
  const names = [command, ...BUILT_INS].join(', ');
  if (kinds.length !== 1) {
    const got = kinds.map((k) => (k === 'check' ? command : k)).join(' and ');
    ctx.addIssue({
      code: 'custom',
      message: kinds.length ? `expected one of ${names}; got ${got}` : `expected one of ${names}`,
    });
  }
  if ((given.check !== undefined || c.prometheus !== undefined) && c.expected === undefined) {
    ctx.addIssue({ code: 'custom', path: ['expected'], message: "missing required key 'expected'" });
  }
}

export const SuccessCheckSchema = z
  .strictObject({
    condition: Identifier.check(z.describe('name of the check, e.g. pods_ready; unique within the file')),
    check: z.optional(Command).apply(described, 'command whose trimmed output is compared with `expected`'),
    ...builtinCheckShape,
    expected: z
      .optional(Expected)
      .apply(described, 'for `check` and `prometheus`: the expected output or value'),
    timeout: z
      ._default(Duration, '60s')
      .apply(described, 'keep polling until this long has passed; default 60s'),
    interval: z._default(Duration, '5s').apply(described, 'wait between attempts; default 5s'),
  })
  .check(
    z.superRefine((c, ctx) => oneCheckKind(c, 'check', ctx)),
    z.describe(
      'a check that must pass after the run: a command, or a built-in (pods_ready, prometheus, http, velero)',
    ),
  );
export type SuccessCheck = z.output<typeof SuccessCheckSchema>;

export const FailureIndicatorSchema = z
  .strictObject({
    pattern: z
      .string()
      .check(
        z.minLength(1),
        z.describe(
          'text that means failure when seen in output, e.g. CrashLoopBackOff; {{param}} is the param (literal text in a regex)',
        ),
      ),
    severity: Severity,
    regex: z
      ._default(z.boolean(), false)
      .apply(described, 'treat `pattern` as a regular expression; default: plain substring'),
    description: z.optional(z.string()),
  })
  .check(
    z.superRefine((ind, ctx) => {
      const problem = ind.regex ? regexTemplateProblem(ind.pattern) : undefined;
      if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
    }),
    z.describe('output that signals failure immediately'),
  );
export type FailureIndicator = z.output<typeof FailureIndicatorSchema>;

/** Upper bounds: a bake longer than a GitHub job (6 h) could never end in its run. */
export const MAX_BAKE_S = 6 * 3600;
const MIN_BAKE_INTERVAL_S = 0.1;

export const BakeWindowSchema = z
  .strictObject({
    for: Duration.check(z.describe('how long to keep watching after the checks pass, e.g. 10m')),
    interval: z
      ._default(Duration, '30s')
      .apply(described, 're-evaluate checks, indicators and rules this often; default 30s'),
  })
  .check(
    z.superRefine((w, ctx) => {
      // zod runs this also when `for` or `interval` failed its own check: then that is the issue.
      if (!isDuration(w.for) || !isDuration(w.interval)) return;
      const total = durationSeconds(w.for);
      const every = durationSeconds(w.interval);
      if (total > MAX_BAKE_S)
        ctx.addIssue({
          code: 'custom',
          path: ['for'],
          message: `a bake of ${w.for} is longer than a GitHub job may run (6h); use at most 6h`,
        });
      if (every < MIN_BAKE_INTERVAL_S)
        ctx.addIssue({
          code: 'custom',
          path: ['interval'],
          message: 'expected an interval of at least 100ms',
        });
      if (every > total)
        ctx.addIssue({
          code: 'custom',
          path: ['interval'],
          message: `interval ${w.interval} is longer than the bake (${w.for}): nothing would be re-checked`,
        });
    }),
    z.describe(
      'the bake window: keep watching the intent this long after the run, re-checking at each interval',
    ),
  );
export type BakeWindow = z.output<typeof BakeWindowSchema>;

export const OutcomeSpecSchema = z
  .strictObject({
    intent: z
      .optional(KebabName)
      .apply(described, 'the intent these outcomes belong to; default: the file name'),
    observe: z.optional(BakeWindowSchema),
    outcomes: z
      .strictObject({
        success: z.array(SuccessCheckSchema).check(z.minLength(1, 'expected at least one success check')),
        failure_indicators: z.optional(z.array(FailureIndicatorSchema)),
      })
      .check(
        z.superRefine(
          (o, ctx) => uniqueNames(o?.success, 'condition', ctx, 'condition', ['success']),
          ALWAYS,
        ),
      ),
  })
  .apply(described, 'outcome spec: intents/outcomes/<intent>.yaml');
export type OutcomeSpec = z.output<typeof OutcomeSpecSchema>;
