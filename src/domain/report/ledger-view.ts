import { z } from 'zod';

// The learning ledger (learning/ledger.yaml) is written by the learning loop; the report only reads
// what it needs from it and tolerates everything else, so the two can evolve apart.

export const LedgerEntryViewSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    trigger: z.string(),
    /** The suggestion PR's title: what the dashboard names it by. */
    title: z.string().optional(),
    // local: applied on a local branch only (no GitHub), as the learning loop records it.
    state: z.enum(['open', 'accepted', 'rejected', 'local']),
    pr: z.union([z.number(), z.string()]).nullable().optional(),
    url: z.string().optional(),
  })
  .loose();
export type LedgerEntryView = z.output<typeof LedgerEntryViewSchema>;

export interface LedgerView {
  entries: LedgerEntryView[];
  /** Entries that did not have the expected fields, by position: shown, not fatal. */
  skipped: number;
}

/** The entries of a parsed ledger: `suggestions:` (the learning loop's form), a list, or the first list-valued key. */
export function readLedger(doc: unknown): LedgerView {
  const list = Array.isArray(doc)
    ? doc
    : doc && typeof doc === 'object'
      ? (Object.values(doc as Record<string, unknown>).find(Array.isArray) ?? [])
      : [];
  const entries: LedgerEntryView[] = [];
  let skipped = 0;
  for (const item of list) {
    const parsed = LedgerEntryViewSchema.safeParse(item);
    if (parsed.success) entries.push(parsed.data);
    else skipped++;
  }
  return { entries, skipped };
}
