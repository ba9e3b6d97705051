import * as z from 'zod/mini';
import { Duration, described } from './common.js';

// intents/execute.yaml — how the execute job reconciles merged requests with their records. Optional:
// without it every merged request in the history is in scope and max_age is 24h.

export const ExecuteSettingsSchema = z
  .strictObject({
    start: z
      .optional(z.union([z.iso.datetime({ offset: true }), z.iso.date()]))
      .apply(
        described,
        'when intentops was installed: requests merged before this time are never run (intentops init sets it)',
      ),
    max_age: z
      ._default(Duration, '24h')
      .apply(
        described,
        'a merged request that has not run within this time is not run: it gets an expired record and a human re-proposes it',
      ),
    max_parallel: z
      .optional(z.int().check(z.minimum(1), z.maximum(256)))
      .apply(
        described,
        "how many shards (environment × target) of the sharded execute workflow run at once: the matrix's max-parallel (default 4)",
      ),
  })
  .apply(
    described,
    'intents/execute.yaml: the start point, the age limit and the parallelism of the execute job',
  );

export type ExecuteSettings = z.output<typeof ExecuteSettingsSchema>;
