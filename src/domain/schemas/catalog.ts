import * as z from 'zod/mini';
import { paramPatternProblem } from '../request/param-pattern.js';
import {
  ALWAYS,
  Command,
  Duration,
  described,
  ENV_NAME,
  Identifier,
  KebabName,
  Risk,
  SNAKE_NAME,
  uniqueNames,
} from './common.js';
import { BakeWindowSchema } from './outcomes.js';

// intents/catalog/<name>.yaml — what an intent takes, what it runs, and what to snapshot around it.

/** Used when a string param does not say: long values are almost always a mistake or an attack. */
export const DEFAULT_MAX_LENGTH = 256;

const ParamName = z
  .string()
  .check(
    z.regex(SNAKE_NAME, 'expected a param name of lowercase letters, digits and _ (usable as {{name}})'),
  );
const Scalar = z.union([z.string(), z.number(), z.boolean()]);

const PARAM_TYPES = ['string', 'integer', 'number', 'boolean'] as const;

function fitsType(type: (typeof PARAM_TYPES)[number], v: unknown): boolean {
  if (type === 'string') return typeof v === 'string';
  if (type === 'boolean') return typeof v === 'boolean';
  if (type === 'integer') return typeof v === 'number' && Number.isInteger(v);
  return typeof v === 'number';
}

export const ParamSpecSchema = z
  .strictObject({
    type: z._default(z.enum(PARAM_TYPES), 'string').apply(described, 'value type; default string'),
    description: z.optional(z.string()).apply(described, 'shown in plans and in `propose`'),
    pattern: z
      .optional(z.string())
      .apply(
        described,
        'regular expression the whole string value must match; valid as a JS RegExp (u flag) and in RE2, which matches in linear time: no lookaround or backreferences',
      ),
    enum: z.optional(z.array(Scalar).check(z.minLength(1))).apply(described, 'the only values allowed'),
    default: z.optional(Scalar).apply(described, 'value used when the request leaves the param out'),
    required: z
      .optional(z.boolean())
      .apply(described, 'the request must give it (a param with a default never is)'),
    min: z.optional(z.number()).apply(described, 'smallest allowed number'),
    max: z.optional(z.number()).apply(described, 'largest allowed number'),
    max_length: z
      .optional(z.int().check(z.minimum(1)))
      .apply(described, `longest allowed string, in characters; default ${DEFAULT_MAX_LENGTH}`),
    allow_leading_dash: z
      ._default(z.boolean(), false)
      .apply(described, "allow a value starting with '-' where it could be read as a command-line flag"),
  })
  .check(
    z.superRefine((spec, ctx) => {
      if (spec.pattern !== undefined) {
        const problem = paramPatternProblem(spec.pattern);
        if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
      }
      if (spec.default !== undefined && !fitsType(spec.type, spec.default)) {
        ctx.addIssue({ code: 'custom', path: ['default'], message: `default must be of type ${spec.type}` });
      }
      spec.enum?.forEach((v, i) => {
        if (!fitsType(spec.type, v)) {
          ctx.addIssue({
            code: 'custom',
            path: ['enum', i],
            message: `enum value must be of type ${spec.type}`,
          });
        }
      });
      if (spec.min !== undefined && spec.max !== undefined && spec.min > spec.max) {
        ctx.addIssue({
          code: 'custom',
          path: ['min'],
          message: `min (${spec.min}) is greater than max (${spec.max})`,
        });
      }
    }),
    z.describe('one parameter of the intent'),
  );
export type ParamSpec = z.output<typeof ParamSpecSchema>;

export const StepSchema = z
  .strictObject({
    name: Identifier.check(z.describe('step name, unique within the intent')),
    run: Command.check(z.describe('shell string ({{param}} values are quoted) or argv list (no shell)')),
    timeout: z.optional(Duration).apply(described, 'the whole process tree is killed after this long'),
    continue_on_error: z
      .optional(z.boolean())
      .apply(described, 'go on with the next step when this one fails'),
    env: z
      .optional(
        z.record(z.string().check(z.regex(ENV_NAME, 'expected an environment variable name')), z.string()),
      )
      .apply(described, 'extra environment variables for this step'),
  })
  .apply(described, 'one command of the intent');
export type Step = z.output<typeof StepSchema>;

export const PreviewSchema = z
  .strictObject({
    name: Identifier.check(z.describe('preview name, unique within the intent')),
    run: Command.check(
      z.describe(
        'argv list (or shell string, warned about) that only reads: kubectl get|describe|diff|…, kubectl apply --dry-run=server, helm diff, terraform plan; same {{param}} rendering as steps',
      ),
    ),
    timeout: z.optional(Duration).apply(described, 'the preview is cut off after this long; default 60s'),
  })
  .apply(described, 'one read-only command whose output the plan comment shows');
export type Preview = z.output<typeof PreviewSchema>;

/** A command whose output is one number (a metric, an error count, a restart count). */
export const CommandProbeSchema = z.strictObject({
  run: Command.check(z.describe('prints one number')),
  timeout: z.optional(Duration).apply(described, 'give up (recorded as unavailable) after this long'),
});
export type CommandProbe = z.output<typeof CommandProbeSchema>;

/**
 * The providers captured before and after each run. Exported as a shape so new providers
 * (kubernetes, prometheus, loki, velero) are one more key.
 */
