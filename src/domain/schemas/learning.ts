import * as z from 'zod/mini';
import { Duration, described } from './common.js';

// intents/learning.yaml — the seed's format: which patterns across records become suggestion PRs.

export const LEARNING_PATTERNS = [
  'repeated_anomaly',
  'repeated_manual_fix',
  'post_intent_manual_step',
  'agent_track_record',
] as const;
export const LEARNING_ACTIONS = [
  'suggest_policy_update',
  'suggest_new_intent',
  'suggest_intent_enhancement',
] as const;

export const LearningTriggerSchema = z
  .strictObject({
    pattern: z.enum(LEARNING_PATTERNS).apply(described, 'what to look for across records and incidents'),
    threshold: z
      .int()
      .check(
        z.minimum(1),
        z.describe(
          'how many occurrences within the window trigger a suggestion (agent_track_record: how many changes an agent needs before its max_risk may rise)',
        ),
      ),
    action: z.enum(LEARNING_ACTIONS).apply(described, 'what kind of pull request to open'),
    example: z.optional(z.string()).apply(described, 'an example suggestion, for people reading the file'),
    margin: z
      .optional(z.number().check(z.minimum(0), z.maximum(1)))
      .apply(
        described,
        "agent_track_record: how much worse than people's an agent's change failure rate may be and still earn more autonomy (0.05 = 5 points); default 0",
      ),
    window: z._default(Duration, '7d').apply(described, 'how far back to count; default 7d'),
    cooldown: z
      ._default(Duration, '30d')
      .apply(
        described,
        'a suggestion whose PR was closed unmerged is not opened again for this long, unless its evidence doubles; default 30d',
      ),
  })
  .check(
    z.refine((t) => t.pattern !== 'agent_track_record' || t.action === 'suggest_policy_update', {
      message: 'agent_track_record suggests policy updates: action must be suggest_policy_update',
      path: ['action'],
    }),
    z.refine((t) => t.margin === undefined || t.pattern === 'agent_track_record', {
      message: 'margin applies to agent_track_record only',
      path: ['margin'],
    }),
    z.describe('a learning trigger'),
  );
export type LearningTrigger = z.output<typeof LearningTriggerSchema>;

export const LearningSchema = z
  .strictObject({
    learning_triggers: z.array(LearningTriggerSchema).apply(described, 'patterns that become suggestions'),
  })
  .apply(described, 'learning triggers: intents/learning.yaml');
export type Learning = z.output<typeof LearningSchema>;
