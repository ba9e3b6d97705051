import { z } from 'zod';
import { Duration } from './common.js';

// intents/learning.yaml — the seed's format: which patterns across records become suggestion PRs.

export const LEARNING_PATTERNS = [
  'repeated_anomaly',
  'repeated_manual_fix',
  'post_intent_manual_step',
] as const;
export const LEARNING_ACTIONS = [
  'suggest_policy_update',
  'suggest_new_intent',
  'suggest_intent_enhancement',
] as const;

export const LearningTriggerSchema = z
  .strictObject({
    pattern: z.enum(LEARNING_PATTERNS).describe('what to look for across records and incidents'),
    threshold: z.int().min(1).describe('how many occurrences within the window trigger a suggestion'),
    action: z.enum(LEARNING_ACTIONS).describe('what kind of pull request to open'),
    example: z.string().optional().describe('an example suggestion, for people reading the file'),
    window: Duration.default('7d').describe('how far back to count; default 7d'),
    cooldown: Duration.default('30d').describe(
      'a suggestion whose PR was closed unmerged is not opened again for this long, unless its evidence doubles; default 30d',
    ),
  })
  .describe('a learning trigger');
export type LearningTrigger = z.output<typeof LearningTriggerSchema>;

export const LearningSchema = z
  .strictObject({
    learning_triggers: z.array(LearningTriggerSchema).describe('patterns that become suggestions'),
  })
  .describe('learning triggers: intents/learning.yaml');
export type Learning = z.output<typeof LearningSchema>;
