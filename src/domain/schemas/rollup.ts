import { z } from 'zod/mini';
import { RecordStatus } from './record.js';

// executions/rollups/<YYYY>-W<ww>.yaml — what `intentops prune` keeps of records past the retention:
// enough for learning to count repeated anomalies per intent/target over long windows, and for
// `audit verify` to keep checking the record chain. The format is shared with the learning code.

const Severity = z.enum(['P1', 'P2', 'P3', 'P4']);
const Status = RecordStatus;

export const RollupEntrySchema = z
  .object({
    id: z.string(),
    path: z.string().check(z.describe('where the record was, e.g. executions/2026-10-01/exec-….yaml')),
    timestamp: z.string(),
    intent: z.string(),
    target: z.optional(z.string()),
    status: Status,
    duration_s: z.number(),
    expected_duration_s: z.optional(z.number()),
    anomalies: z.array(z.object({ rule: z.string(), severity: Severity })),
    proposed_by: z.optional(z.string()),
    request: z
      .optional(z.string())
      .check(z.describe('the request file it settled: after a force-push the request is not run again')),
    digest: z.string().check(z.describe("the record's own digest, as it was verified when pruned")),
    prev_digest: z.nullable(z.string()),
  })
  .check(z.describe('one pruned execution record, compacted'));

export const RollupSchema = z
  .object({
    week: z.string().check(z.regex(/^\d{4}-W\d{2}$/, 'expected an ISO week like 2026-W07')),
    counts: z.object({
      intents: z
        .record(z.string(), z.partialRecord(Status, z.int()))
        .check(z.describe('intent → executions by status')),
      rules: z.record(z.string(), z.int()).check(z.describe('anomaly rule → times it fired')),
    }),
    records: z.array(RollupEntrySchema),
    digest: z
      .string()
      .check(
        z.describe('sha256 over week, counts and records (canonical JSON): a changed rollup is detected'),
      ),
  })
  .check(z.describe('a week of pruned execution records: executions/rollups/<YYYY>-W<ww>.yaml'));

export type RollupEntry = z.infer<typeof RollupEntrySchema>;
export type Rollup = z.infer<typeof RollupSchema>;
