import { z } from 'zod';

// learning/ledger.yaml — every suggestion the learning loop made, the PR or branch it became, and
// what humans decided: the memory that keeps a rejected suggestion closed and measures how fast
// evidence turns into merged change.

export const LedgerRoundSchema = z.strictObject({
  state: z.enum(['accepted', 'rejected']),
  pr: z.int().optional(),
  opened_at: z.string().optional().describe('when its PR or branch was opened'),
  first_evidence: z.string().optional().describe('time of its oldest occurrence'),
  decided_at: z.string(),
  evidence: z.int().describe('occurrences counted when it was decided'),
});

export const LedgerEntrySchema = z.strictObject({
  id: z.string().describe('the suggestion id; the branch is intentops/learn/<id>'),
  trigger: z.string(),
  action: z.string(),
  title: z.string(),
  state: z
    .enum(['open', 'accepted', 'rejected', 'local'])
    .describe('open: a PR awaits review; local: applied on a local branch only'),
  branch: z.string(),
  pr: z.int().optional(),
  url: z.string().optional(),
  first_evidence: z
    .string()
    .describe('time of the oldest occurrence when this round opened: never rewritten by later updates'),
  last_evidence: z.string(),
  evidence: z.int().describe('occurrences counted at the last update'),
  content: z.string().describe('sha256 over the suggested changes: pushed again only when it changes'),
  opened_at: z.string(),
  updated_at: z.string(),
  decided_at: z.string().optional(),
  evidence_at_decision: z.int().optional(),
  history: z.array(LedgerRoundSchema).optional().describe('earlier rounds of the same suggestion'),
  held: z
    .strictObject({
      since: z.string(),
      commits: z.array(z.string()).describe('commits on the branch that intentops did not make'),
    })
    .optional()
    .describe('the branch holds commits intentops did not make: it is not rewritten; the PR is commented on'),
});
export type LedgerEntry = z.output<typeof LedgerEntrySchema>;

export const LedgerSchema = z
  .strictObject({ suggestions: z.array(LedgerEntrySchema) })
  .describe('learning ledger: learning/ledger.yaml');
export type Ledger = z.output<typeof LedgerSchema>;
