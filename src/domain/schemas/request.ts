import { z } from 'zod';
import { KebabName } from './common.js';

// intents/requests/*.yaml — a proposal added by a PR: which intent, with which values, and why.

export const RequestSchema = z
  .strictObject({
    intent: KebabName.describe('name of an intent in intents/catalog/'),
    params: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .default({})
      .describe('values for the intent params, by name'),
    reason: z
      .string()
      .trim()
      .min(1, 'expected a reason: say why this should run')
      .describe('why this should run; shown in the plan and the record'),
    proposed_by: z.string().min(1).optional().describe('who proposed it (a login or an agent name)'),
  })
  .describe('a request to run an intent: intents/requests/<name>.yaml');
export type Request = z.output<typeof RequestSchema>;
