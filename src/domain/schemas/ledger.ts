import { z } from 'zod/mini';

// learning/ledger.yaml — every suggestion the learning loop made, the PR or branch it became, and
// what humans decided: the memory that keeps a rejected suggestion closed and measures how fast
// evidence turns into merged change.

export const LedgerRoundSchema = z.strictObject({
  state: z.enum(['accepted', 'rejected']),
  pr: z.optional(z.int()),
  opened_at: z.optional(z.string()).check(z.describe('when its PR or branch was opened')),
  first_evidence: z.optional(z.string()).check(z.describe('time of its oldest occurrence')),
  decided_at: z.string(),
  evidence: z.int().check(z.describe('occurrences counted when it was decided')),
});

export const LedgerEntrySchema = z.strictObject({
  id: z.string().check(z.describe('the suggestion id; the branch is intentops/learn/<id>')),
  trigger: z.string(),
  action: z.string(),
  title: z.string(),
  state: z
    .enum(['open', 'accepted', 'rejected', 'local'])
    .check(z.describe('open: a PR awaits review; local: applied on a local branch only')),
  branch: z.string(),
  pr: z.optional(z.int()),
  url: z.optional(z.string()),
  first_evidence: z
    .string()
    .check(
      z.describe('time of the oldest occurrence when this round opened: never rewritten by later updates'),
    ),
  last_evidence: z.string(),
  evidence: z.int().check(z.describe('occurrences counted at the last update')),
  content: z
    .string()
    .check(z.describe('sha256 over the suggested changes: pushed again only when it changes')),
  opened_at: z.string(),
  updated_at: z.string(),
  decided_at: z.optional(z.string()),
  evidence_at_decision: z.optional(z.int()),
  history: z.optional(z.array(LedgerRoundSchema)).check(z.describe('earlier rounds of the same suggestion')),
  held: z
    .optional(
      z.strictObject({
        since: z.string(),
        commits: z.array(z.string()).check(z.describe('commits on the branch that intentops did not make')),
      }),
    )
    .check(
      z.describe(
        'the branch holds commits intentops did not make: it is not rewritten; the PR is commented on',
      ),
    ),
});
export type LedgerEntry = z.output<typeof LedgerEntrySchema>;

export const LedgerSchema = z
  .strictObject({ suggestions: z.array(LedgerEntrySchema) })
  .check(z.describe('learning ledger: learning/ledger.yaml'));
export type Ledger = z.output<typeof LedgerSchema>;