export const captureShape = {
  metrics: z
    .optional(
      z.record(
        z.string().check(z.regex(SNAKE_NAME, 'expected a metric name of lowercase letters, digits and _')),
        CommandProbeSchema,
      ),
    )
    .apply(
      described,
      'named numbers, available to anomaly rules as before.metrics.<name> / after.metrics.<name>',
    ),
  error_count: z.optional(CommandProbeSchema).apply(described, 'error_count_before / error_count_after'),
  pod_restarts: z.optional(CommandProbeSchema).apply(described, 'pod_restarts_before / pod_restarts_after'),
  logs: z
    .optional(
      z.strictObject({
        run: Command.check(z.describe('prints recent log lines')),
        lines: z
          .optional(z.int().check(z.minimum(1)))
          .apply(described, 'how many of the last lines to keep; default 50'),
      }),
    )
    .apply(described, 'recent log lines kept in the record'),
  timeout: z
    .optional(Duration)
    .apply(described, 'deadline of each provider (kubernetes, prometheus, loki, velero); default 10s'),
  kubernetes: z
    .optional(
      z.strictObject({
        namespace: z.string().check(z.minLength(1), z.describe('namespace of the target, e.g. "{{app}}"')),
        selector: z
          .string()
          .check(z.minLength(1), z.describe('label selector of its pods, e.g. "app={{app}}"')),
        deployment: z
          .optional(z.string().check(z.minLength(1)))
          .apply(described, 'deployment name, when it differs from what the selector finds'),
      }),
    )
    .apply(
      described,
      'pods (phase, readiness, restarts, waiting/terminated reasons), deployments and Warning events; pod_restarts_before/after',
    ),
  prometheus: z.optional(
    z.strictObject({
      url: z.optional(z.url()).apply(described, 'Prometheus base URL; default: $INTENTOPS_PROMETHEUS_URL'),
      queries: z
        .record(
          z.string().check(z.regex(SNAKE_NAME, 'expected a metric name of lowercase letters, digits and _')),
          z.string().check(z.minLength(1)),
        )
        .apply(
          described,
          'named instant queries → before.metrics.<name> / after.metrics.<name>; {{param}} only inside "…"',
        ),
    }),
  ),
  loki: z
    .optional(
      z.strictObject({
        url: z.optional(z.url()).apply(described, 'Loki base URL; default: $INTENTOPS_LOKI_URL'),
        selector: z.string().check(z.minLength(1), z.describe('stream selector, e.g. {namespace="{{app}}"}')),
        lines: z
          .optional(z.int().check(z.minimum(1), z.maximum(5000)))
          .apply(described, 'recent lines kept; default 50'),
        error_pattern: z
          .optional(z.string().check(z.minLength(1)))
          .apply(described, 'regex counted as errors; default (?i)(error|exception|fatal|panic)'),
        window: z
          .optional(Duration)
          .apply(
            described,
            'error_count window: before = the window before the run, after = the window ending after it; default 5m',
          ),
      }),
    )
    .apply(described, 'recent_logs and error_count_before/after from Loki'),
  velero: z
    .optional(
      z.strictObject({
        namespace: z
          .optional(z.string().check(z.minLength(1)))
          .apply(described, 'namespace Velero runs in; default velero'),
      }),
    )
    .apply(described, 'newest velero.io/v1 Backup: phase, errors, warnings, completion time, age'),
};
export const CaptureSchema = z
  .strictObject(captureShape)
  .apply(described, 'what to snapshot before and after each run');
export type Capture = z.output<typeof CaptureSchema>;

export const IntentSchema = z
  .strictObject({
    name: KebabName.check(z.describe('intent name; the file is intents/catalog/<name>.yaml')),
    description: z.string().check(z.minLength(1), z.describe('what the intent does, in one line')),
    risk: Risk,
    params: z
      ._default(z.record(ParamName, ParamSpecSchema), {})
      .apply(described, 'parameters a request gives, by name; used in commands as {{name}}'),
    steps: z
      .array(StepSchema)
      .check(z.minLength(1, 'expected at least one step'), z.describe('commands run in order')),
    rollback: z
      .optional(
        z
          .array(StepSchema)
          .check(
            z.minLength(
              1,
              'expected at least one rollback step (leave `rollback` out when the intent cannot be undone)',
            ),
          ),
      )
      .apply(
        described,
        'commands that undo a run, in order: same templating, params and env as steps; policies say when they run (rollback: auto | ask | never)',
      ),
    preview: z
      .optional(z.array(PreviewSchema).check(z.minLength(1, 'expected at least one preview command')))
      .apply(
        described,
        'read-only commands run on the pull request (the preview job, read-only credentials): their output, redacted and folded, shows under the request in the plan; validate refuses kubectl verbs that change the cluster',
      ),
    env: z
      .optional(
        z.strictObject({
          pass: z
            .array(z.string().check(z.regex(ENV_NAME, 'expected an environment variable name')))
            .check(
              z.minLength(1),
              z.describe(
                "names of intentops' environment variables its steps, checks and captures get (e.g. HTTP_PROXY, a token the workflow sets); nothing else is passed but a documented base set",
              ),
            ),
        }),
      )
      .apply(described, 'what the commands get from the environment intentops runs in'),
    expected_duration: z
      .optional(Duration)
      .apply(described, 'how long a normal run takes; anomaly rules compare with it'),
    capture: z.optional(CaptureSchema),
    observe: z
      .optional(BakeWindowSchema)
      .apply(described, 'the bake window; the outcome spec may set it too (the outcome spec wins)'),
    environment: z
      .optional(KebabName)
      .apply(
        described,
        'the environment its requests run in when they name none (intents/environments.yaml)',
      ),
  })
  .check(
    z.superRefine((intent, ctx) => {
      uniqueNames(intent?.steps, 'name', ctx, 'step', ['steps']);
      uniqueNames(intent?.rollback, 'name', ctx, 'rollback step', ['rollback']);
      uniqueNames(intent?.preview, 'name', ctx, 'preview', ['preview']);
    }, ALWAYS),
    z.describe('an intent: intents/catalog/<name>.yaml'),
  );
export type Intent = z.output<typeof IntentSchema>;
