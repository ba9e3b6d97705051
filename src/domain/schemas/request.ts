import * as z from 'zod/mini';
import { described, KebabName } from './common.js';

// intents/requests/*.yaml — a proposal added by a PR: which intent, with which values, and why.

export const RequestSchema = z
  .strictObject({
    intent: KebabName.check(z.describe('name of an intent in intents/catalog/')),
    params: z
      ._default(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])), {})
      .apply(described, 'values for the intent params, by name'),
    reason: z
      .string()
      .check(
        z.trim(),
        z.minLength(1, 'expected a reason: say why this should run'),
        z.describe('why this should run; shown in the plan and the record'),
      ),
    environment: z
      .optional(KebabName)
      .apply(
        described,
        "the environment it runs in, declared in intents/environments.yaml; default: the intent's, else the only one",
      ),
    proposed_by: z
      .optional(z.string().check(z.minLength(1)))
      .apply(described, 'who proposed it (a login or an agent name)'),
  })
  .apply(described, 'a request to run an intent: intents/requests/<name>.yaml');
export type Request = z.output<typeof RequestSchema>;
