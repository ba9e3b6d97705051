import * as z from 'zod/mini';
import { cronProblem } from '../policy/cron.js';
import { isTimeZone } from '../policy/time-zones.js';
import {
  ALWAYS,
  Command,
  Duration,
  described,
  Expected,
  Identifier,
  KebabName,
  Risk,
  SNAKE_NAME,
  uniqueNames,
} from './common.js';
import { builtinCheckShape, oneCheckKind } from './outcomes.js';

// intents/policies/*.yaml — who may propose what, how many approvals, when, how often, and what
// agents may do alone. Evaluated by the policy module; this file only says what is well-formed.

// Dates are whole days; datetimes must say their offset, or "10:00" would mean the runner's zone.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const Cron = z.string().check(
  z.superRefine((s, ctx) => {
    const problem = cronProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: s });
  }),
  z.describe('when a window opens: cron, 5 fields (minute hour day-of-month month day-of-week)'),
);

const TimeZone = z
  .string()
  .check(
    z.refine(isTimeZone, 'expected an IANA time zone, e.g. Europe/Berlin or UTC'),
    z.describe('IANA time zone of the cron expression; default UTC'),
  );

/** Milliseconds since the epoch of an ISO date or offset datetime; undefined for anything else. */
function isoTime(s: string): number | undefined {
  const t = ISO_DATE.test(s) || ISO_DATETIME.test(s) ? Date.parse(s) : Number.NaN;
  return Number.isNaN(t) ? undefined : t;
}

const IsoDateTime = z
  .string()
  .check(
    z.refine(
      (s) => isoTime(s) !== undefined,
      'expected an ISO date (2025-12-24) or datetime with offset (2025-12-24T18:00:00Z)',
    ),
  );

/** How a rollback is decided; the strictest matched policy wins (never > ask > auto). */
export const ROLLBACK_MODES = ['auto', 'ask', 'never'] as const;
export type RollbackMode = (typeof ROLLBACK_MODES)[number];
export const ON_DRIFT = ['proceed', 'deny'] as const;
export type OnDrift = (typeof ON_DRIFT)[number];

const ProposerPatterns = z
  .array(z.string().check(z.minLength(1)))
  .apply(described, 'logins or agent names; * and ? wildcards allowed');

