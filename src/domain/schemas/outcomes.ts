import { z } from 'zod';
import {
  ALWAYS,
  Command,
  Duration,
  Expected,
  Identifier,
  KebabName,
  regexProblem,
  Severity,
  uniqueNames,
} from './common.js';

// intents/outcomes/<intent>.yaml — the seed's format: checks polled after the run, and failure
// indicators that end the wait at once.

export const SuccessCheckSchema = z
  .strictObject({
    condition: Identifier.describe('name of the check, e.g. pods_ready; unique within the file'),
    check: Command.describe('command whose trimmed output is compared with `expected`'),
    expected: Expected,
    timeout: Duration.default('60s').describe('keep polling until this long has passed; default 60s'),
    interval: Duration.default('5s').describe('wait between attempts; default 5s'),
  })
  .describe('a check that must pass after the run');
export type SuccessCheck = z.output<typeof SuccessCheckSchema>;

export const FailureIndicatorSchema = z
  .strictObject({
    pattern: z.string().min(1).describe('text that means failure when seen in output, e.g. CrashLoopBackOff'),
    severity: Severity,
    regex: z
      .boolean()
      .default(false)
      .describe('treat `pattern` as a regular expression; default: plain substring'),
    description: z.string().optional(),
  })
  .superRefine((ind, ctx) => {
    const problem = ind.regex ? regexProblem(ind.pattern) : undefined;
    if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
  })
  .describe('output that signals failure immediately');
export type FailureIndicator = z.output<typeof FailureIndicatorSchema>;

export const OutcomeSpecSchema = z
  .strictObject({
    intent: KebabName.optional().describe('the intent these outcomes belong to; default: the file name'),
    outcomes: z
      .strictObject({
        success: z.array(SuccessCheckSchema).min(1, 'expected at least one success check'),
        failure_indicators: z.array(FailureIndicatorSchema).optional(),
      })
      .superRefine((o, ctx) => uniqueNames(o?.success, 'condition', ctx, 'condition', ['success']), ALWAYS),
  })
  .describe('outcome spec: intents/outcomes/<intent>.yaml');
export type OutcomeSpec = z.output<typeof OutcomeSpecSchema>;