export const PolicySchema = z
  .strictObject({
    name: KebabName.check(z.describe('policy name, unique across policy files')),
    description: z.optional(z.string()),
    match: z
      .strictObject({
        intents: z
          .optional(z.array(KebabName).check(z.minLength(1)))
          .apply(described, 'intent names this policy applies to'),
        risk: z
          .optional(z.array(Risk).check(z.minLength(1)))
          .apply(described, 'risk levels this policy applies to'),
        environments: z
          .optional(z.array(KebabName).check(z.minLength(1)))
          .apply(described, 'environments this policy applies to (intents/environments.yaml)'),
        params: z
          .optional(
            z.record(
              z.string().check(z.regex(SNAKE_NAME, 'expected a param name')),
              z.array(z.union([z.string(), z.number(), z.boolean()])).check(z.minLength(1)),
            ),
          )
          .apply(
            described,
            'and only when each listed param has one of these values (e.g. a limit for one app)',
          ),
      })
      .check(
        z.refine(
          (m) => m.intents !== undefined || m.risk !== undefined || m.environments !== undefined,
          'expected `intents`, `risk` or `environments`',
        ),
        z.describe(
          'which requests the policy applies to: any listed intent, or any listed risk; `environments` and `params` narrow that (`environments` alone: every request there)',
        ),
      ),
    approvals: z
      .optional(z.int().check(z.minimum(0)))
      .apply(described, 'human approvals needed on the request PR'),
    proposers: z
      .optional(z.strictObject({ allow: z.optional(ProposerPatterns), deny: z.optional(ProposerPatterns) }))
      .apply(described, 'who may propose: deny wins over allow'),
    autonomy: z
      .optional(
        z.strictObject({
          agents: z
            .optional(z.array(z.string().check(z.minLength(1))))
            .apply(described, 'agents that may proceed without a human'),
          auto_merge: z
            .optional(z.boolean())
            .apply(described, 'merge the request PR when every check passes'),
          max_risk: z.optional(Risk).apply(described, 'highest risk an agent may run alone'),
        }),
      )
      .apply(described, 'what AI agents may do without a human'),
    windows: z
      .optional(
        z.array(
          z.strictObject({
            cron: Cron,
            duration: Duration.check(z.describe('how long the window stays open after each cron start')),
            timezone: z.optional(TimeZone),
          }),
        ),
      )
      .apply(described, 'change windows: runs outside all of them are held'),
    freezes: z
      .optional(
        z.array(
          z
            .strictObject({
              from: IsoDateTime.check(z.describe('start of the freeze')),
              to: IsoDateTime.check(z.describe('end of the freeze')),
              reason: z.optional(z.string()),
            })
            .check(
              z.refine((f) => (isoTime(f.from) ?? 0) <= (isoTime(f.to) ?? Number.POSITIVE_INFINITY), {
                message: '`to` is before `from`',
                path: ['to'],
              }),
            ),
        ),
      )
      .apply(described, 'periods when runs are held'),
    rate_limit: z.optional(
      z.strictObject({
        max: z.int().check(z.minimum(1), z.describe('most executions allowed in the period')),
        per: Duration.check(z.describe('the sliding period, e.g. 1h')),
        scope: z
          .optional(z.enum(['intent', 'target']))
          .apply(described, 'count per intent (default) or per target'),
      }),
    ),
    rollback: z
      .optional(z.enum(ROLLBACK_MODES))
      .apply(
        described,
        "when the intent's rollback steps run: auto (as soon as a check fails, a P1 indicator shows or the bake fails), ask (a writer comments /rollback), never (e.g. irreversible migrations); default ask",
      ),
    promotion: z
      .optional(
        z.strictObject({
          from: KebabName.check(z.describe('the environment the same change must have passed in first')),
          within: Duration.check(z.describe('how recent that run (and its bake) must be, e.g. 7d')),
        }),
      )
      .apply(
        described,
        'promotion gate: a request runs only after the same intent and params succeeded in `from`, and its bake passed, within the period',
      ),
    on_drift: z
      .optional(z.enum(ON_DRIFT))
      .apply(
        described,
        'when the live state of the target moved between the approved plan and execute (another actor rolled out): proceed (note it in the record and on the PR) or deny (nothing runs, recorded denied with what moved and the live state now; it waits for a fresh approval: a /retry by someone with write access re-plans on the live state and runs it, or a new request); default proceed',
      ),
    params: z
      .optional(
        z.record(
          z.string().check(z.regex(SNAKE_NAME, 'expected a param name')),
          z.strictObject({
            allow: z.array(z.union([z.string(), z.number(), z.boolean()])).check(z.minLength(1)),
          }),
        ),
      )
      .apply(described, 'allowlists of param values'),
    prechecks: z
      .optional(
        z.array(
          z
            .strictObject({
              name: Identifier,
              run: z
                .optional(Command)
                .apply(described, 'a command whose trimmed output is compared with `expected`'),
              ...builtinCheckShape,
              expected: z.optional(Expected),
              timeout: z.optional(Duration),
            })
            .check(z.superRefine((c, ctx) => oneCheckKind(c, 'run', ctx))),
        ),
      )
      .apply(
        described,
        'checks (a command or a built-in: pods_ready, prometheus, http, velero) that must pass before any step runs',
      ),
  })
  .apply(described, 'a policy');
export type Policy = z.output<typeof PolicySchema>;

export const PolicyFileSchema = z
  .strictObject({
    policies: z.array(PolicySchema).apply(described, 'policies; the strictest verdict wins'),
  })
  .check(
    z.superRefine((f, ctx) => uniqueNames(f?.policies, 'name', ctx, 'policy', ['policies']), ALWAYS),
    z.describe('policies: intents/policies/<name>.yaml'),
  );
export type PolicyFile = z.output<typeof PolicyFileSchema>;
